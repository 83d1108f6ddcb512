/**
 * The parrainage status machine — the one place where a request's status changes.
 *
 *   (new) ──candidate──▶ SENT ──employer: accept (mentor's name and contact)──▶ ACCEPTED
 *                         │  └─employer: decline (optional message)──────────▶ DECLINED
 *                         └────candidate: cancel─────────────────────────────▶ CANCELLED
 *
 * Each transition, in the caller's transaction: a conditional update (`where id and status = from`)
 * so that a double submit, or two recruiters answering at once, produce exactly one change; an
 * audit row (who, when, from, to); the notifications and emails it causes (emails.ts).
 */
import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { Prisma, Role, SponsorshipStatus, Tx } from '../../lib/db.ts'
import { notifySponsorshipEvent } from './emails.ts'

export type SponsorshipAction = 'request' | 'accept' | 'decline' | 'cancel'

export type TransitionRule = {
  /** null: the request is being created */
  from: SponsorshipStatus | null
  to: SponsorshipStatus
  by: Role
  action: SponsorshipAction
}

/** Every allowed transition, and who may make it. Anything not here is impossible. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: null, to: 'SENT', by: 'CANDIDATE', action: 'request' },
  { from: 'SENT', to: 'ACCEPTED', by: 'RECRUITER', action: 'accept' },
  { from: 'SENT', to: 'DECLINED', by: 'RECRUITER', action: 'decline' },
  { from: 'SENT', to: 'CANCELLED', by: 'CANDIDATE', action: 'cancel' },
]

export function findTransition(from: SponsorshipStatus | null, to: SponsorshipStatus, role: Role): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to && rule.by === role)
}

export function canCancel(status: SponsorshipStatus): boolean {
  return findTransition(status, 'CANCELLED', 'CANDIDATE') !== undefined
}

export function canAnswer(status: SponsorshipStatus): boolean {
  return findTransition(status, 'ACCEPTED', 'RECRUITER') !== undefined
}

export type TransitionRequest = {
  sponsorshipId: number
  /** the status the actor saw: if it changed meanwhile, nothing happens ('stale') */
  from: SponsorshipStatus | null
  to: SponsorshipStatus
  actor: { id: number; role: Role }
  /** accept: the mentor (both required) */
  mentor?: { name: string; contact: string }
  /** accept or decline: the employer's optional message to the candidate */
  message?: string | null
  now?: Date
}

export type TransitionResult = { ok: true; rule: TransitionRule } | { ok: false; reason: 'not_allowed' | 'stale' | 'mentor_required' }

/** What the row gets besides its new status. */
function fieldsFor(request: TransitionRequest, rule: TransitionRule, now: Date): Prisma.SponsorshipRequestUncheckedUpdateManyInput {
  switch (rule.action) {
    case 'accept':
      return {
        mentorName: request.mentor!.name,
        mentorContact: request.mentor!.contact,
        answerMessage: request.message?.trim() || null,
        answeredByUserId: request.actor.id,
        answeredAt: now,
      }
    case 'decline':
      return { answerMessage: request.message?.trim() || null, answeredByUserId: request.actor.id, answeredAt: now }
    default:
      return {}
  }
}

/**
 * Make one transition inside the caller's transaction (`db.$transaction(async (tx) => …)`).
 * Returns 'stale' when the request is no longer in `from`: then nothing was written, nobody told.
 * The creation itself (from null) is the caller's insert; this records and announces it.
 */
export async function transitionSponsorship(tx: Tx, config: Config, request: TransitionRequest): Promise<TransitionResult> {
  const { sponsorshipId, from, to, actor } = request
  const now = request.now ?? new Date()
  const rule = findTransition(from, to, actor.role)
  if (!rule) return { ok: false, reason: 'not_allowed' }
  if (rule.action === 'accept' && (!request.mentor?.name.trim() || !request.mentor.contact.trim())) return { ok: false, reason: 'mentor_required' }

  if (from !== null) {
    const { count } = await tx.sponsorshipRequest.updateMany({
      where: { id: sponsorshipId, status: from },
      data: { status: to, ...fieldsFor(request, rule, now) },
    })
    if (count !== 1) return { ok: false, reason: 'stale' }
  }
  await audit(tx, {
    actorUserId: actor.id,
    action: `sponsorship.${rule.action}`,
    targetType: 'SponsorshipRequest',
    targetId: sponsorshipId,
    details: { from, to },
  })
  await notifySponsorshipEvent(tx, config, { sponsorshipId, action: rule.action })
  return { ok: true, rule }
}
