/**
 * What each role's home ("Tableau de bord") shows first: a few blocks, each a count and the latest
 * rows, each linking to its full list. Every query is scoped to the actor like the lists it
 * summarises, and stays cheap on a large database: counts and `take: N` on indexed columns.
 * Parrainages and rendez-vous are read here directly (their domains own the pages).
 */
import type { ApplicationStatus, Db, Prisma } from '../../lib/db.ts'
import type { SessionUser } from '../../web/auth.ts'
import { applicationsOfCandidate, applicationsOfRecruiter, applicationsReceivedBy } from '../applications/policy.ts'
import { countNewApplicationsForRecruiter, countWaitingForReferent } from '../applications/service.ts'
import { candidatesOfReferent } from '../candidates/policy.ts'
import { listMissingProfileItems } from '../candidates/service.ts'
import { listLatestNews } from '../news/service.ts'

const LATEST_APPLICATIONS = 5
const CANDIDATE_APPOINTMENTS = 3
const REFERENT_APPOINTMENTS = 5
const LATEST_NEWS = 3
const LATEST_UNREAD = 3
const NEW_APPLICATIONS = 5
const OFFERS_SHOWN = 5
const SPONSORSHIPS_SHOWN = 3

/** The order in which the administrator's figures list the statuses (the life of an application). */
export const STATUS_ORDER: ApplicationStatus[] = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']

/** A notification's link only when it is a path of this site (as the notification centre shows it). */
const sitePathOrNull = (link: string | null) => (link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : null)

/** Planned and not begun yet: what "prochains rendez-vous" means. */
function upcoming(now: Date): Prisma.AppointmentWhereInput {
  return { status: 'PLANNED', startsAt: { gte: now } }
}

const appointmentSelect = {
  id: true,
  startsAt: true,
  durationMinutes: true,
  mode: true,
  location: true,
  subject: true,
  referentId: true,
  referent: { select: { user: { select: { firstName: true, lastName: true } } } },
} satisfies Prisma.AppointmentSelect

export type DashboardOptions = { now?: Date }

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
      return loadAdminDashboard(db)
  }
}
export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>

// ───────────────────────── Candidate ─────────────────────────

async function loadCandidateDashboard(db: Db, actor: SessionUser, now: Date) {
  const candidateId = actor.candidateId ?? -1
  const applications = applicationsOfCandidate(actor)
  const appointments: Prisma.AppointmentWhereInput = { candidateId, ...upcoming(now) }
  const unread: Prisma.NotificationWhereInput = { userId: actor.id, readAt: null }
  const [missingProfileItems, applicationCount, latestApplications, appointmentCount, nextAppointments, news, unreadCount, latestUnread, openSponsorships] = await Promise.all([
    listMissingProfileItems(db, actor),
    db.application.count({ where: applications }),
    db.application.findMany({
      where: applications,
      select: {
        id: true,
        kind: true,
        status: true,
        submittedAt: true,
        offer: { select: { title: true } },
        employer: { select: { name: true } },
      },
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: LATEST_APPLICATIONS,
    }),
    db.appointment.count({ where: appointments }),
    db.appointment.findMany({ where: appointments, select: appointmentSelect, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: CANDIDATE_APPOINTMENTS }),
    listLatestNews(db, LATEST_NEWS),
    db.notification.count({ where: unread }),
    db.notification.findMany({ where: unread, select: { id: true, title: true, link: true, createdAt: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: LATEST_UNREAD }),
    db.sponsorshipRequest.count({ where: { candidateId, status: 'SENT' } }),
  ])
  return {
    role: 'CANDIDATE' as const,
    missingProfileItems,
    applicationCount,
    latestApplications,
    appointmentCount,
    nextAppointments,
    news,
    unreadCount,
    latestUnread: latestUnread.map((notification) => ({ ...notification, link: sitePathOrNull(notification.link) })),
    openSponsorships,
  }
}

// ───────────────────────── Référent ─────────────────────────

async function loadReferentDashboard(db: Db, actor: SessionUser, now: Date) {
  const establishmentId = actor.establishmentId ?? -1
  const appointments: Prisma.AppointmentWhereInput = { candidate: candidatesOfReferent(actor), ...upcoming(now) }
  const [establishment, pendingRegistrations, candidates, applicationsToValidate, appointmentCount, nextAppointments, news] = await Promise.all([
    db.establishment.findUnique({ where: { id: establishmentId }, select: { name: true } }),
    db.user.count({ where: { status: 'PENDING_VALIDATION', candidate: { establishmentId } } }),
    db.candidate.count({ where: candidatesOfReferent(actor) }),
    countWaitingForReferent(db, actor),
    db.appointment.count({ where: appointments }),
    db.appointment.findMany({
      where: appointments,
      select: { ...appointmentSelect, candidate: { select: { id: true, user: { select: { firstName: true, lastName: true } } } } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: REFERENT_APPOINTMENTS,
    }),
    listLatestNews(db, LATEST_NEWS),
  ])
  return {
    role: 'REFERENT' as const,
    establishmentName: establishment?.name ?? '',
    referentId: actor.referentId,
    pendingRegistrations,
    candidates,
    applicationsToValidate,
    appointmentCount,
    nextAppointments,
    news,
  }
}

// ───────────────────────── Recruiter ─────────────────────────

async function loadRecruiterDashboard(db: Db, actor: SessionUser) {
  const employerId = actor.employerId ?? -1
  const publishedOffers: Prisma.OfferWhereInput = { employerId, status: 'PUBLISHED' }
  const sponsorships: Prisma.SponsorshipRequestWhereInput = { employerId, status: 'SENT' }
  const [employer, newApplications, latestNew, offerCount, offers, sponsorshipCount, latestSponsorships, news] = await Promise.all([
    db.employer.findUnique({ where: { id: employerId }, select: { name: true } }),
    // validated by a référent only: the gate (applications/policy.ts)
    countNewApplicationsForRecruiter(db, actor),
    db.application.findMany({
      where: { ...applicationsOfRecruiter(actor), status: 'SENT' },
      select: {
        id: true,
        kind: true,
        validatedAt: true,
        offer: { select: { title: true } },
        candidate: { select: { user: { select: { firstName: true, lastName: true } } } },
      },
      orderBy: [{ validatedAt: 'desc' }, { id: 'desc' }],
      take: NEW_APPLICATIONS,
    }),
    db.offer.count({ where: publishedOffers }),
    db.offer.findMany({
      where: publishedOffers,
      select: { id: true, title: true, publishedAt: true },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: OFFERS_SHOWN,
    }),
    db.sponsorshipRequest.count({ where: sponsorships }),
    db.sponsorshipRequest.findMany({
      where: sponsorships,
      select: { id: true, createdAt: true, candidate: { select: { user: { select: { firstName: true, lastName: true } } } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: SPONSORSHIPS_SHOWN,
    }),
    listLatestNews(db, LATEST_NEWS),
  ])
  const counts = await countApplicationsOfOffers(db, employerId, offers.map((offer) => offer.id))
  return {
    role: 'RECRUITER' as const,
    employerName: employer?.name ?? '',
    newApplications,
    latestNew,
    offerCount,
    offers: offers.map((offer) => ({ ...offer, received: counts.get(offer.id)?.received ?? 0, fresh: counts.get(offer.id)?.fresh ?? 0 })),
    sponsorshipCount,
    latestSponsorships,
    news,
  }
}

/** For each listed offer: the applications the employer has received (validated only), and how many are new. */
async function countApplicationsOfOffers(db: Db, employerId: number, offerIds: number[]) {
  const counts = new Map<number, { received: number; fresh: number }>()
  if (offerIds.length === 0) return counts
  const groups = await db.application.groupBy({
    by: ['offerId', 'status'],
    where: { ...applicationsReceivedBy(employerId), offerId: { in: offerIds } },
    _count: { _all: true },
  })
  for (const group of groups) {
    const offerId = group.offerId as number
    const count = counts.get(offerId) ?? { received: 0, fresh: 0 }
    count.received += group._count._all
    if (group.status === 'SENT') count.fresh += group._count._all
    counts.set(offerId, count)
  }
  return counts
}

// ───────────────────────── Administrator ─────────────────────────

async function loadAdminDashboard(db: Db) {
  const [candidates, pendingRegistrations, referents, recruiters, employers, publishedOffers, byStatus, news] = await Promise.all([
    db.user.count({ where: { role: 'CANDIDATE', status: 'ACTIVE' } }),
    db.user.count({ where: { role: 'CANDIDATE', status: 'PENDING_VALIDATION' } }),
    db.user.count({ where: { role: 'REFERENT', status: { not: 'DISABLED' } } }),
    db.user.count({ where: { role: 'RECRUITER', status: { not: 'DISABLED' } } }),
    db.employer.count(),
    db.offer.count({ where: { status: 'PUBLISHED' } }),
    db.application.groupBy({ by: ['status'], _count: { _all: true } }),
    listLatestNews(db, LATEST_NEWS),
  ])
  const countOf = new Map(byStatus.map((group) => [group.status, group._count._all]))
  const applicationsByStatus = STATUS_ORDER.map((status) => ({ status, count: countOf.get(status) ?? 0 }))
  const applications = applicationsByStatus.reduce((sum, row) => sum + row.count, 0)
  return {
    role: 'ADMIN' as const,
    figures: { candidates, pendingRegistrations, referents, recruiters, employers, publishedOffers, applications },
    applicationsByStatus,
    acceptance: acceptanceRate(countOf.get('ACCEPTED') ?? 0, countOf.get('REJECTED') ?? 0),
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
