/**
 * Whether a database has every migration of this version of the app: the folders of
 * prisma/migrations (SQLite) or prisma/migrations-postgres (PostgreSQL), as prisma.config.ts picks
 * them, against Prisma's `_prisma_migrations` table (finished, not rolled back). A migration the
 * database has and this version has not (a newer instance migrated it) does not count: during a
 * rolling update the older instances keep serving.
 */
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { isPostgresUrl } from './db.ts'
import { sql, type Sql } from './sql.ts'

/** src/lib and dist/lib are both two levels below the project root. */
const prismaDir = path.resolve(import.meta.dirname, '../../prisma')

/** The names of the migrations committed for this database, oldest first. */
export function committedMigrations(databaseUrl: string): string[] {
  const dir = path.join(prismaDir, isPostgresUrl(databaseUrl) ? 'migrations-postgres' : 'migrations')
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
}

/** A database that Prisma never migrated has no `_prisma_migrations` table. */
function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === '42P01' || (typeof message === 'string' && message.includes('no such table'))
}

/** The committed migrations that the database has not applied (throws when the database does not answer). */
export async function missingMigrations(reader: Sql, committed: readonly string[]): Promise<string[]> {
  let applied: Set<string>
  try {
    const { rows } = await sql<{ migration_name: string }>`
      select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null`.execute(reader)
    applied = new Set(rows.map((row) => row.migration_name))
  } catch (error) {
    if (isMissingTable(error)) return [...committed]
    throw error
  }
  return committed.filter((name) => !applied.has(name))
}
