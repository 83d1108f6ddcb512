/**
 * The read layer: Kysely on the raw driver (better-sqlite3 or pg), typed from prisma/schema.prisma by
 * prisma-kysely. Prisma stays the schema, the migrations and the writer; the pages read the rows they
 * show through here, in a few flat queries, because Prisma's query compiler costs 0.4–1.7 ms a query
 * and a statement here 0.02–0.1 ms (README, Performance).
 *
 * One shape of rows on both databases — the way SQLite stores them, which the generated types
 * describe: a DateTime is an ISO 8601 string (`2026-12-04T09:30:00.000+00:00`, as Prisma writes it on
 * SQLite), a count is a number. PostgreSQL's rows are brought to that shape by the pool's type
 * parsers; booleans come as 0/1 on SQLite and true/false on PostgreSQL: read them with `Boolean()`.
 * Parameters may be Dates and booleans on both.
 *
 * On SQLite the reader is a second connection beside Prisma's (WAL: readers and the writer do not
 * wait for each other) that refuses writes (`query_only`): a synchronous write here could wait on a
 * lock held by one of Prisma's asynchronous transactions, which could then never finish.
 */
import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import {
  Kysely,
  LimitNode,
  OperationNodeTransformer,
  PostgresDialect,
  sql,
  SqliteDialect,
  ValueNode,
  type Compilable,
  type CompiledQuery,
  type Expression,
  type KyselyPlugin,
  type RawBuilder,
} from 'kysely'
import { createRequire } from 'node:module'
import type pg from 'pg'
import type { DB } from '../generated/kysely/types.ts'
import { databaseUrlOf, isPostgresUrl, type Db } from './db.ts'
import { logger } from './logger.ts'

export type Sql = Kysely<DB>
export { sql }

/** Prisma's text form of a date on SQLite, which sorts like the date itself. */
export const sqliteDate = (date: Date) => date.toISOString().replace('Z', '+00:00')

/** A date read through this layer (ISO string on both databases), as a Date. */
export function toDate(value: string): Date
export function toDate(value: string | null): Date | null
export function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value)
}

/**
 * A Date compared with a DateTime column (typed as the string SQLite stores): the driver sends it as
 * the database stores it.
 */
export const dateParam = (date: Date) => sql<string>`${date}`

/** `count(*)` as a number on both databases (PostgreSQL's count is a bigint). */
export const countAll = () => sql<number>`cast(count(*) as integer)`

/** `count(expression)` as a number on both databases. */
export const countOf = (expression: Expression<unknown>) => sql<number>`cast(count(${expression}) as integer)`

/**
 * Row limits written into the SQL, never sent as values: SQLite (3.53 here) reads a bound LIMIT
 * while planning and so marks the statement to be planned again whenever that value is bound — which
 * better-sqlite3 does at every run: a page's statement with `LIMIT ?` was prepared anew at each
 * request (0.02–0.1 ms each, half the time of the inbox's page statement). A limit is a constant of
 * the code (a page size, a dashboard's few rows), so the texts stay few. OFFSET is not planned with
 * its value and stays a value. Kysely's `.limit(n)` is written as a literal by the read layer's plugin
 * (LiteralLimits); a statement written as SQL text uses `rowLimit(n)`. The same on PostgreSQL, whose
 * planner then knows the limit of a prepared statement too.
 */
export function rowLimit(count: number): RawBuilder<number> {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`rowLimit: ${count} is not a row count`)
  return sql.lit(count) as RawBuilder<number>
}

class LimitsAsLiterals extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode): LimitNode {
    const { limit } = node
    return ValueNode.is(limit) && !limit.immediate && Number.isSafeInteger(limit.value) && (limit.value as number) >= 0
      ? LimitNode.create(ValueNode.createImmediate(limit.value))
      : super.transformLimit(node)
  }
}

/** Kysely's `.limit(n)` as a literal in the SQL (rowLimit). */
const LiteralLimits: KyselyPlugin = {
  transformQuery: ({ node }) => new LimitsAsLiterals().transformNode(node),
  transformResult: async ({ result }) => result,
}

/**
 * A statement whose SQL Kysely builds once per read layer, then runs with new values: for the
 * statements of every request (the session's), where building the query cost twice as much as running
 * it. `build` gets a placeholder for each named value; the statement's shape must not depend on the
 * values (no `in (…)` list of varying length, no condition added or left out).
 *
 * On PostgreSQL each connection prepares it once and keeps one plan for all values (PlanMode).
 * `planEachTime` is for a statement whose best plan depends on its values more
 * than the generic plan can tell (a count over one employer's applications: 6,656 for the benchmark's,
 * 240 on average): it is planned at each run with its values.
 */
export function preparedQuery<Name extends string, Row>(
  names: readonly Name[],
  build: (sql: Sql, values: Record<Name, never>) => Compilable<Row>,
  options: { planEachTime?: boolean } = {},
) {
  type Prepared = { query: CompiledQuery<Row>; slots: ({ name: Name } | { value: unknown })[] }
  const preparedBy = new WeakMap<Sql, Prepared>()
  const prepare = (reader: Sql): Prepared => {
    const marker = `\u0000placeholder:${Math.random().toString(36).slice(2)}:`
    const placeholders = Object.fromEntries(names.map((name) => [name, `${marker}${name}`])) as unknown as Record<Name, never>
    const compiled = build(reader, placeholders).compile()
    const query = { ...compiled, sql: `${options.planEachTime ? PLANNED_EACH_TIME : PLANNED_ONCE}${compiled.sql}` }
    const slots = query.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(marker) ? { name: value.slice(marker.length) as Name } : { value },
    )
    const used = new Set(slots.flatMap((slot) => ('name' in slot ? [slot.name] : [])))
    const unused = names.filter((name) => !used.has(name))
    if (unused.length > 0) throw new Error(`preparedQuery: ${unused.join(', ')} not used as a value of the statement`)
    return { query, slots }
  }
  return {
    async execute(db: Db, values: Record<Name, unknown>): Promise<Row[]> {
      const reader = sqlOf(db)
      let prepared = preparedBy.get(reader)
      if (!prepared) {
        prepared = prepare(reader)
        preparedBy.set(reader, prepared)
      }
      const parameters = prepared.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.value))
      const { rows } = await reader.executeQuery<Row>({ ...prepared.query, parameters })
      return rows
    },
    async executeTakeFirst(db: Db, values: Record<Name, unknown>): Promise<Row | undefined> {
      return (await this.execute(db, values))[0]
    },
    async executeTakeFirstOrThrow(db: Db, values: Record<Name, unknown>): Promise<Row> {
      const row = (await this.execute(db, values))[0]
      if (row === undefined) throw new Error('preparedQuery: no row')
      return row
    },
  }
}

type Reader = { sql: Sql; close: () => Promise<void> }
const READER = Symbol('read layer')
const readerOf = (db: Db) => (db as unknown as Record<symbol, Reader | undefined>)[READER]

/** The read layer beside this Prisma client, on the same database (opened at its first use, kept on the client). */
export function sqlOf(db: Db): Sql {
  let reader = readerOf(db)
  if (!reader) {
    reader = createReader(databaseUrlOf(db))
    Object.defineProperty(db, READER, { value: reader, configurable: true })
  }
  return reader.sql
}

/** Close the read layer of this client (if it was opened), then the client itself. */
export async function closeDb(db: Db): Promise<void> {
  const reader = readerOf(db)
  if (reader) {
    delete (db as unknown as Record<symbol, Reader | undefined>)[READER]
    await reader.close()
  }
  await db.$disconnect()
}

function createReader(url: string) {
  if (isPostgresUrl(url)) {
    const pool = createPool(url)
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [LiteralLimits] })
    return { sql: kysely, close: () => kysely.destroy() }
  }
  const file = url.replace(/^file:/, '')
  const database = new Database(file, { timeout: 10_000 })
  useWriteAheadLog(database)
  database.pragma('query_only = ON')
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }), plugins: [LiteralLimits] })
  return { sql: kysely, close: () => kysely.destroy() }
}

// ───────────────────────── SQLite ─────────────────────────

/**
 * WAL, so that this reader and Prisma's writer never wait for each other. The mode is kept in the
 * file: server.ts sets it at start (ensureWriteAheadLog), this only covers databases opened otherwise.
 * Switching needs the database to itself; if a write is under way, the reader works without it.
 */
function useWriteAheadLog(database: Database.Database) {
  if (database.pragma('journal_mode', { simple: true }) === 'wal') return
  try {
    database.pragma('journal_mode = WAL')
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
  }
}

/** Put a SQLite database in WAL mode (at start, before anything else opens it). */
export function ensureWriteAheadLog(url: string) {
  if (isPostgresUrl(url)) return
  const database = new Database(url.replace(/^file:/, ''), { timeout: 10_000 })
  try {
    database.pragma('journal_mode = WAL')
  } finally {
    database.close()
  }
}

const toSqliteParameter = (value: unknown) => (value instanceof Date ? sqliteDate(value) : typeof value === 'boolean' ? (value ? 1 : 0) : value)

const STATEMENT_CACHE_SIZE = 500

const LIMIT_AS_VALUE = /\blimit\s+\?/i
/** Outside production, a statement with a LIMIT sent as a value is refused, so that the tests find it. */
const CHECK_LIMITS = process.env.NODE_ENV !== 'production'

/**
 * better-sqlite3 as Kysely's SqliteDialect calls it, with prepared statements kept by their SQL (a
 * page runs the same few statements again and again) and Date and boolean parameters as Prisma
 * stores them.
 */
function withStatementCache(database: Database.Database) {
  type Statement = {
    reader: boolean
    all: (parameters: readonly unknown[]) => unknown[]
    run: (parameters: readonly unknown[]) => Database.RunResult
    iterate: (parameters: readonly unknown[]) => IterableIterator<unknown>
  }
  const statements = new Map<string, Statement>()
  return {
    close: () => database.close(),
    prepare(text: string): Statement {
      let statement = statements.get(text)
      if (!statement) {
        // a limit sent as a value makes SQLite plan the statement again at every run (rowLimit)
        if (CHECK_LIMITS && LIMIT_AS_VALUE.test(text)) throw new Error(`A LIMIT sent as a value (use rowLimit or .limit(n) with a number): ${text}`)
        const prepared = database.prepare(text)
        statement = {
          reader: prepared.reader,
          all: (parameters) => prepared.all(...parameters.map(toSqliteParameter)),
          run: (parameters) => prepared.run(...parameters.map(toSqliteParameter)),
          iterate: (parameters) => prepared.iterate(...parameters.map(toSqliteParameter)),
        }
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear()
        statements.set(text, statement)
      }
      return statement
    },
  }
}

// ───────────────────────── PostgreSQL ─────────────────────────

const TIMESTAMP = 1114
const TIMESTAMPTZ = 1184
const INT8 = 20

/** `2026-12-04 09:30:00.5` (timestamp(3), UTC as Prisma writes it) → `2026-12-04T09:30:00.500+00:00` */
export function postgresTimestampToIso(text: string): string {
  const [day, time] = text.split(' ')
  const [clock, fraction = ''] = time.split('.')
  return `${day}T${clock}.${fraction.padEnd(3, '0').slice(0, 3)}+00:00`
}

/** pg, loaded when a PostgreSQL database is opened: on SQLite it is never needed (4 MB). */
const loadPg = () => createRequire(import.meta.url)('pg') as typeof pg

function createPool(url: string) {
  const pg = loadPg()
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === TIMESTAMP) return postgresTimestampToIso
        if (oid === TIMESTAMPTZ) return (text: string) => new Date(text).toISOString().replace('Z', '+00:00')
        if (oid === INT8) return Number
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  // an idle connection closed by the server (restart, DROP DATABASE … WITH (FORCE), a proxy's
  // timeout) is an error event of the pool: without a listener it would stop the process
  pool.on('error', (error) => logger.warn('PostgreSQL: connexion de lecture fermée', { error: error.message }))
  // Each connection prepares the statements it runs, by name, up to PREPARED_PER_CONNECTION different
  // texts, and plans them as PlanMode says: PostgreSQL then parses and plans a statement once per
  // connection instead of at every request (0.4–2 ms of planning saved on the pages' joins). And Dates
  // are sent as UTC text (the columns are timestamp without time zone, in UTC): pg would send them in
  // the process's local time zone.
  const connect = pool.connect.bind(pool)
  const connections = new WeakMap<pg.PoolClient, { names: Set<string>; planMode: PlanMode | null }>()
  return Object.assign(pool, {
    connect: async () => {
      const client = await connect()
      if (!connections.has(client)) {
        // planMode null: unknown (a change of mode failed half-way)
        const connection = { names: new Set<string>(), planMode: 'default' as PlanMode | null }
        connections.set(client, connection)
        const query = client.query.bind(client) as (config: pg.QueryConfig | string) => Promise<pg.QueryResult>
        ;(client as { query: unknown }).query = async (text: string, values?: unknown[]) => {
          const plannedEachTime = text.startsWith(PLANNED_EACH_TIME)
          const planMode: PlanMode = plannedEachTime ? 'force_custom_plan' : text.startsWith(PLANNED_ONCE) ? 'force_generic_plan' : 'default'
          if (connection.planMode !== planMode) {
            connection.planMode = null
            await query(planMode === 'default' ? 'RESET plan_cache_mode' : `SET plan_cache_mode = ${planMode}`)
            connection.planMode = planMode
          }
          const name = statementName(text)
          const named = !plannedEachTime && (connection.names.has(name) || connection.names.size < PREPARED_PER_CONNECTION)
          if (named) connection.names.add(name)
          return query({ text, values: values?.map((value) => (value instanceof Date ? value.toISOString() : value)), ...(named ? { name } : {}) })
        }
      }
      return client
    },
  }) as pg.Pool
}

/**
 * How PostgreSQL plans the read layer's statements (`plan_cache_mode`, set on a connection when a
 * statement needs another mode than the one before it on that connection):
 * - the server's default (`auto` unless configured) for a statement built for one request: it plans a prepared
 *   statement with its values five times, then keeps one generic plan unless that plan's estimated
 *   cost is above the custom plans'.
 * - `force_generic_plan` for preparedQuery's statements, the pages' statements of a known shape: one
 *   plan per connection. With `auto`, a statement with a LIMIT over the rows of one employer was
 *   planned at every request when the employer was large: the benchmark's (1,500 new applications
 *   against 70 on average) had its dashboard's and its company page's statements planned each time,
 *   0.4 ms each, into the plan the generic one is (the same index range, 0.03 ms to run).
 * - `force_custom_plan` for a statement whose best plan depends on its values (preparedQuery's
 *   `planEachTime`): planned with them at each run.
 * The offer search's statements (SQL text, src/modules/offers/search.ts) keep the default: with one
 * generic plan a national candidate's newest offers took 15 ms instead of 7, planned at each run a
 * search of « log » 34 ms instead of 14 (scripts/bench-offers.ts).
 */
type PlanMode = 'default' | 'force_generic_plan' | 'force_custom_plan'

const PREPARED_PER_CONNECTION = 300

/** The start of a statement PostgreSQL plans at each run, with its values (preparedQuery's `planEachTime`): it is not prepared by name. */
const PLANNED_EACH_TIME = '/* planned each time */ '

/** The start of preparedQuery's statements: one plan per connection on PostgreSQL (PlanMode). */
const PLANNED_ONCE = '/* planned once */ '

/** A prepared statement's name, from its text (the same text always gets the same name). */
const statementName = (text: string) => `atouts_${createHash('sha1').update(text).digest('base64url')}`

export type { RawBuilder }
