import type { Db, Prisma } from '../../lib/db.ts'
import type { SessionUser } from '../../lib/session-user.ts'

/**
 * What a référent may see and act on: the candidates of their own établissement, nothing else.
 * A row outside this scope is "not found" (404), never "forbidden": it does not confirm it exists.
 */
export function candidateUsersOfReferent(actor: SessionUser): Prisma.UserWhereInput {
  return { role: 'CANDIDATE', candidate: { establishmentId: actor.establishmentId ?? -1 } }
}

/** The self-registrations waiting for a référent of the actor's établissement. */
export function pendingRegistrationsOfReferent(actor: SessionUser): Prisma.UserWhereInput {
  return { ...candidateUsersOfReferent(actor), status: 'PENDING_VALIDATION' }
}

/**
 * One pending registration of the actor's établissement, or null (other établissement, unknown,
 * already handled): not a 404 at once, as one already handled by a colleague gets its own message.
 */
export function findPendingRegistrationOrNull(db: Db, actor: SessionUser, userId: number) {
  return db.user.findFirst({
    where: { id: userId, ...pendingRegistrationsOfReferent(actor) },
    include: { candidate: { include: { establishment: true } } },
  })
}

/** Whether this candidate belongs to the actor's établissement, whatever its status. */
export async function isCandidateOfReferent(db: Db, actor: SessionUser, userId: number): Promise<boolean> {
  return (await db.user.count({ where: { id: userId, ...candidateUsersOfReferent(actor) } })) > 0
}
