import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { createClient as CreateClient, RedisClientType } from '@redis/client'
import { logger as defaultLogger, type Logger } from '../lib/logger.ts'
import type { AttemptCount, AttemptStore } from './rate-limit.ts'

/**
 * The throttles' counts in Redis (REDIS_URL set), shared by every instance that uses the same Redis
 * and prefix. One sorted set per key (the key already hashed by rate-limit.ts): one member per
 * attempt, scored by its time in milliseconds. Counting is ZCOUNT over the window, the oldest and
 * latest are the first and last scores in it: the same answers as the database's rows.
 *
 * A set expires one window after its latest attempt, and each new attempt trims what is older than
 * the window, so the store stays small by itself; the periodic clean-up (removeBefore) trims every set
 * of the prefix all the same, as it does the database's rows.
 */

/** `windowMs`: the throttles' window (rate-limit.ts), past which an attempt never counts again. */
export type RedisAttemptStoreOptions = { url: string; prefix: string; windowMs: number; logger?: Logger }

/** How long a request waits for the first connection to Redis before it fails (an error page, not a hang). */
const FIRST_CONNECTION_WAIT_MS = 3000

export class RedisAttemptStore implements AttemptStore {
  readonly #client: RedisClientType
  readonly #prefix: string
  readonly #windowMs: number
  readonly #connecting: Promise<unknown>

  constructor({ url, prefix, windowMs, logger = defaultLogger }: RedisAttemptStoreOptions) {
    this.#prefix = prefix
    this.#windowMs = windowMs
    let wasReady = false
    // loaded here, when REDIS_URL is set: without it the client is never needed (6 MB)
    const { createClient } = createRequire(import.meta.url)('@redis/client') as { createClient: typeof CreateClient }
    this.#client = createClient({
      url,
      // while Redis is unreachable, a throttled form answers an error at once instead of waiting
      disableOfflineQueue: true,
      socket: { connectTimeout: FIRST_CONNECTION_WAIT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
    }) as RedisClientType
    // an 'error' listener is required (else the process stops); one log line per outage, not per retry
    this.#client.on('error', (error: unknown) => {
      if (!wasReady) return
      wasReady = false
      logger.error('throttles: Redis unreachable', { error: error instanceof Error ? error.message : String(error) })
    })
    this.#client.on('ready', () => {
      wasReady = true
    })
    this.#connecting = this.#client.connect()
    this.#connecting.catch(() => undefined)
  }

  /** Commands are refused while not connected: wait (briefly) for the first connection only. */
  async #ready(): Promise<RedisClientType> {
    if (this.#client.isReady) return this.#client
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('Redis injoignable (REDIS_URL)')), FIRST_CONNECTION_WAIT_MS)
    })
    try {
      await Promise.race([this.#connecting, timeout])
    } finally {
      clearTimeout(timer)
    }
    return this.#client
  }

  #key(key: string): string {
    return `${this.#prefix}attempts:${key}`
  }

  async count(keys: string[], since: Date): Promise<Map<string, AttemptCount>> {
    const client = await this.#ready()
    const min = since.getTime()
    const counts = await Promise.all(
      keys.map(async (key) => {
        const stored = this.#key(key)
        const [count, oldest, latest] = await Promise.all([
          client.zCount(stored, min, '+inf'),
          client.zRangeWithScores(stored, min, '+inf', { BY: 'SCORE', LIMIT: { offset: 0, count: 1 } }),
          client.zRangeWithScores(stored, '+inf', min, { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: 1 } }),
        ])
        return { key, count, oldest: oldest[0]?.score, latest: latest[0]?.score }
      }),
    )
    const result = new Map<string, AttemptCount>()
    for (const { key, count, oldest, latest } of counts) {
      if (count > 0 && oldest !== undefined && latest !== undefined) result.set(key, { count, oldest: new Date(oldest), latest: new Date(latest) })
    }
    return result
  }

  async record(keys: string[], at: Date): Promise<void> {
    const client = await this.#ready()
    const score = at.getTime()
    const transaction = client.multi()
    for (const key of keys) {
      const stored = this.#key(key)
      // members are unique: two attempts at the same millisecond are two attempts
      transaction.zAdd(stored, { score, value: `${score}:${randomBytes(6).toString('base64url')}` })
      transaction.zRemRangeByScore(stored, '-inf', `(${score - this.#windowMs}`)
      transaction.pExpire(stored, this.#windowMs)
    }
    await transaction.exec()
  }

  async forget(keys: string[]): Promise<void> {
    if (keys.length === 0) return
    const client = await this.#ready()
    await client.del(keys.map((key) => this.#key(key)))
  }

  async removeBefore(before: Date): Promise<number> {
    const client = await this.#ready()
    let removed = 0
    let cursor = '0'
    do {
      const page = await client.scan(cursor, { MATCH: `${this.#prefix}attempts:*`, COUNT: 500 })
      cursor = String(page.cursor)
      const counts = await Promise.all(page.keys.map((stored) => client.zRemRangeByScore(stored, '-inf', `(${before.getTime()}`)))
      removed += counts.reduce((total, count) => total + count, 0)
    } while (cursor !== '0')
    return removed
  }

  async close(): Promise<void> {
    if (this.#client.isReady) await this.#client.close()
    // still trying to connect: stop trying
    else if (this.#client.isOpen) this.#client.destroy()
  }
}
