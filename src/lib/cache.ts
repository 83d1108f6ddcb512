/**
 * Figures over a whole table (the administrator's dashboard and statistics: 200,000 applications at
 * scale) cost tens to hundreds of milliseconds to compute; under load, every request computing them
 * again would queue behind the others. A FiguresCache computes each key at most once at a time (the
 * requests that arrive meanwhile wait for that computation) and serves the result for `maxAgeMs`.
 * Past that age and up to `maxStaleMs`, it still answers at once with the figures it has while it
 * computes them again in the background, so that only the first request ever waits; older figures
 * are computed again before answering. The pages say when their figures were computed.
 * `maxAgeMs: 0` turns it off (tests that change data and read figures back). The offers' search keeps
 * what each convention finds the same way, for a few seconds and without stale answers (offers/listings.ts).
 */
export type Computed<T> = { value: T; computedAt: Date }

export type FiguresCache<T> = {
  get(key: string, compute: () => Promise<T>): Promise<Computed<T>>
  /** forget every key: the next read computes again */
  clear(): void
}

export type FiguresCacheOptions = {
  maxAgeMs: number
  maxStaleMs?: number
  /** past this many keys, the one computed longest ago is forgotten */
  maxKeys?: number
  now?: () => number
}

export function createFiguresCache<T>({ maxAgeMs, maxStaleMs = maxAgeMs * 10, maxKeys = 100, now = () => Date.now() }: FiguresCacheOptions): FiguresCache<T> {
  const done = new Map<string, Computed<T>>()
  const running = new Map<string, Promise<Computed<T>>>()

  function computeOnce(key: string, compute: () => Promise<T>): Promise<Computed<T>> {
    let computation = running.get(key)
    if (!computation) {
      computation = (async () => {
        const computedAt = new Date(now())
        const value = await compute()
        return { value, computedAt }
      })()
      running.set(key, computation)
      computation.then(
        (result) => {
          running.delete(key)
          if (maxAgeMs <= 0) return
          // the key kept longest makes room (a Map keeps its keys in the order they were set)
          done.delete(key)
          if (done.size >= maxKeys) done.delete(done.keys().next().value as string)
          done.set(key, result)
        },
        () => running.delete(key),
      )
    }
    return computation
  }

  return {
    async get(key, compute) {
      const cached = done.get(key)
      const age = cached ? now() - cached.computedAt.getTime() : Infinity
      if (cached && age < maxAgeMs) return cached
      if (cached && age < maxStaleMs) {
        // answer now; the next requests get the new figures (a failure is left for them to meet)
        computeOnce(key, compute).catch(() => {})
        return cached
      }
      return computeOnce(key, compute)
    },
    clear() {
      done.clear()
    },
  }
}

const perDatabase = new WeakMap<object, Map<string, FiguresCache<unknown>>>()

/**
 * The cache of one purpose for one database client, as this process serves it: the page, its exports
 * and the jobs that read the same client share it (the app and each test have their own client). The
 * options given first for a client and purpose are the ones kept.
 */
export function cacheOf<T>(db: object, purpose: string, options: FiguresCacheOptions): FiguresCache<T> {
  let caches = perDatabase.get(db)
  if (!caches) {
    caches = new Map()
    perDatabase.set(db, caches)
  }
  let cache = caches.get(purpose)
  if (!cache) {
    cache = createFiguresCache<unknown>(options)
    caches.set(purpose, cache)
  }
  return cache as FiguresCache<T>
}
