/**
 * The appointment's life — the one place where an appointment is created or changed.
 *
 *   (new) ──référent: plan──▶ PLANNED ──référent: cancel──▶ CANCELLED
 *                              │  ▲
 *                              └──┘ référent: move (day, time, duration, modality, place, subject)
 *
 * Moving and cancelling are possible until the appointment is over. Each one adds 1 to `sequence`
 * (RFC 5545 SEQUENCE: a calendar that imports the .ics again replaces its copy). Each change, in the
 * caller's transaction: a conditional update (`where id, status PLANNED and sequence = the one the
 * référent saw`), so that a double submit or two référents acting at once make exactly one change;
 * an audit row; the candidate's notification and email.
 */
import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { AppointmentMode, AppointmentStatus, Role, Tx } from '../../lib/db.ts'
import { notifyAppointmentEvent } from './emails.ts'
import { endOf } from './time.ts'

export type AppointmentAction = 'plan' | 'move' | 'cancel'

export type TransitionRule = {
  action: AppointmentAction
  /** null: the appointment is being created */
  from: AppointmentStatus | null
  to: AppointmentStatus
  by: Role
}

/** Every allowed change, and who may make it. Anything not here is impossible. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'plan', from: null, to: 'PLANNED', by: 'REFERENT' },
  { action: 'move', from: 'PLANNED', to: 'PLANNED', by: 'REFERENT' },
  { action: 'cancel', from: 'PLANNED', to: 'CANCELLED', by: 'REFERENT' },
]

export function findTransition(action: AppointmentAction, from: AppointmentStatus | null, role: Role): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.action === action && rule.from === from && rule.by === role)
}

/** Whether an appointment can still be moved or cancelled: planned, and not over yet. */
export function canChange(appointment: { status: AppointmentStatus; startsAt: Date; durationMinutes: number }, now: Date = new Date()): boolean {
  return findTransition('cancel', appointment.status, 'REFERENT') !== undefined && endOf(appointment).getTime() > now.getTime()
}

/** What the référent sets: when, how long, how, where, why. */
export type Schedule = {
  startsAt: Date
  durationMinutes: number
  mode: AppointmentMode
  location: string | null
  subject: string
}

export type TransitionActor = { id: number; role: Role; referentId: number | null }

export type TransitionRequest =
  | { action: 'plan'; actor: TransitionActor; candidateId: number; schedule: Schedule; now?: Date }
  | { action: 'move'; actor: TransitionActor; appointmentId: number; seenSequence: number; schedule: Schedule; now?: Date }
  | { action: 'cancel'; actor: TransitionActor; appointmentId: number; seenSequence: number; now?: Date }

export type RefusalReason = 'not_allowed' | 'cancelled' | 'over' | 'stale'

export type TransitionResult = { ok: true; appointmentId: number } | { ok: false; reason: RefusalReason }

/**
 * Make one change, inside the caller's transaction (`db.$transaction(async (tx) => …)`). Returns
 * 'stale' when the appointment is no longer the version the référent saw (someone else changed or
 * cancelled it, a double submit): then nothing was written and nobody told.
 */
export async function transitionAppointment(tx: Tx, config: Config, request: TransitionRequest): Promise<TransitionResult> {
  const now = request.now ?? new Date()
  const { actor } = request

  if (request.action === 'plan') {
    if (!findTransition('plan', null, actor.role) || actor.referentId === null) return { ok: false, reason: 'not_allowed' }
    const appointment = await tx.appointment.create({
      data: { candidateId: request.candidateId, referentId: actor.referentId, status: 'PLANNED', sequence: 0, ...request.schedule },
    })
    await audit(tx, {
      actorUserId: actor.id,
      action: 'appointment.plan',
      targetType: 'Appointment',
      targetId: appointment.id,
      details: { candidateId: request.candidateId, startsAt: request.schedule.startsAt.toISOString() },
    })
    await notifyAppointmentEvent(tx, config, { appointmentId: appointment.id, action: 'plan', previousStartsAt: null })
    return { ok: true, appointmentId: appointment.id }
  }

  const current = await tx.appointment.findUnique({ where: { id: request.appointmentId }, select: { status: true, startsAt: true, durationMinutes: true } })
  if (!current) return { ok: false, reason: 'not_allowed' }
  const rule = findTransition(request.action, 'PLANNED', actor.role)
  if (!rule) return { ok: false, reason: 'not_allowed' }
  if (current.status === 'CANCELLED') return { ok: false, reason: 'cancelled' }
  if (!canChange(current, now)) return { ok: false, reason: 'over' }

  const { count } = await tx.appointment.updateMany({
    where: { id: request.appointmentId, status: 'PLANNED', sequence: request.seenSequence },
    data: {
      status: rule.to,
      sequence: request.seenSequence + 1,
      ...(request.action === 'move' ? request.schedule : {}),
    },
  })
  if (count !== 1) return { ok: false, reason: 'stale' }
  await audit(tx, {
    actorUserId: actor.id,
    action: `appointment.${request.action}`,
    targetType: 'Appointment',
    targetId: request.appointmentId,
    details:
      request.action === 'move'
        ? { from: current.startsAt.toISOString(), to: request.schedule.startsAt.toISOString() }
        : { startsAt: current.startsAt.toISOString() },
  })
  await notifyAppointmentEvent(tx, config, { appointmentId: request.appointmentId, action: request.action, previousStartsAt: current.startsAt })
  return { ok: true, appointmentId: request.appointmentId }
}
