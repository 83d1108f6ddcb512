import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { Db, Tx, User } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import { coalescedEmailState } from '../../lib/outbox.ts'
import { hashPassword, verifyPassword } from '../../lib/passwords.ts'
import { canApply, transitionAccount } from '../admin/account-workflow.ts'
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
  if (!canApply('activate', check.user.status)) return { status: 'unknown' }
  const passwordHash = await hashPassword(password)
  return db.$transaction(async (tx) => {
    if (!(await consumeAuthToken(tx, check.token.id))) return { status: 'used' as const }
    const activated = await transitionAccount(tx, { action: 'activate', user: check.user, also: { passwordHash } })
    // disabled in the meantime (by an administrator or a référent): the link leads nowhere any more
    if (!activated.ok) return { status: 'unknown' as const }
    // whoever was signed in with the old password is signed out; the caller signs this device in
    await signOutSessionsOf(tx, check.user.id)
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
 * The links anyone can have emailed to an address ("Mot de passe oublié ?", "Recevoir un nouveau
 * lien"): at most one such email per address every few minutes (src/lib/outbox.ts, coalesced).
 */
const ASKED_LINK_EMAIL = 'account.asked_link'

/**
 * A new link by email, unless one went out a moment ago: its link still works (a new one would void
 * it), and nothing more is sent. A link still waiting for the worker is replaced by the new one.
 */
async function emailAskedLink(tx: Tx, config: Config, user: User, purpose: 'PASSWORD_RESET' | 'INVITATION'): Promise<void> {
  if ((await coalescedEmailState(tx, user.email, ASKED_LINK_EMAIL)) === 'sent') return
  const token = await issueAuthToken(tx, user.id, purpose)
  const message = { to: user.email, firstName: user.firstName, token, coalesceKey: ASKED_LINK_EMAIL }
  if (purpose === 'PASSWORD_RESET') await queuePasswordResetEmail(tx, config, message)
  else await queueInvitationEmail(tx, config, { ...message, reason: { kind: 'new_link' } })
}

/**
 * "Mot de passe oublié ?": an emailed link when the address belongs to an account that can use it.
 * The caller shows the same answer in every case, so that nobody learns whether an address exists.
 */
export async function requestPasswordReset({ db, config }: { db: Db; config: Config }, email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email } })
  if (!user) return
  await db.$transaction(async (tx) => {
    if (user.status === 'ACTIVE') await emailAskedLink(tx, config, user, 'PASSWORD_RESET')
    // never chose a password: a new activation link is what helps
    else if (user.status === 'INVITED') await emailAskedLink(tx, config, user, 'INVITATION')
  })
}

/** "Recevoir un nouveau lien" after an expired activation link: only invited accounts get one. */
export async function resendActivationLink({ db, config }: { db: Db; config: Config }, email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email } })
  if (user?.status !== 'INVITED') return
  await db.$transaction(async (tx) => emailAskedLink(tx, config, user, 'INVITATION'))
}

/**
 * Every session of this user is signed out (the Session rows carry the user's id: session-store.ts).
 * Sessions are read from the database on every request, so the next request of each is signed out.
 */
async function signOutSessionsOf(tx: Tx, userId: number): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { userId } })
  return count
}

/**
 * "Modifier mon mot de passe": needs the current password. Every session of the account is signed
 * out, this one included: the caller signs this device in again, under a new session.
 */
export async function changePassword({ db }: { db: Db }, { actorId, form }: { actorId: number; form: TChangePasswordForm }) {
  const user = orNotFound(await db.user.findUnique({ where: { id: actorId } }))
  if (!(await verifyPassword(user.passwordHash, form.currentPassword))) {
    return { ok: false as const, wrongPassword: true, errors: { currentPassword: 'Le mot de passe actuel est incorrect.' } }
  }
  const passwordHash = await hashPassword(form.password)
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actorId }, data: { passwordHash } })
    // links sent before the change must not be able to change it back
    await tx.authToken.deleteMany({ where: { userId: actorId, purpose: 'PASSWORD_RESET', usedAt: null } })
    await signOutSessionsOf(tx, actorId)
    await audit(tx, { actorUserId: actorId, action: 'account.change_password', targetType: 'User', targetId: actorId })
  })
  return { ok: true as const }
}

/** "Se déconnecter de tous les appareils": every session of the account, this one included. */
export async function signOutEverywhere({ db }: { db: Db }, { actorId }: { actorId: number }): Promise<void> {
  await db.$transaction(async (tx) => {
    const sessions = await signOutSessionsOf(tx, actorId)
    await audit(tx, { actorUserId: actorId, action: 'account.sign_out_everywhere', targetType: 'User', targetId: actorId, details: { sessions } })
  })
}
