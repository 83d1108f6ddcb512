/**
 * The administrator's statistics: one computation (computeStatistics) shared by the page and the CSV
 * exports. Counts come from groupBy queries (two in SQL, to group by the candidate's établissement in
 * the database rather than by candidate in memory); the medians need each application's timestamps, read
 * once (two dates and two ids per validated application of the period) and grouped in memory.
 * The definitions shown on the page (views/statistics/index.ejs) describe exactly what is counted here.
 */
import type { ApplicationStatus, Db } from '../../lib/db.ts'
import { parisDay, parisMidnight } from '../offers/dates.ts'
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

/** The three tables; each total counts every candidate, offer and application once. */
export type Statistics = {
  conventions: { rows: ConventionStatistics[]; total: Omit<ConventionStatistics, 'id' | 'name' | 'region'> }
  establishments: { rows: EstablishmentStatistics[]; total: Omit<EstablishmentStatistics, 'id' | 'name' | 'conventionName'> }
  employers: { rows: EmployerStatistics[]; total: Omit<EmployerStatistics, 'id' | 'name'> }
}

/** The middle value (the mean of the two middle values for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole)

/** Counts and durations of one group (a convention, an établissement, an employer, or everything). */
class Tally {
  byStatus = Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, 0])) as Record<ApplicationStatus, number>
  sent = 0
  interview = 0
  validationDurations: number[] = []
  answerDurations: number[] = []

  figures(): ApplicationFigures {
    const applications = APPLICATION_STATUSES.reduce((sum, status) => sum + this.byStatus[status], 0)
    const accepted = this.byStatus.ACCEPTED
    const validation = median(this.validationDurations)
    const answer = median(this.answerDurations)
    return {
      byStatus: { ...this.byStatus },
      applications,
      sent: this.sent,
      interview: this.interview,
      accepted,
      interviewRate: ratio(this.interview, this.sent),
      acceptanceRate: ratio(accepted, this.sent),
      medianValidationDays: validation === null ? null : validation / DAY_MS,
      medianAnswerDays: answer === null ? null : answer / DAY_MS,
    }
  }
}

/** A Tally per key, created on first use. */
class Tallies<K> {
  private readonly map = new Map<K, Tally>()
  of(key: K): Tally {
    let tally = this.map.get(key)
    if (!tally) this.map.set(key, (tally = new Tally()))
    return tally
  }
  figures(key: K): ApplicationFigures {
    return this.of(key).figures()
  }
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true })
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name) || 0

/**
 * Every figure of the statistics page for the applications submitted, and the offers published,
 * in [from, to). The candidates are counted as they are now (their account status has no history).
 */
export async function computeStatistics(db: Db, { from, to }: { from: Date; to: Date }): Promise<Statistics> {
  const inPeriod = { gte: from, lt: to }
  const submittedInPeriod = { submittedAt: inPeriod }
  const sentInPeriod = { submittedAt: inPeriod, validatedAt: { not: null } }
  // "Entretien": the interview step is in the history, or the application was accepted (an employer may skip the step)
  const reachedInterview = { ...sentInPeriod, OR: [{ status: 'ACCEPTED' as const }, { events: { some: { toStatus: 'INTERVIEW' as const } } }] }

  const [
    conventions,
    establishments,
    employers,
    activeByEstablishment,
    pendingByEstablishment,
    offersByEmployer,
    statusByEmployer,
    statusByEstablishment,
    interviewByEmployer,
    interviewByEstablishment,
    applicants,
    sentApplications,
  ] = await Promise.all([
    db.convention.findMany({ select: { id: true, name: true, region: true } }),
    db.establishment.findMany({ select: { id: true, name: true, conventionId: true } }),
    db.employer.findMany({ select: { id: true, name: true, partnerships: { select: { conventionId: true } } } }),
    db.candidate.groupBy({ by: ['establishmentId'], where: { user: { status: 'ACTIVE' } }, _count: { _all: true } }),
    db.candidate.groupBy({ by: ['establishmentId'], where: { user: { status: 'PENDING_VALIDATION' } }, _count: { _all: true } }),
    // published in the period (an offer closed since then was still published in it)
    db.offer.groupBy({ by: ['employerId'], where: { publishedAt: inPeriod, status: { not: 'DRAFT' } }, _count: { _all: true } }),
    db.application.groupBy({ by: ['employerId', 'status'], where: submittedInPeriod, _count: { _all: true } }),
    // by the candidate's établissement: a join Prisma's groupBy cannot express (same SQL on both databases)
    db.$queryRaw<{ establishmentId: number; status: ApplicationStatus; count: bigint | number }[]>`
      SELECT c."establishmentId" AS "establishmentId", a."status" AS "status", count(*) AS "count"
      FROM "Application" a JOIN "Candidate" c ON c."id" = a."candidateId"
      WHERE a."submittedAt" >= ${from} AND a."submittedAt" < ${to}
      GROUP BY c."establishmentId", a."status"`,
    db.application.groupBy({ by: ['employerId'], where: reachedInterview, _count: { _all: true } }),
    db.$queryRaw<{ establishmentId: number; count: bigint | number }[]>`
      SELECT c."establishmentId" AS "establishmentId", count(*) AS "count"
      FROM "Application" a JOIN "Candidate" c ON c."id" = a."candidateId"
      WHERE a."submittedAt" >= ${from} AND a."submittedAt" < ${to} AND a."validatedAt" IS NOT NULL
        AND (a."status" = 'ACCEPTED' OR EXISTS (SELECT 1 FROM "ApplicationEvent" e WHERE e."applicationId" = a."id" AND e."toStatus" = 'INTERVIEW'))
      GROUP BY c."establishmentId"`,
    // the établissement of each candidate who applied in the period
    db.candidate.findMany({ where: { applications: { some: submittedInPeriod } }, select: { id: true, establishmentId: true } }),
    // for the medians (and the "Envoyées" count): only the timestamps and the two keys
    db.application.findMany({
      where: sentInPeriod,
      select: { candidateId: true, employerId: true, submittedAt: true, validatedAt: true, answeredAt: true },
    }),
  ])

  const conventionOfEstablishment = new Map(establishments.map((establishment) => [establishment.id, establishment.conventionId]))
  const establishmentOfCandidate = new Map(applicants.map((candidate) => [candidate.id, candidate.establishmentId]))
  const byEstablishment = new Tallies<number>()
  const byConvention = new Tallies<number>()
  const byEmployer = new Tallies<number>()
  const overall = new Tally()

  /** The établissement and convention tallies a candidate's applications count in. */
  const talliesOfCandidate = (candidateId: number): Tally[] => {
    const establishmentId = establishmentOfCandidate.get(candidateId)
    if (establishmentId === undefined) return []
    return [byEstablishment.of(establishmentId), byConvention.of(conventionOfEstablishment.get(establishmentId)!)]
  }

  for (const group of statusByEmployer) {
    byEmployer.of(group.employerId).byStatus[group.status] += group._count._all
    overall.byStatus[group.status] += group._count._all
  }
  const talliesOfEstablishment = (establishmentId: number): Tally[] => [
    byEstablishment.of(Number(establishmentId)),
    byConvention.of(conventionOfEstablishment.get(Number(establishmentId))!),
  ]
  for (const group of statusByEstablishment) {
    for (const tally of talliesOfEstablishment(group.establishmentId)) tally.byStatus[group.status] += Number(group.count)
  }
  for (const group of interviewByEmployer) {
    byEmployer.of(group.employerId).interview += group._count._all
    overall.interview += group._count._all
  }
  for (const group of interviewByEstablishment) {
    for (const tally of talliesOfEstablishment(group.establishmentId)) tally.interview += Number(group.count)
  }
  for (const application of sentApplications) {
    const validatedAt = application.validatedAt!.getTime()
    const validation = validatedAt - application.submittedAt.getTime()
    const answer = application.answeredAt ? application.answeredAt.getTime() - validatedAt : null
    for (const tally of [overall, byEmployer.of(application.employerId), ...talliesOfCandidate(application.candidateId)]) {
      tally.sent++
      tally.validationDurations.push(validation)
      if (answer !== null) tally.answerDurations.push(answer)
    }
  }

  // candidates, by their établissement (and its convention)
  const candidatesOf = new Map<number, CandidateFigures>(establishments.map((establishment) => [establishment.id, { activeCandidates: 0, pendingCandidates: 0 }]))
  for (const group of activeByEstablishment) candidatesOf.get(group.establishmentId)!.activeCandidates += group._count._all
  for (const group of pendingByEstablishment) candidatesOf.get(group.establishmentId)!.pendingCandidates += group._count._all
  const sumCandidates = (ids: number[]): CandidateFigures =>
    ids.reduce(
      (sum, id) => ({ activeCandidates: sum.activeCandidates + candidatesOf.get(id)!.activeCandidates, pendingCandidates: sum.pendingCandidates + candidatesOf.get(id)!.pendingCandidates }),
      { activeCandidates: 0, pendingCandidates: 0 },
    )
  const allCandidates = sumCandidates(establishments.map((establishment) => establishment.id))

  // offers, by their employer; a convention counts the offers of its partner employers
  const offersOf = new Map(offersByEmployer.map((group) => [group.employerId, group._count._all]))
  const offersOfConvention = new Map<number, number>()
  let partnerOffers = 0
  let allOffers = 0
  for (const employer of employers) {
    const count = offersOf.get(employer.id) ?? 0
    allOffers += count
    if (employer.partnerships.length > 0) partnerOffers += count
    for (const { conventionId } of employer.partnerships) offersOfConvention.set(conventionId, (offersOfConvention.get(conventionId) ?? 0) + count)
  }

  const conventionName = new Map(conventions.map((convention) => [convention.id, convention.name]))
  const overallFigures = overall.figures()
  return {
    conventions: {
      rows: conventions
        .map((convention) => ({
          id: convention.id,
          name: convention.name,
          region: convention.region,
          ...sumCandidates(establishments.filter((establishment) => establishment.conventionId === convention.id).map((establishment) => establishment.id)),
          publishedOffers: offersOfConvention.get(convention.id) ?? 0,
          ...byConvention.figures(convention.id),
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
          ...byEstablishment.figures(establishment.id),
        }))
        .sort((a, b) => collator.compare(a.conventionName, b.conventionName) || byName(a, b)),
      total: { ...allCandidates, ...overallFigures },
    },
    employers: {
      rows: employers
        .map((employer) => ({ id: employer.id, name: employer.name, publishedOffers: offersOf.get(employer.id) ?? 0, ...byEmployer.figures(employer.id) }))
        .sort(byName),
      total: { publishedOffers: allOffers, ...overallFigures },
    },
  }
}
