import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import { cacheOf } from '../../lib/cache.ts'
import type { Db, Prisma } from '../../lib/db.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import { logger } from '../../lib/logger.ts'
import { countAll, preparedQuery, sql, toDate, type Sql } from '../../lib/sql.ts'
import { readStoredFile, removeStoredFile, storeFile } from '../../lib/storage.ts'
import { fullName, normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { askedPage, paginate, type PageRange } from '../../lib/pagination.ts'
import { queueInvitationEmail } from '../accounts/emails.ts'
import { issueAuthToken } from '../accounts/tokens.ts'
import { checkDocumentContent } from '../documents/content.ts'
import { isEmployerVisibleToCandidate, isOfferOpen, isOfferVisibleToCandidate } from '../offers/policy.ts'
import { OPEN_STATUSES } from '../sponsorships/policy.ts'
import { toEmployer, type EmployerScope } from './policy.ts'
import type { TEmployerPageForm, TInviteColleagueForm, TNewEmployerForm } from './schemas.ts'

export const EMPLOYERS_PAGE_SIZE = 20
/** Open offers listed on a company page; beyond, a link to the search filtered by the employer. */
export const COMPANY_PAGE_OFFERS = 20

// ───────────────────────── Candidates ─────────────────────────

/**
 * How many open offers the employer whose id is in `employerIdColumn` has. isOfferOpen, not
 * isOfferVisibleToCandidate: both callers read partners of the actor's convention only.
 */
const openOffersOf = (employerIdColumn: string, now: never) =>
  sql<number>`(SELECT ${countAll()} FROM "Offer" o WHERE o."employerId" = ${sql.ref(employerIdColumn)} AND ${isOfferOpen(now, 'o')})`

// The partners of the candidate's convention (isEmployerVisibleToCandidate), read as `e`.
const partnersOf = (reader: Sql, conventionId: never) => reader.selectFrom('Employer as e').where(isEmployerVisibleToCandidate({ conventionId }, 'e'))

const PARTNER_COUNT = preparedQuery(['conventionId'], (reader, { conventionId }) => partnersOf(reader, conventionId).select(countAll().as('total')))

// the page's 20 partners first, then their open offers counted: each count reads one employer's
// range of the index Offer(employerId, status, endDate, …), never the other employers' offers
const PARTNER_PAGE = preparedQuery(['conventionId', 'now', 'skip'], (reader, { conventionId, now, skip }) => {
  const pageOfPartners = partnersOf(reader, conventionId)
    .select(['e.id', 'e.name', 'e.sector', 'e.city', 'e.logoPath'])
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(EMPLOYERS_PAGE_SIZE)
    .offset(skip)
  return reader
    .selectFrom(pageOfPartners.as('partner'))
    .select(['partner.id', 'partner.name', 'partner.sector', 'partner.city', 'partner.logoPath'])
    .select(openOffersOf('partner.id', now).as('openOffers'))
    .orderBy('partner.name')
    .orderBy('partner.id')
})

/** Pages of « Employeurs » kept at most (a page is about 2 kB). */
const MAX_PARTNER_PAGES = 200

/**
 * « Employeurs » as every candidate of a convention reads it (listPartnerEmployers): a page of the
 * convention's partners and their open offers, read once per convention and page every `maxAgeMs`
 * (config.listingsMaxAgeMs: 5 s; 0 in tests), as the offer search's results are (offers/listings.ts).
 * An offer published or closed meanwhile changes an employer's count at most that much later; the
 * company page counts them at every request.
 */
export async function listPartnerEmployersKept(db: Db, actor: SessionUser, rawPage: unknown, maxAgeMs: number) {
  // no page asked: the first; a page number that is not one is read apart
  const page = rawPage === undefined ? 1 : askedPage(rawPage)
  if (page === null) return listPartnerEmployers(db, actor, rawPage)
  // no stale answers: past its age, a page is read again before answering
  const cache = cacheOf<Awaited<ReturnType<typeof listPartnerEmployers>>>(db, 'partner-employers', {
    maxAgeMs,
    maxStaleMs: maxAgeMs,
    maxKeys: MAX_PARTNER_PAGES,
  })
  return (await cache.get(`${actor.conventionId ?? -1}|${page}`, () => listPartnerEmployers(db, actor, String(page)))).value
}

/** "Employeurs": the partners of the candidate's convention, with their open offers counted. */
export async function listPartnerEmployers(db: Db, actor: SessionUser, rawPage: unknown, now = new Date()) {
  const conventionId = actor.conventionId ?? -1
  const count = async () => (await PARTNER_COUNT.executeTakeFirstOrThrow(db, { conventionId })).total
  const readPage = (range: PageRange) => PARTNER_PAGE.execute(db, { conventionId, now, skip: range.skip })
  const { total, page, rows: employers } = await paginate(rawPage, EMPLOYERS_PAGE_SIZE, count(), readPage)
  return {
    total,
    page,
    employers: employers.map((employer) => ({ ...employer, openOffers: employer.openOffers ?? 0 })),
  }
}

/** The employer of a company page, its open offers counted and the candidate's open request to it. */
const COMPANY_PAGE = preparedQuery(['employerId', 'conventionId', 'candidateId', 'now'], (reader, { employerId, conventionId, candidateId, now }) =>
  reader
    .selectFrom('Employer as e')
    // the latest open request, as findOpenSponsorship (sponsorships/service.ts) reads it
    .leftJoin('SponsorshipRequest as s', (join) =>
      join.on((eb) =>
        eb(
          's.id',
          '=',
          eb
            .selectFrom('SponsorshipRequest as open')
            .select((inner) => inner.fn.max('open.id').as('id'))
            .where('open.candidateId', '=', candidateId)
            .whereRef('open.employerId', '=', 'e.id')
            .where('open.status', 'in', OPEN_STATUSES),
        ),
      ),
    )
    .selectAll('e')
    .select(['s.id as sponsorshipId', 's.status as sponsorshipStatus', 's.createdAt as sponsorshipCreatedAt'])
    .select(openOffersOf('e.id', now).as('openOffers'))
    .where('e.id', '=', employerId)
    .where(isEmployerVisibleToCandidate({ conventionId }, 'e')),
)

/** The company page's open offers, the most recent first. */
const COMPANY_PAGE_OFFER_LIST = preparedQuery(['employerId', 'conventionId', 'now'], (reader, { employerId, conventionId, now }) =>
  reader
    .selectFrom('Offer as o')
    .select(['o.id', 'o.title', 'o.city', 'o.department', 'o.contractType', 'o.publishedAt'])
    .where('o.employerId', '=', employerId)
    .where(isOfferVisibleToCandidate({ conventionId }, now, 'o'))
    .orderBy('o.publishedAt', 'desc')
    .orderBy('o.id', 'desc')
    .limit(COMPANY_PAGE_OFFERS),
)

/**
 * A company page: a partner of the candidate's convention with its open offers (the 20 most recent,
 * and their number) and the candidate's open parrainage request to it; 404 for any other employer.
 */
export async function findPartnerEmployer(db: Db, actor: SessionUser, employerId: number, now = new Date()) {
  const conventionId = actor.conventionId ?? -1
  // sponsorshipsOfCandidate (sponsorships/policy.ts) in SQL: the candidate's own requests only
  const candidateId = actor.role === 'CANDIDATE' ? (actor.candidateId ?? -1) : -1
  const row = await COMPANY_PAGE.executeTakeFirst(db, { employerId, conventionId, candidateId, now })
  const { sponsorshipId, sponsorshipStatus, sponsorshipCreatedAt, openOffers: counted, ...employer } = orNotFound(row)
  const openOffers = counted ?? 0
  const offers = openOffers === 0 ? [] : await COMPANY_PAGE_OFFER_LIST.execute(db, { employerId, conventionId, now })
  return {
    employer: toEmployer(employer),
    openOffers,
    offers: offers.map((offer) => ({ ...offer, publishedAt: toDate(offer.publishedAt) })),
    sponsorship:
      sponsorshipId !== null && sponsorshipStatus !== null && sponsorshipCreatedAt !== null
        ? { id: sponsorshipId, status: sponsorshipStatus, createdAt: toDate(sponsorshipCreatedAt) }
        : null,
  }
}

// ───────────────────────── Recruiters, administrators ─────────────────────────

export async function loadEmployerPage(db: Db, scope: EmployerScope) {
  return orNotFound(await db.employer.findUnique({ where: { id: scope.employerId } }))
}

/** "Page employeur": the presentation candidates read. The name is changed by an administrator only, elsewhere. */
export async function updateEmployerPage({ db }: { db: Db }, { actor, scope, form }: { actor: SessionUser; scope: EmployerScope; form: TEmployerPageForm }) {
  await db.$transaction(async (tx) => {
    const before = await tx.employer.findUniqueOrThrow({ where: { id: scope.employerId } })
    await tx.employer.update({
      where: { id: scope.employerId },
      data: {
        description: form.description,
        sector: form.sector,
        city: form.city,
        places: form.places,
        website: form.website,
        contactEmail: form.contactEmail,
      },
    })
    // which fields changed (their new values are on the page candidates read, or on this form)
    const fields = (['description', 'sector', 'city', 'places', 'website', 'contactEmail'] as const).filter((field) => before[field] !== form[field])
    await audit(tx, { actorUserId: actor.id, action: 'employer.update_page', targetType: 'Employer', targetId: scope.employerId, details: { fields } })
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
      await audit(tx, {
        actorUserId: actor.id,
        action: 'user.invite',
        targetType: 'User',
        targetId: user.id,
        details: { role: 'RECRUITER', employerId: scope.employerId },
      })
    })
  } catch (error) {
    // two invitations of the same address at once: the second one meets the unique email
    if (isUniqueViolation(error)) return { ok: false, errors: { email: EMAIL_TAKEN } }
    throw error
  }
  return { ok: true }
}

/**
 * "Gestion des employeurs": every employer, searchable by name, or the partners of one convention,
 * with its partner conventions and counts.
 */
export async function listEmployersForAdmin(
  db: Db,
  { query, page: rawPage, conventionId = null }: { query: string; page: unknown; conventionId?: number | null },
) {
  const search = normalizeForSearch(query)
  const where: Prisma.EmployerWhereInput = {
    ...(search ? { searchName: { contains: search } } : {}),
    ...(conventionId ? { partnerships: { some: { conventionId } } } : {}),
  }
  const { total, page, rows } = await paginate(rawPage, EMPLOYERS_PAGE_SIZE, db.employer.count({ where }), (range) =>
    db.employer.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      ...range,
      select: {
        id: true,
        name: true,
        sector: true,
        city: true,
        partnerships: { select: { convention: { select: { name: true } } } },
        _count: { select: { offers: { where: { status: 'PUBLISHED' } }, recruiters: true } },
      },
    }),
  )
  return {
    total,
    page,
    employers: rows.map(({ partnerships, _count, ...employer }) => ({
      ...employer,
      conventions: partnerships.map((partnership) => partnership.convention.name).sort(),
      publishedOffers: _count.offers,
      recruiters: _count.recruiters,
    })),
  }
}

/** Every convention, for the "Conventions partenaires" check boxes (the deactivated ones said so). */
export async function listConventionsForPartnership(db: Db) {
  return db.convention.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true, name: true, active: true } })
}

const EMPLOYER_NAME_TAKEN = 'Un employeur porte déjà ce nom. Cherchez-le dans la liste des employeurs.'
const UNKNOWN_CONVENTION = 'Choisissez les conventions dans la liste.'

async function allConventionsExist(db: Db, conventionIds: number[]): Promise<boolean> {
  if (conventionIds.length === 0) return true
  return (await db.convention.count({ where: { id: { in: conventionIds } } })) === conventionIds.length
}

/**
 * "Ajouter un employeur", by an administrator: its page and the conventions whose candidates will see
 * it and its offers. Its recruiters are then invited from "Utilisateurs".
 */
export async function createEmployerByAdmin(
  { db }: { db: Db },
  { actor, form }: { actor: SessionUser; form: TNewEmployerForm },
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const searchName = normalizeForSearch(form.name)
  if (await db.employer.findFirst({ where: { searchName }, select: { id: true } })) return { ok: false, errors: { name: EMPLOYER_NAME_TAKEN } }
  if (!(await allConventionsExist(db, form.conventionIds))) return { ok: false, errors: { conventionIds: UNKNOWN_CONVENTION } }
  try {
    const employer = await db.$transaction(async (tx) => {
      const created = await tx.employer.create({
        data: {
          name: form.name,
          searchName,
          sector: form.sector,
          city: form.city,
          description: form.description,
          contactEmail: form.contactEmail,
          partnerships: { create: form.conventionIds.map((conventionId) => ({ conventionId })) },
        },
      })
      await audit(tx, {
        actorUserId: actor.id,
        action: 'employer.create',
        targetType: 'Employer',
        targetId: created.id,
        details: { name: form.name, sector: form.sector, city: form.city, contactEmail: form.contactEmail, conventionIds: form.conventionIds },
      })
      return created
    })
    return { ok: true, id: employer.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: EMPLOYER_NAME_TAKEN } }
    throw error
  }
}

/** The employer's partner conventions, as ids. */
export async function partnerConventionIds(db: Db, scope: EmployerScope): Promise<number[]> {
  const partnerships = await db.employerPartnership.findMany({ where: { employerId: scope.employerId }, select: { conventionId: true } })
  return partnerships.map((partnership) => partnership.conventionId)
}

/**
 * "Conventions partenaires": the candidates of an added convention see the employer and its offers at
 * once; those of a removed one no longer do (their applications already sent are kept). Read and
 * written in one transaction: a second submit of the same form changes nothing and logs nothing.
 */
export async function updatePartnerConventions(
  { db }: { db: Db },
  { actor, scope, conventionIds }: { actor: SessionUser; scope: EmployerScope; conventionIds: number[] },
): Promise<{ ok: true; added: number[]; removed: number[] } | { ok: false; errors: FieldErrors }> {
  if (!(await allConventionsExist(db, conventionIds))) return { ok: false, errors: { conventionIds: UNKNOWN_CONVENTION } }
  try {
    return await db.$transaction(async (tx) => {
      const current = (await tx.employerPartnership.findMany({ where: { employerId: scope.employerId }, select: { conventionId: true } })).map(
        (partnership) => partnership.conventionId,
      )
      const added = conventionIds.filter((id) => !current.includes(id))
      const removed = current.filter((id) => !conventionIds.includes(id))
      if (added.length === 0 && removed.length === 0) return { ok: true as const, added, removed }
      if (removed.length > 0) await tx.employerPartnership.deleteMany({ where: { employerId: scope.employerId, conventionId: { in: removed } } })
      for (const conventionId of added) await tx.employerPartnership.create({ data: { employerId: scope.employerId, conventionId } })
      await audit(tx, {
        actorUserId: actor.id,
        action: 'employer.update_partnerships',
        targetType: 'Employer',
        targetId: scope.employerId,
        details: { added, removed },
      })
      return { ok: true as const, added, removed }
    })
  } catch (error) {
    // the same convention added by two administrators at once: the first one's change stands
    if (isUniqueViolation(error)) return { ok: true, added: [], removed: [] }
    throw error
  }
}

// ───────────────────────── Logo ─────────────────────────

export const MAX_LOGO_SIZE = 1024 * 1024
const LOGO_TYPES = ['image/png', 'image/jpeg']

export const LOGO_MESSAGES = {
  missing: 'Choisissez l’image du logo : un fichier PNG ou JPEG.',
  empty: 'Le fichier est vide. Choisissez une image PNG ou JPEG.',
  notAccepted: 'Ce fichier n’est pas une image PNG ou JPEG : son contenu a été vérifié. Choisissez un autre fichier.',
  tooLarge: 'Le fichier dépasse 1 Mo. Choisissez une image plus légère (1 Mo au plus).',
} as const

/**
 * The logo's MIME type read from its content (the documents' check: never the name nor the type the
 * browser announced), or why it is refused. Of the formats documents accept, a logo is PNG or JPEG only.
 */
async function checkLogoContent(file: { content: Buffer; originalName: string }): Promise<{ ok: true; mimeType: string } | { ok: false; message: string }> {
  if (file.content.length > MAX_LOGO_SIZE) return { ok: false, message: LOGO_MESSAGES.tooLarge }
  const check = await checkDocumentContent(file.content, file.originalName)
  if (!check.ok) return { ok: false, message: check.reason === 'empty' ? LOGO_MESSAGES.empty : LOGO_MESSAGES.notAccepted }
  return LOGO_TYPES.includes(check.mimeType) ? check : { ok: false, message: LOGO_MESSAGES.notAccepted }
}

/**
 * Points the employer at a new logo file (or none) and logs it, in one transaction. The update only
 * applies if the logo is still the one just read, so that of two changes at once neither loses track
 * of the file it replaces (the later one reads again). Returns the replaced file's key, if any.
 */
async function swapLogo(
  db: Db,
  {
    actor,
    scope,
    logoPath,
    action,
    details,
  }: { actor: SessionUser; scope: EmployerScope; logoPath: string | null; action: string; details?: Record<string, unknown> },
): Promise<string | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const swapped = await db.$transaction(async (tx) => {
      const { logoPath: previous } = await tx.employer.findUniqueOrThrow({ where: { id: scope.employerId }, select: { logoPath: true } })
      if (previous === null && logoPath === null) return { previous }
      const { count } = await tx.employer.updateMany({ where: { id: scope.employerId, logoPath: previous }, data: { logoPath } })
      if (count === 0) return null
      await audit(tx, {
        actorUserId: actor.id,
        action,
        targetType: 'Employer',
        targetId: scope.employerId,
        details: logoPath ? { ...details, replaced: previous !== null } : undefined,
      })
      return { previous }
    })
    if (swapped) return swapped.previous
  }
  throw new AppError('CONFLICT', 'Le logo vient d’être modifié par quelqu’un d’autre. Réessayez.')
}

/** Removes a logo file that no row points to any more; a failure is logged, never shown (the change is made). */
async function removeOldLogo(uploadDir: string, employerId: number, storageKey: string | null) {
  if (!storageKey) return
  await removeStoredFile(uploadDir, storageKey).catch((error: unknown) =>
    logger.warn('employer: ancien logo non supprimé', { employerId, error: String(error) }),
  )
}

/** "Enregistrer le logo": the image is checked by its content, stored under a random name, and replaces the previous one. */
export async function updateEmployerLogo(
  { db, config }: { db: Db; config: Config },
  { actor, scope, file }: { actor: SessionUser; scope: EmployerScope; file: { content: Buffer; originalName: string } },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const check = await checkLogoContent(file)
  if (!check.ok) return { ok: false, errors: { logo: check.message } }
  const storageKey = await storeFile(config.uploadDir, file.content)
  let previous: string | null
  try {
    previous = await swapLogo(db, {
      actor,
      scope,
      logoPath: storageKey,
      action: 'employer.update_logo',
      details: { mimeType: check.mimeType, size: file.content.length },
    })
  } catch (error) {
    await removeStoredFile(config.uploadDir, storageKey)
    throw error
  }
  await removeOldLogo(config.uploadDir, scope.employerId, previous)
  return { ok: true }
}

/** "Supprimer le logo". False when there was none (nothing changed, nothing logged). */
export async function deleteEmployerLogo(
  { db, config }: { db: Db; config: Config },
  { actor, scope }: { actor: SessionUser; scope: EmployerScope },
): Promise<boolean> {
  const previous = await swapLogo(db, { actor, scope, logoPath: null, action: 'employer.delete_logo' })
  await removeOldLogo(config.uploadDir, scope.employerId, previous)
  return previous !== null
}

/**
 * The bytes of an employer's logo and their type, read again from the content; null when it has none
 * (or its file is missing). The caller has already checked that the actor may see this employer.
 */
export async function readEmployerLogo(config: Pick<Config, 'uploadDir'>, employer: { id: number; logoPath: string | null }) {
  if (!employer.logoPath) return null
  const content = await readStoredFile(config.uploadDir, employer.logoPath)
  if (!content) {
    logger.error('employer: logo absent du dossier des fichiers', { employerId: employer.id })
    return null
  }
  const check = await checkLogoContent({ content, originalName: '' })
  return check.ok ? { content, mimeType: check.mimeType } : null
}
