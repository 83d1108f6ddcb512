import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../src/lib/db.ts'
import { claimJob, startPeriodicJob } from '../../src/lib/jobs.ts'
import type { Logger } from '../../src/lib/logger.ts'
import { closeDb } from '../../src/lib/sql.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'

/**
 * The periodic jobs' scheduler (src/lib/jobs.ts): several instances on one database (here two
 * database clients, as two processes have) run a job once per period, and a claim left by a run that
 * died comes back after its lease. "Time passes" by moving the row's times back, never by waiting.
 */
let testDb: TestDb
let db: Db
let otherDb: Db
beforeAll(async () => {
  testDb = await freshDb()
  db = testDb.db
  // PostgreSQL: a second client, as a second instance has. SQLite: the same one, since better-sqlite3
  // waits for a lock synchronously, so that two connections in one process would wait for each other
  // on one thread (the instances of a SQLite site are processes, each with its own thread)
  otherDb = process.env.TEST_PG_URL ? await createDb(testDb.url) : db
})
afterAll(async () => {
  if (otherDb !== db) await closeDb(otherDb)
  await testDb.cleanup()
})

const HOUR = 60 * 60_000
const logged: { level: string; message: string; details?: Record<string, unknown> }[] = []
const logger: Logger = {
  info: (message, details) => logged.push({ level: 'info', message, details }),
  warn: (message, details) => logged.push({ level: 'warn', message, details }),
  error: (message, details) => logged.push({ level: 'error', message, details }),
}

/** A job that counts its runs. */
function countingJob() {
  const job = {
    runs: 0,
    work: async () => {
      job.runs += 1
    },
  }
  return job
}

/** Both instances start their scheduler at the same moment, then stop (stop() waits for the check or run in progress). */
async function startOnBoth(name: string, work: () => Promise<void>, options: { intervalMs?: number; leaseMs?: number } = {}) {
  const schedulers = [db, otherDb].map((client) =>
    startPeriodicJob({ db: client, name, intervalMs: options.intervalMs ?? HOUR, leaseMs: options.leaseMs, work, logger }),
  )
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()))
}

/** The job's latest run, or its claim, happened `ms` earlier. */
async function timePasses(name: string, ms: number) {
  const row = await db.scheduledJob.findUniqueOrThrow({ where: { name } })
  await db.scheduledJob.update({
    where: { name },
    data: {
      lastRunAt: row.lastRunAt && new Date(row.lastRunAt.getTime() - ms),
      claimedUntil: row.claimedUntil && new Date(row.claimedUntil.getTime() - ms),
    },
  })
}

/** Polls until `condition` holds (a few seconds at most). */
async function until(condition: () => Promise<boolean>, what: string) {
  for (let tries = 0; tries < 200; tries++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`never happened: ${what}`)
}

describe('periodic jobs on several instances', () => {
  it('when two instances start the same job at once, then it runs once; a period later, once more; not before', async () => {
    const job = countingJob()
    await startOnBoth('test-once', job.work)
    expect(job.runs).toBe(1)

    await timePasses('test-once', HOUR / 2)
    await startOnBoth('test-once', job.work)
    expect(job.runs).toBe(1)

    await timePasses('test-once', HOUR / 2)
    await startOnBoth('test-once', job.work)
    expect(job.runs).toBe(2)
    expect(await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-once' } })).toMatchObject({
      runs: 2,
      claimedBy: null,
      claimedUntil: null,
      lastError: null,
    })
  })

  it('when the instance that claimed a period died, then another runs it once the claim’s lease is over, not before', async () => {
    const job = countingJob()
    await db.scheduledJob.create({ data: { name: 'test-dead' } })
    // a process claims the job, then is killed: nobody renews its claim nor ends it
    expect(await claimJob(db, { name: 'test-dead', intervalMs: HOUR, leaseMs: 60_000, owner: 'killed', now: new Date() })).toBe(true)

    await startOnBoth('test-dead', job.work)
    expect(job.runs).toBe(0)

    await timePasses('test-dead', 61_000)
    await startOnBoth('test-dead', job.work)
    expect(job.runs).toBe(1)
    const row = await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-dead' } })
    expect(row).toMatchObject({ runs: 2, claimedBy: null, claimedUntil: null })
    expect(row.lastRunAt!.getTime()).toBeGreaterThan(Date.now() - 60_000)
  })

  it('when a run lasts longer than its lease, then the lease is renewed while it runs and the other instance does not start it again', async () => {
    let finish = () => {}
    let runs = 0
    const work = () => {
      runs += 1
      return new Promise<void>((resolve) => {
        finish = resolve
      })
    }
    const leaseMs = 300
    const long = startPeriodicJob({ db, name: 'test-long', intervalMs: 50, leaseMs, work, logger })
    await until(async () => runs === 1, 'the run started')
    const firstLease = (await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-long' } })).claimedUntil!.getTime()
    // past the first lease: it has been renewed
    await until(
      async () => (await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-long' } })).claimedUntil!.getTime() > firstLease + leaseMs,
      'the lease renewed',
    )
    await startPeriodicJob({ db: otherDb, name: 'test-long', intervalMs: 50, leaseMs, work, logger }).stop()
    expect(runs).toBe(1)

    finish()
    await long.stop()
    expect(await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-long' } })).toMatchObject({ runs: 1, claimedBy: null, claimedUntil: null })
  })

  it('when a run fails, then the error is logged and kept on the job, the claim is ended and the job runs at its next period', async () => {
    let fail = true
    const work = async () => {
      if (fail) throw new Error('base indisponible')
    }
    await startOnBoth('test-failing', work)
    expect(logged).toContainEqual({ level: 'error', message: 'job failed', details: { job: 'test-failing', error: 'base indisponible' } })
    expect(await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-failing' } })).toMatchObject({
      runs: 1,
      claimedBy: null,
      lastError: 'base indisponible',
    })

    fail = false
    await timePasses('test-failing', HOUR)
    await startOnBoth('test-failing', work)
    expect(await db.scheduledJob.findUniqueOrThrow({ where: { name: 'test-failing' } })).toMatchObject({ runs: 2, lastError: null })
  })
})
