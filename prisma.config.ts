import { existsSync } from 'node:fs'
import { defineConfig } from 'prisma/config'
import { pgMigrationAdapter } from './prisma/pg-adapter.ts'
import { sqliteMigrationAdapter } from './prisma/sqlite-adapter.ts'

// With a prisma.config.ts, Prisma does NOT load .env itself ("Prisma config detected, skipping
// environment variable loading"). Node >= 20.12 can do it:
if (existsSync('.env')) process.loadEnvFile('.env')

// One config for both targets; DATABASE_URL decides.
//   (unset) / file:...            -> SQLite: prisma/schema.prisma, prisma/migrations
//   postgres:// / postgresql://   -> PostgreSQL: prisma/schema.postgres.prisma, prisma/migrations-postgres
const url = process.env.DATABASE_URL || 'file:./data/atouts.db'
const isPg = /^postgres(ql)?:\/\//.test(url)

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: isPg ? 'prisma/schema.postgres.prisma' : 'prisma/schema.prisma',
  migrations: { path: isPg ? 'prisma/migrations-postgres' : 'prisma/migrations' },
  async adapter() {
    return isPg ? pgMigrationAdapter(url) : sqliteMigrationAdapter(url)
  },
})
