import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { Db, Prisma, Role, UserStatus } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import { fullName, normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { paginate } from '../../lib/pagination.ts'
import { queueInvitationEmail } from '../accounts/emails.ts'
import { clearTwoFactor } from '../accounts/two-factor/service.ts'
import { issueAuthToken } from '../accounts/tokens.ts'
import { isUniqueViolation, listEstablishmentGroups, searchTextFilter } from '../registrations/service.ts'
import { applyAccountTransition, canApply, type AdminAccountAction } from './account-workflow.ts'
import { ROLE_IN_SENTENCE } from './labels.ts'
import type { TInviteUserForm } from './schemas.ts'

type Deps = { db: Db; config: Config }

export const USERS_PAGE_SIZE = 50
const ROLES: Role[] = ['CANDIDATE', 'REFERENT', 'RECRUITER', 'ADMIN']
export const USER_STATUSES: UserStatus[] = ['ACTIVE', 'INVITED', 'PENDING_VALIDATION', 'DISABLED']

export function roleFrom(raw: unknown): Role | null {
  return ROLES.find((role) => role === raw) ?? null
}

export function userStatusFrom(raw: unknown): UserStatus | null {
  return USER_STATUSES.find((status) => status === raw) ?? null
}

/** "Utilisateurs": every account, searchable by name or email, filtered by role and status, 50 a page. */
export async function listUsers(db: Db, options: { query: string; role: Role | null; status?: UserStatus | null; page: unknown }) {
  const where: Prisma.UserWhereInput = {
    ...searchTextFilter(options.query),
    ...(options.role ? { role: options.role } : {}),
    ...(options.status ? { status: options.status } : {}),
  }
  const { total, page, rows } = await paginate(options.page, USERS_PAGE_SIZE, db.user.count({ where }), (range) =>
    db.user.findMany({
      where,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      ...range,
      select: {
        id: true,
        firstName: true,
        lastName: true,
        email: true,
        role: true,
        status: true,
        totpEnabledAt: true,
        candidate: { select: { establishment: { select: { name: true } } } },
        referent: { select: { establishment: { select: { name: true } } } },
        recruiter: { select: { employer: { select: { name: true } } } },
      },
    }),
  )
  return {
    total,
    page,
    users: rows.map((user) => ({
      ...user,
      organisationName: user.candidate?.establishment.name ?? user.referent?.establishment.name ?? user.recruiter?.employer.name ?? null,
    })),
  }
}

/** The organisations an invited référent or recruiter can belong to. */
export async function loadInviteChoices(db: Db) {
  const [establishmentGroups, employers] = await Promise.all([
    listEstablishmentGroups(db),
    db.employer.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ])
  return { establishmentGroups, employers: employers.map((employer) => ({ value: employer.id, label: employer.name })) }
}

/**
 * "Inviter un utilisateur": an invited account with its profile (référent of an établissement,
 * recruiter of an employer, or administrator) and the choose-your-password email.
 */
export async function inviteUser(
  { db, config }: Deps,
  { actor, form }: { actor: SessionUser; form: TInviteUserForm },
): Promise<{ ok: true; email: string } | { ok: false; errors: FieldErrors }> {
  let organisationName: string | null = null
  if (form.role === 'REFERENT') {
    const establishment = await db.establishment.findFirst({ where: { id: form.establishmentId ?? -1, active: true, convention: { active: true } } })
    if (!establishment) return { ok: false, errors: { establishmentId: 'Choisissez l’établissement du référent dans la liste.' } }
    organisationName = establishment.name
  }
  if (form.role === 'RECRUITER') {
    const employer = await db.employer.findUnique({ where: { id: form.employerId ?? -1 } })
    if (!employer) return { ok: false, errors: { employerId: 'Choisissez l’employeur du recruteur dans la liste.' } }
    organisationName = employer.name
  }
  if (await db.user.findUnique({ where: { email: form.email }, select: { id: true } })) {
    return { ok: false, errors: { email: 'Un compte existe déjà avec cette adresse e-mail.' } }
  }
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: form.email,
          role: form.role,
          status: 'INVITED',
          firstName: form.firstName,
          lastName: form.lastName,
          searchText: normalizeForSearch(form.lastName, form.firstName, form.email),
          ...(form.role === 'REFERENT' ? { referent: { create: { establishmentId: form.establishmentId! } } } : {}),
          ...(form.role === 'RECRUITER' ? { recruiter: { create: { employerId: form.employerId! } } } : {}),
        },
      })
      const token = await issueAuthToken(tx, user.id, 'INVITATION')
      await queueInvitationEmail(tx, config, {
        to: user.email,
        firstName: user.firstName,
        token,
        reason: { kind: 'invited', roleLabel: ROLE_IN_SENTENCE[form.role], organisationName, inviterName: fullName(actor) },
      })
      await audit(tx, {
        actorUserId: actor.id,
        action: 'user.invite',
        targetType: 'User',
        targetId: user.id,
        details: {
          role: form.role,
          ...(form.role === 'REFERENT' ? { establishmentId: form.establishmentId } : {}),
          ...(form.role === 'RECRUITER' ? { employerId: form.employerId } : {}),
        },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { email: 'Un compte existe déjà avec cette adresse e-mail.' } }
    throw error
  }
  return { ok: true, email: form.email }
}

/** "Renvoyer l’invitation": a new link (the previous one stops working), only while no password is chosen. */
export async function resendInvitation(
  { db, config }: Deps,
  { actor, userId }: { actor: SessionUser; userId: number },
): Promise<{ status: 'sent'; email: string } | { status: 'not_invited' }> {
  const user = orNotFound(await db.user.findUnique({ where: { id: userId } }))
  if (user.status !== 'INVITED') return { status: 'not_invited' }
  await db.$transaction(async (tx) => {
    const token = await issueAuthToken(tx, user.id, 'INVITATION')
    await queueInvitationEmail(tx, config, { to: user.email, firstName: user.firstName, token, reason: { kind: 'new_link' } })
    await audit(tx, { actorUserId: actor.id, action: 'user.resend_invitation', targetType: 'User', targetId: user.id })
  })
  return { status: 'sent', email: user.email }
}

/** One account for an administrator; an unknown id is a 404. */
export async function findUserForAdmin(db: Db, userId: number) {
  return orNotFound(
    await db.user.findUnique({
      where: { id: userId },
      select: { id: true, firstName: true, lastName: true, email: true, role: true, status: true, passwordHash: true },
    }),
  )
}

export type AccountChangeResult =
  | { status: 'done'; name: string; newStatus: UserStatus }
  | { status: 'unchanged'; name: string; current: UserStatus }
  | { status: 'self'; name: string }

/**
 * "Désactiver" / "Réactiver" an account (account-workflow.ts). An administrator never disables their
 * own account: the platform would be left without the one person who can undo it.
 */
export async function changeAccountStatus(
  { db }: { db: Db },
  { actor, userId, action }: { actor: SessionUser; userId: number; action: AdminAccountAction },
): Promise<AccountChangeResult> {
  const user = await findUserForAdmin(db, userId)
  const name = fullName(user)
  if (user.id === actor.id) return { status: 'self', name }
  if (!canApply(action, user.status)) return { status: 'unchanged', name, current: user.status }
  const result = await db.$transaction((tx) => applyAccountTransition(tx, { action, user, actorUserId: actor.id }))
  if (!result.ok) return { status: 'unchanged', name, current: (await findUserForAdmin(db, userId)).status }
  return { status: 'done', name, newStatus: result.to }
}

export type TwoFactorResetResult = { status: 'done' | 'not_enabled' | 'self'; name: string }

/**
 * « Réinitialiser la double authentification » of another account (a lost phone, lost recovery
 * codes), once the administrator has checked who asks: the secret and the recovery codes are removed
 * and every session of that account is signed out, audited. The person signs in with the password
 * alone and may turn it on again (an administrator must at once where it is obligatory). Their own
 * second factor, administrators change under « Mon compte ».
 */
export async function resetTwoFactorOfUser({ db }: { db: Db }, { actor, userId }: { actor: SessionUser; userId: number }): Promise<TwoFactorResetResult> {
  const user = await findUserForAdmin(db, userId)
  const name = fullName(user)
  if (user.id === actor.id) return { status: 'self', name }
  return db.$transaction(async (tx) => {
    if (!(await clearTwoFactor(tx, user.id))) return { status: 'not_enabled' as const, name }
    const { count: sessions } = await tx.session.deleteMany({ where: { userId: user.id } })
    await audit(tx, { actorUserId: actor.id, action: 'user.reset_two_factor', targetType: 'User', targetId: user.id, details: { email: user.email, sessions } })
    return { status: 'done' as const, name }
  })
}
