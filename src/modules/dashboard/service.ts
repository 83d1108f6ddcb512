/**
 * What each role's home ("Tableau de bord") shows first: a few blocks, each a count and the latest
 * rows, each linking to its full list. Every query is scoped to the actor like the lists it
 * summarises (the SQL twins of the policy.ts scopes), and stays cheap on a large database: counts and
 * `LIMIT n` on indexed columns. Parrainages and rendez-vous are read here directly (their domains own
 * the pages).
 *
 * Read through the read layer (src/lib/sql.ts), in few statements: one for all the counts of a
 * dashboard (scalar subqueries), then one per list, each list joined to the names it shows.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { DB } from '../../generated/kysely/types.ts'
import { createFiguresCache, type FiguresCache } from '../../lib/cache.ts'
import type { ApplicationStatus, Db } from '../../lib/db.ts'
import { countAll, dateParam, preparedQuery, sqlOf, toDate, type Sql } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import {
  applicationStatusForReferent,
  applicationsOfCandidateSql,
  applicationsOfReferentSql,
  applicationsReceivedBySql,
  applicationsReceivedInStatusSql,
  countReceivedApplicationsSql,
} from '../applications/policy.ts'
import { candidatesOfEstablishmentSql } from '../candidates/policy.ts'
import { missingProfileItemsOf } from '../candidates/service.ts'
import { listLatestNews } from '../news/service.ts'

const LATEST_APPLICATIONS = 5
const CANDIDATE_APPOINTMENTS = 3
const REFERENT_APPOINTMENTS = 5
const LATEST_UNREAD = 3
const NEW_APPLICATIONS = 5
const OFFERS_SHOWN = 5
const SPONSORSHIPS_SHOWN = 3

/** The order in which the administrator's figures list the statuses (the life of an application). */
export const STATUS_ORDER: ApplicationStatus[] = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']

/** A notification's link only when it is a path of this site (as the notification centre shows it). */
const sitePathOrNull = (link: string | null) => (link?.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : null)

export type DashboardOptions = {
  now?: Date
  /**
   * Where the administrator's platform-wide figures are kept between requests (createPlatformFiguresCache);
   * without one they are counted on every load.
   */
  platformFigures?: FiguresCache<PlatformFigures>
}

export async function loadDashboard(db: Db, actor: SessionUser, options: DashboardOptions = {}) {
  const now = options.now ?? new Date()
  switch (actor.role) {
    case 'CANDIDATE':
      return loadCandidateDashboard(db, actor, now)
    case 'REFERENT':
      return loadReferentDashboard(db, actor, now)
    case 'RECRUITER':
      return loadRecruiterDashboard(db, actor)
    case 'ADMIN':
      return loadAdminDashboard(db, now, options.platformFigures)
  }
}
export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>

// ───────────────────────── Shared pieces ─────────────────────────

/** A scalar subquery's count; null only if the subquery had no row, which a count always has. */
const countValue = (value: number | null) => value ?? 0

/** Planned and not begun yet: what "prochains rendez-vous" means, on the appointment read as `ap`. */
function isUpcoming(eb: ExpressionBuilder<DB & { ap: DB['Appointment'] }, 'ap'>, now: Date) {
  return eb.and([eb('ap.status', '=', 'PLANNED'), eb('ap.startsAt', '>=', dateParam(now))])
}

type Person = { user: { firstName: string; lastName: string } }
const personOf = (firstName: string, lastName: string): Person => ({ user: { firstName, lastName } })

/** Next appointments (`ap`) with their référent's name, soonest first; the caller adds the scope. */
function upcomingAppointments(reader: Sql, now: Date) {
  return reader
    .selectFrom('Appointment as ap')
    .innerJoin('Referent as r', 'r.id', 'ap.referentId')
    .innerJoin('User as ru', 'ru.id', 'r.userId')
    .where((eb) => isUpcoming(eb, now))
    .select([
      'ap.id',
      'ap.startsAt',
      'ap.durationMinutes',
      'ap.mode',
      'ap.location',
      'ap.subject',
      'ap.referentId',
      'ru.firstName as referentFirstName',
      'ru.lastName as referentLastName',
    ])
    .orderBy('ap.startsAt', 'asc')
    .orderBy('ap.id', 'asc')
}

type AppointmentRow = {
  id: number
  startsAt: string
  durationMinutes: number
  mode: DB['Appointment']['mode']
  location: string | null
  subject: string
  referentId: number
  referentFirstName: string
  referentLastName: string
}

/** An appointment as the views read it (`appointment.referent.user.firstName`). */
function toAppointment(row: AppointmentRow) {
  return {
    id: row.id,
    startsAt: toDate(row.startsAt),
    durationMinutes: row.durationMinutes,
    mode: row.mode,
    location: row.location,
    subject: row.subject,
    referentId: row.referentId,
    referent: personOf(row.referentFirstName, row.referentLastName),
  }
}

// ───────────────────────── Candidate ─────────────────────────

// From the signed-in user's row, with their profile if any. Were the account deleted meanwhile
// (no row), everything of it would be gone too: the counts are then 0.
const CANDIDATE_SUMMARY = preparedQuery(['userId', 'candidateId', 'now'], (reader, { userId, candidateId, now }) =>
  reader
    .selectFrom('User as u')
    .leftJoin('Candidate as c', (join) => join.on('c.id', '=', candidateId))
    .where('u.id', '=', userId)
    .select((eb) => [
      'c.id as profileId',
      'c.phone',
      'c.soughtContracts',
      'c.professionalProject',
      'c.birthDate',
      eb.selectFrom('Application as a').select(countAll().as('count')).where(applicationsOfCandidateSql({ candidateId })).as('applicationCount'),
      eb
        .selectFrom('Appointment as ap')
        .select(countAll().as('count'))
        .where('ap.candidateId', '=', candidateId)
        .where((inner) => isUpcoming(inner, now))
        .as('appointmentCount'),
      eb
        .selectFrom('SponsorshipRequest as s')
        .select(countAll().as('count'))
        .where('s.candidateId', '=', candidateId)
        .where('s.status', '=', 'SENT')
        .as('openSponsorships'),
    ]),
)

/** The candidate's latest applications, newest first, with the offer and the employer they name. */
const CANDIDATE_LATEST_APPLICATIONS = preparedQuery(['candidateId'], (reader, { candidateId }) =>
  reader
    .selectFrom('Application as a')
    .innerJoin('Employer as e', 'e.id', 'a.employerId')
    .leftJoin('Offer as o', 'o.id', 'a.offerId')
    .where(applicationsOfCandidateSql({ candidateId }))
    .select(['a.id', 'a.kind', 'a.status', 'a.submittedAt', 'a.offerId', 'o.title as offerTitle', 'e.name as employerName'])
    .orderBy('a.submittedAt', 'desc')
    .orderBy('a.id', 'desc')
    .limit(LATEST_APPLICATIONS),
)

/** The candidate's next appointments, soonest first. */
const CANDIDATE_NEXT_APPOINTMENTS = preparedQuery(['candidateId', 'now'], (reader, { candidateId, now }) =>
  upcomingAppointments(reader, now).where('ap.candidateId', '=', candidateId).limit(CANDIDATE_APPOINTMENTS),
)

/** The user's latest unread notifications, newest first. */
const CANDIDATE_LATEST_UNREAD = preparedQuery(['userId'], (reader, { userId }) =>
  reader
    .selectFrom('Notification as n')
    .select(['n.id', 'n.title', 'n.link', 'n.createdAt'])
    .where('n.userId', '=', userId)
    .where('n.readAt', 'is', null)
    .orderBy('n.createdAt', 'desc')
    .orderBy('n.id', 'desc')
    .limit(LATEST_UNREAD),
)

/** 5 statements: the profile and the counts, the latest applications, the next appointments, the news, the unread notifications. */
async function loadCandidateDashboard(db: Db, actor: SessionUser, now: Date) {
  const userId = actor.id
  const candidateId = actor.candidateId ?? -1
  const summary = await CANDIDATE_SUMMARY.executeTakeFirst(db, { userId, candidateId, now })
  const latestApplications = await CANDIDATE_LATEST_APPLICATIONS.execute(db, { candidateId })
  const nextAppointments = await CANDIDATE_NEXT_APPOINTMENTS.execute(db, { candidateId, now })
  const news = await listLatestNews(db)
  const latestUnread = await CANDIDATE_LATEST_UNREAD.execute(db, { userId })

  // the profile's columns are null when there is no profile (the left join found none): nothing to ask then
  const profile = summary && summary.profileId !== null ? { ...summary, soughtContracts: summary.soughtContracts ?? '' } : null
  return {
    role: 'CANDIDATE' as const,
    missingProfileItems: missingProfileItemsOf(profile),
    applicationCount: countValue(summary?.applicationCount ?? null),
    latestApplications: latestApplications.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      submittedAt: toDate(row.submittedAt),
      offer: row.offerId === null ? null : { title: row.offerTitle! },
      employer: { name: row.employerName },
    })),
    appointmentCount: countValue(summary?.appointmentCount ?? null),
    nextAppointments: nextAppointments.map(toAppointment),
    news,
    latestUnread: latestUnread.map((row) => ({ id: row.id, title: row.title, link: sitePathOrNull(row.link), createdAt: toDate(row.createdAt) })),
    openSponsorships: countValue(summary?.openSponsorships ?? null),
  }
}

// ───────────────────────── Référent ─────────────────────────

// candidatesOfEstablishmentSql rather than candidatesOfReferentSql: one shape for every référent
// (loadDashboard calls loadReferentDashboard for a référent only).

/** The établissement's name and the counts of its dashboard. */
const REFERENT_SUMMARY = preparedQuery(['establishmentId', 'now'], (reader, { establishmentId, now }) =>
  reader.selectNoFrom((eb) => [
    eb.selectFrom('Establishment as es').select('es.name').where('es.id', '=', establishmentId).as('establishmentName'),
    // self-registrations of the établissement, waiting for one of its référents
    eb
      .selectFrom('User as pu')
      .innerJoin('Candidate as pc', 'pc.userId', 'pu.id')
      .select(countAll().as('count'))
      .where('pu.status', '=', 'PENDING_VALIDATION')
      .where('pc.establishmentId', '=', establishmentId)
      .as('pendingRegistrations'),
    eb.selectFrom('Candidate as c').select(countAll().as('count')).where(candidatesOfEstablishmentSql(establishmentId)).as('candidates'),
    eb
      .selectFrom('Application as a')
      .select(countAll().as('count'))
      .where(applicationsOfReferentSql({ establishmentId }))
      .where(applicationStatusForReferent('PENDING_REFERENT'))
      .as('applicationsToValidate'),
    eb
      .selectFrom('Appointment as ap')
      .innerJoin('Candidate as c', 'c.id', 'ap.candidateId')
      .select(countAll().as('count'))
      .where(candidatesOfEstablishmentSql(establishmentId))
      .where((inner) => isUpcoming(inner, now))
      .as('appointmentCount'),
  ]),
)

/** The appointments of the établissement's candidates, whoever of its référents planned them. */
const REFERENT_NEXT_APPOINTMENTS = preparedQuery(['establishmentId', 'now'], (reader, { establishmentId, now }) =>
  upcomingAppointments(reader, now)
    .innerJoin('Candidate as c', 'c.id', 'ap.candidateId')
    .innerJoin('User as cu', 'cu.id', 'c.userId')
    .where(candidatesOfEstablishmentSql(establishmentId))
    .select(['c.id as candidateId', 'cu.firstName as candidateFirstName', 'cu.lastName as candidateLastName'])
    .limit(REFERENT_APPOINTMENTS),
)

/** 3 statements: the établissement's name and the counts, the next appointments, the news. */
async function loadReferentDashboard(db: Db, actor: SessionUser, now: Date) {
  // Without établissement, candidatesOfReferentSql gave `c.id = -1` (no candidate); no établissement
  // has the id -1: no candidate either, the same counts and lists.
  const establishmentId = actor.establishmentId ?? -1
  const summary = await REFERENT_SUMMARY.executeTakeFirstOrThrow(db, { establishmentId, now })
  const nextAppointments = await REFERENT_NEXT_APPOINTMENTS.execute(db, { establishmentId, now })
  const news = await listLatestNews(db)

  return {
    role: 'REFERENT' as const,
    establishmentName: summary.establishmentName ?? '',
    referentId: actor.referentId,
    pendingRegistrations: countValue(summary.pendingRegistrations),
    candidates: countValue(summary.candidates),
    applicationsToValidate: countValue(summary.applicationsToValidate),
    appointmentCount: countValue(summary.appointmentCount),
    nextAppointments: nextAppointments.map((row) => ({
      ...toAppointment(row),
      candidate: { id: row.candidateId, ...personOf(row.candidateFirstName, row.candidateLastName) },
    })),
    news,
  }
}

// ───────────────────────── Recruiter ─────────────────────────

/** The employer's name and the counts of its dashboard. */
const RECRUITER_SUMMARY = preparedQuery(['employerId'], (reader, { employerId }) =>
  reader.selectNoFrom((eb) => [
    eb.selectFrom('Employer as e').select('e.name').where('e.id', '=', employerId).as('employerName'),
    // validated by a référent only: the gate (applications/policy.ts), from the counts kept per status
    countReceivedApplicationsSql(reader, employerId, 'SENT').as('newApplications'),
    eb.selectFrom('Offer as o').select(countAll().as('count')).where('o.employerId', '=', employerId).where('o.status', '=', 'PUBLISHED').as('offerCount'),
    eb
      .selectFrom('SponsorshipRequest as s')
      .select(countAll().as('count'))
      .where('s.employerId', '=', employerId)
      .where('s.status', '=', 'SENT')
      .as('sponsorshipCount'),
  ]),
)

/** The applications it received that nobody has opened yet, newest first. */
const RECRUITER_LATEST_NEW = preparedQuery(['employerId'], (reader, { employerId }) =>
  reader
    .selectFrom('Application as a')
    .innerJoin('Candidate as c', 'c.id', 'a.candidateId')
    .innerJoin('User as cu', 'cu.id', 'c.userId')
    .leftJoin('Offer as o', 'o.id', 'a.offerId')
    .where(applicationsReceivedInStatusSql(employerId, 'SENT'))
    .select(['a.id', 'a.kind', 'a.validatedAt', 'a.offerId', 'o.title as offerTitle', 'cu.firstName', 'cu.lastName'])
    .orderBy('a.validatedAt', 'desc')
    .orderBy('a.id', 'desc')
    .limit(NEW_APPLICATIONS),
)

// The latest published offers, each with what the employer has received on it (validated only) and
// how many are new. The offers are picked first: counted before the sort, the applications of
// every published offer of the employer would be counted to show five.
const RECRUITER_OFFERS = preparedQuery(['employerId'], (reader, { employerId }) =>
  reader
    .selectFrom((eb) =>
      eb
        .selectFrom('Offer')
        .select(['id', 'title', 'publishedAt'])
        .where('employerId', '=', employerId)
        .where('status', '=', 'PUBLISHED')
        .orderBy('publishedAt', 'desc')
        .orderBy('id', 'desc')
        .limit(OFFERS_SHOWN)
        .as('o'),
    )
    .select((eb) => {
      const received = (scope: Expression<SqlBool>) =>
        eb.selectFrom('Application as a').select(countAll().as('count')).whereRef('a.offerId', '=', 'o.id').where(scope)
      return [
        'o.id',
        'o.title',
        'o.publishedAt',
        received(applicationsReceivedBySql(employerId)).as('received'),
        received(applicationsReceivedInStatusSql(employerId, 'SENT')).as('fresh'),
      ]
    })
    .orderBy('o.publishedAt', 'desc')
    .orderBy('o.id', 'desc'),
)

/** The parrainage requests waiting for the employer's answer, newest first. */
const RECRUITER_SPONSORSHIPS = preparedQuery(['employerId'], (reader, { employerId }) =>
  reader
    .selectFrom('SponsorshipRequest as s')
    .innerJoin('Candidate as c', 'c.id', 's.candidateId')
    .innerJoin('User as cu', 'cu.id', 'c.userId')
    .where('s.employerId', '=', employerId)
    .where('s.status', '=', 'SENT')
    .select(['s.id', 's.createdAt', 'cu.firstName', 'cu.lastName'])
    .orderBy('s.createdAt', 'desc')
    .orderBy('s.id', 'desc')
    .limit(SPONSORSHIPS_SHOWN),
)

/** 5 statements: the employer's name and the counts, the new applications, the offers with their counts, the parrainage requests, the news. */
async function loadRecruiterDashboard(db: Db, actor: SessionUser) {
  // applicationsOfRecruiterSql(actor) is applicationsReceivedBySql of the recruiter's employer
  const employerId = actor.employerId ?? -1
  const summary = await RECRUITER_SUMMARY.executeTakeFirstOrThrow(db, { employerId })
  const latestNew = await RECRUITER_LATEST_NEW.execute(db, { employerId })
  const offers = await RECRUITER_OFFERS.execute(db, { employerId })
  const latestSponsorships = await RECRUITER_SPONSORSHIPS.execute(db, { employerId })
  const news = await listLatestNews(db)

  return {
    role: 'RECRUITER' as const,
    employerName: summary.employerName ?? '',
    newApplications: countValue(summary.newApplications),
    latestNew: latestNew.map((row) => ({
      id: row.id,
      kind: row.kind,
      validatedAt: toDate(row.validatedAt),
      offer: row.offerId === null ? null : { title: row.offerTitle! },
      candidate: personOf(row.firstName, row.lastName),
    })),
    offerCount: countValue(summary.offerCount),
    offers: offers.map((row) => ({
      id: row.id,
      title: row.title,
      publishedAt: toDate(row.publishedAt),
      received: countValue(row.received),
      fresh: countValue(row.fresh),
    })),
    sponsorshipCount: countValue(summary.sponsorshipCount),
    latestSponsorships: latestSponsorships.map((row) => ({ id: row.id, createdAt: toDate(row.createdAt), candidate: personOf(row.firstName, row.lastName) })),
    news,
  }
}

// ───────────────────────── Administrator ─────────────────────────

/** The administrator's figures over the whole platform ("Chiffres clés", "Candidatures par statut"). */
export type PlatformFigures = {
  figures: {
    candidates: number
    pendingRegistrations: number
    referents: number
    recruiters: number
    employers: number
    publishedOffers: number
    applications: number
  }
  applicationsByStatus: { status: ApplicationStatus; count: number }[]
  acceptance: ReturnType<typeof acceptanceRate>
}

/**
 * The platform's figures in one statement. Each count reads an index only (User(role, status),
 * Offer(status, …), Application(status, submittedAt)), but the applications' counts still step
 * through every application: tens of milliseconds at 200,000 of them. Hence createPlatformFiguresCache.
 */
export async function readPlatformFigures(db: Db): Promise<PlatformFigures> {
  const row = await sqlOf(db)
    .selectNoFrom((eb) => {
      const users = () => eb.selectFrom('User as u').select(countAll().as('count'))
      return [
        users().where('u.role', '=', 'CANDIDATE').where('u.status', '=', 'ACTIVE').as('candidates'),
        users().where('u.role', '=', 'CANDIDATE').where('u.status', '=', 'PENDING_VALIDATION').as('pendingRegistrations'),
        users().where('u.role', '=', 'REFERENT').where('u.status', '<>', 'DISABLED').as('referents'),
        users().where('u.role', '=', 'RECRUITER').where('u.status', '<>', 'DISABLED').as('recruiters'),
        eb.selectFrom('Employer as e').select(countAll().as('count')).as('employers'),
        eb.selectFrom('Offer as o').select(countAll().as('count')).where('o.status', '=', 'PUBLISHED').as('publishedOffers'),
        // one count per status rather than a GROUP BY: each is a range of the status index
        ...STATUS_ORDER.map((status) => eb.selectFrom('Application as a').select(countAll().as('count')).where('a.status', '=', status).as(status)),
      ]
    })
    .executeTakeFirstOrThrow()

  const applicationsByStatus = STATUS_ORDER.map((status) => ({ status, count: countValue(row[status]) }))
  const countOf = (status: ApplicationStatus) => applicationsByStatus.find((entry) => entry.status === status)?.count ?? 0
  return {
    figures: {
      candidates: countValue(row.candidates),
      pendingRegistrations: countValue(row.pendingRegistrations),
      referents: countValue(row.referents),
      recruiters: countValue(row.recruiters),
      employers: countValue(row.employers),
      publishedOffers: countValue(row.publishedOffers),
      applications: applicationsByStatus.reduce((sum, entry) => sum + entry.count, 0),
    },
    applicationsByStatus,
    acceptance: acceptanceRate(countOf('ACCEPTED'), countOf('REJECTED')),
  }
}

const PLATFORM_FIGURES_KEY = 'platform'

/**
 * Read the platform's figures at most once every `maxAgeMs` in this process (and once at a time: the
 * requests that come meanwhile wait for that read), for loadDashboard's `platformFigures` option.
 * The figures may then be up to `maxAgeMs` old; `computedAt` on the dashboard says when they were read.
 */
export function createPlatformFiguresCache(maxAgeMs: number): FiguresCache<PlatformFigures> {
  return createFiguresCache<PlatformFigures>({ maxAgeMs })
}

/** 2 statements: the figures (or none, when a cache holds them), the news. */
async function loadAdminDashboard(db: Db, now: Date, cache: FiguresCache<PlatformFigures> | undefined) {
  const { value: platform, computedAt } = cache
    ? await cache.get(PLATFORM_FIGURES_KEY, () => readPlatformFigures(db))
    : { value: await readPlatformFigures(db), computedAt: now }
  const news = await listLatestNews(db)
  return {
    role: 'ADMIN' as const,
    ...platform,
    /** when the figures were counted (earlier than now when they come from a cache) */
    figuresComputedAt: computedAt,
    news,
  }
}

/**
 * "Taux d’acceptation": the applications retained among those the employer has answered for good
 * (retenue or non retenue); null until there is such an answer.
 */
export function acceptanceRate(accepted: number, rejected: number): { accepted: number; answered: number; percent: number } | null {
  const answered = accepted + rejected
  if (answered === 0) return null
  return { accepted, answered, percent: Math.round((accepted / answered) * 100) }
}
