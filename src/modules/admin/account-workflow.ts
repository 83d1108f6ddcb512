/**
 * Every change of an account's status (`User.status`), whoever makes it:
 *
 *   ACTIVE ──disable──▶ DISABLED ──enable──▶ ACTIVE      (a password was chosen)
 *   INVITED ─disable──▶ DISABLED ──enable──▶ INVITED     (no password yet: "Renvoyer l’invitation" then)
 *   PENDING_VALIDATION ──validate──▶ INVITED             (a référent validates a self-registration)
 *   INVITED, ACTIVE ──activate──▶ ACTIVE                 (a password chosen through an emailed link)
 *   any status ──anonymise──▶ DISABLED                   (the retention job, admin/retention)
 *
 * An administrator disables and enables any account but their own; a référent, the candidates of
 * their établissement (candidates/service.ts). A refused self-registration is deleted, not changed.
 * Each change is a conditional update (`where id and status in from`): two clicks, or two people at
 * once, make one change and one audit row. The caller writes that audit row, in its own words.
 */
import { audit } from '../../lib/audit.ts'
import type { Prisma, Tx, User, UserStatus } from '../../lib/db.ts'

export type AccountAction = 'disable' | 'enable' | 'validate' | 'activate' | 'anonymise'

/** What an administrator does to an account from « Utilisateurs ». */
export type AdminAccountAction = Extract<AccountAction, 'disable' | 'enable'>

export type AccountTransition = { action: AccountAction; from: readonly UserStatus[]; to: (user: Pick<User, 'passwordHash'>) => UserStatus }

export const ACCOUNT_TRANSITIONS: Record<AccountAction, AccountTransition> = {
  disable: { action: 'disable', from: ['ACTIVE', 'INVITED'], to: () => 'DISABLED' },
  enable: { action: 'enable', from: ['DISABLED'], to: (user) => (user.passwordHash ? 'ACTIVE' : 'INVITED') },
  validate: { action: 'validate', from: ['PENDING_VALIDATION'], to: () => 'INVITED' },
  activate: { action: 'activate', from: ['INVITED', 'ACTIVE'], to: () => 'ACTIVE' },
  anonymise: { action: 'anonymise', from: ['PENDING_VALIDATION', 'INVITED', 'ACTIVE', 'DISABLED'], to: () => 'DISABLED' },
}

export function canApply(action: AccountAction, status: UserStatus): boolean {
  return ACCOUNT_TRANSITIONS[action].from.includes(status)
}

/**
 * Changes the status in the caller's transaction, with `also` (other fields of the account) in the
 * same update. Disabling also makes the unused emailed links (invitation, password reset) stop
 * working; open sessions end at their next request, as the session loader only accepts active
 * accounts (src/web/auth.ts). `ok: false`: the account was no longer in a status the change starts from.
 */
export async function transitionAccount(
  tx: Tx,
  { action, user, also = {} }: { action: AccountAction; user: Pick<User, 'id' | 'passwordHash'>; also?: Prisma.UserUpdateManyMutationInput },
): Promise<{ ok: true; to: UserStatus } | { ok: false }> {
  const rule = ACCOUNT_TRANSITIONS[action]
  const to = rule.to(user)
  const { count } = await tx.user.updateMany({ where: { id: user.id, status: { in: [...rule.from] } }, data: { ...also, status: to } })
  if (count !== 1) return { ok: false }
  if (action === 'disable') await tx.authToken.deleteMany({ where: { userId: user.id, usedAt: null } })
  return { ok: true, to }
}

/** "Désactiver" / "Réactiver" by an administrator, audited `user.disable` / `user.enable` with the change. */
export async function applyAccountTransition(
  tx: Tx,
  { action, user, actorUserId }: { action: AdminAccountAction; user: Pick<User, 'id' | 'passwordHash' | 'status'>; actorUserId: number },
): Promise<{ ok: true; to: UserStatus } | { ok: false }> {
  const result = await transitionAccount(tx, { action, user })
  if (!result.ok) return result
  await audit(tx, {
    actorUserId,
    action: action === 'disable' ? 'user.disable' : 'user.enable',
    targetType: 'User',
    targetId: user.id,
    details: { changes: { status: { from: user.status, to: result.to } } },
  })
  return result
}
