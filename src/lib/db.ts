import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client'
import type { PrismaClient as SqliteClient } from '../generated/prisma/client.ts'

export * from '../generated/prisma/enums.ts'
export type { Prisma } from '../generated/prisma/client.ts'
export type {
  Application,
  AuthToken,
  Candidate,
  Convention,
  Document,
  Employer,
  Establishment,
  Offer,
  OutboxEmail,
  Recruiter,
  Referent,
  User,
} from '../generated/prisma/client.ts'

/**
 * Both clients are generated from the same models (prisma/schema.prisma → schema.postgres.prisma).
 * The SQLite client's type is the common API (the narrower one: no `mode: 'insensitive'`, only
 * 'Serializable' isolation); the PostgreSQL client is cast to it.
 */
export type Db = SqliteClient

/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url)

export type Dialect = 'sqlite' | 'postgres'

/**
 * Which database a client talks to. The PostgreSQL client is typed as the SQLite one (see Db) and
 * is a proxy that `instanceof` does not see through: Prisma's own provider name tells.
 */
export function dialectOf(db: Db): Dialect {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgres' : 'sqlite'
}

/**
 * After a job changed many rows of a table, on PostgreSQL: VACUUM (ANALYZE) it, so that the pages
 * that count and list its rows from covering indexes keep reading the indexes alone. Each changed row
 * leaves a dead version behind and its page no longer all-visible: until a vacuum, PostgreSQL reads
 * the table for the rows of those pages (at scale: 2,000 offers closed at once made /offres 4 times
 * slower; 2,000 applications reminded made the recruiter's count 6.5 ms instead of 1.4 ms), and
 * autovacuum waits for a fifth of the table to change, if it runs at all. SQLite has no such map.
 *
 * A vacuum cannot remove the rows that a statement begun before the change may still read (at start,
 * the statistics' computation and the other jobs run beside the jobs): while at least `changed` dead
 * rows remain, it is run again a second later, up to `attempts` times.
 */
export async function vacuumAfterChanges(db: Db, table: 'Offer' | 'Application', changed: number, { attempts = 5, pauseMs = 1000 } = {}): Promise<boolean> {
  if (dialectOf(db) !== 'postgres') return false
  for (let attempt = 1; ; attempt++) {
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) "${table}"`)
    const [{ dead }] = await db.$queryRawUnsafe<{ dead: bigint | number }[]>(`SELECT pg_stat_get_dead_tuples('"${table}"'::regclass) AS "dead"`)
    if (Number(dead) < changed || attempt >= attempts) return true
    await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
}

const DATABASE_URL = Symbol('database url')

/**
 * A Prisma client for this database. Only the generated client of that database is loaded (each
 * brings its own query compiler).
 */
export async function createDb(url: string): Promise<Db> {
  let db: Db
  if (isPostgresUrl(url)) {
    const { PrismaClient } = await import('../generated/prisma-pg/client.ts')
    const { PrismaPg } = await import('@prisma/adapter-pg')
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db
  } else {
    const { PrismaClient } = await import('../generated/prisma/client.ts')
    db = new PrismaClient({ adapter: isolateSqliteTransactions(new PrismaBetterSQLite3({ url, timeout: 10_000 })) })
  }
  Object.defineProperty(db, DATABASE_URL, { value: url })
  return db
}

/** The error of a write that broke a constraint, with Prisma's code (P2002: unique, P2003: foreign key…). */
export function isPrismaError(error: unknown, ...codes: string[]): error is PrismaClientKnownRequestError {
  return error instanceof PrismaClientKnownRequestError && codes.includes(error.code)
}

/** The database a client was created for (the read layer, src/lib/sql.ts, opens its own connection to it). */
export function databaseUrlOf(db: Db): string {
  const url = (db as unknown as Record<symbol, string | undefined>)[DATABASE_URL]
  if (!url) throw new Error('this Prisma client was not made by createDb()')
  return url
}

const WAIT_FOR_TRANSACTION_MS = 15_000

/**
 * The SQLite adapter runs everything on one connection: a query of another request that arrives while
 * a transaction is open runs INSIDE it, and is lost if that transaction rolls back. Queries outside a
 * transaction therefore wait until no transaction is open (transactions are short). A query made with
 * `db` inside a `db.$transaction` callback (instead of `tx`) would wait for itself: it fails after
 * WAIT_FOR_TRANSACTION_MS with a message naming the mistake, instead of hanging.
 */
export function isolateSqliteTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect()
      let open = 0
      let idle: Promise<void> = Promise.resolve()
      let markIdle = () => {}
      const begin = () => {
        if (open++ === 0) idle = new Promise((resolve) => (markIdle = resolve))
      }
      const end = () => {
        if (--open === 0) markIdle()
      }
      const waitForNoTransaction = async () => {
        const deadline = Date.now() + WAIT_FOR_TRANSACTION_MS
        while (open > 0) {
          const left = deadline - Date.now()
          if (left <= 0) throw new Error('a query outside the transaction waited for it too long: inside db.$transaction, use tx, not db')
          await Promise.race([idle, new Promise((resolve) => setTimeout(resolve, Math.min(left, 1000)).unref())])
        }
      }
      const queryRaw = adapter.queryRaw.bind(adapter)
      const executeRaw = adapter.executeRaw.bind(adapter)
      const startTransaction = adapter.startTransaction.bind(adapter)
      adapter.queryRaw = async (query) => {
        await waitForNoTransaction()
        return queryRaw(query)
      }
      adapter.executeRaw = async (query) => {
        await waitForNoTransaction()
        return executeRaw(query)
      }
      adapter.startTransaction = async (isolationLevel) => {
        begin()
        let transaction: Awaited<ReturnType<typeof startTransaction>>
        try {
          transaction = await startTransaction(isolationLevel)
        } catch (error) {
          end()
          throw error
        }
        const commit = transaction.commit.bind(transaction)
        const rollback = transaction.rollback.bind(transaction)
        transaction.commit = async () => {
          try {
            return await commit()
          } finally {
            end()
          }
        }
        transaction.rollback = async () => {
          try {
            return await rollback()
          } finally {
            end()
          }
        }
        return transaction
      }
      return adapter
    },
  }
}
