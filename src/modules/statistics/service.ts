/**
 * The administrator's statistics: one computation (computeStatistics) shared by the page and the CSV
 * exports, read through the read layer (src/lib/sql.ts) in five statements: four small ones (the
 * conventions, the établissements with their candidates, the employers with their offers published in
 * the period, the partnerships) and one over the applications of the period (applicationsOfPeriod:
 * one row per application, its two group keys, its status, whether it reached the interview, its
 * two durations in milliseconds).
 *
 * That last one is grouped five ways (everything, employer, établissement, convention, and the month of
 * submission in Paris time), medians included, where it is fastest (measured on the 200,000
 * applications of `npm run seed:scale`):
 * - PostgreSQL groups in the statement (GROUPING SETS, percentile_cont): a few hundred rows come back
 *   instead of 200,000;
 * - SQLite has neither, and grouping there costs a sort of the whole period per grouping: the rows
 *   are read (as one JSON value) and added up in one pass here (tallyApplications), each application's
 *   month found by a binary search among the instants the months of the period begin.
 * Both take the same rows and give the same figures (the statistics tests run on both databases).
 *
 * Even so, a year at scale costs hundreds of milliseconds: the page and the exports read the figures
 * through a FiguresCache (readStatistics), computed once at a time per period and kept
 * config.figuresMaxAgeMs; the page says when they were computed.
 * The definitions shown on the page (views/statistics/index.ejs) describe exactly what is counted here.
 */
import { cacheOf, type Computed, type FiguresCache } from '../../lib/cache.ts'
import { dialectOf, type ApplicationStatus, type Db, type Dialect } from '../../lib/db.ts'
import { countOf, sql, sqlOf, sqliteDate } from '../../lib/sql.ts'
import { parisDay, parisMidnight } from '../../lib/paris-time.ts'
import type { TStatisticsPeriodForm } from './schemas.ts'

export const APPLICATION_STATUSES = [
  'PENDING_REFERENT',
  'RETURNED',
  'SENT',
  'IN_REVIEW',
  'INTERVIEW',
  'ACCEPTED',
  'REJECTED',
  'WITHDRAWN',
] as const satisfies readonly ApplicationStatus[]

const DAY_MS = 24 * 60 * 60 * 1000

// ───────────────────────── The period ─────────────────────────

/** Calendar days in Paris (first and last included) and the instants they cover: [from, to). */
export type StatisticsPeriod = {
  firstDay: string
  lastDay: string
  from: Date
  to: Date
  /** true when neither day was given: the last 12 months */
  isDefault: boolean
}

/** yyyy-mm-dd + n days */
function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** The day after the same day one year earlier: with `day` itself, twelve months. */
function twelveMonthsEndingOn(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`)
  date.setUTCFullYear(date.getUTCFullYear() - 1)
  return addDays(date.toISOString().slice(0, 10), 1)
}

/**
 * The period asked for, with its defaults: no end → today (Paris), or the start day if it is later;
 * no start → the twelve months that end on the end day.
 */
export function resolvePeriod(form: TStatisticsPeriodForm, now: Date = new Date()): StatisticsPeriod {
  const today = parisDay(now)
  const lastDay = form.au ?? (form.du && form.du > today ? form.du : today)
  const firstDay = form.du ?? twelveMonthsEndingOn(lastDay)
  return {
    firstDay,
    lastDay,
    from: parisMidnight(firstDay),
    to: parisMidnight(addDays(lastDay, 1)),
    isDefault: !form.du && !form.au,
  }
}

// ───────────────────────── The figures ─────────────────────────

/** What every table says about the applications submitted in the period. */
export type ApplicationFigures = {
  byStatus: Record<ApplicationStatus, number>
  applications: number
  /** "Envoyées": validated by the référent (validatedAt set), whatever happened next */
  sent: number
  /** "Entretien": sent and reached the interview step (an INTERVIEW history row) or was accepted */
  interview: number
  /** "Retenues": accepted */
  accepted: number
  /** interview / sent, between 0 and 1; null when nothing was sent */
  interviewRate: number | null
  /** accepted / sent, between 0 and 1; null when nothing was sent */
  acceptanceRate: number | null
  /** median of validatedAt − submittedAt, in days; null when no application was validated */
  medianValidationDays: number | null
  /** median of answeredAt − validatedAt, in days; null when no employer answered */
  medianAnswerDays: number | null
}

export type CandidateFigures = { activeCandidates: number; pendingCandidates: number }

export type ConventionStatistics = { id: number; name: string; region: string; publishedOffers: number } & CandidateFigures & ApplicationFigures
export type EstablishmentStatistics = { id: number; name: string; conventionName: string } & CandidateFigures & ApplicationFigures
export type EmployerStatistics = { id: number; name: string; publishedOffers: number } & ApplicationFigures

/** The applications submitted in one month (in Paris time) of the period: `month` is yyyy-mm. */
export type MonthStatistics = { month: string; applications: number }

/**
 * The three tables, each total counting every candidate, offer and application once; and the
 * applications of every month of the period, in order, zeros included (the first and the last month
 * count the days of the period only).
 */
export type Statistics = {
  conventions: { rows: ConventionStatistics[]; total: Omit<ConventionStatistics, 'id' | 'name' | 'region'> }
  establishments: { rows: EstablishmentStatistics[]; total: Omit<EstablishmentStatistics, 'id' | 'name' | 'conventionName'> }
  employers: { rows: EmployerStatistics[]; total: Omit<EmployerStatistics, 'id' | 'name'> }
  months: MonthStatistics[]
}

// ───────────────────────── Months (in Paris time) ─────────────────────────

/** yyyy-mm → the next month's yyyy-mm */
function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number)
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`
}

/** When each month after the first begins: midnight in Paris on its first day. */
const monthStarts = (months: string[]) => months.slice(1).map((month) => parisMidnight(`${month}-01`))

/** The Paris months that [from, to) touches, in order (yyyy-mm): at least one. */
export function monthsOfPeriod({ from, to }: { from: Date; to: Date }): string[] {
  const last = parisDay(new Date(Math.max(from.getTime(), to.getTime() - 1))).slice(0, 7)
  const months = [parisDay(from).slice(0, 7)]
  while (months.at(-1)! < last) months.push(nextMonth(months.at(-1)!))
  return months
}

// ───────────────────────── Medians ─────────────────────────

/** The middle value (the mean of the two middle values for an even count); null for none. */
export function median(values: number[]): number | null {
  const count = values.length
  if (count === 0) return null
  // selection rather than a full sort: linear time, for the 160,000 durations of a year at scale
  const copy = Float64Array.from(values)
  const middle = Math.floor(count / 2)
  const upper = selectKth(copy, middle)
  if (count % 2 === 1) return upper
  // selectKth left every value before `middle` at most `upper`: the lower middle value is their maximum
  let lower = copy[0]
  for (let index = 1; index < middle; index++) if (copy[index] > lower) lower = copy[index]
  return (lower + upper) / 2
}

/** The k-th smallest value (from 0) of `values`, which it reorders (Hoare's quickselect). */
function selectKth(values: Float64Array, k: number): number {
  let low = 0
  let high = values.length - 1
  while (low < high) {
    const pivot = values[(low + high) >>> 1]
    let i = low
    let j = high
    while (i <= j) {
      while (values[i] < pivot) i++
      while (values[j] > pivot) j--
      if (i <= j) {
        const swapped = values[i]
        values[i++] = values[j]
        values[j--] = swapped
      }
    }
    // now values[low..j] ≤ pivot ≤ values[i..high], and whatever lies between equals the pivot
    if (k <= j) high = j
    else if (k >= i) low = i
    else return values[k]
  }
  return values[k]
}

// ───────────────────────── The applications of the period ─────────────────────────

/** What the figures say about one group of applications, before the rates and the days. */
type GroupFigures = {
  byStatus: Record<ApplicationStatus, number>
  sent: number
  interview: number
  medianValidationMs: number | null
  medianAnswerMs: number | null
}

/**
 * The figures of every group: everything, and by employer, by établissement (of the candidate), by
 * convention; and the number of applications by month of submission (yyyy-mm, Paris time).
 */
type FiguresByGroup = {
  overall: GroupFigures
  employers: Map<number, GroupFigures>
  establishments: Map<number, GroupFigures>
  conventions: Map<number, GroupFigures>
  months: Map<string, number>
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole)

const noStatus = () => Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, 0])) as Record<ApplicationStatus, number>
const emptyGroup = (): GroupFigures => ({ byStatus: noStatus(), sent: 0, interview: 0, medianValidationMs: null, medianAnswerMs: null })

/** A group's figures as the tables show them; no figures (a group without any application) are zeros. */
function applicationFigures(group: GroupFigures | undefined): ApplicationFigures {
  const { byStatus, sent, interview, medianValidationMs, medianAnswerMs } = group ?? emptyGroup()
  const applications = APPLICATION_STATUSES.reduce((sum, status) => sum + byStatus[status], 0)
  const accepted = byStatus.ACCEPTED
  return {
    byStatus: { ...byStatus },
    applications,
    sent,
    interview,
    accepted,
    interviewRate: ratio(interview, sent),
    acceptanceRate: ratio(accepted, sent),
    medianValidationDays: medianValidationMs === null ? null : medianValidationMs / DAY_MS,
    medianAnswerDays: medianAnswerMs === null ? null : medianAnswerMs / DAY_MS,
  }
}

/**
 * A Date as a parameter compared with a DateTime column, which the read layer types as its text form:
 * the driver sends the Date as the database stores it (src/lib/sql.ts).
 */
const dateValue = (date: Date) => sql<string>`${date}`

/**
 * `later − earlier` in whole milliseconds, null when either is null: what `median` and percentile_cont
 * order. SQLite stores dates as text (julianday: days as a double, exact to well under a millisecond
 * at today's dates, hence the rounding); PostgreSQL subtracts timestamps into an interval.
 */
function durationMs(dialect: Dialect, later: 'a.validatedAt' | 'a.answeredAt', earlier: 'a.submittedAt' | 'a.validatedAt') {
  return dialect === 'postgres'
    ? sql<number | null>`round(date_part('epoch', ${sql.ref(later)} - ${sql.ref(earlier)}) * 1000)::bigint`
    : sql<number | null>`cast(round((julianday(${sql.ref(later)}) - julianday(${sql.ref(earlier)})) * 86400000) as integer)`
}

/**
 * The applications submitted in [from, to) (with `ids`, those of ids in [ids.from, ids.to) only), one row
 * each, with what every figure needs: the employer, the candidate's établissement, the status, and
 * - validationMs: validatedAt − submittedAt; null when the référent has not validated it (not "Envoyée"),
 * - answerMs: answeredAt − validatedAt; null until the employer answers,
 * - reachedInterview: 1 when it counts in "Entretien": sent, and the interview step is in its history or
 *   it was accepted (an employer may skip the step); else 0. The history is read once as a set (`IN`:
 *   a hashed subplan on PostgreSQL, a temporary index on SQLite), not probed per application.
 * - submitted: what tells the month of submission (`months`, those of the period), where each database
 *   finds it fastest. PostgreSQL: the month's index in `months`, a grouping key: width_bucket, a
 *   binary search of submittedAt (a UTC timestamp without time zone) among the instants the months
 *   after the first begin (measured at scale: 200 ms less than converting every submittedAt to Paris
 *   time with to_char). SQLite: submittedAt as stored, to the hour (`2026-06-30T21`, UTC), which
 *   tallyApplications compares with the same instants: midnight in Paris is always a whole hour in
 *   UTC, so the minutes never change the month (and 13 characters a row instead of 29 keep the JSON of
 *   a year at scale 3.2 MB lighter).
 */
function applicationsOfPeriod(db: Db, { from, to }: { from: Date; to: Date }, months: string[], ids?: { from: number; to: number }) {
  const dialect = dialectOf(db)
  // SQLite reads the applications in one pass through the table, each candidate found by its key
  // (measured at scale: 1.5 to 3 times faster than through an index, from a week to a year). Left to itself it
  // fetches them one by one through an index instead: Application(status, submittedAt) (a skip-scan: it
  // cannot tell how much of the table the period covers, sqlite_stat4 being off) or, with the candidates
  // first, Application(candidateId, submittedAt). Hence `+` (SQLite's way to keep a term off the
  // indexes; PostgreSQL has no `+` for dates and plans this well by itself) and CROSS JOIN (an inner
  // join that SQLite does in the order written; PostgreSQL plans it as any inner join).
  const submittedAt = dialect === 'sqlite' ? sql<string>`+${sql.ref('a.submittedAt')}` : sql.ref<string>('a.submittedAt')
  return sqlOf(db)
    .selectFrom('Application as a')
    .crossJoin('Candidate as c')
    .whereRef('c.id', '=', 'a.candidateId')
    .where(submittedAt, '>=', dateValue(from))
    .where(submittedAt, '<', dateValue(to))
    .$if(ids !== undefined, (query) => query.where('a.id', '>=', ids!.from).where('a.id', '<', ids!.to))
    .select((eb) => [
      'a.employerId',
      'c.establishmentId',
      'a.status',
      durationMs(dialect, 'a.validatedAt', 'a.submittedAt').as('validationMs'),
      durationMs(dialect, 'a.answeredAt', 'a.validatedAt').as('answerMs'),
      (dialect === 'postgres'
        ? sql<number | string>`width_bucket(${sql.ref('a.submittedAt')}, cast(${monthStarts(months).map((start) => start.toISOString())} as timestamp[]))`
        : sql<number | string>`substr(${sql.ref('a.submittedAt')}, 1, 13)`
      ).as('submitted'),
      eb
        .case()
        .when(
          eb.and([
            eb('a.validatedAt', 'is not', null),
            eb.or([
              eb('a.status', '=', 'ACCEPTED'),
              eb('a.id', 'in', eb.selectFrom('ApplicationEvent as e').select('e.applicationId').where('e.toStatus', '=', 'INTERVIEW')),
            ]),
          ]),
        )
        .then(sql.lit(1))
        .else(sql.lit(0))
        .end()
        .as('reachedInterview'),
    ])
}

/**
 * The figures of every group, in the database: one statement, GROUPING SETS grouping the period's
 * applications five ways at once (the month's set gives its count of applications), the medians by percentile_cont (the mean of the two middle values for
 * an even count, exactly as `median`: the durations are whole milliseconds). PostgreSQL only: SQLite has
 * no GROUPING SETS, and the same figures as four groupings of a materialised CTE (with its median())
 * took longer there than tallyApplications.
 */
async function groupApplicationsInDatabase(db: Db, period: { from: Date; to: Date }, months: string[]): Promise<FiguresByGroup> {
  const rows = await sqlOf(db)
    .selectFrom(applicationsOfPeriod(db, period, months).as('x'))
    .innerJoin('Establishment as s', 's.id', 'x.establishmentId')
    .select((eb) => [
      // null in the rows of the sets that do not group by it (no application lacks any of these keys)
      sql<number | null>`${sql.ref('x.employerId')}`.as('employerId'),
      sql<number | null>`${sql.ref('x.establishmentId')}`.as('establishmentId'),
      sql<number | null>`${sql.ref('s.conventionId')}`.as('conventionId'),
      sql<number | null>`${sql.ref('x.submitted')}`.as('month'),
      ...APPLICATION_STATUSES.map((status) => countOf(eb.case().when('x.status', '=', status).then(sql.lit(1)).end()).as(status)),
      countOf(sql.ref('x.validationMs')).as('sent'),
      countOf(eb.case().when('x.reachedInterview', '=', 1).then(sql.lit(1)).end()).as('interview'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${sql.ref('x.validationMs')})`.as('medianValidationMs'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${sql.ref('x.answerMs')})`.as('medianAnswerMs'),
    ])
    .groupBy(
      sql`grouping sets ((${sql.ref('x.employerId')}), (${sql.ref('x.establishmentId')}), (${sql.ref('s.conventionId')}), (${sql.ref('x.submitted')}), ())`,
    )
    .execute()

  const figures: FiguresByGroup = { overall: emptyGroup(), employers: new Map(), establishments: new Map(), conventions: new Map(), months: new Map() }
  for (const row of rows) {
    const group: GroupFigures = {
      byStatus: Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, row[status]])) as Record<ApplicationStatus, number>,
      sent: row.sent,
      interview: row.interview,
      medianValidationMs: row.medianValidationMs,
      medianAnswerMs: row.medianAnswerMs,
    }
    if (row.employerId !== null) figures.employers.set(row.employerId, group)
    else if (row.establishmentId !== null) figures.establishments.set(row.establishmentId, group)
    else if (row.conventionId !== null) figures.conventions.set(row.conventionId, group)
    else if (row.month !== null)
      figures.months.set(
        months[row.month],
        APPLICATION_STATUSES.reduce((sum, status) => sum + row[status], 0),
      )
    else figures.overall = group
  }
  return figures
}

/** Counts and durations of one group, added up application by application. */
class Tally {
  byStatus = noStatus()
  sent = 0
  interview = 0
  validationDurations: number[] = []
  answerDurations: number[] = []

  add([, , status, validationMs, answerMs, reachedInterview]: ApplicationTuple) {
    this.byStatus[status]++
    if (validationMs === null) return
    this.sent++
    this.interview += reachedInterview
    this.validationDurations.push(validationMs)
    if (answerMs !== null) this.answerDurations.push(answerMs)
  }

  figures(): GroupFigures {
    return {
      byStatus: this.byStatus,
      sent: this.sent,
      interview: this.interview,
      medianValidationMs: median(this.validationDurations),
      medianAnswerMs: median(this.answerDurations),
    }
  }
}

/** A Tally per key, created on first use. */
class Tallies {
  private readonly map = new Map<number, Tally>()
  of(key: number): Tally {
    let tally = this.map.get(key)
    if (!tally) {
      tally = new Tally()
      this.map.set(key, tally)
    }
    return tally
  }
  figures(): Map<number, GroupFigures> {
    return new Map([...this.map].map(([key, tally]) => [key, tally.figures()]))
  }
}

/** A row of applicationsOfPeriod as tallyApplications reads it: these values, in this order. */
type ApplicationTuple = [
  employerId: number,
  establishmentId: number,
  status: ApplicationStatus,
  validationMs: number | null,
  answerMs: number | null,
  reachedInterview: number,
  submitted: string,
]
const TUPLE_COLUMNS = ['employerId', 'establishmentId', 'status', 'validationMs', 'answerMs', 'reachedInterview', 'submitted'] as const

/**
 * Counts applications by their month (`months`, those of the period, in order) from `submitted`, the
 * instant as SQLite stores it, to the hour: the instants the months after the first begin, in the same
 * form (Paris midnights: whole hours in UTC), are computed once, and each application's month is found
 * among them by a binary search.
 */
class MonthTally {
  private readonly starts: string[]
  private readonly counts: number[]
  constructor(private readonly months: string[]) {
    this.starts = monthStarts(months).map((start) => sqliteDate(start).slice(0, 13))
    this.counts = months.map(() => 0)
  }

  add(submitted: string) {
    // the number of months begun at `submitted`, after the first: its month's index
    let low = 0
    let high = this.starts.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.starts[middle] <= submitted) low = middle + 1
      else high = middle
    }
    this.counts[low]++
  }

  figures(): Map<string, number> {
    return new Map(this.months.map((month, index) => [month, this.counts[index]]))
  }
}

/**
 * Applications read per statement by tallyApplications: a slice of ids, so that a year at scale never
 * sits whole in memory. At scale 5,000 took no longer than 25,000 (450–500 ms a year) and the process
 * kept 23 MB less after the computation.
 */
const TALLY_SLICE = 5_000

/**
 * The figures of every group, added up here from the period's applications (SQLite: see the top of this
 * file). The rows come as JSON arrays (SQLite's json_group_array: this is SQLite's way only) rather
 * than as rows: the driver's cost is per row, and 200,000 of them took longer than the statement itself
 * (measured: 950 → 450 ms, JSON.parse included). One array per slice of TALLY_SLICE ids (by the
 * primary key, which SQLite reads as a range of its table; computeStatistics's `idsPerSlice`): the 200,000 rows of a year at scale as one
 * array held about 90 MB at once, and the process kept that memory long after.
 */
async function tallyApplications(
  db: Db,
  period: { from: Date; to: Date },
  conventionOfEstablishment: Map<number, number>,
  months: string[],
  idsPerSlice: number,
): Promise<FiguresByGroup> {
  const reader = sqlOf(db)
  const values = sql.join(TUPLE_COLUMNS.map((name) => sql.ref(`x.${name}`)))
  const { first, last } = await reader
    .selectFrom('Application')
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
    .executeTakeFirstOrThrow()

  const overall = new Tally()
  const byEmployer = new Tallies()
  const byEstablishment = new Tallies()
  const byConvention = new Tallies()
  const byMonth = new MonthTally(months)
  for (let from = Number(first ?? 0); first !== null && from <= Number(last); from += idsPerSlice) {
    const { applications } = await reader
      .selectFrom(applicationsOfPeriod(db, period, months, { from, to: from + idsPerSlice }).as('x'))
      .select(sql<string>`json_group_array(json_array(${values}))`.as('applications'))
      .executeTakeFirstOrThrow()
    for (const application of JSON.parse(applications) as ApplicationTuple[]) {
      const [employerId, establishmentId] = application
      overall.add(application)
      byEmployer.of(employerId).add(application)
      byEstablishment.of(establishmentId).add(application)
      byConvention.of(conventionOfEstablishment.get(establishmentId)!).add(application)
      byMonth.add(application[6])
    }
  }
  return {
    overall: overall.figures(),
    employers: byEmployer.figures(),
    establishments: byEstablishment.figures(),
    conventions: byConvention.figures(),
    months: byMonth.figures(),
  }
}

// ───────────────────────── Organisations ─────────────────────────

/** The établissements, with their candidates as they are now (by their account's status). */
function readEstablishments(db: Db) {
  return sqlOf(db)
    .selectFrom('Establishment as es')
    .leftJoin('Candidate as c', 'c.establishmentId', 'es.id')
    .leftJoin('User as u', 'u.id', 'c.userId')
    .select((eb) => [
      'es.id',
      'es.name',
      'es.conventionId',
      countOf(eb.case().when('u.status', '=', 'ACTIVE').then(sql.lit(1)).end()).as('activeCandidates'),
      countOf(eb.case().when('u.status', '=', 'PENDING_VALIDATION').then(sql.lit(1)).end()).as('pendingCandidates'),
    ])
    .groupBy(['es.id', 'es.name', 'es.conventionId'])
    .execute()
}

/** The employers, with their offers published in [from, to) (an offer closed since then was still published in it). */
function readEmployers(db: Db, { from, to }: { from: Date; to: Date }) {
  return sqlOf(db)
    .selectFrom('Employer as em')
    .leftJoin('Offer as o', (join) =>
      join.onRef('o.employerId', '=', 'em.id').on('o.status', '<>', 'DRAFT').on('o.publishedAt', '>=', dateValue(from)).on('o.publishedAt', '<', dateValue(to)),
    )
    .select(['em.id', 'em.name', countOf(sql.ref('o.id')).as('publishedOffers')])
    .groupBy(['em.id', 'em.name'])
    .execute()
}

// ───────────────────────── The computation ─────────────────────────

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true })
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name) || 0

/**
 * Every figure of the statistics page for the applications submitted, and the offers published,
 * in [from, to). The candidates are counted as they are now (their account status has no history).
 * Five statements (see the top of this file); the page and the exports read it through
 * readStatistics, which keeps it a while.
 */
export async function computeStatistics(
  db: Db,
  period: { from: Date; to: Date },
  { idsPerSlice = TALLY_SLICE }: { idsPerSlice?: number } = {},
): Promise<Statistics> {
  const reader = sqlOf(db)
  const months = monthsOfPeriod(period)
  const [conventions, establishments, employers, partnerships, groupedInDatabase] = await Promise.all([
    reader.selectFrom('Convention').select(['id', 'name', 'region']).execute(),
    readEstablishments(db),
    readEmployers(db, period),
    reader.selectFrom('EmployerPartnership').select(['employerId', 'conventionId']).execute(),
    dialectOf(db) === 'postgres' ? groupApplicationsInDatabase(db, period, months) : null,
  ])
  const conventionOfEstablishment = new Map(establishments.map((establishment) => [establishment.id, establishment.conventionId]))
  const groups = groupedInDatabase ?? (await tallyApplications(db, period, conventionOfEstablishment, months, idsPerSlice))

  // candidates, by their établissement (and its convention)
  const candidatesOf = new Map<number, CandidateFigures>(
    establishments.map((establishment) => [
      establishment.id,
      { activeCandidates: establishment.activeCandidates, pendingCandidates: establishment.pendingCandidates },
    ]),
  )
  const sumCandidates = (ids: number[]): CandidateFigures =>
    ids.reduce(
      (sum, id) => ({
        activeCandidates: sum.activeCandidates + candidatesOf.get(id)!.activeCandidates,
        pendingCandidates: sum.pendingCandidates + candidatesOf.get(id)!.pendingCandidates,
      }),
      { activeCandidates: 0, pendingCandidates: 0 },
    )
  const allCandidates = sumCandidates(establishments.map((establishment) => establishment.id))

  // offers, by their employer; a convention counts the offers of its partner employers
  const offersOf = new Map(employers.map((employer) => [employer.id, employer.publishedOffers]))
  const offersOfConvention = new Map<number, number>()
  const partners = new Set<number>()
  for (const { employerId, conventionId } of partnerships) {
    partners.add(employerId)
    offersOfConvention.set(conventionId, (offersOfConvention.get(conventionId) ?? 0) + (offersOf.get(employerId) ?? 0))
  }
  const allOffers = employers.reduce((sum, employer) => sum + employer.publishedOffers, 0)
  const partnerOffers = employers.reduce((sum, employer) => sum + (partners.has(employer.id) ? employer.publishedOffers : 0), 0)

  const conventionName = new Map(conventions.map((convention) => [convention.id, convention.name]))
  const overallFigures = applicationFigures(groups.overall)
  return {
    conventions: {
      rows: conventions
        .map((convention) => ({
          id: convention.id,
          name: convention.name,
          region: convention.region,
          ...sumCandidates(establishments.filter((establishment) => establishment.conventionId === convention.id).map((establishment) => establishment.id)),
          publishedOffers: offersOfConvention.get(convention.id) ?? 0,
          ...applicationFigures(groups.conventions.get(convention.id)),
        }))
        .sort(byName),
      total: { ...allCandidates, publishedOffers: partnerOffers, ...overallFigures },
    },
    establishments: {
      rows: establishments
        .map((establishment) => ({
          id: establishment.id,
          name: establishment.name,
          conventionName: conventionName.get(establishment.conventionId)!,
          ...candidatesOf.get(establishment.id)!,
          ...applicationFigures(groups.establishments.get(establishment.id)),
        }))
        .sort((a, b) => collator.compare(a.conventionName, b.conventionName) || byName(a, b)),
      total: { ...allCandidates, ...overallFigures },
    },
    employers: {
      rows: employers
        .map((employer) => ({
          id: employer.id,
          name: employer.name,
          publishedOffers: employer.publishedOffers,
          ...applicationFigures(groups.employers.get(employer.id)),
        }))
        .sort(byName),
      total: { publishedOffers: allOffers, ...overallFigures },
    },
    months: months.map((month) => ({ month, applications: groups.months.get(month) ?? 0 })),
  }
}

// ───────────────────────── Serving ─────────────────────────

/**
 * The statistics of this database, as this process serves them: each period computed once at a time
 * (the requests that come meanwhile wait for that computation) and kept `maxAgeMs` (config.figuresMaxAgeMs;
 * 0: never kept). One cache per database client, so that the page, the exports and
 * warmDefaultStatistics share it; the first `maxAgeMs` given for a client is the one kept.
 */
export function statisticsCacheOf(db: Db, maxAgeMs: number): FiguresCache<Statistics> {
  return cacheOf<Statistics>(db, 'statistics', { maxAgeMs })
}

/** The statistics of a period through the cache, with when they were computed. */
export function readStatistics(cache: FiguresCache<Statistics>, db: Db, period: StatisticsPeriod): Promise<Computed<Statistics>> {
  return cache.get(`${period.firstDay}|${period.lastDay}`, () => computeStatistics(db, period))
}

/**
 * Compute the default period's statistics (the last twelve months) into this process's cache if they
 * are missing or older than `figuresMaxAgeMs`, so that an administrator who opens the page (or the
 * dashboard, which shows their charts) finds them ready. server.ts calls it once at start in every process that serves pages (each has its own
 * cache); after that, figures past their age are served while they are computed again (lib/cache.ts).
 */
export async function warmDefaultStatistics({ db, figuresMaxAgeMs, now = new Date() }: { db: Db; figuresMaxAgeMs: number; now?: Date }): Promise<void> {
  await readStatistics(statisticsCacheOf(db, figuresMaxAgeMs), db, resolvePeriod({ du: null, au: null }, now))
  // and the charting library, so that the first page with charts (the administrator's dashboard) does not wait for it
  await (await import('./charts.ts')).loadChartTools()
}
