/**
 * Who may see which appointment. Every query of this domain starts from one of these scopes, so an
 * appointment outside the actor's scope is "not found" (404), never "forbidden".
 *
 * - A candidate sees their own appointments.
 * - A référent sees, moves and cancels the appointments of the candidates of their établissement,
 *   whichever référent of the établissement planned them (a colleague may take over a follow-up);
 *   they plan appointments only with its active candidates.
 */
import type { Db, Prisma } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { candidatesOfReferent } from '../candidates/policy.ts'

export function appointmentsOfCandidate(actor: SessionUser): Prisma.AppointmentWhereInput {
  if (actor.role !== 'CANDIDATE' || actor.candidateId === null) return { id: -1 }
  return { candidateId: actor.candidateId }
}

export function appointmentsOfReferent(actor: SessionUser): Prisma.AppointmentWhereInput {
  if (actor.role !== 'REFERENT' || actor.establishmentId === null) return { id: -1 }
  return { candidate: candidatesOfReferent(actor) }
}

/** The candidates a référent may plan an appointment with: active accounts of their établissement. */
export function plannableCandidatesOf(actor: SessionUser): Prisma.CandidateWhereInput {
  if (actor.role !== 'REFERENT' || actor.establishmentId === null) return { id: -1 }
  return { establishmentId: actor.establishmentId, user: { status: 'ACTIVE' } }
}

const referentInclude = { referent: { select: { id: true, user: { select: { firstName: true, lastName: true, email: true } } } } } as const

/** One appointment of the signed-in candidate, with their référent's name (and email, for the .ics); 404 otherwise. */
export async function findAppointmentOfCandidate(db: Db, actor: SessionUser, id: number) {
  return orNotFound(await db.appointment.findFirst({ where: { id, ...appointmentsOfCandidate(actor) }, include: referentInclude }))
}

/** One appointment of a candidate of the référent's établissement; 404 otherwise. */
export async function findAppointmentOfReferent(db: Db, actor: SessionUser, id: number) {
  return orNotFound(
    await db.appointment.findFirst({
      where: { id, ...appointmentsOfReferent(actor) },
      include: { ...referentInclude, candidate: { select: { id: true, user: { select: { firstName: true, lastName: true } } } } },
    }),
  )
}

/**
 * A candidate the référent chose in the form, if they may plan an appointment with them; null
 * otherwise — a message under the field, not a 404: the choice comes from a form, not an address.
 */
export function findPlannableCandidateOrNull(db: Db, actor: SessionUser, candidateId: number) {
  return db.candidate.findFirst({
    where: { id: candidateId, ...plannableCandidatesOf(actor) },
    select: { id: true, user: { select: { id: true, firstName: true, lastName: true } } },
  })
}
