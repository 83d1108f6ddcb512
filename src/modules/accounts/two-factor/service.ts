import { createHash, randomInt } from 'node:crypto'
import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'
import type { Config } from '../../../config.ts'
import { audit } from '../../../lib/audit.ts'
import type { Db, Tx } from '../../../lib/db.ts'
import { orNotFound } from '../../../lib/errors.ts'
import { verifyPassword } from '../../../lib/passwords.ts'
import { createSecretBox, type SecretBox } from '../../../lib/secret-box.ts'

/**
 * « Double authentification »: a TOTP code (RFC 6238: 6 digits, 30 s, SHA-1, what every authenticator
 * app reads from a QR code) asked after the password, or one of 10 single-use « codes de secours ».
 *
 * - The secret is stored encrypted (src/lib/secret-box.ts, key derived from SESSION_SECRET), bound to
 *   its user's row; during the enrolment it waits in the session, encrypted the same way.
 * - A code is accepted in its 30-second step and the steps just before and after (clocks drift);
 *   the step of the last accepted code is kept (User.totpLastStep), and a code of that step or an
 *   earlier one is refused: a code seen over a shoulder cannot be used again.
 * - Recovery codes are stored as SHA-256 (they are random, like the emailed link tokens); using one
 *   marks it used in one conditional update, so that two requests cannot both use it.
 */

export const RECOVERY_CODE_COUNT = 10
const ISSUER = 'Atouts pour tous'
const STEP_SECONDS = 30
/** no 0/o, 1/i/l: codes are copied by hand */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const RECOVERY_CODE_LENGTH = 10

export type TwoFactorDeps = { db: Db; box: SecretBox }

/** The box of the TOTP secrets: one key for this purpose, derived from SESSION_SECRET. */
export function createTotpSecretBox(config: Pick<Config, 'sessionSecret'>): SecretBox {
  return createSecretBox(config.sessionSecret, 'totp-secret')
}

const storedContext = (userId: number) => `user:${userId}`
const pendingContext = (userId: number) => `enrolment:${userId}`

const hashRecoveryCode = (code: string) => createHash('sha256').update(code).digest('hex')

/** What a person typed: spaces and dashes removed, lower case. */
function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase()
}

const isTotpCode = (code: string) => /^\d{6}$/.test(code)
const isRecoveryCode = (code: string) => code.length === RECOVERY_CODE_LENGTH && [...code].every((char) => RECOVERY_ALPHABET.includes(char))

/** "abcde-fghjk": how a recovery code is shown. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

/** The time step of this code when it is right now (± 1 step) and after `afterStep`; null otherwise. */
async function matchTotp(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  if (!isTotpCode(code)) return null
  try {
    const result = await verify({ secret, token: code, epochTolerance: STEP_SECONDS, ...(afterStep === null ? {} : { afterTimeStep: afterStep }) })
    return result.valid && 'timeStep' in result ? result.timeStep : null
  } catch {
    // a last step ahead of this server's clock: refused rather than accepted
    return null
  }
}

/** Replaces every recovery code of the user by 10 new ones; returns them, shown once and never stored in clear. */
async function replaceRecoveryCodes(tx: Tx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await tx.twoFactorRecoveryCode.deleteMany({ where: { userId } })
  await tx.twoFactorRecoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(normalizeCode(code)) })) })
  return codes
}

export type TwoFactorStatus = { enabledAt: Date | null; remainingRecoveryCodes: number }

export async function twoFactorStatusOf(db: Db, userId: number): Promise<TwoFactorStatus> {
  const user = orNotFound(await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } }))
  const remainingRecoveryCodes = user.totpEnabledAt ? await db.twoFactorRecoveryCode.count({ where: { userId, usedAt: null } }) : 0
  return { enabledAt: user.totpEnabledAt, remainingRecoveryCodes }
}

/** A new secret for an enrolment, sealed for the session of this user. */
export function startEnrolment(box: SecretBox, userId: number): string {
  return box.seal(generateSecret(), pendingContext(userId))
}

export type EnrolmentPage = {
  /** the QR code as an SVG data: URL (drawn here, nothing asked of another service) */
  qrCode: string
  /** the secret in blocks of 4 characters, to type or read aloud */
  secretGroups: string[]
}

/** The QR code and the secret to show on the enrolment page; null when the sealed secret is not this user's. */
export async function enrolmentPageOf(box: SecretBox, user: { id: number; email: string }, sealedPending: string): Promise<EnrolmentPage | null> {
  const secret = box.open(sealedPending, pendingContext(user.id))
  if (!secret) return null
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret })
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
  return { qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, secretGroups: secret.match(/.{1,4}/g) ?? [] }
}

export type EnrolmentResult = { status: 'done'; recoveryCodes: string[] } | { status: 'wrong_code' } | { status: 'expired' } | { status: 'already_on' }

/**
 * The first code confirms that the app has the secret: the secret is stored (encrypted), the second
 * factor is on, and 10 recovery codes are made. A double submit turns it on once.
 */
export async function confirmEnrolment(
  { db, box }: TwoFactorDeps,
  { actorId, sealedPending, code }: { actorId: number; sealedPending: string | undefined; code: string },
): Promise<EnrolmentResult> {
  const secret = sealedPending ? box.open(sealedPending, pendingContext(actorId)) : null
  if (!secret) return { status: 'expired' }
  const step = await matchTotp(secret, normalizeCode(code), null)
  if (step === null) return { status: 'wrong_code' }
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: actorId, totpEnabledAt: null },
      data: { totpSecret: box.seal(secret, storedContext(actorId)), totpEnabledAt: new Date(), totpLastStep: step },
    })
    if (count !== 1) return { status: 'already_on' as const }
    const recoveryCodes = await replaceRecoveryCodes(tx, actorId)
    await audit(tx, { actorUserId: actorId, action: 'account.two_factor_enable', targetType: 'User', targetId: actorId })
    return { status: 'done' as const, recoveryCodes }
  })
}

export type SecondFactorCheck = { ok: true; method: 'totp' } | { ok: true; method: 'recovery'; remaining: number } | { ok: false }

/**
 * Checks a « Code de vérification »: a TOTP code (then its step is kept: the same code cannot serve
 * again), or a recovery code (then it is used up). Two requests with the same code at once: one wins.
 */
export async function checkSecondFactor({ db, box }: TwoFactorDeps, { userId, code }: { userId: number; code: string }): Promise<SecondFactorCheck> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true } })
  if (!user?.totpEnabledAt || !user.totpSecret) return { ok: false }
  const typed = normalizeCode(code)
  if (isTotpCode(typed)) {
    const secret = box.open(user.totpSecret, storedContext(userId))
    const step = secret ? await matchTotp(secret, typed, user.totpLastStep) : null
    if (step === null) return { ok: false }
    const { count } = await db.user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    })
    return count === 1 ? { ok: true, method: 'totp' } : { ok: false }
  }
  if (!isRecoveryCode(typed)) return { ok: false }
  return db.$transaction(async (tx) => {
    const { count } = await tx.twoFactorRecoveryCode.updateMany({
      where: { userId, codeHash: hashRecoveryCode(typed), usedAt: null },
      data: { usedAt: new Date() },
    })
    if (count !== 1) return { ok: false as const }
    const remaining = await tx.twoFactorRecoveryCode.count({ where: { userId, usedAt: null } })
    await audit(tx, { actorUserId: userId, action: 'account.two_factor_recovery_code_use', targetType: 'User', targetId: userId, details: { remaining } })
    return { ok: true as const, method: 'recovery' as const, remaining }
  })
}

/** Whether this is the account's password (one Argon2 check). */
export async function checkPasswordOf(db: Db, userId: number, password: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } })
  return verifyPassword(user?.passwordHash ?? null, password)
}

/** Turns the second factor off: secret, last step and recovery codes are removed. False when it was off. */
export async function clearTwoFactor(tx: Tx, userId: number): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null } },
    data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
  })
  await tx.twoFactorRecoveryCode.deleteMany({ where: { userId } })
  return count === 1
}

/** « Désactiver la double authentification », once the caller has checked the password or a code. */
export async function disableTwoFactor(
  { db }: { db: Db },
  { actorId, confirmedWith }: { actorId: number; confirmedWith: 'password' | 'code' },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await clearTwoFactor(tx, actorId))) return false
    await audit(tx, { actorUserId: actorId, action: 'account.two_factor_disable', targetType: 'User', targetId: actorId, details: { confirmedWith } })
    return true
  })
}

/** « Générer de nouveaux codes de secours », once the caller has checked the password or a code: the old ones stop working. */
export async function regenerateRecoveryCodes({ db }: { db: Db }, { actorId }: { actorId: number }): Promise<string[] | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: actorId }, select: { totpEnabledAt: true } })
    if (!user?.totpEnabledAt) return null
    const codes = await replaceRecoveryCodes(tx, actorId)
    await audit(tx, { actorUserId: actorId, action: 'account.two_factor_recovery_codes', targetType: 'User', targetId: actorId })
    return codes
  })
}
