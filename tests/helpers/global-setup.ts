import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDbUrl: string
  }
}

function migrateDeploy(url: string) {
  execFileSync(path.resolve('node_modules/.bin/prisma'), ['migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'pipe',
  })
}

/** Migrate a template database once; each test file clones it (see db.ts). */
export default async function setup(project: TestProject) {
  const pgBase = process.env.TEST_PG_URL
  if (pgBase) {
    const name = `atouts_test_template_${process.pid}`
    const admin = new pg.Client({ connectionString: pgBase })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${name}"`)
    const url = new URL(pgBase)
    url.pathname = `/${name}`
    migrateDeploy(url.toString())
    project.provide('templateDbUrl', url.toString())
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await admin.end()
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'atouts-template-'))
  const url = `file:${path.join(dir, 'template.db')}`
  migrateDeploy(url)
  project.provide('templateDbUrl', url)
  return () => rmSync(dir, { recursive: true, force: true })
}
