import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { Db, Prisma } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { fullName, normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../web/auth.ts'
import type { FieldErrors } from '../../web/forms.ts'
import { pageOf } from '../../web/pagination.ts'
import { queueInvitationEmail } from '../accounts/emails.ts'
import { issueAuthToken } from '../accounts/tokens.ts'
import { visibleEmployersForCandidate, visibleOffersForCandidate } from '../offers/policy.ts'
import type { EmployerScope } from './policy.ts'
import type { TEmployerPageForm, TInviteColleagueForm } from './schemas.ts'

export const EMPLOYERS_PAGE_SIZE = 20
/** Open offers listed on a company page; beyond, a link to the search filtered by the employer. */
export const COMPANY_PAGE_OFFERS = 20

// ───────────────────────── Candidates ─────────────────────────

/** "Employeurs": the partners of the candidate's convention, with their open offers counted. */
export async function listPartnerEmployers(db: Db, actor: SessionUser, rawPage: unknown, now = new Date()) {
  const where = visibleEmployersForCandidate(actor)
  const total = await db.employer.count({ where })
  const page = pageOf(rawPage, total, EMPLOYERS_PAGE_SIZE)
  const employers = await db.employer.findMany({
    where,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    skip: (page.current - 1) * page.size,
    take: page.size,
    select: {
      id: true,
      name: true,
      sector: true,
      city: true,
      // one correlated count in the same query, not a query per employer
      _count: { select: { offers: { where: visibleOffersForCandidate(actor, now) } } },
    },
  })
  return {
    total,
    page,
    employers: employers.map(({ _count, ...employer }) => ({ ...employer, openOffers: _count.offers })),
  }
}

/** A company page: a partner of the candidate's convention, or null (a 404 for the candidate). */
export async function findPartnerEmployer(db: Db, actor: SessionUser, employerId: number, now = new Date()) {
  const employer = await db.employer.findFirst({ where: { id: employerId, ...visibleEmployersForCandidate(actor) } })
  if (!employer) return null
  const offersWhere = { employerId, ...visibleOffersForCandidate(actor, now) }
  const [openOffers, offers] = await Promise.all([
    db.offer.count({ where: offersWhere }),
    db.offer.findMany({
      where: offersWhere,
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: COMPANY_PAGE_OFFERS,
      select: { id: true, title: true, city: true, department: true, contractType: true, publishedAt: true },
    }),
  ])
  return { employer, openOffers, offers }
}

// ───────────────────────── Recruiters, administrators ─────────────────────────

export async function loadEmployerPage(db: Db, scope: EmployerScope) {
  const employer = await db.employer.findUnique({ where: { id: scope.employerId } })
  if (!employer) throw new AppError('NOT_FOUND')
  return employer
}

/** "Page employeur": the presentation candidates read. The name is changed by an administrator only, elsewhere. */
export async function updateEmployerPage({ db }: { db: Db }, { actor, scope, form }: { actor: SessionUser; scope: EmployerScope; form: TEmployerPageForm }) {
  await db.$transaction(async (tx) => {
    await tx.employer.update({
      where: { id: scope.employerId },
      data: { description: form.description, sector: form.sector, city: form.city, places: form.places, website: form.website },
    })
    await audit(tx, { actorUserId: actor.id, action: 'employer.update_page', targetType: 'Employer', targetId: scope.employerId })
  })
}

/** The recruiter accounts of the employer. */
export async function listColleagues(db: Db, scope: EmployerScope) {
  return db.user.findMany({
    where: { role: 'RECRUITER', recruiter: { employerId: scope.employerId } },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    select: { id: true, firstName: true, lastName: true, email: true, status: true, recruiter: { select: { jobTitle: true } } },
  })
}

const EMAIL_TAKEN = 'Un compte existe déjà avec cette adresse e-mail. Si votre collègue l’a oublié, il peut utiliser « Mot de passe oublié ».'

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === 'P2002'

/**
 * "Inviter un collègue": a recruiter account of the same employer, invited, with the
 * choose-your-password email (the same as an administrator's invitation).
 */
export async function inviteColleague(
  { db, config }: { db: Db; config: Config },
  { actor, scope, form }: { actor: SessionUser; scope: EmployerScope; form: TInviteColleagueForm },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (await db.user.findUnique({ where: { email: form.email }, select: { id: true } })) return { ok: false, errors: { email: EMAIL_TAKEN } }
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: form.email,
          role: 'RECRUITER',
          status: 'INVITED',
          firstName: form.firstName,
          lastName: form.lastName,
          searchText: normalizeForSearch(form.lastName, form.firstName, form.email),
          recruiter: { create: { employerId: scope.employerId } },
        },
      })
      const token = await issueAuthToken(tx, user.id, 'INVITATION')
      await queueInvitationEmail(tx, config, {
        to: user.email,
        firstName: user.firstName,
        token,
        reason: { kind: 'invited', roleLabel: 'recruteur', organisationName: scope.employerName, inviterName: fullName(actor) },
      })
      await audit(tx, { actorUserId: actor.id, action: 'user.invite', targetType: 'User', targetId: user.id, details: { role: 'RECRUITER', employerId: scope.employerId } })
    })
  } catch (error) {
    // two invitations of the same address at once: the second one meets the unique email
    if (isUniqueViolation(error)) return { ok: false, errors: { email: EMAIL_TAKEN } }
    throw error
  }
  return { ok: true }
}

/** "Gestion des employeurs": every employer, searchable by name, with its partner conventions and counts. */
export async function listEmployersForAdmin(db: Db, { query, page: rawPage }: { query: string; page: unknown }) {
  const search = normalizeForSearch(query)
  const where: Prisma.EmployerWhereInput = search ? { searchName: { contains: search } } : {}
  const total = await db.employer.count({ where })
  const page = pageOf(rawPage, total, EMPLOYERS_PAGE_SIZE)
  const employers = await db.employer.findMany({
    where,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    skip: (page.current - 1) * page.size,
    take: page.size,
    select: {
      id: true,
      name: true,
      sector: true,
      city: true,
      partnerships: { select: { convention: { select: { name: true } } } },
      _count: { select: { offers: { where: { status: 'PUBLISHED' } }, recruiters: true } },
    },
  })
  return {
    total,
    page,
    employers: employers.map(({ partnerships, _count, ...employer }) => ({
      ...employer,
      conventions: partnerships.map((partnership) => partnership.convention.name).sort(),
      publishedOffers: _count.offers,
      recruiters: _count.recruiters,
    })),
  }
}
