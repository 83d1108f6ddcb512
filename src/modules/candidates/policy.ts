import type { Db, Prisma } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import type { SessionUser } from '../../web/auth.ts'

/**
 * The candidates a référent follows: those of their own établissement whose registration has been
 * validated (a pending one is handled in "Inscriptions à valider"). Any other actor: none.
 * A candidate outside this scope is "not found" (404), never "forbidden": it does not confirm it exists.
 */
export function candidatesOfReferent(actor: SessionUser): Prisma.CandidateWhereInput {
  if (actor.role !== 'REFERENT' || actor.establishmentId === null) return { id: -1 }
  return { establishmentId: actor.establishmentId, user: { status: { not: 'PENDING_VALIDATION' } } }
}

/** One candidate of the référent's établissement, with their account; 404 otherwise. */
export async function findCandidateOfReferent(db: Db, actor: SessionUser, candidateId: number) {
  const candidate = await db.candidate.findFirst({
    where: { id: candidateId, ...candidatesOfReferent(actor) },
    include: { user: true, establishment: true },
  })
  if (!candidate) throw new AppError('NOT_FOUND')
  return candidate
}

/** The signed-in candidate's own profile ("Mon compte"). */
export async function findOwnCandidate(db: Db, actor: SessionUser) {
  if (actor.role !== 'CANDIDATE' || actor.candidateId === null) throw new AppError('FORBIDDEN')
  const candidate = await db.candidate.findUnique({ where: { id: actor.candidateId }, include: { user: true } })
  if (!candidate) throw new AppError('NOT_FOUND')
  return candidate
}
