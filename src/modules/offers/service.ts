import type { Selectable } from 'kysely'
import { audit } from '../../lib/audit.ts'
import type { Offer as OfferRow } from '../../generated/kysely/types.ts'
import type { Db, Offer, OfferStatus } from '../../lib/db.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import { preparedQuery, toDate } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { paginate } from '../../lib/pagination.ts'
import type { EmployerScope } from '../employers/policy.ts'
import { publicationEndFromLastDay, utcDay } from './dates.ts'
import { SECTORS } from './labels.ts'
import { applicationsSentToEmployer, displayStatusOf, isEmployerVisibleToCandidate, isOfferVisibleToCandidate, offersOfEmployer } from './policy.ts'
import type { OfferFormAction, TOfferForm } from './schemas.ts'

export const EMPLOYER_OFFERS_PAGE_SIZE = 20

// ───────────────────────── Candidates ─────────────────────────

// one statement: the offer, its visibility and its employer's name
const OFFER_FOR_CANDIDATE = preparedQuery(['offerId', 'conventionId', 'now'], (reader, { offerId, conventionId, now }) =>
  reader
    .selectFrom('Offer as o')
    .innerJoin('Employer as e', 'e.id', 'o.employerId')
    .selectAll('o')
    .select('e.name as employerName')
    .where('o.id', '=', offerId)
    .where(isOfferVisibleToCandidate({ conventionId }, now, 'o')),
)

/** An offer a candidate may open, with its employer; 404 for any other (draft, closed, expired, not a partner's). */
export async function findOfferForCandidate(db: Db, actor: SessionUser, offerId: number, now = new Date()) {
  const row = await OFFER_FOR_CANDIDATE.executeTakeFirst(db, { offerId, conventionId: actor.conventionId ?? -1, now })
  const { employerName, ...offer } = orNotFound(row)
  return { ...toOffer(offer), employer: { id: offer.employerId, name: employerName } }
}

/** An offer row of the read layer as Prisma returns it: Dates and a boolean. */
function toOffer(row: Selectable<OfferRow>): Offer {
  return {
    ...row,
    remote: Boolean(row.remote),
    startDate: toDate(row.startDate),
    endDate: toDate(row.endDate),
    publishedAt: toDate(row.publishedAt),
    closedAt: toDate(row.closedAt),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  }
}

const PARTNER_EMPLOYER_CHOICES = preparedQuery(['conventionId'], (reader, { conventionId }) =>
  reader.selectFrom('Employer as e').select(['e.id', 'e.name']).where(isEmployerVisibleToCandidate({ conventionId }, 'e')).orderBy('e.name'),
)

/** The "Employeur" list of the search form: the partners of the candidate's convention. */
export async function listPartnerEmployerChoices(db: Db, actor: SessionUser) {
  const employers = await PARTNER_EMPLOYER_CHOICES.execute(db, { conventionId: actor.conventionId ?? -1 })
  return employers.map((employer) => ({ value: String(employer.id), label: employer.name }))
}

// ───────────────────────── Recruiters (and administrators for an employer) ─────────────────────────

/** The "Secteur" choices of the offer form: the list, plus the employer's own sector if it is not in it. */
export function sectorChoices(employerSector: string): string[] {
  const sectors: string[] = [...SECTORS]
  if (employerSector && !sectors.includes(employerSector)) sectors.push(employerSector)
  return sectors
}

/** "Mes offres": the employer's offers, newest first, with the applications it has received. */
export async function listEmployerOffers(db: Db, scope: EmployerScope, rawPage: unknown, now = new Date()) {
  const where = offersOfEmployer(scope.employerId)
  const { total, page, rows } = await paginate(rawPage, EMPLOYER_OFFERS_PAGE_SIZE, db.offer.count({ where }), (range) =>
    db.offer.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...range,
      select: {
        id: true,
        title: true,
        reference: true,
        status: true,
        city: true,
        contractType: true,
        createdAt: true,
        publishedAt: true,
        closedAt: true,
        endDate: true,
      },
    }),
  )
  const counts = await db.application.groupBy({
    by: ['offerId'],
    where: { offerId: { in: rows.map((offer) => offer.id) }, ...applicationsSentToEmployer() },
    _count: { _all: true },
  })
  const countByOffer = new Map(counts.map((row) => [row.offerId, row._count._all]))
  return {
    total,
    page,
    offers: rows.map((offer) => ({ ...offer, displayStatus: displayStatusOf(offer, now), applicationCount: countByOffer.get(offer.id) ?? 0 })),
  }
}

/** One offer of the employer; another employer's offer is a 404. */
export async function findEmployerOffer(db: Db, scope: EmployerScope, offerId: number) {
  return orNotFound(await db.offer.findFirst({ where: { id: offerId, ...offersOfEmployer(scope.employerId) } }))
}

type OfferResult = { ok: true; offerId: number; status: OfferStatus } | { ok: false; errors: FieldErrors }

/** The offer's columns from the form (the import writes the same: import.ts). */
export function offerData(form: TOfferForm) {
  return {
    title: form.title,
    description: form.description,
    missions: form.missions,
    profileSought: form.profileSought,
    contractType: form.contractType,
    city: form.city,
    department: form.department,
    sector: form.sector,
    duration: form.duration,
    startDate: form.startDate ? utcDay(form.startDate) : null,
    endDate: form.endDate ? publicationEndFromLastDay(form.endDate) : null,
    remote: form.remote,
    accessibility: form.accessibility,
    contactEmail: form.contactEmail,
  }
}

const PAST_END_DATE = 'La date de fin de publication est passée : choisissez aujourd’hui ou une date à venir pour publier l’offre.'
const PAST_END_DATE_OF_PUBLISHED = 'La date de fin de publication est passée : choisissez aujourd’hui ou une date à venir, ou clôturez l’offre.'

type OfferStatusFields = { status: OfferStatus; publishedAt: Date | null; closedAt: Date | null }

/**
 * The status an offer has once saved with this button (the form's, or the "statut" of an import):
 * a new offer is a draft or published; a draft stays a draft or is published; a published offer
 * stays published; a closed one stays closed unless published again; one past its end date is closed
 * at its end date. Publishing (or staying published) with an end date already past is refused.
 */
export function offerStatusAfterSave(
  offer: (OfferStatusFields & { endDate: Date | null }) | null,
  data: { endDate: Date | null },
  action: OfferFormAction,
  now: Date,
): ({ ok: true } & OfferStatusFields) | { ok: false; error: string } {
  const pastEnd = data.endDate !== null && data.endDate <= now
  if (!offer) {
    if (action !== 'publish') return { ok: true, status: 'DRAFT', publishedAt: null, closedAt: null }
    return pastEnd ? { ok: false, error: PAST_END_DATE } : { ok: true, status: 'PUBLISHED', publishedAt: now, closedAt: null }
  }
  const current = displayStatusOf(offer, now)
  let next: OfferStatusFields
  if (action === 'publish' && current !== 'PUBLISHED') next = { status: 'PUBLISHED', publishedAt: now, closedAt: null }
  else if (current === 'EXPIRED') next = { status: 'CLOSED', publishedAt: offer.publishedAt, closedAt: offer.endDate }
  else next = { status: offer.status, publishedAt: offer.publishedAt, closedAt: offer.closedAt }
  if (next.status === 'PUBLISHED' && pastEnd) return { ok: false, error: current === 'PUBLISHED' ? PAST_END_DATE_OF_PUBLISHED : PAST_END_DATE }
  return { ok: true, ...next }
}

/** "Créer une offre": a draft ("Enregistrer le brouillon") or a published offer ("Publier"). */
export async function createOffer(
  { db }: { db: Db },
  { actor, scope, form, action, now = new Date() }: { actor: SessionUser; scope: EmployerScope; form: TOfferForm; action: OfferFormAction; now?: Date },
): Promise<OfferResult> {
  const data = offerData(form)
  const next = offerStatusAfterSave(null, data, action, now)
  if (!next.ok) return { ok: false, errors: { endDate: next.error } }
  const publish = next.status === 'PUBLISHED'
  return db.$transaction(async (tx) => {
    const offer = await tx.offer.create({
      data: {
        ...data,
        employerId: scope.employerId,
        status: next.status,
        publishedAt: next.publishedAt,
        createdByUserId: actor.id,
      },
    })
    await audit(tx, {
      actorUserId: actor.id,
      action: publish ? 'offer.publish' : 'offer.create',
      targetType: 'Offer',
      targetId: offer.id,
      details: { employerId: scope.employerId },
    })
    return { ok: true as const, offerId: offer.id, status: offer.status }
  })
}

/**
 * "Modifier l’offre". A draft stays a draft ("Enregistrer le brouillon") or is published ("Publier");
 * a published offer stays published; a closed one stays closed unless "Publier à nouveau". An offer
 * past its end date is closed: saving it marks it so.
 */
export async function updateOffer(
  { db }: { db: Db },
  {
    actor,
    scope,
    offerId,
    form,
    action,
    now = new Date(),
  }: { actor: SessionUser; scope: EmployerScope; offerId: number; form: TOfferForm; action: OfferFormAction; now?: Date },
): Promise<OfferResult> {
  const offer = await findEmployerOffer(db, scope, offerId)
  const data = offerData(form)
  const next = offerStatusAfterSave(offer, data, action, now)
  if (!next.ok) return { ok: false, errors: { endDate: next.error } }
  const { status, publishedAt, closedAt } = next
  return db.$transaction(async (tx) => {
    // the employer id in the where: the row cannot be another employer's, even if it changed meanwhile
    const { count } = await tx.offer.updateMany({
      where: { id: offer.id, ...offersOfEmployer(scope.employerId) },
      data: { ...data, status, publishedAt, closedAt },
    })
    if (count !== 1) throw new AppError('NOT_FOUND')
    const published = status === 'PUBLISHED' && offer.status !== 'PUBLISHED'
    await audit(tx, {
      actorUserId: actor.id,
      action: published ? 'offer.publish' : 'offer.update',
      targetType: 'Offer',
      targetId: offer.id,
      details: { from: offer.status, to: status },
    })
    return { ok: true as const, offerId: offer.id, status }
  })
}

/** "Clôturer": a published offer stops being visible to candidates. */
export async function closeOffer(
  { db }: { db: Db },
  { actor, scope, offerId, now = new Date() }: { actor: SessionUser; scope: EmployerScope; offerId: number; now?: Date },
): Promise<{ ok: true } | { ok: false; reason: 'not_published' }> {
  const offer = await findEmployerOffer(db, scope, offerId)
  if (offer.status !== 'PUBLISHED') return { ok: false, reason: 'not_published' }
  return db.$transaction(async (tx) => {
    const { count } = await tx.offer.updateMany({
      where: { id: offer.id, status: 'PUBLISHED', ...offersOfEmployer(scope.employerId) },
      // an offer past its end date closed then, not now
      data: { status: 'CLOSED', closedAt: offer.endDate && offer.endDate <= now ? offer.endDate : now },
    })
    if (count !== 1) return { ok: false as const, reason: 'not_published' as const }
    await audit(tx, { actorUserId: actor.id, action: 'offer.close', targetType: 'Offer', targetId: offer.id })
    return { ok: true as const }
  })
}

/**
 * The offers whose end date has passed become closed, closed at their end date. Candidates already
 * stop seeing them at that date (the rule is checked by every query): this makes it visible to their
 * recruiters and keeps the statuses true. Run at start and then periodically by server.ts.
 */
export async function closeExpiredOffers(db: Db, now = new Date()): Promise<number> {
  return db.$executeRaw`
    UPDATE "Offer" SET "status" = 'CLOSED', "closedAt" = "endDate", "updatedAt" = ${now}
    WHERE "status" = 'PUBLISHED' AND "endDate" IS NOT NULL AND "endDate" <= ${now}`
}
