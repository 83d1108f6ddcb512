import type { Config } from '../../../config.ts'
import type { Db } from '../../../lib/db.ts'
import { startPeriodicJob } from '../../../lib/jobs.ts'
import type { Logger } from '../../../lib/logger.ts'
import { applyDataRetention } from './service.ts'

const SIX_HOURS = 6 * 60 * 60 * 1000

/** « Conservation des données »: applies the periods now, then every few hours (server.ts). */
export function startDataRetentionJob({
  db,
  config,
  logger,
  intervalMs = SIX_HOURS,
  leaseMs,
}: {
  db: Db
  config: Config
  logger: Logger
  intervalMs?: number
  leaseMs?: number
}) {
  return startPeriodicJob({
    db,
    name: 'data-retention',
    intervalMs,
    leaseMs,
    logger,
    work: async () => {
      const run = await applyDataRetention(db, config)
      logger.info('data retention applied', run)
    },
  })
}
