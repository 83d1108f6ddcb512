/**
 * Figures over a whole table (the administrator's dashboard and statistics: 200,000 applications at
 * scale) cost tens of milliseconds to hundreds to compute; under load, every request computing them
 * again would queue behind the others. A FiguresCache computes each key at most once at a time (the
 * requests that arrive meanwhile wait for that computation) and serves the result for `maxAgeMs`;
 * the pages say when their figures were computed. `maxAgeMs: 0` turns it off (tests that change data
 * and read figures back).
 */
export type Computed<T> = { value: T; computedAt: Date }

export type FiguresCache<T> = {
  get(key: string, compute: () => Promise<T>): Promise<Computed<T>>
  /** forget every key: the next read computes again */
  clear(): void
}

const MAX_KEYS = 100

export function createFiguresCache<T>({ maxAgeMs, now = () => Date.now() }: { maxAgeMs: number; now?: () => number }): FiguresCache<T> {
  const done = new Map<string, Computed<T>>()
  const running = new Map<string, Promise<Computed<T>>>()
  return {
    async get(key, compute) {
      const cached = done.get(key)
      if (cached && now() - cached.computedAt.getTime() < maxAgeMs) return cached
      let computation = running.get(key)
      if (!computation) {
        computation = (async () => {
          const computedAt = new Date(now())
          const value = await compute()
          return { value, computedAt }
        })()
        running.set(key, computation)
        try {
          const result = await computation
          if (maxAgeMs > 0) {
            if (done.size >= MAX_KEYS) done.clear()
            done.set(key, result)
          }
          return result
        } finally {
          running.delete(key)
        }
      }
      return computation
    },
    clear() {
      done.clear()
    },
  }
}
