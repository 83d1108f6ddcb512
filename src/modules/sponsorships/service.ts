/**
 * Use cases of the parrainage domain (SponsorshipRequest). Each takes the signed-in actor and reaches
 * rows only through the scoped finders of policy.ts; each status change goes through workflow.ts.
 */
import type { Config } from '../../config.ts'
import { isPostgresUrl, type Db, type Prisma, type SponsorshipStatus, type Tx } from '../../lib/db.ts'
import type { ChangeResult } from '../../lib/change-result.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { paginate } from '../../lib/pagination.ts'
import { visibleEmployersForCandidate } from '../offers/policy.ts'
import {
  findSponsorshipOfCandidate,
  findSponsorshipOfRecruiter,
  OPEN_STATUSES,
  sponsorshipsOfCandidate,
  sponsorshipsOfRecruiter,
  sponsorshipsOfReferent,
} from './policy.ts'
import type { TAcceptForm, TDeclineForm, TSponsorshipForm } from './schemas.ts'
import { transitionSponsorship, type TransitionResult } from './workflow.ts'

export type Deps = { db: Db; config: Config }

const PAGE_SIZE = 20

/** Messages shown when a change could not be made: nothing was changed. */
export const REFUSAL_MESSAGES = {
  stale:
    'Cette demande de parrainage a changé entre-temps (elle a peut-être déjà reçu une réponse ou été annulée) : rien n’a été modifié. Voici son état actuel.',
  not_allowed: 'Cette action n’est pas possible pour une demande de parrainage dans cet état : rien n’a été modifié.',
  mentor_required: 'Indiquez le nom et le contact du parrain ou de la marraine.',
} as const

export const DUPLICATE_MESSAGE =
  'Vous avez déjà une demande de parrainage en cours auprès de cet employeur (envoyée ou acceptée). Vous pouvez la suivre ici ; pour en envoyer une nouvelle, annulez d’abord celle-ci si elle attend encore une réponse.'

export const CANCEL_REFUSED_MESSAGE = 'Seule une demande envoyée, qui attend encore la réponse de l’employeur, peut être annulée : rien n’a été modifié.'

function refusal(result: Extract<TransitionResult, { ok: false }>): ChangeResult<'refused'> {
  return { status: 'refused', message: REFUSAL_MESSAGES[result.reason] }
}

// ───────────────────────── Candidate ─────────────────────────

/** The partner employer a candidate asks; 404 unless it is a partner of the candidate's convention. */
export async function findEmployerForRequest(db: Db, actor: SessionUser, employerId: number) {
  return orNotFound(await db.employer.findFirst({ where: { id: employerId, ...visibleEmployersForCandidate(actor) }, select: { id: true, name: true } }))
}

/** The candidate's open request (envoyée or acceptée) to this employer, if any: for the form and the company page. */
export function findOpenSponsorship(db: Db | Tx, actor: SessionUser, employerId: number) {
  return db.sponsorshipRequest.findFirst({
    where: { ...sponsorshipsOfCandidate(actor), employerId, status: { in: OPEN_STATUSES } },
    select: { id: true, status: true, createdAt: true },
    orderBy: { id: 'desc' },
  })
}

/**
 * One candidate's requests, one at a time, so that two clicks cannot both pass the duplicate check:
 * on PostgreSQL a row lock on the candidate until the transaction ends; SQLite already runs one
 * transaction at a time.
 */
async function lockCandidate(tx: Tx, config: Config, candidateId: number) {
  if (isPostgresUrl(config.databaseUrl)) await tx.$queryRaw`SELECT "id" FROM "Candidate" WHERE "id" = ${candidateId} FOR UPDATE`
}

export type RequestResult = { status: 'created'; sponsorshipId: number } | { status: 'duplicate'; sponsorshipId: number }

/**
 * "Envoyer la demande": the request is sent to the employer (its recruiters are told) and the
 * candidate's référents are told. A second open request to the same employer is refused.
 */
export async function requestSponsorship(
  { db, config }: Deps,
  { actor, employerId, form, now = new Date() }: { actor: SessionUser; employerId: number; form: TSponsorshipForm; now?: Date },
): Promise<RequestResult> {
  if (actor.role !== 'CANDIDATE' || !actor.candidateId) throw new AppError('FORBIDDEN')
  const candidateId = actor.candidateId
  const employer = await findEmployerForRequest(db, actor, employerId)
  return db.$transaction(async (tx): Promise<RequestResult> => {
    await lockCandidate(tx, config, candidateId)
    const existing = await findOpenSponsorship(tx, actor, employer.id)
    if (existing) return { status: 'duplicate', sponsorshipId: existing.id }
    const sponsorship = await tx.sponsorshipRequest.create({
      data: {
        candidateId,
        employerId: employer.id,
        motivation: form.motivation,
        expectations: form.expectations,
        availability: form.availability,
        status: 'SENT',
        createdAt: now,
      },
    })
    const result = await transitionSponsorship(tx, config, { sponsorshipId: sponsorship.id, from: null, to: 'SENT', actor, now })
    if (!result.ok) throw new Error(`request: ${result.reason}`)
    return { status: 'created', sponsorshipId: sponsorship.id }
  })
}

/**
 * "Annuler la demande": only while it waits for an answer. A refusal happens before anything is
 * written (the conditional update is the first write), so the transaction commits nothing.
 */
export async function cancelSponsorship(
  { db, config }: Deps,
  { actor, sponsorshipId, now = new Date() }: { actor: SessionUser; sponsorshipId: number; now?: Date },
): Promise<ChangeResult<'refused'>> {
  const sponsorship = await findSponsorshipOfCandidate(db, actor, sponsorshipId)
  if (sponsorship.status !== 'SENT') return { status: 'refused', message: CANCEL_REFUSED_MESSAGE }
  return db.$transaction(async (tx) => {
    const result = await transitionSponsorship(tx, config, { sponsorshipId, from: 'SENT', to: 'CANCELLED', actor, now })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

/** "Mes demandes de parrainage": newest first. */
export async function listSponsorshipsOfCandidate(db: Db, actor: SessionUser, options: { page: unknown }) {
  const where = sponsorshipsOfCandidate(actor)
  const { total, page, rows } = await paginate(options.page, PAGE_SIZE, db.sponsorshipRequest.count({ where }), (range) =>
    db.sponsorshipRequest.findMany({
      where,
      select: { id: true, status: true, createdAt: true, answeredAt: true, mentorName: true, employer: { select: { id: true, name: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...range,
    }),
  )
  return { total, sponsorships: rows, page }
}

// ───────────────────────── Employer ─────────────────────────

/** "Accepter" with "Nom du parrain ou de la marraine" and "Contact". */
export async function acceptSponsorship(
  { db, config }: Deps,
  { actor, sponsorshipId, form, now = new Date() }: { actor: SessionUser; sponsorshipId: number; form: TAcceptForm; now?: Date },
): Promise<ChangeResult<'refused'>> {
  await findSponsorshipOfRecruiter(db, actor, sponsorshipId) // another employer's request: 404
  return db.$transaction(async (tx) => {
    const result = await transitionSponsorship(tx, config, {
      sponsorshipId,
      from: 'SENT',
      to: 'ACCEPTED',
      actor,
      mentor: { name: form.mentorName, contact: form.mentorContact },
      message: form.acceptMessage,
      now,
    })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

/** "Décliner", with an optional message to the candidate. */
export async function declineSponsorship(
  { db, config }: Deps,
  { actor, sponsorshipId, form, now = new Date() }: { actor: SessionUser; sponsorshipId: number; form: TDeclineForm; now?: Date },
): Promise<ChangeResult<'refused'>> {
  await findSponsorshipOfRecruiter(db, actor, sponsorshipId) // another employer's request: 404
  return db.$transaction(async (tx) => {
    const result = await transitionSponsorship(tx, config, { sponsorshipId, from: 'SENT', to: 'DECLINED', actor, message: form.declineMessage, now })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

const withCandidateName = {
  id: true,
  status: true,
  createdAt: true,
  answeredAt: true,
  employer: { select: { id: true, name: true } },
  candidate: { select: { id: true, user: { select: { firstName: true, lastName: true } } } },
} satisfies Prisma.SponsorshipRequestSelect

async function listPage(db: Db, where: Prisma.SponsorshipRequestWhereInput, rawPage: unknown) {
  const { total, page, rows } = await paginate(rawPage, PAGE_SIZE, db.sponsorshipRequest.count({ where }), (range) =>
    db.sponsorshipRequest.findMany({
      where,
      select: withCandidateName,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...range,
    }),
  )
  return { total, sponsorships: rows, page }
}

/** "Demandes de parrainage": the requests to the recruiter's employer, newest first. */
export function listSponsorshipsOfRecruiter(db: Db, actor: SessionUser, filter: { status: SponsorshipStatus | null; page: unknown }) {
  return listPage(db, { ...sponsorshipsOfRecruiter(actor), ...(filter.status ? { status: filter.status } : {}) }, filter.page)
}

// ───────────────────────── Référent ─────────────────────────

/** The requests of the candidates of the référent's établissement, newest first. */
export function listSponsorshipsOfReferent(db: Db, actor: SessionUser, filter: { status: SponsorshipStatus | null; page: unknown }) {
  return listPage(db, { ...sponsorshipsOfReferent(actor), ...(filter.status ? { status: filter.status } : {}) }, filter.page)
}

/** For the référent's page of one candidate (whose scope the caller has already checked). */
export function listSponsorshipsOfCandidateForReferent(db: Db, actor: SessionUser, candidateId: number) {
  return db.sponsorshipRequest.findMany({
    where: { ...sponsorshipsOfReferent(actor), candidateId },
    select: { id: true, status: true, createdAt: true, employer: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
  })
}
