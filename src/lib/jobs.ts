import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { isPrismaError, type Db } from './db.ts'
import type { Logger } from './logger.ts'

/**
 * Periodic jobs (offer expiry, reminders, clean-ups…) run once per period across every instance of
 * the app on one database, and carry on when the instance that ran them dies.
 *
 * Every instance runs the scheduler; before each run, it claims the job's row of ScheduledJob with a
 * conditional update: "the period is due (lastRunAt at least one interval ago) and nobody holds a live
 * claim". Only the instance whose update changed the row runs the job; the others see 0 rows changed
 * and wait for the next period. A claim is a lease (claimedUntil), renewed while the run goes on and
 * released when it ends: the job of an instance that died mid-run comes back to the others once its
 * lease is over, without waiting for the next period.
 *
 * Why a claimed row rather than a PostgreSQL advisory lock: it works the same on SQLite and
 * PostgreSQL (one code path, tested on both); it remembers the last run, so a
 * restart does not run every job again before its period, and tells an operator when each job last
 * ran and how; and it holds nothing open during the run (a session advisory lock belongs to one
 * pooled connection, which Prisma does not let us keep; a transaction one would keep a transaction
 * open for the whole run).
 * Times come from each instance's clock: the machines must keep their clocks synchronised (NTP);
 * a skew of a few seconds only moves a run by as much.
 *
 * A run that outlives its lease without renewing it (the database unreachable for a while) may meet
 * another instance's run of the same job: keep the jobs' writes conditional ("close the offers still
 * open past their date"), so that running twice does nothing twice.
 */

/** How long a claim holds without being renewed; renewed every third of it while the run goes on. */
export const DEFAULT_JOB_LEASE_MS = 60_000
/** Never check again sooner than this (a due job whose claim just failed, clocks a few ms apart). */
const MIN_CHECK_DELAY_MS = 50
const MAX_ERROR_LENGTH = 500

export type PeriodicJob = { stop(): Promise<void> }

export type PeriodicJobOptions = {
  db: Db
  /** the key of the job's row in ScheduledJob, e.g. "expired-offers" */
  name: string
  intervalMs: number
  /** how long a claim holds without renewal (default DEFAULT_JOB_LEASE_MS) */
  leaseMs?: number
  work: () => Promise<void>
  logger: Logger
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH)

/** The job's row exists (several instances may create it at once: one wins, the others see it there). */
async function ensureJobRow(db: Db, name: string): Promise<void> {
  if (await db.scheduledJob.findUnique({ where: { name }, select: { name: true } })) return
  try {
    await db.scheduledJob.create({ data: { name } })
  } catch (error) {
    if (!isPrismaError(error, 'P2002')) throw error
  }
}

/** Claims the period if it is due and nobody holds a live claim: true for the one caller that changed the row. */
export async function claimJob(
  db: Db,
  { name, intervalMs, leaseMs, owner, now }: { name: string; intervalMs: number; leaseMs: number; owner: string; now: Date },
) {
  const { count } = await db.scheduledJob.updateMany({
    where: {
      name,
      AND: [
        { OR: [{ lastRunAt: null }, { lastRunAt: { lte: new Date(now.getTime() - intervalMs) } }] },
        { OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
      ],
    },
    data: { claimedUntil: new Date(now.getTime() + leaseMs), claimedBy: owner, runs: { increment: 1 } },
  })
  return count === 1
}

/** Pushes the lease back while the run goes on; false when the claim was lost (taken over after it expired). */
async function renewClaim(db: Db, name: string, owner: string, leaseMs: number): Promise<boolean> {
  const { count } = await db.scheduledJob.updateMany({
    where: { name, claimedBy: owner },
    data: { claimedUntil: new Date(Date.now() + leaseMs) },
  })
  return count === 1
}

/** The run is over: the next period starts one interval after this run started. */
async function releaseClaim(db: Db, name: string, owner: string, startedAt: Date, error: string | null): Promise<boolean> {
  const { count } = await db.scheduledJob.updateMany({
    where: { name, claimedBy: owner },
    data: { claimedUntil: null, claimedBy: null, lastRunAt: startedAt, lastFinishedAt: new Date(), lastError: error },
  })
  return count === 1
}

/** How long to wait before the job may be claimed: its next period, or the end of another's claim; null without its row. */
async function delayUntilDue(db: Db, name: string, intervalMs: number): Promise<number | null> {
  const row = await db.scheduledJob.findUnique({ where: { name }, select: { lastRunAt: true, claimedUntil: true } })
  if (!row) return null
  const now = Date.now()
  const due = Math.max(row.lastRunAt ? row.lastRunAt.getTime() + intervalMs : now, row.claimedUntil?.getTime() ?? now)
  return Math.min(Math.max(due - now, MIN_CHECK_DELAY_MS), intervalMs)
}

/**
 * Runs `work` now if its period is due, then once every `intervalMs` across all the instances on the
 * database (see the top of this file); never two runs at once; an error is logged, never thrown.
 * The timer does not keep the process alive, and stop() waits for the check or run in progress.
 */
export function startPeriodicJob({ db, name, intervalMs, leaseMs = DEFAULT_JOB_LEASE_MS, work, logger }: PeriodicJobOptions): PeriodicJob {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let rowReady = false

  const runClaimed = async (owner: string, startedAt: Date) => {
    const heartbeat = setInterval(() => {
      renewClaim(db, name, owner, leaseMs)
        .then((held) => {
          if (!held) logger.warn('job: claim lost while running (its lease expired)', { job: name })
        })
        .catch((error: unknown) => logger.warn('job: claim not renewed', { job: name, error: errorText(error) }))
    }, leaseMs / 3)
    heartbeat.unref()
    let failure: string | null = null
    try {
      await work()
    } catch (error) {
      failure = errorText(error)
      logger.error('job failed', { job: name, error: failure })
    } finally {
      clearInterval(heartbeat)
    }
    if (!(await releaseClaim(db, name, owner, startedAt, failure))) logger.warn('job: claim lost while running (its lease expired)', { job: name })
  }

  /** One check: claim and run if due; returns how long to wait before the next check. */
  const check = async (): Promise<number> => {
    try {
      if (!rowReady) {
        await ensureJobRow(db, name)
        rowReady = true
      }
      const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
      const startedAt = new Date()
      if (await claimJob(db, { name, intervalMs, leaseMs, owner, now: startedAt })) await runClaimed(owner, startedAt)
      const delay = await delayUntilDue(db, name, intervalMs)
      // its row was removed (by hand): made again at the next check
      if (delay === null) rowReady = false
      return delay ?? MIN_CHECK_DELAY_MS
    } catch (error) {
      // the database is unreachable: try again a little later
      logger.error('job: check failed', { job: name, error: errorText(error) })
      return Math.min(intervalMs, leaseMs)
    }
  }

  let running: Promise<void> | null = null
  const tick = () => {
    running = check().then((delay) => {
      running = null
      if (stopped) return
      timer = setTimeout(tick, delay)
      timer.unref()
    })
  }
  tick()

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
