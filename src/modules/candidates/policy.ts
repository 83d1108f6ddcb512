import { expressionBuilder, type Expression, type SqlBool } from 'kysely'
import type { DB } from '../../generated/kysely/types.ts'
import type { Db, Prisma } from '../../lib/db.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import type { SessionUser } from '../../lib/session-user.ts'

/**
 * The candidates a référent follows: those of their own établissement whose registration has been
 * validated (a pending one is handled in "Inscriptions à valider"). Any other actor: none.
 * A candidate outside this scope is "not found" (404), never "forbidden": it does not confirm it exists.
 */
export function candidatesOfReferent(actor: SessionUser): Prisma.CandidateWhereInput {
  if (actor.role !== 'REFERENT' || actor.establishmentId === null) return { id: -1 }
  return { establishmentId: actor.establishmentId, user: { status: { not: 'PENDING_VALIDATION' } } }
}

/** Builds conditions on `Candidate as c`, the name the read layer's queries (src/lib/sql.ts) give the candidate. */
const onCandidate = expressionBuilder<DB & { c: DB['Candidate'] }, 'c'>()

/**
 * SQL twin of candidatesOfReferent, on the candidate of a query that names it `c`
 * (`selectFrom('Candidate as c').where(candidatesOfReferentSql(actor))`). Change both together.
 * The account's status is an EXISTS on its primary key, so that the caller need not join User.
 */
export function candidatesOfReferentSql(actor: SessionUser): Expression<SqlBool> {
  if (actor.role !== 'REFERENT' || actor.establishmentId === null) return onCandidate('c.id', '=', -1)
  return candidatesOfEstablishmentSql(actor.establishmentId)
}

/**
 * candidatesOfReferentSql for a référent of this établissement (the caller has checked the role):
 * one shape whatever the établissement, for the read layer's prepared queries.
 */
export function candidatesOfEstablishmentSql(establishmentId: number): Expression<SqlBool> {
  const validatedAccount = onCandidate
    .selectFrom('User as account')
    .select('account.id')
    .whereRef('account.id', '=', 'c.userId')
    .where('account.status', '<>', 'PENDING_VALIDATION')
  return onCandidate.and([onCandidate('c.establishmentId', '=', establishmentId), onCandidate.exists(validatedAccount)])
}

/** One candidate of the référent's établissement, with their account; 404 otherwise. */
export async function findCandidateOfReferent(db: Db, actor: SessionUser, candidateId: number) {
  return orNotFound(
    await db.candidate.findFirst({
      where: { id: candidateId, ...candidatesOfReferent(actor) },
      include: { user: true, establishment: true },
    }),
  )
}

/** The signed-in candidate's own profile ("Mon compte"). */
export async function findOwnCandidate(db: Db, actor: SessionUser) {
  if (actor.role !== 'CANDIDATE' || actor.candidateId === null) throw new AppError('FORBIDDEN')
  return orNotFound(await db.candidate.findUnique({ where: { id: actor.candidateId }, include: { user: true } }))
}
