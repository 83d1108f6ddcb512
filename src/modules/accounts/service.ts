import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { Db } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { hashPassword, verifyPassword } from '../../lib/passwords.ts'
import { queueInvitationEmail, queuePasswordResetEmail } from './emails.ts'
import type { TChangePasswordForm } from './schemas.ts'
import { checkAuthToken, consumeAuthToken, issueAuthToken, type TokenCheck } from './tokens.ts'

export type LinkPurpose = 'activation' | 'reset'
const PURPOSE = { activation: 'INVITATION', reset: 'PASSWORD_RESET' } as const

export function checkPasswordLink(db: Db, purpose: LinkPurpose, token: string): Promise<TokenCheck> {
  return checkAuthToken(db, token, PURPOSE[purpose])
}

/**
 * Choose a password through an emailed link (activation of an invited account, or reset).
 * Single use: a second request with the same link gets 'used', even when both arrive at once.
 */
export async function setPasswordWithLink(
  { db }: { db: Db },
  { purpose, token, password }: { purpose: LinkPurpose; token: string; password: string },
): Promise<{ status: 'done'; userId: number } | { status: 'expired' | 'used' | 'unknown' }> {
  const check = await checkAuthToken(db, token, PURPOSE[purpose])
  if (check.status !== 'valid') return check
  if (check.user.status === 'DISABLED' || check.user.status === 'PENDING_VALIDATION') return { status: 'unknown' }
  const passwordHash = await hashPassword(password)
  return db.$transaction(async (tx) => {
    if (!(await consumeAuthToken(tx, check.token.id))) return { status: 'used' as const }
    await tx.user.update({ where: { id: check.user.id }, data: { passwordHash, status: 'ACTIVE' } })
    await audit(tx, {
      actorUserId: check.user.id,
      action: purpose === 'activation' ? 'account.activate' : 'account.reset_password',
      targetType: 'User',
      targetId: check.user.id,
    })
    return { status: 'done' as const, userId: check.user.id }
  })
}

/**
 * "Mot de passe oublié ?": an emailed link when the address belongs to an account that can use it.
 * The caller shows the same answer in every case, so that nobody learns whether an address exists.
 */
export async function requestPasswordReset({ db, config }: { db: Db; config: Config }, email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email } })
  if (!user) return
  await db.$transaction(async (tx) => {
    if (user.status === 'ACTIVE') {
      const token = await issueAuthToken(tx, user.id, 'PASSWORD_RESET')
      await queuePasswordResetEmail(tx, config, { to: user.email, firstName: user.firstName, token })
    } else if (user.status === 'INVITED') {
      // never chose a password: a new activation link is what helps
      const token = await issueAuthToken(tx, user.id, 'INVITATION')
      await queueInvitationEmail(tx, config, { to: user.email, firstName: user.firstName, token, reason: { kind: 'new_link' } })
    }
  })
}

/** "Recevoir un nouveau lien" after an expired activation link: only invited accounts get one. */
export async function resendActivationLink({ db, config }: { db: Db; config: Config }, email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email } })
  if (!user || user.status !== 'INVITED') return
  await db.$transaction(async (tx) => {
    const token = await issueAuthToken(tx, user.id, 'INVITATION')
    await queueInvitationEmail(tx, config, { to: user.email, firstName: user.firstName, token, reason: { kind: 'new_link' } })
  })
}

/** "Modifier mon mot de passe": needs the current password. */
export async function changePassword({ db }: { db: Db }, { actorId, form }: { actorId: number; form: TChangePasswordForm }) {
  const user = await db.user.findUnique({ where: { id: actorId } })
  if (!user) throw new AppError('NOT_FOUND')
  if (!(await verifyPassword(user.passwordHash, form.currentPassword))) {
    return { ok: false as const, errors: { currentPassword: 'Le mot de passe actuel est incorrect.' } }
  }
  const passwordHash = await hashPassword(form.password)
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actorId }, data: { passwordHash } })
    // links sent before the change must not be able to change it back
    await tx.authToken.deleteMany({ where: { userId: actorId, purpose: 'PASSWORD_RESET', usedAt: null } })
    await audit(tx, { actorUserId: actorId, action: 'account.change_password', targetType: 'User', targetId: actorId })
  })
  return { ok: true as const }
}
