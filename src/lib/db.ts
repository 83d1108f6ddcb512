import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient as SqliteClient } from '../generated/prisma/client.ts'
import { PrismaClient as PgClient } from '../generated/prisma-pg/client.ts'

export * from '../generated/prisma/enums.ts'
export { Prisma } from '../generated/prisma/client.ts'
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

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    return new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db
  }
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) })
}
