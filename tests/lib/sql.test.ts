// The read layer (src/lib/sql.ts) on the database of the run: rows in one shape on both databases, and
// on PostgreSQL, statements prepared once per connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, sqlOf, toDate } from '../../src/lib/sql.ts'
import { dialectOf } from '../../src/modules/offers/search.ts'
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
})
