import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import { isPrismaError, type Db, type Prisma, type UserStatus } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { fullName, normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { paginate } from '../../lib/pagination.ts'
import { queueInvitationEmail } from '../accounts/emails.ts'
import { issueAuthToken } from '../accounts/tokens.ts'
import { transitionAccount } from '../admin/account-workflow.ts'
import { notify } from '../notifications/service.ts'
import { queueRegistrationRefusedEmail, registrationToValidateEmail } from './emails.ts'
import { candidateUsersOfReferent, findPendingRegistrationOrNull, isCandidateOfReferent, pendingRegistrationsOfReferent } from './policy.ts'
import type { TCreateCandidateForm, TRefuseRegistrationForm, TSignUpForm } from './schemas.ts'

type Deps = { db: Db; config: Config }
type FormOutcome<T> = ({ ok: true } & T) | { ok: false; errors: FieldErrors }

export type SelectOption = { value: number; label: string }
export type OptionGroup = { label: string; options: SelectOption[] }

export const EMAIL_TAKEN =
  'Un compte existe déjà avec cette adresse e-mail. Connectez-vous, ou utilisez « Mot de passe oublié ? » si vous ne vous souvenez plus de votre mot de passe. Si votre inscription attend encore la validation d’un référent, inutile de vous inscrire de nouveau.'
const EMAIL_TAKEN_FOR_REFERENT =
  'Un compte existe déjà avec cette adresse e-mail. Si cette personne s’est inscrite elle-même, validez son inscription dans « Inscriptions à valider ».'

/** Two requests creating the same address at once: the database's unique index decides. */
export function isUniqueViolation(error: unknown): boolean {
  return isPrismaError(error, 'P2002')
}

// ───────────────────────── Self-registration ─────────────────────────

/** The active établissements of the active conventions, grouped by convention, for a select. */
export async function listEstablishmentGroups(db: Db, conventionId: number | null = null): Promise<OptionGroup[]> {
  const establishments = await db.establishment.findMany({
    where: { active: true, convention: { active: true }, ...(conventionId ? { conventionId } : {}) },
    include: { convention: { select: { name: true } } },
    orderBy: [{ convention: { name: 'asc' } }, { name: 'asc' }],
  })
  const groups = new Map<string, SelectOption[]>()
  for (const establishment of establishments) {
    const group = groups.get(establishment.convention.name) ?? []
    group.push({ value: establishment.id, label: `${establishment.name} (${establishment.city})` })
    groups.set(establishment.convention.name, group)
  }
  return [...groups].map(([label, options]) => ({ label, options }))
}

/**
 * The choices of the sign-up page. With a convention chosen (by the small GET form at the top), only
 * its établissements; otherwise all of them, grouped by convention: the page works without JavaScript.
 */
export async function loadSignUpChoices(db: Db, conventionId: number | null) {
  const conventions = await db.convention.findMany({
    where: { active: true, establishments: { some: { active: true } } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  })
  const selectedConvention = conventions.find((convention) => convention.id === conventionId) ?? null
  const establishmentGroups = await listEstablishmentGroups(db, selectedConvention?.id ?? null)
  return {
    conventions: conventions.map((convention) => ({ value: convention.id, label: convention.name })),
    selectedConvention,
    establishmentGroups,
  }
}

/**
 * "S’inscrire": an inactive candidate account waiting for a référent of the chosen établissement,
 * who are told by email. No password yet: it is chosen through the link sent on validation.
 */
export async function registerCandidate({ db, config }: Deps, form: TSignUpForm): Promise<FormOutcome<{ establishmentName: string }>> {
  const establishment = await db.establishment.findFirst({
    where: { id: form.establishmentId, active: true, convention: { active: true } },
  })
  if (!establishment) return { ok: false, errors: { establishmentId: 'Choisissez votre établissement de rattachement dans la liste.' } }
  if (form.convention !== null && form.convention !== establishment.conventionId) {
    return {
      ok: false,
      errors: { establishmentId: 'Cet établissement ne fait pas partie de la convention choisie. Choisissez un établissement dans la liste.' },
    }
  }
  if (await db.user.findUnique({ where: { email: form.email }, select: { id: true } })) {
    return { ok: false, errors: { email: EMAIL_TAKEN } }
  }
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: form.email,
          role: 'CANDIDATE',
          status: 'PENDING_VALIDATION',
          firstName: form.firstName,
          lastName: form.lastName,
          searchText: normalizeForSearch(form.lastName, form.firstName, form.email),
          candidate: { create: { establishmentId: establishment.id, birthDate: form.birthDate } },
        },
      })
      const referents = await tx.referent.findMany({
        where: { establishmentId: establishment.id, user: { status: 'ACTIVE' } },
        include: { user: { select: { id: true, firstName: true } } },
      })
      const candidateName = fullName(form)
      for (const referent of referents) {
        await notify(
          tx,
          {
            userId: referent.user.id,
            event: 'registration.to_validate',
            title: `Inscription à valider : ${candidateName}`,
            body: `${candidateName} s’est inscrit·e en choisissant ${establishment.name}.`,
            link: '/referent/inscriptions',
            email: registrationToValidateEmail(config, { referentFirstName: referent.user.firstName, candidateName, establishmentName: establishment.name }),
          },
          { baseUrl: config.baseUrl },
        )
      }
      if (referents.length === 0) {
        // nobody could validate it: the administrators are told, so that they invite a référent
        const admins = await tx.user.findMany({ where: { role: 'ADMIN', status: 'ACTIVE' }, select: { id: true } })
        for (const admin of admins) {
          await notify(
            tx,
            {
              userId: admin.id,
              event: 'registration.without_referent',
              title: `Inscription sans référent actif : ${establishment.name}`,
              body: `${candidateName} s’est inscrit·e en choisissant ${establishment.name}, qui n’a aucun référent actif pour valider son compte. Invitez un référent pour cet établissement.`,
              link: '/admin/utilisateurs/inviter',
            },
            { baseUrl: config.baseUrl },
          )
        }
      }
      await audit(tx, {
        actorUserId: user.id,
        action: 'registration.create',
        targetType: 'User',
        targetId: user.id,
        details: { establishmentId: establishment.id, referentsNotified: referents.length },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { email: EMAIL_TAKEN } }
    throw error
  }
  return { ok: true, establishmentName: establishment.name }
}

// ───────────────────────── Référent: inscriptions à valider ─────────────────────────

export async function listPendingRegistrations(db: Db, actor: SessionUser) {
  return db.user.findMany({
    where: pendingRegistrationsOfReferent(actor),
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, firstName: true, lastName: true, email: true, createdAt: true, candidate: { select: { birthDate: true } } },
  })
}

export type RegistrationDecision = { status: 'done'; name: string } | { status: 'already_handled' }

/**
 * The pending registration behind a référent's action. Another établissement's, or an unknown id: 404.
 * One of theirs that is no longer pending (validated or refused by a colleague): 'already_handled'.
 */
export async function findRegistrationToDecide(db: Db, actor: SessionUser, userId: number) {
  const registration = await findPendingRegistrationOrNull(db, actor, userId)
  if (registration?.candidate) return { status: 'pending' as const, registration, candidate: registration.candidate }
  if (await isCandidateOfReferent(db, actor, userId)) return { status: 'already_handled' as const }
  throw new AppError('NOT_FOUND')
}

/** "Valider": the account becomes invited and the person gets the choose-your-password email. */
export async function validateRegistration({ db, config }: Deps, { actor, userId }: { actor: SessionUser; userId: number }): Promise<RegistrationDecision> {
  const found = await findRegistrationToDecide(db, actor, userId)
  if (found.status !== 'pending') return found
  const { registration, candidate } = found
  return db.$transaction(async (tx) => {
    // a second click, or a colleague deciding at the same moment, changes nothing
    const validated = await transitionAccount(tx, { action: 'validate', user: registration })
    if (!validated.ok) return { status: 'already_handled' as const }
    await tx.candidate.update({ where: { id: candidate.id }, data: { validatedByUserId: actor.id, validatedAt: new Date() } })
    const token = await issueAuthToken(tx, registration.id, 'INVITATION')
    await queueInvitationEmail(tx, config, {
      to: registration.email,
      firstName: registration.firstName,
      token,
      reason: { kind: 'registration_validated', establishmentName: candidate.establishment.name },
    })
    await audit(tx, { actorUserId: actor.id, action: 'registration.validate', targetType: 'User', targetId: registration.id })
    return { status: 'done' as const, name: fullName(registration) }
  })
}

/** "Refuser l’inscription": the account is deleted; the person gets the reason by email. */
export async function refuseRegistration(
  { db, config }: Deps,
  { actor, userId, form }: { actor: SessionUser; userId: number; form: TRefuseRegistrationForm },
): Promise<RegistrationDecision> {
  const found = await findRegistrationToDecide(db, actor, userId)
  if (found.status !== 'pending') return found
  const { registration, candidate } = found
  return db
    .$transaction(async (tx) => {
      // the profile first (the user's delete would cascade to it), both only while still pending
      await tx.candidate.deleteMany({ where: { userId: registration.id, user: { status: 'PENDING_VALIDATION' } } })
      const { count } = await tx.user.deleteMany({ where: { id: registration.id, status: 'PENDING_VALIDATION' } })
      if (count !== 1) throw new RefusalRaced()
      await queueRegistrationRefusedEmail(tx, config, {
        to: registration.email,
        firstName: registration.firstName,
        establishmentName: candidate.establishment.name,
        reason: form.reason,
      })
      // the account is gone: the log keeps who it was, nothing more
      await audit(tx, {
        actorUserId: actor.id,
        action: 'registration.refuse',
        targetType: 'User',
        targetId: registration.id,
        details: { email: registration.email, name: fullName(registration) },
      })
      return { status: 'done' as const, name: fullName(registration) }
    })
    .catch((error: unknown) => {
      if (error instanceof RefusalRaced) return { status: 'already_handled' as const }
      throw error
    })
}

/** Rolls the refusal back when a colleague validated the registration in the meantime. */
class RefusalRaced extends Error {}

// ───────────────────────── Référent: candidats ─────────────────────────

/** "Créer un compte candidat": an invited account at the référent's établissement, with the activation email. */
export async function createCandidateAccount(
  { db, config }: Deps,
  { actor, form }: { actor: SessionUser; form: TCreateCandidateForm },
): Promise<FormOutcome<{ name: string }>> {
  const establishment = await db.establishment.findUnique({ where: { id: actor.establishmentId ?? -1 } })
  if (actor.role !== 'REFERENT' || !establishment) throw new AppError('FORBIDDEN')
  if (await db.user.findUnique({ where: { email: form.email }, select: { id: true } })) {
    return { ok: false, errors: { email: EMAIL_TAKEN_FOR_REFERENT } }
  }
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: form.email,
          role: 'CANDIDATE',
          status: 'INVITED',
          firstName: form.firstName,
          lastName: form.lastName,
          searchText: normalizeForSearch(form.lastName, form.firstName, form.email),
          candidate: { create: { establishmentId: establishment.id, birthDate: form.birthDate, createdByUserId: actor.id } },
        },
      })
      const token = await issueAuthToken(tx, user.id, 'INVITATION')
      await queueInvitationEmail(tx, config, {
        to: user.email,
        firstName: user.firstName,
        token,
        reason: { kind: 'created_by_referent', referentName: fullName(actor), establishmentName: establishment.name },
      })
      await audit(tx, {
        actorUserId: actor.id,
        action: 'candidate.create',
        targetType: 'User',
        targetId: user.id,
        details: { establishmentId: establishment.id },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { email: EMAIL_TAKEN_FOR_REFERENT } }
    throw error
  }
  return { ok: true, name: fullName(form) }
}

export const CANDIDATE_STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Actif',
  INVITED: 'Invité – mot de passe non choisi',
  DISABLED: 'Désactivé',
  PENDING_VALIDATION: 'Inscription à valider',
}

/** Every word of the query must appear in "nom prénom e-mail" (lower-case, no accents): portable on SQLite and PostgreSQL. */
export function searchTextFilter(query: string): Prisma.UserWhereInput {
  const words = normalizeForSearch(query).split(' ').filter(Boolean).slice(0, 5)
  return words.length === 0 ? {} : { AND: words.map((word) => ({ searchText: { contains: word } })) }
}

const CANDIDATES_PAGE_SIZE = 50

/** The candidates of the référent's établissement whose registration is no longer pending. */
export async function listCandidatesOfReferent(db: Db, actor: SessionUser, options: { query: string; page: unknown; status?: UserStatus | null }) {
  const where: Prisma.UserWhereInput = {
    ...candidateUsersOfReferent(actor),
    status: options.status && options.status !== 'PENDING_VALIDATION' ? options.status : { not: 'PENDING_VALIDATION' },
    ...searchTextFilter(options.query),
  }
  const { total, page, rows } = await paginate(options.page, CANDIDATES_PAGE_SIZE, db.user.count({ where }), (range) =>
    db.user.findMany({
      where,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      ...range,
      select: { id: true, firstName: true, lastName: true, email: true, status: true, candidate: { select: { id: true } } },
    }),
  )
  return { candidates: rows, total, page }
}

export async function establishmentNameOf(db: Db, actor: SessionUser): Promise<string> {
  const establishment = await db.establishment.findUnique({ where: { id: actor.establishmentId ?? -1 }, select: { name: true } })
  return establishment?.name ?? ''
}
