/**
 * The application status machine — the one place where an application's status changes.
 *
 *   (new) ──candidate──▶ PENDING_REFERENT ──référent: validate──▶ SENT ──employer──▶ IN_REVIEW ─▶ INTERVIEW ─▶ ACCEPTED / REJECTED
 *                          ▲        │
 *          candidate:      │        └──référent: return (comment)──▶ RETURNED
 *          resubmit        └──────────────────────────────────────────┘
 *   candidate: withdraw (WITHDRAWN) from any status that is not final.
 *
 * Each transition, in the caller's transaction: a conditional update (`where id and status = from`)
 * so that two people acting at once on the same row produce exactly one change; a history row (who,
 * when, from, to, comment); the notifications and emails it causes, queued in the outbox.
 */
import type { Config } from '../../config.ts'
import type { ApplicationStatus, Prisma, Role, Tx } from '../../lib/db.ts'
import { notifyApplicationEvent } from './emails.ts'

export type TransitionRule = {
  /** null: the application is being created */
  from: ApplicationStatus | null
  to: ApplicationStatus
  by: Role
  /** what the person does, for the history and the tests */
  action: 'submit' | 'resubmit' | 'validate' | 'return' | 'withdraw' | 'employer_update'
  commentRequired?: boolean
}

const EMPLOYER_STEPS: [ApplicationStatus, ApplicationStatus[]][] = [
  ['SENT', ['IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED']],
  ['IN_REVIEW', ['INTERVIEW', 'ACCEPTED', 'REJECTED']],
  ['INTERVIEW', ['ACCEPTED', 'REJECTED']],
]

const WITHDRAWABLE: ApplicationStatus[] = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'IN_REVIEW', 'INTERVIEW']

/** Every allowed transition, and who may make it. Anything not here is impossible. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: null, to: 'PENDING_REFERENT', by: 'CANDIDATE', action: 'submit' },
  { from: 'RETURNED', to: 'PENDING_REFERENT', by: 'CANDIDATE', action: 'resubmit' },
  { from: 'PENDING_REFERENT', to: 'SENT', by: 'REFERENT', action: 'validate' },
  { from: 'PENDING_REFERENT', to: 'RETURNED', by: 'REFERENT', action: 'return', commentRequired: true },
  ...EMPLOYER_STEPS.flatMap(([from, targets]) => targets.map((to) => ({ from, to, by: 'RECRUITER' as const, action: 'employer_update' as const }))),
  ...WITHDRAWABLE.map((from) => ({ from, to: 'WITHDRAWN' as const, by: 'CANDIDATE' as const, action: 'withdraw' as const })),
]

export function findTransition(from: ApplicationStatus | null, to: ApplicationStatus, role: Role): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to && rule.by === role)
}

/** The statuses this role may move an application to from `from` (the employer's "Statut" choices). */
export function nextStatuses(from: ApplicationStatus, role: Role): ApplicationStatus[] {
  return TRANSITIONS.filter((rule) => rule.from === from && rule.by === role).map((rule) => rule.to)
}

export function canWithdraw(status: ApplicationStatus): boolean {
  return findTransition(status, 'WITHDRAWN', 'CANDIDATE') !== undefined
}

export type TransitionActor = { id: number; role: Role }

export type TransitionRequest = {
  applicationId: number
  /** the status the actor saw: if it changed meanwhile, nothing happens ('stale') */
  from: ApplicationStatus | null
  to: ApplicationStatus
  actor: TransitionActor
  comment?: string | null
  now?: Date
}

export type TransitionResult = { ok: true; rule: TransitionRule } | { ok: false; reason: 'not_allowed' | 'stale' | 'comment_required' }

/** What the row gets besides its new status. */
function fieldsFor(rule: TransitionRule, actor: TransitionActor, now: Date): Prisma.ApplicationUncheckedUpdateManyInput {
  switch (rule.action) {
    case 'validate':
      return { validatedAt: now, validatedByUserId: actor.id }
    case 'resubmit':
      // a new wait for the référent: a new reminder if it lasts
      return { referentReminderAt: null }
    default:
      return {}
  }
}

/**
 * Make one transition, inside the caller's transaction (`db.$transaction(async (tx) => …)`).
 * Returns 'stale' when the application is no longer in `from` (someone else acted first, a double
 * submit, a page left open): then nothing was written and no email queued.
 */
export async function transitionApplication(tx: Tx, config: Config, request: TransitionRequest): Promise<TransitionResult> {
  const { applicationId, from, to, actor } = request
  const now = request.now ?? new Date()
  const rule = findTransition(from, to, actor.role)
  if (!rule) return { ok: false, reason: 'not_allowed' }
  const comment = request.comment?.trim() || null
  if (rule.commentRequired && !comment) return { ok: false, reason: 'comment_required' }

  if (from !== null) {
    const { count } = await tx.application.updateMany({
      where: { id: applicationId, status: from },
      data: { status: to, statusChangedAt: now, ...fieldsFor(rule, actor, now) },
    })
    if (count !== 1) return { ok: false, reason: 'stale' }
    if (rule.action === 'employer_update') {
      await tx.application.updateMany({ where: { id: applicationId, answeredAt: null }, data: { answeredAt: now } })
    }
  }
  await tx.applicationEvent.create({
    data: { applicationId, actorUserId: actor.id, fromStatus: from, toStatus: to, comment, createdAt: now },
  })
  await notifyApplicationEvent(tx, config, { applicationId, action: rule.action, from, to, actorUserId: actor.id, comment })
  return { ok: true, rule }
}
