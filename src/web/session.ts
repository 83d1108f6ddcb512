import session from 'express-session'
import type { Config } from '../config.ts'
import type { Db } from '../lib/db.ts'
import { startPeriodicJob } from '../lib/jobs.ts'
import type { Logger } from '../lib/logger.ts'
import { removeOldAttempts, type AttemptStore } from './rate-limit.ts'
import { DatabaseSessionStore } from './session-store.ts'

export const SESSION_COOKIE = 'atouts.sid'
const EIGHT_HOURS = 8 * 60 * 60 * 1000
/** an active session's row is rewritten at most this often to push its expiry back */
const RENEW_AFTER = 5 * 60 * 1000
const FIFTEEN_MINUTES = 15 * 60 * 1000

/** Sessions kept in the database (table Session), so they survive a restart. */
export function createSessionMiddleware(config: Config, db: Db) {
  const store = new DatabaseSessionStore(db, { maxAgeMs: EIGHT_HOURS, renewAfterMs: RENEW_AFTER })
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy > 0,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.isProduction,
      maxAge: EIGHT_HOURS,
    },
  })
  return { middleware, store }
}

/**
 * Every quarter of an hour (server.ts): removes the expired sessions, and the sign-in attempts too old
 * to count for the throttles (src/web/rate-limit.ts).
 */
export function startExpiredSessionsJob({
  db,
  store,
  attempts,
  logger,
  intervalMs = FIFTEEN_MINUTES,
  leaseMs,
}: {
  db: Db
  store: DatabaseSessionStore
  attempts: AttemptStore
  logger: Logger
  intervalMs?: number
  leaseMs?: number
}) {
  return startPeriodicJob({
    db,
    name: 'expired-sessions',
    intervalMs,
    leaseMs,
    logger,
    work: async () => {
      await store.removeExpired()
      await removeOldAttempts(attempts)
    },
  })
}
