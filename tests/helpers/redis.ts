import { randomUUID } from 'node:crypto'
import { createClient, type RedisClientType } from '@redis/client'
import type { Config } from '../../src/config.ts'
import type { TestContext } from './app.ts'

/** The machine's Redis (README: 127.0.0.1:6379, started by .ci/run); TEST_REDIS_URL to use another. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Whether the test Redis answers. In CI it must: a Redis that is down fails the run instead of skipping. */
export async function redisReachable(): Promise<boolean> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
    await client.close()
    return true
  } catch (error) {
    client.destroy()
    if (process.env.CI) throw new Error(`Redis injoignable sur ${TEST_REDIS_URL} : .ci/run doit le démarrer (${String(error)})`)
    console.warn(`Tests on Redis skipped: nothing answers on ${TEST_REDIS_URL} (start redis-server, or set TEST_REDIS_URL).`)
    return false
  }
}

/** Config for a Redis store of its own: a fresh key prefix, so that test files running at once never share a count. */
export function redisConfig(): Pick<Config, 'redisUrl' | 'redisPrefix'> {
  return { redisUrl: TEST_REDIS_URL, redisPrefix: `atouts-test:${randomUUID()}:` }
}

/** Runs `body` with a client on the test Redis. */
export async function withRedis<T>(body: (client: RedisClientType) => Promise<T>): Promise<T> {
  const client = createClient({ url: TEST_REDIS_URL }) as RedisClientType
  await client.connect()
  try {
    return await body(client)
  } finally {
    await client.close()
  }
}

/** The sorted sets of attempts under a context's prefix. */
async function attemptKeys(client: RedisClientType, prefix: string): Promise<string[]> {
  const keys: string[] = []
  for await (const page of client.scanIterator({ MATCH: `${prefix}attempts:*`, COUNT: 500 })) keys.push(...page)
  return keys
}

/** How many attempts a context's store holds (whatever their age). */
export function storedRedisAttempts(ctx: TestContext): Promise<number> {
  return withRedis(async (client) => {
    let total = 0
    for (const key of await attemptKeys(client, ctx.config.redisPrefix)) total += await client.zCard(key)
    return total
  })
}

/** Every attempt of a context happened `ms` earlier: what waiting would do, without waiting. */
export function redisTimePasses(ctx: TestContext, ms: number): Promise<void> {
  return withRedis(async (client) => {
    for (const key of await attemptKeys(client, ctx.config.redisPrefix)) {
      const members = await client.zRangeWithScores(key, 0, -1)
      if (members.length > 0)
        await client.zAdd(
          key,
          members.map(({ value, score }) => ({ value, score: score - ms })),
        )
    }
  })
}
