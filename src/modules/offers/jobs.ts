import type { Db } from '../../lib/db.ts'
import type { Logger } from '../../lib/logger.ts'
import { closeExpiredOffers } from './service.ts'

const FIVE_MINUTES = 5 * 60 * 1000

/**
 * Closes the offers past their end date now, then every few minutes (server.ts). Candidates never
 * see an expired offer in between: every query checks the end date itself.
 */
export function startExpiredOffersJob({ db, logger, intervalMs = FIVE_MINUTES }: { db: Db; logger: Logger; intervalMs?: number }) {
  let running: Promise<void> | null = null
  const run = () => {
    if (running) return
    running = closeExpiredOffers(db)
      .then((count) => {
        if (count > 0) logger.info('offers closed after their end date', { count })
      })
      .catch((error: unknown) => logger.error('closing expired offers failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
