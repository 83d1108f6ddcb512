import type { Prisma } from '../../lib/db.ts'
import type { SessionUser } from '../../web/auth.ts'

/**
 * The offers a candidate may see: published, not past their end date, of an employer that is a
 * partner of the candidate's convention. Every candidate-facing offer query starts from this.
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
