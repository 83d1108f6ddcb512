import type { SqlBool } from 'kysely'
import type { OfferStatus, Prisma } from '../../lib/db.ts'
import { sql, type RawBuilder } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { OfferDisplayStatus } from './labels.ts'

/**
 * The offers a candidate may see: published, not past their end date, of an employer that is a
 * partner of the candidate's convention. A référent sees the same offers as their candidates. Every candidate-facing offer query starts from this
 * (or from its SQL twin isOfferVisibleToCandidate below; search.ts writes the same rule in its own SQL).
 */
export function visibleOffersForCandidate(actor: SessionUser, now = new Date()): Prisma.OfferWhereInput {
  return {
    status: 'PUBLISHED',
    OR: [{ endDate: null }, { endDate: { gt: now } }],
    employer: { partnerships: { some: { conventionId: actor.conventionId ?? -1 } } },
  }
}

/** The employers a candidate may see: the partners of their convention. */
export function visibleEmployersForCandidate(actor: SessionUser): Prisma.EmployerWhereInput {
  return { partnerships: { some: { conventionId: actor.conventionId ?? -1 } } }
}

// The same two rules for the read layer (src/lib/sql.ts), as conditions on a table read under an
// alias (`selectFrom('Offer as o')…where(isOfferVisibleToCandidate(actor, now, 'o'))`).

/** The employer whose id is in `employerIdColumn` is a partner of the actor's convention. */
function isPartnerOfActorConvention(actor: Pick<SessionUser, 'conventionId'>, employerIdColumn: string): RawBuilder<SqlBool> {
  // one partnership at most per employer and convention (its primary key): an index lookup
  return sql<SqlBool>`EXISTS (SELECT 1 FROM "EmployerPartnership" "partnership" WHERE "partnership"."employerId" = ${sql.ref(employerIdColumn)} AND "partnership"."conventionId" = ${actor.conventionId ?? -1})`
}

/** Published and not past its end date: the offer read under `offer` is open, whoever its employer. */
export function isOfferOpen(now: Date, offer: string): RawBuilder<SqlBool> {
  // "no end date" as a date far away rather than an OR (as search.ts does on SQLite): one employer's
  // open offers are then one range of the index Offer(employerId, status, endDate, …), read alone
  return sql<SqlBool>`(${sql.ref(`${offer}.status`)} = 'PUBLISHED' AND coalesce(${sql.ref(`${offer}.endDate`)}, '9999-12-31') > ${now})`
}

/** visibleOffersForCandidate in SQL, for the offer read under `offer`. */
export function isOfferVisibleToCandidate(actor: Pick<SessionUser, 'conventionId'>, now: Date, offer: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${isOfferOpen(now, offer)} AND ${isPartnerOfActorConvention(actor, `${offer}.employerId`)})`
}

/** visibleEmployersForCandidate in SQL, for the employer read under `employer`. */
export function isEmployerVisibleToCandidate(actor: Pick<SessionUser, 'conventionId'>, employer: string): RawBuilder<SqlBool> {
  return isPartnerOfActorConvention(actor, `${employer}.id`)
}

/** The offers of one employer: what its recruiters (or an administrator acting for it) may manage. */
export function offersOfEmployer(employerId: number): Prisma.OfferWhereInput {
  return { employerId }
}

/**
 * The applications an employer may know of: validated by the référent and sent (SPEC §6). One still
 * waiting for its référent, returned to the candidate, or withdrawn before validation never counts.
 */
export function applicationsSentToEmployer(): Prisma.ApplicationWhereInput {
  return { validatedAt: { not: null }, status: { notIn: ['PENDING_REFERENT', 'RETURNED'] } }
}

/** An offer past its end date is closed, whether or not closeExpiredOffers has marked it yet. */
export function displayStatusOf(offer: { status: OfferStatus; endDate: Date | null }, now = new Date()): OfferDisplayStatus {
  if (offer.status === 'PUBLISHED' && offer.endDate && offer.endDate <= now) return 'EXPIRED'
  return offer.status
}
