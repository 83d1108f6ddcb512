import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { createDb, type Db } from '../../src/lib/db.ts'
import { closeDb } from '../../src/lib/sql.ts'

export type TestDb = { url: string; db: Db; cleanup: () => Promise<void> }

/**
 * A fresh, migrated database for one test file, cloned from the template that global-setup.ts
 * migrated: a file copy on SQLite; CREATE DATABASE … TEMPLATE on PostgreSQL (TEST_PG_URL set).
 */
export async function freshDb(): Promise<TestDb> {
  const templateUrl = inject('templateDbUrl')
  const pgBase = process.env.TEST_PG_URL
  if (pgBase) {
    const name = `atouts_test_${randomUUID().replaceAll('-', '')}`
    const template = new URL(templateUrl).pathname.slice(1)
    const admin = new pg.Client({ connectionString: pgBase })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
    const url = new URL(pgBase)
    url.pathname = `/${name}`
    const db = await createDb(url.toString())
    return {
      url: url.toString(),
      db,
      cleanup: async () => {
        await closeDb(db)
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await admin.end()
      },
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'atouts-test-'))
  const file = path.join(dir, 'test.db')
  copyFileSync(templateUrl.replace(/^file:/, ''), file)
  const url = `file:${file}`
  const db = await createDb(url)
  return {
    url,
    db,
    cleanup: async () => {
      await closeDb(db)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
