import { startPeriodicJob } from '../../lib/jobs.ts'
import type { Db } from '../../lib/db.ts'
import type { Logger } from '../../lib/logger.ts'
import { closeExpiredOffers, vacuumOffersAfterClosing } from './service.ts'

const FIVE_MINUTES = 5 * 60 * 1000

/**
 * Closes the offers past their end date now, then every few minutes (server.ts). Candidates never
 * see an expired offer in between: every query checks the end date itself.
 */
export function startExpiredOffersJob({ db, logger, intervalMs = FIVE_MINUTES }: { db: Db; logger: Logger; intervalMs?: number }) {
  return startPeriodicJob({
    name: 'closing expired offers',
    intervalMs,
    logger,
    work: async () => {
      const count = await closeExpiredOffers(db)
      if (count > 0) {
        logger.info('offers closed after their end date', { count })
        await vacuumOffersAfterClosing(db)
      }
    },
  })
}
