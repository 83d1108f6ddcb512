import type { Db, Prisma } from '../../lib/db.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { candidatesOfReferent } from '../candidates/policy.ts'

/**
 * Which documents each role may open (SPEC §9):
 * - a candidate: their own, every type;
 * - a référent: every document (CV, lettre, "Autre") of the candidates of their établissement;
 * - a recruiter: only CVs and lettres attached to an application of their employer that a référent
 *   has validated (sent) — never an "Autre" document, never before validation;
 * - an administrator: none.
 * A document outside the scope is "not found".
 */
export function documentsVisibleTo(actor: SessionUser): Prisma.DocumentWhereInput {
  switch (actor.role) {
    case 'CANDIDATE':
      return { candidateId: actor.candidateId ?? -1 }
    case 'REFERENT':
      return { candidate: candidatesOfReferent(actor) }
    case 'RECRUITER':
      return {
        type: { in: ['CV', 'COVER_LETTER'] },
        applications: {
          some: {
            application: {
              employerId: actor.employerId ?? -1,
              validatedAt: { not: null },
              status: { notIn: ['PENDING_REFERENT', 'RETURNED'] },
            },
          },
        },
      }
    default:
      return { id: -1 }
  }
}

/** A document the actor may open; 404 otherwise. */
export async function findVisibleDocument(db: Db, actor: SessionUser, documentId: number) {
  return orNotFound(await db.document.findFirst({ where: { id: documentId, ...documentsVisibleTo(actor) } }))
}

/** One of the signed-in candidate's own documents (to rename or delete); 404 otherwise. */
export async function findOwnDocument(db: Db, actor: SessionUser, documentId: number) {
  if (actor.role !== 'CANDIDATE') throw new AppError('NOT_FOUND')
  return orNotFound(
    await db.document.findFirst({
      where: { id: documentId, candidateId: actor.candidateId ?? -1 },
      include: { _count: { select: { applications: true } } },
    }),
  )
}
