import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../src/lib/db.ts'
import { closeDb } from '../../src/lib/sql.ts'
import { RedisAttemptStore } from '../../src/web/attempt-store-redis.ts'
import { ATTEMPT_WINDOW_MS, DatabaseAttemptStore, type AttemptStore } from '../../src/web/rate-limit.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'
import { redisConfig, redisReachable } from '../helpers/redis.ts'

/**
 * The two stores of the throttles' counts (src/web/rate-limit.ts) give the same answers: what
 * counts in a window, the oldest and the latest attempt, forgetting, the clean-up; and two instances
 * (two clients of one database, or of one Redis) see the same counts.
 */
let testDb: TestDb
let otherDb: Db
const redisStores: RedisAttemptStore[] = []
beforeAll(async () => {
  testDb = await freshDb()
  // PostgreSQL: a second client, as another instance has (SQLite: one; see tests/lib/jobs.test.ts)
  otherDb = process.env.TEST_PG_URL ? await createDb(testDb.url) : testDb.db
})
afterAll(async () => {
  for (const store of redisStores) await store.close()
  if (otherDb !== testDb.db) await closeDb(otherDb)
  await testDb.cleanup()
})

type Instances = () => [AttemptStore, AttemptStore]
const kinds: { name: string; instances: Instances }[] = [
  { name: 'the database', instances: () => [new DatabaseAttemptStore(testDb.db), new DatabaseAttemptStore(otherDb)] },
]
if (await redisReachable()) {
  kinds.push({
    name: 'Redis',
    instances: () => {
      const { redisUrl, redisPrefix } = redisConfig()
      const pair = [0, 1].map(() => new RedisAttemptStore({ url: redisUrl!, prefix: redisPrefix, windowMs: ATTEMPT_WINDOW_MS }))
      redisStores.push(...pair)
      return [pair[0], pair[1]]
    },
  })
}

const MINUTE = 60_000
let sequence = 0
/** keys of one test, apart from the other tests' (the database store is shared by the file) */
const keysOf = (...names: string[]) => {
  sequence += 1
  return names.map((name) => `test.${name}:${sequence}`)
}

for (const kind of kinds) {
  describe(`attempts counted in ${kind.name}`, () => {
    it('when attempts are recorded on one instance, then the other counts those in the window, with the oldest and the latest', async () => {
      const [one, other] = kind.instances()
      const [pair, account, untouched] = keysOf('pair', 'account', 'untouched')
      const now = Date.now()
      await one.record([pair, account], new Date(now - 20 * MINUTE))
      await one.record([pair, account], new Date(now - 10 * MINUTE))
      await other.record([pair], new Date(now - 5 * MINUTE))
      await one.record([account], new Date(now - MINUTE))

      const counts = await other.count([pair, account, untouched], new Date(now - 15 * MINUTE))
      expect(counts.get(pair)).toEqual({ count: 2, oldest: new Date(now - 10 * MINUTE), latest: new Date(now - 5 * MINUTE) })
      expect(counts.get(account)).toEqual({ count: 2, oldest: new Date(now - 10 * MINUTE), latest: new Date(now - MINUTE) })
      expect(counts.has(untouched)).toBe(false)
    })

    it('when two attempts happen at the same millisecond, then both count', async () => {
      const [one, other] = kind.instances()
      const [key] = keysOf('same-time')
      const at = new Date()
      await Promise.all([one.record([key], at), other.record([key], at)])
      expect((await one.count([key], new Date(at.getTime() - MINUTE))).get(key)?.count).toBe(2)
    })

    it('when a key is forgotten, then its attempts no longer count, and the other keys still do', async () => {
      const [one, other] = kind.instances()
      const [pair, account] = keysOf('pair', 'account')
      await one.record([pair, account], new Date())
      await other.forget([pair])
      const counts = await one.count([pair, account], new Date(Date.now() - MINUTE))
      expect(counts.has(pair)).toBe(false)
      expect(counts.get(account)?.count).toBe(1)
    })

    it('when the clean-up runs, then the attempts older than its limit are removed and the recent ones kept', async () => {
      const [one, other] = kind.instances()
      const [key] = keysOf('clean-up')
      const now = Date.now()
      await one.record([key], new Date(now - 16 * MINUTE))
      await one.record([key], new Date(now - 2 * MINUTE))
      expect(await other.removeBefore(new Date(now - ATTEMPT_WINDOW_MS))).toBeGreaterThanOrEqual(1)
      expect((await one.count([key], new Date(0))).get(key)).toEqual({ count: 1, oldest: new Date(now - 2 * MINUTE), latest: new Date(now - 2 * MINUTE) })
    })
  })
}
