/**
 * Health checks for the load balancer, mounted before everything else in app.ts: no session (no
 * cookie is set), no CSRF, no throttle, no request log line, never cached.
 *
 * - GET /sante: the process answers (200).
 * - GET /sante/pret: the database answers and has every migration of this version (200), else 503
 *   with the reason. One query on the read layer (src/lib/sql.ts), not Prisma's query compiler.
 */
import { Router, type Response } from 'express'
import type { Config } from '../config.ts'
import type { Db } from '../lib/db.ts'
import { logger } from '../lib/logger.ts'
import { committedMigrations, missingMigrations } from '../lib/migrations.ts'
import { sqlOf } from '../lib/sql.ts'

/** A database that does not answer within this time is not ready (the load balancer's check must not hang). */
const DATABASE_TIMEOUT_MS = 5000

type Readiness = { ready: true } | { ready: false; reason: string }

function answer(res: Response, status: number, body: Record<string, unknown>) {
  res.status(status).set('Cache-Control', 'no-store').json(body)
}

export function createHealthRouter({ config, db }: { config: Config; db: Db }) {
  // read once: the migrations of this version do not change while it runs
  const committed = committedMigrations(config.databaseUrl)

  async function readiness(): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), DATABASE_TIMEOUT_MS)
    })
    try {
      const missing = await Promise.race([missingMigrations(sqlOf(db), committed), timeout])
      if (missing === 'timeout') return { ready: false, reason: 'la base de données ne répond pas' }
      if (missing.length > 0) return { ready: false, reason: `migrations non appliquées : ${missing.join(', ')}` }
      return { ready: true }
    } catch (error) {
      logger.warn('santé : base de données injoignable', { error: error instanceof Error ? error.message : String(error) })
      return { ready: false, reason: 'base de données injoignable' }
    } finally {
      clearTimeout(timer)
    }
  }

  const router = Router()
  router.get('/sante', (_req, res) => answer(res, 200, { status: 'ok' }))
  router.get('/sante/pret', async (_req, res) => {
    const state = await readiness()
    if (state.ready) answer(res, 200, { status: 'ok' })
    else answer(res, 503, { status: 'indisponible', raison: state.reason })
  })
  return router
}
