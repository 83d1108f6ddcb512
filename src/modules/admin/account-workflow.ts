/**
 * An account's status, as an administrator changes it ("Désactiver" / "Réactiver"):
 *
 *   ACTIVE ──disable──▶ DISABLED ──enable──▶ ACTIVE   (a password was chosen)
 *   INVITED ─disable──▶ DISABLED ──enable──▶ INVITED  (no password yet: "Renvoyer l’invitation" then)
 *
 * A self-registration waiting for its référent (PENDING_VALIDATION) is theirs to validate or refuse.
 * Each change is a conditional update (`where id and status in from`): two clicks, or two
 * administrators at once, make one change and one audit row.
 */
import { audit } from '../../lib/audit.ts'
import type { Tx, User, UserStatus } from '../../lib/db.ts'

export type AccountAction = 'disable' | 'enable'

export type AccountTransition = { action: AccountAction; from: readonly UserStatus[]; to: (user: Pick<User, 'passwordHash'>) => UserStatus }

export const ACCOUNT_TRANSITIONS: Record<AccountAction, AccountTransition> = {
  disable: { action: 'disable', from: ['ACTIVE', 'INVITED'], to: () => 'DISABLED' },
  enable: { action: 'enable', from: ['DISABLED'], to: (user) => (user.passwordHash ? 'ACTIVE' : 'INVITED') },
}

export function canApply(action: AccountAction, status: UserStatus): boolean {
  return ACCOUNT_TRANSITIONS[action].from.includes(status)
}

/**
 * Applies the transition in the caller's transaction. Disabling also makes the unused emailed links
 * (invitation, password reset) stop working; open sessions end at their next request, as the session
 * loader only accepts active accounts (src/web/auth.ts).
 */
export async function applyAccountTransition(
  tx: Tx,
  { action, user, actorUserId }: { action: AccountAction; user: Pick<User, 'id' | 'passwordHash' | 'status'>; actorUserId: number },
): Promise<{ ok: true; to: UserStatus } | { ok: false }> {
  const rule = ACCOUNT_TRANSITIONS[action]
  const to = rule.to(user)
  const { count } = await tx.user.updateMany({ where: { id: user.id, status: { in: [...rule.from] } }, data: { status: to } })
  if (count !== 1) return { ok: false }
  if (action === 'disable') await tx.authToken.deleteMany({ where: { userId: user.id, usedAt: null } })
  await audit(tx, {
    actorUserId,
    action: action === 'disable' ? 'user.disable' : 'user.enable',
    targetType: 'User',
    targetId: user.id,
    details: { changes: { status: { from: user.status, to } } },
  })
  return { ok: true, to }
}
