import type { Selectable } from 'kysely'
import type { Config } from '../../config.ts'
import type { Candidate as CandidateRow } from '../../generated/kysely/types.ts'
import { audit } from '../../lib/audit.ts'
import { isPrismaError, type Db, type UserStatus } from '../../lib/db.ts'
import { queueEmail } from '../../lib/outbox.ts'
import { sqlOf } from '../../lib/sql.ts'
import { fullName, normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { transitionAccount } from '../admin/account-workflow.ts'
import { parseSoughtContracts } from './labels.ts'
import { findCandidateOfReferent, findOwnCandidate } from './policy.ts'
import type { TProfileForm } from './schemas.ts'

type Deps = { db: Db; config: Config }

export const EMAIL_TAKEN = 'Cette adresse e-mail est déjà utilisée par un autre compte. Saisissez une autre adresse.'

function isUniqueViolation(error: unknown): boolean {
  return isPrismaError(error, 'P2002')
}

// ───────────────────────── "Modifier mes informations" ─────────────────────────

/** The profile's columns the prompt looks at, as the read layer returns them (only birthDate's nullness matters). */
export const ESSENTIAL_PROFILE_COLUMNS = ['phone', 'soughtContracts', 'professionalProject', 'birthDate'] as const
type EssentialFields = Pick<Selectable<CandidateRow>, (typeof ESSENTIAL_PROFILE_COLUMNS)[number]>

/** What the référent needs to advise the candidate, named as on "Modifier mes informations". */
const ESSENTIAL_PROFILE_ITEMS: { label: string; isMissing: (candidate: EssentialFields) => boolean }[] = [
  { label: 'Date de naissance', isMissing: (candidate) => candidate.birthDate === null },
  { label: 'Téléphone', isMissing: (candidate) => !candidate.phone?.trim() },
  { label: 'Ce que vous recherchez', isMissing: (candidate) => parseSoughtContracts(candidate.soughtContracts).length === 0 },
  { label: 'Projet professionnel', isMissing: (candidate) => !candidate.professionalProject?.trim() },
]

/** "Complétez votre profil": the essential items the signed-in candidate has left empty, in the form's order. */
export async function listMissingProfileItems(db: Db, actor: SessionUser): Promise<string[]> {
  const candidate = await sqlOf(db)
    .selectFrom('Candidate')
    .select(ESSENTIAL_PROFILE_COLUMNS)
    .where('id', '=', actor.candidateId ?? -1)
    .executeTakeFirst()
  return missingProfileItemsOf(candidate ?? null)
}

/** The essential items this profile leaves empty, in the form's order; none without a profile. */
export function missingProfileItemsOf(candidate: EssentialFields | null): string[] {
  if (!candidate) return []
  return ESSENTIAL_PROFILE_ITEMS.filter((item) => item.isMissing(candidate)).map((item) => item.label)
}

export async function loadOwnProfile(db: Db, actor: SessionUser) {
  return findOwnCandidate(db, actor)
}

const sameValue = (a: unknown, b: unknown) => (a instanceof Date || b instanceof Date ? String(a?.valueOf()) === String(b?.valueOf()) : a === b)

/**
 * Saves the candidate's own profile. The email is the sign-in identifier: it must stay unique, and
 * when it changes the previous address is told (so that a change nobody asked for is noticed) and
 * the reset links sent to it stop working. The audit log keeps the names of the changed fields, never
 * their values (the profile holds health data).
 */
export async function updateOwnProfile(
  { db, config }: Deps,
  { actor, form }: { actor: SessionUser; form: TProfileForm },
): Promise<{ ok: true; emailChanged: boolean } | { ok: false; errors: FieldErrors }> {
  const candidate = await findOwnCandidate(db, actor)
  const previousEmail = candidate.user.email
  const emailChanged = form.user.email !== previousEmail
  if (emailChanged && (await db.user.findUnique({ where: { email: form.user.email }, select: { id: true } }))) {
    return { ok: false, errors: { email: EMAIL_TAKEN } }
  }
  const changedFields = [
    ...Object.entries(form.user).filter(([key, value]) => !sameValue(candidate.user[key as keyof typeof form.user], value)),
    ...Object.entries(form.candidate).filter(([key, value]) => !sameValue(candidate[key as keyof typeof form.candidate], value)),
  ].map(([key]) => key)
  if (changedFields.length === 0) return { ok: true, emailChanged: false }
  try {
    await db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: candidate.userId },
        data: { ...form.user, searchText: normalizeForSearch(form.user.lastName, form.user.firstName, form.user.email) },
      })
      await tx.candidate.update({ where: { id: candidate.id }, data: form.candidate })
      if (emailChanged) {
        await tx.authToken.deleteMany({ where: { userId: candidate.userId, usedAt: null } })
        await queueEmail(tx, {
          to: previousEmail,
          subject: 'Votre adresse e-mail Atouts pour tous a été modifiée',
          template: 'candidates/email-changed',
          data: { firstName: form.user.firstName, newEmail: form.user.email, loginLink: `${config.baseUrl}/connexion` },
        })
      }
      await audit(tx, {
        actorUserId: actor.id,
        action: 'candidate.update_profile',
        targetType: 'Candidate',
        targetId: candidate.id,
        details: { fields: changedFields },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { email: EMAIL_TAKEN } }
    throw error
  }
  return { ok: true, emailChanged }
}

// ───────────────────────── The référent's view of a candidate ─────────────────────────

/** A candidate's page for their référent: every section and every document; the view is audit-logged. */
export async function viewCandidateAsReferent(db: Db, { actor, candidateId }: { actor: SessionUser; candidateId: number }) {
  const candidate = await findCandidateOfReferent(db, actor, candidateId)
  const documents = await db.document.findMany({
    where: { candidateId: candidate.id },
    orderBy: [{ type: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }],
  })
  await audit(db, {
    actorUserId: actor.id,
    action: 'candidate.view',
    targetType: 'Candidate',
    targetId: candidate.id,
    details: { establishmentId: candidate.establishmentId },
  })
  return { candidate, documents }
}

export async function findCandidateForAccountChange(db: Db, { actor, candidateId }: { actor: SessionUser; candidateId: number }) {
  return findCandidateOfReferent(db, actor, candidateId)
}

export type AccountChange = { status: 'done' | 'unchanged'; name: string; newStatus?: UserStatus }

/**
 * "Désactiver le compte": the candidate can no longer sign in (their open sessions end at their next
 * request) and unused emailed links stop working. Profile, documents and applications are kept.
 */
export async function disableCandidateAccount(db: Db, { actor, candidateId }: { actor: SessionUser; candidateId: number }): Promise<AccountChange> {
  const candidate = await findCandidateOfReferent(db, actor, candidateId)
  const name = fullName(candidate.user)
  return db.$transaction(async (tx) => {
    const result = await transitionAccount(tx, { action: 'disable', user: candidate.user })
    if (!result.ok) return { status: 'unchanged' as const, name }
    await audit(tx, { actorUserId: actor.id, action: 'candidate.disable', targetType: 'Candidate', targetId: candidate.id })
    return { status: 'done' as const, name }
  })
}

/** "Réactiver le compte": active again, or invited if no password was ever chosen. */
export async function enableCandidateAccount(db: Db, { actor, candidateId }: { actor: SessionUser; candidateId: number }): Promise<AccountChange> {
  const candidate = await findCandidateOfReferent(db, actor, candidateId)
  const name = fullName(candidate.user)
  return db.$transaction(async (tx) => {
    const result = await transitionAccount(tx, { action: 'enable', user: candidate.user })
    if (!result.ok) return { status: 'unchanged' as const, name }
    await audit(tx, { actorUserId: actor.id, action: 'candidate.enable', targetType: 'Candidate', targetId: candidate.id, details: { status: result.to } })
    return { status: 'done' as const, name, newStatus: result.to }
  })
}
