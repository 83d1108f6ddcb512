/**
 * Guard rail learned from les-emplois: an application must not sleep in a référent's queue. Those
 * waiting for more than 3 working days (Monday to Friday, French public holidays excepted, days
 * counted in Paris time) get one reminder email to the référents of the candidate's établissement.
 * `referentReminderAt` records it, so each wait is reminded once; a resubmission starts a new wait.
 */
import { startPeriodicJob } from '../../lib/jobs.ts'
import type { Config } from '../../config.ts'
import { vacuumAfterChanges, type Db } from '../../lib/db.ts'
import type { Logger } from '../../lib/logger.ts'
import { fullName } from '../../lib/text.ts'
import { activeReferentsOf, queueReferentReminderEmail } from './emails.ts'
import { applicationTitle } from './labels.ts'

export const REMINDER_AFTER_WORKING_DAYS = 3

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar day in Paris, as a UTC midnight date (for day arithmetic only). */
function parisDay(date: Date): Date {
  return new Date(`${PARIS_DAY.format(date)}T00:00:00Z`)
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 86_400_000)
}

/** Easter Sunday (Gregorian, anonymous algorithm), as a UTC midnight date. */
function easterSunday(year: number): Date {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return new Date(Date.UTC(year, month - 1, day))
}

const holidayCache = new Map<number, Set<string>>()

/** The French (metropolitan) public holidays of a year, as yyyy-mm-dd. */
function frenchHolidays(year: number): Set<string> {
  let holidays = holidayCache.get(year)
  if (!holidays) {
    const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((day) => `${year}-${day}`)
    const easter = easterSunday(year)
    // lundi de Pâques, Ascension, lundi de Pentecôte
    const movable = [1, 39, 50].map((offset) => addDays(easter, offset).toISOString().slice(0, 10))
    holidays = new Set([...fixed, ...movable])
    holidayCache.set(year, holidays)
  }
  return holidays
}

export function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  return !frenchHolidays(day.getUTCFullYear()).has(day.toISOString().slice(0, 10))
}

/** Working days after the day of `since` up to and including the day of `now` (Paris calendar). */
export function workingDaysBetween(since: Date, now: Date): number {
  const last = parisDay(now)
  let count = 0
  for (let day = addDays(parisDay(since), 1); day <= last; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count += 1
    if (count > 366) break
  }
  return count
}

/**
 * Send one reminder per référent listing the applications of their établissement waiting for more than
 * 3 working days that were not reminded yet. Safe to run from several processes: each application is
 * claimed by a conditional update before anything is queued.
 */
export async function remindReferentsOfWaitingApplications(db: Db, config: Config, now: Date = new Date()): Promise<{ applications: number; emails: number }> {
  // a cheap bound first: nothing that started waiting in the last 3 calendar days can be 3 working days old
  const waiting = await db.application.findMany({
    where: { status: 'PENDING_REFERENT', referentReminderAt: null, statusChangedAt: { lte: addDays(now, -REMINDER_AFTER_WORKING_DAYS) } },
    select: { id: true, statusChangedAt: true, candidate: { select: { establishmentId: true } } },
    orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }],
    take: 2000,
  })
  const byEstablishment = new Map<number, number[]>()
  for (const application of waiting) {
    if (workingDaysBetween(application.statusChangedAt, now) <= REMINDER_AFTER_WORKING_DAYS) continue
    const ids = byEstablishment.get(application.candidate.establishmentId) ?? []
    ids.push(application.id)
    byEstablishment.set(application.candidate.establishmentId, ids)
  }
  let applications = 0
  let emails = 0
  for (const [establishmentId, ids] of byEstablishment) {
    await db.$transaction(async (tx) => {
      const claimed: number[] = []
      for (const id of ids) {
        const { count } = await tx.application.updateMany({
          where: { id, status: 'PENDING_REFERENT', referentReminderAt: null },
          data: { referentReminderAt: now },
        })
        if (count === 1) claimed.push(id)
      }
      if (claimed.length === 0) return
      const rows = await tx.application.findMany({
        where: { id: { in: claimed } },
        include: {
          offer: { select: { title: true } },
          employer: { select: { name: true } },
          candidate: { select: { user: { select: { firstName: true, lastName: true } } } },
        },
        orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }],
      })
      const list = rows.map((row) => ({
        id: row.id,
        candidateName: fullName(row.candidate.user),
        title: applicationTitle(row),
        submittedAt: row.statusChangedAt,
      }))
      applications += list.length
      for (const referent of await activeReferentsOf(tx, establishmentId)) {
        await queueReferentReminderEmail(tx, config, { to: referent.email, firstName: referent.firstName, applications: list })
        emails += 1
      }
    })
  }
  return { applications, emails }
}

const ONE_HOUR = 60 * 60 * 1000

/** Runs the reminders now, then every hour (server.ts); runs never overlap, errors are logged. */
export function startReferentRemindersJob({
  db,
  config,
  logger,
  intervalMs = ONE_HOUR,
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
    name: 'referent-reminders',
    intervalMs,
    leaseMs,
    logger,
    work: async () => {
      const { applications, emails } = await remindReferentsOfWaitingApplications(db, config)
      if (applications > 0) {
        logger.info('référents reminded of waiting applications', { applications, emails })
        await vacuumAfterChanges(db, 'Application', applications)
      }
    },
  })
}
