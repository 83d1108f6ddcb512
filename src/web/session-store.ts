import type { Request } from 'express'
import session from 'express-session'
import type { Db } from '../lib/db.ts'
import { countAll, preparedQuery } from '../lib/sql.ts'
import { SESSION_USER_COLUMNS, toSessionUser, type SessionUser } from './session-user.ts'

/** What the session's statement read besides the session: its user as of now, and their unread notifications. */
type LoadedWithSession = { userId: number | null; user: SessionUser | null; unreadNotifications: number }

const LOADED = Symbol('loaded with the session')
/** on a session read from its row: saving it may update the row, never create it again */
const FROM_STORE = Symbol('read from its row')
const MAX_SESSIONS_TO_RENEW = 10_000

declare global {
  namespace Express {
    interface Request {
      [LOADED]?: LoadedWithSession
    }
  }
}

/** The session row, its user with the ids that scope their data, and their unread notifications: one statement. */
const SESSION_WITH_USER = preparedQuery(['sid'], (sql, { sid }) =>
  sql
    .selectFrom('Session as s')
    .leftJoin('User as u', 'u.id', 's.userId')
    .leftJoin('Candidate as c', 'c.userId', 'u.id')
    .leftJoin('Establishment as ce', 'ce.id', 'c.establishmentId')
    .leftJoin('Referent as r', 'r.userId', 'u.id')
    .leftJoin('Establishment as re', 're.id', 'r.establishmentId')
    .leftJoin('Recruiter as rc', 'rc.userId', 'u.id')
    .select(['s.data', 's.expiresAt', 's.userId as sessionUserId', ...SESSION_USER_COLUMNS])
    .select((eb) =>
      eb
        .selectFrom('Notification as n')
        .select(countAll().as('count'))
        .whereRef('n.userId', '=', 's.userId')
        .where('n.readAt', 'is', null)
        .as('unreadNotifications'),
    )
    .where('s.sid', '=', sid),
)

type SessionData = session.SessionData & { passport?: { user?: number }; [LOADED]?: LoadedWithSession }

/**
 * The user read with this request's session: a SessionUser, null (the account is gone or no longer
 * active: signed out), or undefined when the session's row did not name this user (read it apart).
 */
export function loadedSessionUserOf(req: Express.Request, userId: number): SessionUser | null | undefined {
  const loaded = req[LOADED]
  return loaded && loaded.userId === userId ? loaded.user : undefined
}

/** The unread notifications of the signed-in user, when they were read with the session. */
export function unreadNotificationsReadWithSession(req: Request): number | undefined {
  const loaded = req[LOADED]
  return loaded && req.user && loaded.userId === req.user.id ? loaded.unreadNotifications : undefined
}

export type SessionStoreOptions = {
  /** a session's lifetime, renewed by activity */
  maxAgeMs: number
  /** how close to its full lifetime an active session is kept: its row is rewritten at most this often */
  renewAfterMs: number
}

/**
 * Sessions in the Session table (they survive a restart, and every instance sees them).
 *
 * A signed-in page costs one statement here: the session row, its user with the ids that scope their
 * data (session-user.ts), and the unread-notification count, together. The row is written when the
 * session changes, and its expiry is pushed back at most every `renewAfterMs`, not on every request.
 * Writes go through Prisma, the one writer (src/lib/sql.ts says why).
 */
export class DatabaseSessionStore extends session.Store {
  readonly #db: Db
  readonly #options: SessionStoreOptions
  /** sessions read whose row expires before it should: their next touch writes it */
  readonly #toRenew = new Set<string>()

  constructor(db: Db, options: SessionStoreOptions) {
    super()
    this.#db = db
    this.#options = options
  }

  override get(sid: string, callback: (error: unknown, data?: session.SessionData | null) => void) {
    this.#read(sid).then((data) => callback(null, data), callback)
  }

  async #read(sid: string): Promise<SessionData | null> {
    const row = await SESSION_WITH_USER.executeTakeFirst(this.#db, { sid })
    if (!row) return null
    const expiresAt = new Date(row.expiresAt).getTime()
    const now = Date.now()
    if (expiresAt <= now) return null
    if (expiresAt < now + this.#options.maxAgeMs - this.#options.renewAfterMs) {
      // bounded: a session read by a request that never ended is renewed by its next one anyway
      if (this.#toRenew.size >= MAX_SESSIONS_TO_RENEW) this.#toRenew.clear()
      this.#toRenew.add(sid)
    }
    const data = JSON.parse(row.data) as SessionData
    data[LOADED] = { userId: row.sessionUserId, user: toSessionUser(row), unreadNotifications: row.unreadNotifications ?? 0 }
    return data
  }

  /** express-session turns the data read by get() into req.session here: keep what came with it on req. */
  override createSession(req: Request, data: SessionData) {
    req[LOADED] = data[LOADED]
    delete data[LOADED]
    const created = super.createSession(req, data)
    Object.defineProperty(created, FROM_STORE, { value: true })
    return created
  }

  /**
   * A new session (signing in, regenerate) creates its row. A session read from its row only updates
   * it: a request that read it before it was signed out ("Se déconnecter de tous les appareils", a
   * new password) cannot bring it back when it saves at its end.
   */
  override set(sid: string, data: SessionData & { [FROM_STORE]?: true }, callback?: (error?: unknown) => void) {
    this.#toRenew.delete(sid)
    const expiresAt = this.#expiryOf(data)
    const userId = typeof data.passport?.user === 'number' ? data.passport.user : null
    const json = JSON.stringify(data)
    // through Prisma's raw SQL: the same statements through its query compiler cost 5 times as much, on
    // every first form an anonymous visitor is shown (its session starts there) and every sign-in
    const write = data[FROM_STORE]
      ? this.#db.$executeRaw`UPDATE "Session" SET "data" = ${json}, "expiresAt" = ${expiresAt}, "userId" = ${userId} WHERE "sid" = ${sid}`
      : this.#db.$executeRaw`INSERT INTO "Session" ("id", "sid", "data", "expiresAt", "userId") VALUES (${sid}, ${sid}, ${json}, ${expiresAt}, ${userId})
          ON CONFLICT ("sid") DO UPDATE SET "data" = excluded."data", "expiresAt" = excluded."expiresAt", "userId" = excluded."userId"`
    write.then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    )
  }

  override touch(sid: string, data: SessionData, callback?: (error?: unknown) => void) {
    if (!this.#toRenew.delete(sid)) return callback?.()
    this.#db.$executeRaw`UPDATE "Session" SET "expiresAt" = ${this.#expiryOf(data)} WHERE "sid" = ${sid}`.then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    )
  }

  override destroy(sid: string, callback?: (error?: unknown) => void) {
    this.#toRenew.delete(sid)
    this.#db.$executeRaw`DELETE FROM "Session" WHERE "sid" = ${sid}`.then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    )
  }

  /** Remove the expired sessions (the periodic clean-up). */
  async removeExpired(now = new Date()): Promise<number> {
    const { count } = await this.#db.session.deleteMany({ where: { expiresAt: { lte: now } } })
    return count
  }

  #expiryOf(data: SessionData): Date {
    const expires = data.cookie?.expires
    return expires ? new Date(expires) : new Date(Date.now() + this.#options.maxAgeMs)
  }
}
