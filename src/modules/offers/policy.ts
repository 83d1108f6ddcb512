import type { OfferStatus, Prisma } from '../../lib/db.ts'
import type { SessionUser } from '../../web/auth.ts'
import type { OfferDisplayStatus } from './labels.ts'

/**
 * The offers a candidate may see: published, not past their end date, of an employer that is a
 * partner of the candidate's convention. A référent sees the same offers as their candidates. Every candidate-facing offer query starts from this
 * (search.ts writes the same rule in SQL).
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
