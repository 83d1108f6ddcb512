import { startPeriodicJob } from '../../lib/jobs.ts'
import { vacuumAfterChanges, type Db } from '../../lib/db.ts'
import type { Logger } from '../../lib/logger.ts'
import { cleanExpiredImportPreviews, releaseInterruptedImports } from './import.ts'
import { closeExpiredOffers } from './service.ts'

const FIVE_MINUTES = 5 * 60 * 1000

/**
 * Closes the offers past their end date now, then every few minutes (server.ts); cleans the expired
 * import previews and releases the interrupted imports. Candidates never see an expired offer in between: every query checks the
 * end date itself.
 */
export function startExpiredOffersJob({ db, logger, intervalMs = FIVE_MINUTES, leaseMs }: { db: Db; logger: Logger; intervalMs?: number; leaseMs?: number }) {
  return startPeriodicJob({
    db,
    name: 'expired-offers',
    intervalMs,
    leaseMs,
    logger,
    work: async () => {
      const count = await closeExpiredOffers(db)
      if (count > 0) {
        logger.info('offers closed after their end date', { count })
        await vacuumAfterChanges(db, 'Offer', count)
      }
      // the import previews nobody confirmed: not only at the next upload, which may never come
      const previews = await cleanExpiredImportPreviews(db)
      if (previews > 0) logger.info('expired import previews removed', { count: previews })
      const interrupted = await releaseInterruptedImports(db)
      if (interrupted > 0) logger.warn('interrupted offer imports back to their preview', { count: interrupted })
    },
  })
}
