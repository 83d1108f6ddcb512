import { PrismaSessionStore } from '@quixo3/prisma-session-store'
import session from 'express-session'
import type { Config } from '../config.ts'
import type { Db } from '../lib/db.ts'

export const SESSION_COOKIE = 'atouts.sid'
const EIGHT_HOURS = 8 * 60 * 60 * 1000

/** Sessions kept in the database (table Session), so they survive a restart. */
export function createSessionMiddleware(config: Config, db: Db) {
  const store = new PrismaSessionStore(db, {
    // expired rows are removed by the store's timer in a running server, not in tests
    checkPeriod: config.backgroundJobs ? 15 * 60 * 1000 : undefined,
    dbRecordIdIsSessionId: true,
    logger: false,
  })
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
