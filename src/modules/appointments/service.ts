/**
 * Use cases of the appointments domain (rendez-vous). Each takes the signed-in actor and reaches rows
 * only through the scoped finders of policy.ts; each change goes through workflow.ts.
 */
import type { Config } from '../../config.ts'
import type { Db, Prisma } from '../../lib/db.ts'
import type { ChangeResult } from '../../lib/change-result.ts'
import { AppError } from '../../lib/errors.ts'
import { fullName } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { pageOf, rangeOf } from '../../lib/pagination.ts'
import { candidatesOfReferent } from '../candidates/policy.ts'
import { appointmentToIcs, icsFileName } from './ics.ts'
import {
  appointmentsOfCandidate,
  appointmentsOfReferent,
  findAppointmentOfCandidate,
  findAppointmentOfReferent,
  findPlannableCandidateOrNull,
  plannableCandidatesOf,
} from './policy.ts'
import type { TAppointmentChangeForm, TAppointmentForm } from './schemas.ts'
import { startOfParisDay } from '../../lib/paris-time.ts'
import { transitionAppointment, type RefusalReason, type Schedule } from './workflow.ts'

export type Deps = { db: Db; config: Config }

const PAGE_SIZE = 20

/** Messages shown when a change could not be made: nothing was changed. */
export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  not_allowed: 'Cette action n’est pas possible : rien n’a été modifié.',
  cancelled: 'Ce rendez-vous est annulé : il ne peut plus être modifié.',
  over: 'Ce rendez-vous est passé : il ne peut plus être modifié ni annulé.',
  stale: 'Ce rendez-vous a été modifié entre-temps (par vous dans un autre onglet, ou par un autre référent) : rien n’a été enregistré. Voici son état actuel.',
}

// ───────────────────────── Lists ─────────────────────────

const referentSelect = { select: { user: { select: { firstName: true, lastName: true } } } } as const
const candidateSelect = { select: { id: true, user: { select: { firstName: true, lastName: true } } } } as const

/**
 * A list in two parts on the same pages: today's and coming appointments first (soonest first), then
 * past and cancelled ones (latest first). Pages cut across both parts.
 */
async function splitList<I extends Prisma.AppointmentInclude>(db: Db, where: Prisma.AppointmentWhereInput, include: I, options: { page: unknown; now: Date }) {
  const today = startOfParisDay(options.now)
  const upcomingWhere: Prisma.AppointmentWhereInput = { AND: [where, { status: 'PLANNED', startsAt: { gte: today } }] }
  const pastWhere: Prisma.AppointmentWhereInput = { AND: [where, { OR: [{ status: 'CANCELLED' }, { startsAt: { lt: today } }] }] }
  const [upcomingTotal, pastTotal] = await Promise.all([db.appointment.count({ where: upcomingWhere }), db.appointment.count({ where: pastWhere })])
  const page = pageOf(options.page, upcomingTotal + pastTotal, PAGE_SIZE)
  const { skip } = rangeOf(page)
  const upcomingTake = Math.min(Math.max(upcomingTotal - skip, 0), page.size)
  const upcoming =
    upcomingTake > 0
      ? await db.appointment.findMany({ where: upcomingWhere, include, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], skip, take: upcomingTake })
      : []
  const pastTake = page.size - upcoming.length
  const past =
    pastTake > 0
      ? await db.appointment.findMany({
          where: pastWhere,
          include,
          orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
          skip: Math.max(skip - upcomingTotal, 0),
          take: pastTake,
        })
      : []
  return { upcoming, past, upcomingTotal, pastTotal, total: upcomingTotal + pastTotal, page }
}

/** "Rendez-vous" of the référent: those of their établissement's candidates, or of one of them. */
export async function listAppointmentsOfReferent(db: Db, actor: SessionUser, options: { page: unknown; candidateId?: number | null; now?: Date }) {
  const candidate =
    options.candidateId != null
      ? await db.candidate.findFirst({ where: { id: options.candidateId, ...candidatesOfReferent(actor) }, ...candidateSelect })
      : null
  const where: Prisma.AppointmentWhereInput = { ...appointmentsOfReferent(actor), ...(candidate ? { candidateId: candidate.id } : {}) }
  const list = await splitList(db, where, { candidate: candidateSelect, referent: referentSelect }, { page: options.page, now: options.now ?? new Date() })
  return { ...list, candidate }
}

/** "Mes rendez-vous" of the candidate. */
export function listAppointmentsOfCandidate(db: Db, actor: SessionUser, options: { page: unknown; now?: Date }) {
  return splitList(db, appointmentsOfCandidate(actor), { referent: referentSelect }, { page: options.page, now: options.now ?? new Date() })
}

/** The coming appointments of one candidate, on the référent's page of that candidate. */
export function listUpcomingAppointmentsForReferent(db: Db, actor: SessionUser, candidateId: number, options: { limit?: number; now?: Date } = {}) {
  return db.appointment.findMany({
    where: { ...appointmentsOfReferent(actor), candidateId, status: 'PLANNED', startsAt: { gte: startOfParisDay(options.now ?? new Date()) } },
    include: { referent: referentSelect },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    take: options.limit ?? 5,
  })
}

/** The choices of "Candidat": the active candidates of the référent's établissement. */
export function listPlannableCandidates(db: Db, actor: SessionUser) {
  return db.candidate.findMany({
    where: plannableCandidatesOf(actor),
    select: { id: true, user: { select: { firstName: true, lastName: true, email: true } } },
    orderBy: [{ user: { lastName: 'asc' } }, { user: { firstName: 'asc' } }, { id: 'asc' }],
  })
}

// ───────────────────────── Changes ─────────────────────────

export type PlanResult = { status: 'created'; appointmentId: number; candidateName: string } | { status: 'invalid'; errors: FieldErrors }
type AppointmentChange = ChangeResult<'unchanged' | 'refused', { candidateName: string }>

function scheduleOf(form: TAppointmentChangeForm): Schedule {
  return { startsAt: form.startsAt, durationMinutes: form.durationMinutes, mode: form.mode, location: form.location, subject: form.subject }
}

function requireReferent(actor: SessionUser) {
  if (actor.role !== 'REFERENT' || actor.referentId === null || actor.establishmentId === null) throw new AppError('FORBIDDEN')
}

/** "Planifier": the appointment is created and the candidate told, in one transaction. */
export async function planAppointment(
  { db, config }: Deps,
  { actor, form, now = new Date() }: { actor: SessionUser; form: TAppointmentForm; now?: Date },
): Promise<PlanResult> {
  requireReferent(actor)
  const candidate = await findPlannableCandidateOrNull(db, actor, form.candidateId)
  // a candidate of another établissement (a forged form) gets the same answer as one that does not exist
  if (!candidate) return { status: 'invalid', errors: { candidateId: 'Choisissez un candidat de votre établissement dans la liste.' } }
  const result = await db.$transaction((tx) =>
    transitionAppointment(tx, config, { action: 'plan', actor, candidateId: candidate.id, schedule: scheduleOf(form), now }),
  )
  if (!result.ok) throw new AppError('FORBIDDEN')
  return { status: 'created', appointmentId: result.appointmentId, candidateName: fullName(candidate.user) }
}

const sameSchedule = (a: Schedule, b: Schedule) =>
  a.startsAt.getTime() === b.startsAt.getTime() &&
  a.durationMinutes === b.durationMinutes &&
  a.mode === b.mode &&
  (a.location ?? null) === (b.location ?? null) &&
  a.subject === b.subject

/** "Enregistrer" on "Modifier le rendez-vous": moved, sequence + 1, the candidate told. */
export async function moveAppointment(
  { db, config }: Deps,
  {
    actor,
    appointmentId,
    seenSequence,
    form,
    now = new Date(),
  }: { actor: SessionUser; appointmentId: number; seenSequence: number; form: TAppointmentChangeForm; now?: Date },
): Promise<AppointmentChange> {
  requireReferent(actor)
  const appointment = await findAppointmentOfReferent(db, actor, appointmentId)
  const schedule = scheduleOf(form)
  if (appointment.sequence === seenSequence && appointment.status === 'PLANNED' && sameSchedule(appointment, schedule)) return { status: 'unchanged' }
  const result = await db.$transaction((tx) => transitionAppointment(tx, config, { action: 'move', actor, appointmentId, seenSequence, schedule, now }))
  return result.ok ? { status: 'done', candidateName: fullName(appointment.candidate.user) } : { status: 'refused', message: REFUSAL_MESSAGES[result.reason] }
}

/** "Annuler le rendez-vous": cancelled, sequence + 1, the candidate told. */
export async function cancelAppointment(
  { db, config }: Deps,
  { actor, appointmentId, seenSequence, now = new Date() }: { actor: SessionUser; appointmentId: number; seenSequence: number; now?: Date },
): Promise<AppointmentChange> {
  requireReferent(actor)
  const appointment = await findAppointmentOfReferent(db, actor, appointmentId)
  const result = await db.$transaction((tx) => transitionAppointment(tx, config, { action: 'cancel', actor, appointmentId, seenSequence, now }))
  return result.ok ? { status: 'done', candidateName: fullName(appointment.candidate.user) } : { status: 'refused', message: REFUSAL_MESSAGES[result.reason] }
}

// ───────────────────────── The .ics file ─────────────────────────

/** The candidate's own appointment as an .ics file; anyone else's is not found. */
export async function exportAppointmentIcs(
  { db, config }: Deps,
  { actor, appointmentId, now = new Date() }: { actor: SessionUser; appointmentId: number; now?: Date },
) {
  const appointment = await findAppointmentOfCandidate(db, actor, appointmentId)
  const content = appointmentToIcs({ ...appointment, referent: appointment.referent.user }, { baseUrl: config.baseUrl, now })
  return { fileName: icsFileName(appointment), content }
}
