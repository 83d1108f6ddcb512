// The read layer (src/lib/sql.ts) on the database of the run: rows in one shape on both databases, and
// on PostgreSQL, statements prepared once per connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preparedQuery, rowLimit, sql, sqlOf, toDate } from '../../src/lib/sql.ts'
import { dialectOf } from '../../src/lib/db.ts'
import { createConvention } from '../factories/index.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'

let testDb: TestDb
beforeAll(async () => {
  testDb = await freshDb()
})
afterAll(async () => testDb.cleanup())

describe('the read layer', () => {
  it('when a row is read with a Date parameter, then its dates come back as the same instants and its counts as numbers', async () => {
    const convention = await createConvention(testDb.db, { name: 'Convention Lecture' })
    const reader = sqlOf(testDb.db)
    const before = new Date(convention.createdAt.getTime() - 1000)
    const row = await reader
      .selectFrom('Convention')
      .select(['id', 'createdAt', sql<number>`cast(count(*) over () as integer)`.as('total')])
      .where('createdAt', '>', sql<string>`${before}`)
      .where('id', '=', convention.id)
      .executeTakeFirstOrThrow()
    expect(toDate(row.createdAt)).toEqual(convention.createdAt)
    expect(row.total).toBe(1)
  })

  it('when a prepared query runs with new values, then each run reads the rows of its own values, and its constants stay', async () => {
    const first = await createConvention(testDb.db, { name: 'Convention Préparée A' })
    const second = await createConvention(testDb.db, { name: 'Convention Préparée B' })
    const byIdAndName = preparedQuery(['id', 'namePrefix'], (reader, { id, namePrefix }) =>
      reader.selectFrom('Convention').select(['id', 'name']).where('id', '=', id).where('name', 'like', namePrefix).where('name', '<>', 'constant kept'),
    )
    expect(await byIdAndName.execute(testDb.db, { id: first.id, namePrefix: 'Convention Préparée%' })).toEqual([{ id: first.id, name: first.name }])
    expect(await byIdAndName.executeTakeFirst(testDb.db, { id: second.id, namePrefix: 'Convention Préparée%' })).toEqual({ id: second.id, name: second.name })
    expect(await byIdAndName.execute(testDb.db, { id: second.id, namePrefix: 'Autre%' })).toEqual([])
  })

  it('when a prepared query does not use one of its values, then it says so instead of running without it', async () => {
    const forgetful = preparedQuery(['id', 'name'], (reader, { id }) => reader.selectFrom('Convention').select('id').where('id', '=', id))
    await expect(forgetful.execute(testDb.db, { id: 1, name: 'x' })).rejects.toThrow(/name not used/)
  })

  it('when rows are limited, then the limit is written into the statement, not sent as a value, and the rows are limited', async () => {
    for (const name of ['Convention Limite A', 'Convention Limite B', 'Convention Limite C']) await createConvention(testDb.db, { name })
    const reader = sqlOf(testDb.db)
    const built = reader.selectFrom('Convention').select('name').where('name', 'like', 'Convention Limite%').orderBy('name').limit(2)
    const compiled = built.compile()
    expect(compiled.sql).toMatch(/ limit 2$/)
    expect(compiled.parameters).toEqual(['Convention Limite%'])
    expect(await built.execute()).toEqual([{ name: 'Convention Limite A' }, { name: 'Convention Limite B' }])
    const written = await sql<{
      name: string
    }>`SELECT "name" FROM "Convention" WHERE "name" LIKE ${'Convention Limite%'} ORDER BY "name" DESC LIMIT ${rowLimit(1)}`.execute(reader)
    expect(written.rows).toEqual([{ name: 'Convention Limite C' }])
    expect(() => rowLimit(1.5)).toThrow(/not a row count/)
    expect(() => rowLimit(-1)).toThrow(/not a row count/)
  })

  it.skipIf(process.env.TEST_PG_URL)(
    'when a statement sends its LIMIT as a value on SQLite, then it is refused outside production (SQLite would plan it again at every run)',
    async () => {
      const reader = sqlOf(testDb.db)
      await expect(sql`SELECT "id" FROM "Convention" ORDER BY "id" LIMIT ${1}`.execute(reader)).rejects.toThrow(/LIMIT sent as a value/)
    },
  )

  it.runIf(process.env.TEST_PG_URL)('when the same statement runs again on PostgreSQL, then the connection has it prepared, under one name', async () => {
    expect(dialectOf(testDb.db)).toBe('postgres')
    const reader = sqlOf(testDb.db)
    const marker = `prepared-${Date.now()}`
    const statement = (value: number) =>
      sql<{ value: number; marker: string }>`SELECT cast(${value} as integer) AS "value", ${marker} AS "marker"`.execute(reader)
    expect((await statement(1)).rows[0]).toEqual({ value: 1, marker })
    expect((await statement(2)).rows[0]).toEqual({ value: 2, marker })
    // one connection answers these one after the other (the pool hands back its last idle one)
    const prepared = await sql<{
      statement: string
    }>`SELECT "statement" FROM pg_prepared_statements WHERE "name" LIKE 'atouts_%' AND "statement" LIKE ${'%AS "marker"%'}`.execute(reader)
    expect(prepared.rows).toHaveLength(1)
  })
  it.runIf(process.env.TEST_PG_URL)(
    'when a prepared query runs on PostgreSQL, then it is planned once for all values, beside statements planned by PostgreSQL’s default and each time',
    async () => {
      const convention = await createConvention(testDb.db, { name: 'Convention Plan Unique' })
      const reader = sqlOf(testDb.db)
      const marker = `planned-once-${Date.now()}`
      const planMode = sql<string>`current_setting('plan_cache_mode')`
      const once = preparedQuery(['id'], (reader, { id }) =>
        reader
          .selectFrom('Convention')
          .select(['id', planMode.as('planMode'), sql<string>`${marker}`.as('onceMarker')])
          .where('id', '=', id),
      )
      const eachTime = preparedQuery(['id'], (reader, { id }) => reader.selectFrom('Convention').select(planMode.as('planMode')).where('id', '=', id), {
        planEachTime: true,
      })
      const serverDefault = (await sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS "mode", ${marker} AS "m"`.execute(reader)).rows[0].mode
      // one connection answers these one after the other (the pool hands back its last idle one)
      for (let run = 0; run < 3; run++) {
        expect(await once.execute(testDb.db, { id: convention.id })).toEqual([{ id: convention.id, planMode: 'force_generic_plan', onceMarker: marker }])
        expect(await eachTime.execute(testDb.db, { id: convention.id })).toEqual([{ planMode: 'force_custom_plan' }])
        const other = await sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS "mode", ${marker} AS "m"`.execute(reader)
        expect(other.rows[0].mode).toBe(serverDefault)
      }
      // PostgreSQL would plan it with its values the first five times: it was never
      const plans = await sql<{
        generic: number
        custom: number
      }>`SELECT cast("generic_plans" as integer) AS "generic", cast("custom_plans" as integer) AS "custom"
        FROM pg_prepared_statements WHERE "statement" LIKE ${'%"onceMarker"%'}`.execute(reader)
      expect(plans.rows).toEqual([{ generic: 3, custom: 0 }])
    },
  )

  it.runIf(process.env.TEST_PG_URL)(
    'when a statement is planned each time on PostgreSQL, then it answers with its values and is not kept prepared',
    async () => {
      const convention = await createConvention(testDb.db, { name: 'Convention Planifiée' })
      const marker = `planned-${Date.now()}`
      const planned = preparedQuery(
        ['id'],
        (reader, { id }) =>
          reader
            .selectFrom('Convention')
            .select(['id', sql<string>`${marker}`.as('plannedMarker')])
            .where('id', '=', id),
        { planEachTime: true },
      )
      for (let run = 0; run < 7; run++) expect(await planned.execute(testDb.db, { id: convention.id })).toEqual([{ id: convention.id, plannedMarker: marker }])
      const prepared = await sql<{ statement: string }>`SELECT "statement" FROM pg_prepared_statements WHERE "statement" LIKE ${'%"plannedMarker"%'}`.execute(
        sqlOf(testDb.db),
      )
      expect(prepared.rows).toEqual([])
    },
  )
})
