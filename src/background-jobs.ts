import type { Config } from './config.ts'
import type { Db } from './lib/db.ts'
import type { PeriodicJob } from './lib/jobs.ts'
import type { Logger } from './lib/logger.ts'
import { createMailTransport, startOutboxWorker } from './lib/outbox.ts'
import { startDataRetentionJob } from './modules/admin/retention/jobs.ts'
import { startReferentRemindersJob } from './modules/applications/reminders.ts'
import { startExpiredOffersJob } from './modules/offers/jobs.ts'
import { startSavedSearchAlertsJob } from './modules/offers/saved-searches.ts'
import { createAttemptStore } from './web/rate-limit.ts'
import type { DatabaseSessionStore } from './web/session-store.ts'
import { startExpiredSessionsJob } from './web/session.ts'

/**
 * The background work of one instance (server.ts). Every instance may start it: each email of the
 * outbox and each period of a job is claimed in the database first (src/lib/outbox.ts,
 * src/lib/jobs.ts), so that several instances send each email once and run each job once per period,
 * and the others carry on when one dies.
 */
export function startBackgroundJobs({
  db,
  config,
  sessionStore,
  logger,
}: {
  db: Db
  config: Config
  sessionStore: DatabaseSessionStore
  logger: Logger
}): PeriodicJob[] {
  const every = config.jobIntervalsMs
  const leaseMs = config.jobLeaseMs
  return [
    startOutboxWorker({
      db,
      transport: createMailTransport(config),
      config,
      intervalMs: config.outboxIntervalMs,
      leaseMs: config.outboxLeaseMs,
      logger,
    }),
    startReferentRemindersJob({ db, config, logger, intervalMs: every['referent-reminders'], leaseMs }),
    startExpiredOffersJob({ db, logger, intervalMs: every['expired-offers'], leaseMs }),
    startSavedSearchAlertsJob({ db, config, logger, intervalMs: every['saved-search-alerts'], leaseMs }),
    startDataRetentionJob({ db, config, logger, intervalMs: every['data-retention'], leaseMs }),
    startExpiredSessionsJob({
      db,
      store: sessionStore,
      attempts: createAttemptStore(db, config),
      logger,
      intervalMs: every['expired-sessions'],
      leaseMs,
    }),
  ]
}
