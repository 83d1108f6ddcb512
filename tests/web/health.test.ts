import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { createDb } from '../../src/lib/db.ts'
import { committedMigrations } from '../../src/lib/migrations.ts'
import { closeDb } from '../../src/lib/sql.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'

// The load balancer's checks: /sante (the process answers), /sante/pret (the database answers and has
// every migration of this version). No session, nothing cached.

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

function expectCheapAnswer(response: request.Response) {
  expect(response.headers['set-cookie']).toBeUndefined()
  expect(response.headers['cache-control']).toBe('no-store')
  expect(response.headers['content-type']).toMatch(/^application\/json/)
}

describe('GET /sante', () => {
  it('answers 200 "ok", sets no cookie and is never cached', async () => {
    const response = await request(ctx.app).get('/sante')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
    expectCheapAnswer(response)
  })
})

describe('GET /sante/pret', () => {
  it('when the database has every migration, then 200, no cookie', async () => {
    const response = await request(ctx.app).get('/sante/pret')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
    expectCheapAnswer(response)
  })

  it('when a migration of this version is not applied, then 503 naming it; 200 again once it is', async () => {
    const committed = committedMigrations(ctx.config.databaseUrl)
    const last = committed[committed.length - 1]
    const [row] = await ctx.db.$queryRaw<{ id: string }[]>`SELECT id FROM _prisma_migrations WHERE migration_name = ${last}`
    await ctx.db.$executeRaw`UPDATE _prisma_migrations SET migration_name = ${`${last}_autre`} WHERE id = ${row.id}`
    try {
      const response = await request(ctx.app).get('/sante/pret')
      expect(response.status).toBe(503)
      expect(response.body).toEqual({ status: 'indisponible', raison: `migrations non appliquées : ${last}` })
      expectCheapAnswer(response)
      // the process itself still answers
      expect((await request(ctx.app).get('/sante')).status).toBe(200)
    } finally {
      await ctx.db.$executeRaw`UPDATE _prisma_migrations SET migration_name = ${last} WHERE id = ${row.id}`
    }
    expect((await request(ctx.app).get('/sante/pret')).status).toBe(200)
  })

  it('when a migration was rolled back, then 503', async () => {
    const [first] = committedMigrations(ctx.config.databaseUrl)
    await ctx.db.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = ${first}`
    try {
      const response = await request(ctx.app).get('/sante/pret')
      expect(response.status).toBe(503)
      expect(response.body.raison).toBe(`migrations non appliquées : ${first}`)
    } finally {
      await ctx.db.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${first}`
    }
  })

  it('when the database cannot be reached, then 503 "base de données injoignable"', async () => {
    const pgBase = process.env.TEST_PG_URL
    const url = pgBase ? Object.assign(new URL(pgBase), { pathname: '/atouts_base_absente' }).toString() : 'file:/dossier-absent/atouts.db'
    const db = await createDb(url)
    try {
      const app = createApp({ config: { ...ctx.config, databaseUrl: url }, db })
      const response = await request(app).get('/sante/pret')
      expect(response.status).toBe(503)
      expect(response.body).toEqual({ status: 'indisponible', raison: 'base de données injoignable' })
      expect((await request(app).get('/sante')).status).toBe(200)
    } finally {
      await closeDb(db)
    }
  })
})
