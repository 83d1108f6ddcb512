import { describe, expect, it } from 'vitest'
import { cacheOf, createFiguresCache } from '../../src/lib/cache.ts'

/** A computation that counts its calls and resolves when told. */
function counted() {
  let calls = 0
  const pending: ((value: number) => void)[] = []
  return {
    compute: () => {
      calls++
      return new Promise<number>((resolve) => pending.push(resolve))
    },
    finish: (value: number) => {
      for (const resolve of pending.splice(0)) resolve(value)
    },
    calls: () => calls,
  }
}

/** A cache with a one-minute age whose key 'k' holds 1, computed at instant 0. */
async function cacheHoldingOne() {
  let clock = 0
  const cache = createFiguresCache<number>({ maxAgeMs: 60_000, now: () => clock })
  const work = counted()
  const first = cache.get('k', work.compute)
  work.finish(1)
  await first
  return { cache, work, setClock: (instant: number) => (clock = instant) }
}

describe('figures cache', () => {
  it('when twenty requests arrive together, then the figures are computed once and all get them', async () => {
    let clock = 0
    const cache = createFiguresCache<number>({ maxAgeMs: 60_000, now: () => clock })
    const work = counted()
    const answers = Promise.all(Array.from({ length: 20 }, () => cache.get('k', work.compute)))
    work.finish(42)
    expect((await answers).map((answer) => answer.value)).toEqual(Array(20).fill(42))
    expect(work.calls()).toBe(1)
    clock = 30_000
    expect((await cache.get('k', work.compute)).value).toBe(42)
    expect(work.calls()).toBe(1)
  })

  it('when the figures are past their age, then the next request gets them at once and they are computed again for the following ones', async () => {
    const { cache, work, setClock } = await cacheHoldingOne()
    setClock(61_000)
    const stale = await cache.get('k', work.compute)
    expect(stale).toMatchObject({ value: 1, computedAt: new Date(0) })
    expect(work.calls()).toBe(2)
    work.finish(2)
    await new Promise((resolve) => setImmediate(resolve))
    expect(await cache.get('k', work.compute)).toMatchObject({ value: 2, computedAt: new Date(61_000) })
  })

  it('when the figures are much older than their age, then the request waits for new ones; with maxAgeMs 0 nothing is kept', async () => {
    const { cache, work, setClock } = await cacheHoldingOne()
    setClock(11 * 60_000)
    const fresh = cache.get('k', work.compute)
    work.finish(5)
    expect((await fresh).value).toBe(5)

    const off = createFiguresCache<number>({ maxAgeMs: 0 })
    const again = counted()
    const a = off.get('k', again.compute)
    again.finish(1)
    await a
    const b = off.get('k', again.compute)
    again.finish(2)
    expect((await b).value).toBe(2)
    expect(again.calls()).toBe(2)
  })

  it('when more keys are kept than maxKeys, then the one computed longest ago is forgotten and the others are kept', async () => {
    const cache = createFiguresCache<string>({ maxAgeMs: 60_000, maxKeys: 2, now: () => 0 })
    let calls = 0
    const compute = (value: string) => async () => {
      calls++
      return value
    }
    await cache.get('a', compute('a'))
    await cache.get('b', compute('b'))
    await cache.get('c', compute('c'))
    expect(calls).toBe(3)
    expect((await cache.get('b', compute('b again'))).value).toBe('b')
    expect((await cache.get('c', compute('c again'))).value).toBe('c')
    expect((await cache.get('a', compute('a again'))).value).toBe('a again')
    expect(calls).toBe(4)
  })

  it('when two parts of the app ask for the cache of one purpose and one database, then they share it; another purpose or database has its own', () => {
    const db = {}
    const otherDb = {}
    const options = { maxAgeMs: 60_000 }
    expect(cacheOf(db, 'statistics', options)).toBe(cacheOf(db, 'statistics', options))
    expect(cacheOf(db, 'statistics', options)).not.toBe(cacheOf(db, 'offer-search', options))
    expect(cacheOf(db, 'statistics', options)).not.toBe(cacheOf(otherDb, 'statistics', options))
  })
})
