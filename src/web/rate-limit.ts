import { createHash } from 'node:crypto'
import type { Request } from 'express'
import type { Config } from '../config.ts'
import type { Db } from '../lib/db.ts'
import { AppError } from '../lib/errors.ts'
import { RedisAttemptStore } from './attempt-store-redis.ts'

/**
 * Throttles of the forms that check a password or tell whether an address has an account.
 *
 * Counting by client address alone would lock out everyone behind one address (a lycée, a relais
 * handicap) as soon as one of them mistypes, or one attacker tries. So, with L = config.authRateLimit
 * (10 by default), in a sliding window of 15 minutes:
 *
 * - password guesses (sign-in, "Modifier mon mot de passe", "Supprimer mon compte"):
 *   - L failures for one account from one address: that pair waits (the rest of the school does not);
 *   - past 2 × L failures for one account from every address together (more than one address can
 *     make alone): each new attempt on that account waits 15 s after the latest failure, then 30 s,
 *     1 min… never more than 5 min (slowed down, not locked: its owner can still get in, or use
 *     "Mot de passe oublié ?");
 *   - 10 × L failures from one address, whatever the accounts: that address waits;
 *   a right password at an address starts that pair's count again. An email address without an
 *   account is counted like one with, so that the answers do not tell which accounts exist.
 * - codes of the second factor (« Code de vérification » after the password, turning it off with a
 *   code): the same rules under their own keys; a right code starts that pair's count again.
 * - "S’inscrire": L answers "this address already has an account" per client address (the email
 *   check that tells who has an account), and 10 × L sign-ups per client address.
 * - forms that email a link ("Mot de passe oublié ?", a new activation link): 10 × L per client
 *   address; each recipient gets at most one such email every few minutes (src/lib/outbox.ts).
 *
 * Past a limit the request gets the French "Trop de tentatives" page (429) with a Retry-After
 * header, even with the right password (else the answer would tell that it is right).
 *
 * The counts are kept in the database (table AuthAttempt, keys hashed), so that every instance of
 * the app shares them; rows older than the window are removed by the periodic clean-up
 * (src/web/session.ts). With REDIS_URL, they are kept in Redis instead (attempt-store-redis.ts),
 * with the same answers: both implement `AttemptStore`.
 * Checks and counts are not one atomic step: a burst of simultaneous requests can exceed a limit
 * by the number of requests in flight.
 */

export const ATTEMPT_WINDOW_MS = 15 * 60 * 1000
const FIRST_ACCOUNT_DELAY_MS = 15_000
const MAX_ACCOUNT_DELAY_MS = 5 * 60_000
/** One address may hold a whole school: it gets this many times the per-account limit. */
const ADDRESS_CEILING_FACTOR = 10
/** An account is slowed down past this many times the limit, so that one address alone cannot do it. */
const ACCOUNT_SLOWDOWN_FACTOR = 2

export type AttemptCount = { count: number; oldest: Date; latest: Date }

/** Where attempts are counted. Keys are opaque strings; every method may be called by several instances at once. */
export type AttemptStore = {
  /** The attempts recorded under each key since `since`; keys without any are absent. */
  count(keys: string[], since: Date): Promise<Map<string, AttemptCount>>
  record(keys: string[], at: Date): Promise<void>
  forget(keys: string[]): Promise<void>
  /** The periodic clean-up: attempts older than `before` no longer count. */
  removeBefore(before: Date): Promise<number>
  /** Closes its connection, if it has one of its own. */
  close?(): Promise<void>
}

/** The default store: rows of AuthAttempt, written through Prisma, on SQLite and PostgreSQL alike. */
export class DatabaseAttemptStore implements AttemptStore {
  readonly #db: Db

  constructor(db: Db) {
    this.#db = db
  }

  async count(keys: string[], since: Date): Promise<Map<string, AttemptCount>> {
    const rows = await this.#db.authAttempt.groupBy({
      by: ['key'],
      where: { key: { in: keys }, createdAt: { gte: since } },
      _count: { _all: true },
      _min: { createdAt: true },
      _max: { createdAt: true },
    })
    return new Map(rows.map((row) => [row.key, { count: row._count._all, oldest: row._min.createdAt!, latest: row._max.createdAt! }]))
  }

  async record(keys: string[], at: Date): Promise<void> {
    await this.#db.authAttempt.createMany({ data: keys.map((key) => ({ key, createdAt: at })) })
  }

  async forget(keys: string[]): Promise<void> {
    await this.#db.authAttempt.deleteMany({ where: { key: { in: keys } } })
  }

  async removeBefore(before: Date): Promise<number> {
    const { count } = await this.#db.authAttempt.deleteMany({ where: { createdAt: { lt: before } } })
    return count
  }
}

const redisStores = new Map<string, RedisAttemptStore>()

/**
 * The one place that chooses the store: Redis when REDIS_URL is set, else the database. The Redis
 * store is one connection per process (and prefix), shared by every form that throttles.
 */
export function createAttemptStore(db: Db, config: Pick<Config, 'redisUrl' | 'redisPrefix'>): AttemptStore {
  if (!config.redisUrl) return new DatabaseAttemptStore(db)
  const id = `${config.redisUrl}\n${config.redisPrefix}`
  let store = redisStores.get(id)
  if (!store) {
    store = new RedisAttemptStore({ url: config.redisUrl, prefix: config.redisPrefix, windowMs: ATTEMPT_WINDOW_MS })
    redisStores.set(id, store)
  }
  return store
}

/** Closes the Redis connections that createAttemptStore opened (at shutdown, after tests). */
export async function closeAttemptStores(): Promise<void> {
  const stores = [...redisStores.values()]
  redisStores.clear()
  await Promise.all(stores.map((store) => store.close()))
}

/** Removes the attempts that no longer count (called by the periodic clean-up). */
export function removeOldAttempts(store: AttemptStore, now = new Date()): Promise<number> {
  return store.removeBefore(new Date(now.getTime() - ATTEMPT_WINDOW_MS))
}

type Rule =
  /** refused once `limit` attempts are counted, until the oldest leaves the window */
  | { key: string; limit: number; message: string }
  /** past `free` attempts, each new one waits longer after the latest */
  | { key: string; free: number; message: string }

/** "30 secondes", "1 minute", "5 minutes". */
function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  if (seconds < 60) return seconds === 1 ? '1 seconde' : `${seconds} secondes`
  const minutes = Math.ceil(seconds / 60)
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

/** How long the next attempt must wait under this rule; 0: it may go ahead. */
function waitUnder(rule: Rule, counted: AttemptCount | undefined, now: number): number {
  if (!counted) return 0
  if ('limit' in rule) return counted.count >= rule.limit ? counted.oldest.getTime() + ATTEMPT_WINDOW_MS - now : 0
  if (counted.count < rule.free) return 0
  const delay = Math.min(FIRST_ACCOUNT_DELAY_MS * 2 ** Math.min(counted.count - rule.free, 16), MAX_ACCOUNT_DELAY_MS)
  return counted.latest.getTime() + delay - now
}

/** Throws the "Trop de tentatives" page (429, Retry-After) when one of the rules says to wait. */
async function enforce(store: AttemptStore, req: Request, rules: Rule[]): Promise<void> {
  const now = Date.now()
  const counts = await store.count(
    rules.map((rule) => rule.key),
    new Date(now - ATTEMPT_WINDOW_MS),
  )
  let longest: { wait: number; message: string } | null = null
  for (const rule of rules) {
    const wait = waitUnder(rule, counts.get(rule.key), now)
    if (wait > 0 && (!longest || wait > longest.wait)) longest = { wait, message: rule.message }
  }
  if (!longest) return
  req.res?.set('Retry-After', String(Math.ceil(longest.wait / 1000)))
  throw new AppError('TOO_MANY_REQUESTS', `${longest.message} Par sécurité, merci de patienter ${waitText(longest.wait)} avant de réessayer.`)
}

/** A stored key: the scope in clear (for whoever looks at the table), the values hashed (no email or address kept). */
function keyOf(scope: string, ...values: string[]): string {
  return `${scope}:${createHash('sha256').update(values.join('\n')).digest('base64url').slice(0, 32)}`
}

const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown'

const FROM_YOUR_CONNECTION = 'Trop de tentatives en peu de temps depuis votre connexion.'

export type PasswordGuard = {
  /** before the password is checked: throws the 429 page when this attempt must wait */
  check(): Promise<void>
  /** the password was wrong */
  fail(): Promise<void>
  /** the password was right: this account's count at this address starts again */
  succeed(): Promise<void>
}

export type SignUpGuard = {
  check(): Promise<void>
  /** every sign-up counts; `emailTaken`: the answer told that the address has an account */
  record(outcome: { emailTaken: boolean }): Promise<void>
}

export type EmailedLinkGuard = { check(): Promise<void>; record(): Promise<void> }

export type Throttles = {
  password(req: Request, account: string): PasswordGuard
  /**
   * the codes of « Double authentification » (sign-in « Code de vérification », turning it off with a
   * code): the rules of passwords, counted apart, so that a right password does not clear the count
   * of wrong codes
   */
  secondFactor(req: Request, account: string): PasswordGuard
  signUp(req: Request): SignUpGuard
  emailedLink(req: Request): EmailedLinkGuard
}

/** The throttles, counting in `store` (by default the database: shared by every instance). */
export function createThrottles(config: Pick<Config, 'authRateLimit'>, store: AttemptStore): Throttles {
  const limit = config.authRateLimit
  const ceiling = limit * ADDRESS_CEILING_FACTOR
  const now = () => new Date()
  /** The rules of password guesses, counted under their own scope. */
  function guessGuard(scope: 'password' | 'second-factor', req: Request, account: string): PasswordGuard {
    const address = addressOf(req)
    const normalized = account.trim().toLowerCase()
    const pair = keyOf(`${scope}.pair`, normalized, address)
    const ofAccount = keyOf(`${scope}.account`, normalized)
    const ofAddress = keyOf(`${scope}.address`, address)
    return {
      check: () =>
        enforce(store, req, [
          { key: pair, limit, message: FROM_YOUR_CONNECTION },
          { key: ofAddress, limit: ceiling, message: FROM_YOUR_CONNECTION },
          { key: ofAccount, free: limit * ACCOUNT_SLOWDOWN_FACTOR, message: 'Ce compte a reçu beaucoup de tentatives de connexion ces dernières minutes.' },
        ]),
      fail: () => store.record([pair, ofAccount, ofAddress], now()),
      succeed: () => store.forget([pair]),
    }
  }
  return {
    password: (req, account) => guessGuard('password', req, account),
    secondFactor: (req, account) => guessGuard('second-factor', req, account),

    signUp(req) {
      const address = addressOf(req)
      const all = keyOf('signup.address', address)
      const taken = keyOf('signup.taken', address)
      return {
        check: () =>
          enforce(store, req, [
            { key: all, limit: ceiling, message: FROM_YOUR_CONNECTION },
            { key: taken, limit, message: FROM_YOUR_CONNECTION },
          ]),
        record: ({ emailTaken }) => store.record(emailTaken ? [all, taken] : [all], now()),
      }
    },

    emailedLink(req) {
      const key = keyOf('link.address', addressOf(req))
      return {
        check: () => enforce(store, req, [{ key, limit: ceiling, message: FROM_YOUR_CONNECTION }]),
        record: () => store.record([key], now()),
      }
    },
  }
}
