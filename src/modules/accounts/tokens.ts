import { createHash, randomBytes } from 'node:crypto'
import type { AuthToken, AuthTokenPurpose, Db, Tx, User } from '../../lib/db.ts'

const DAY = 24 * 60 * 60 * 1000
/** How long an emailed link stays valid. */
export const TOKEN_LIFETIME: Record<AuthTokenPurpose, number> = {
  INVITATION: 7 * DAY,
  PASSWORD_RESET: 2 * 60 * 60 * 1000,
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** A new single-use link token; earlier unused tokens of the same purpose stop working. */
export async function issueAuthToken(tx: Tx | Db, userId: number, purpose: AuthTokenPurpose, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await tx.authToken.deleteMany({ where: { userId, purpose, usedAt: null } })
  await tx.authToken.create({
    data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + TOKEN_LIFETIME[purpose]) },
  })
  return token
}

export type TokenCheck = { status: 'valid'; token: AuthToken; user: User } | { status: 'expired' | 'used' | 'unknown' }

export async function checkAuthToken(db: Tx | Db, rawToken: string, purpose: AuthTokenPurpose, now = new Date()): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(rawToken)) return { status: 'unknown' }
  const token = await db.authToken.findUnique({ where: { tokenHash: hashToken(rawToken) }, include: { user: true } })
  if (!token || token.purpose !== purpose) return { status: 'unknown' }
  if (token.usedAt) return { status: 'used' }
  if (token.expiresAt <= now) return { status: 'expired' }
  const { user, ...rest } = token
  return { status: 'valid', token: rest, user }
}

/** Mark a token used, only if it still is unused: false when another request used it first. */
export async function consumeAuthToken(tx: Tx, tokenId: number, now = new Date()): Promise<boolean> {
  const { count } = await tx.authToken.updateMany({ where: { id: tokenId, usedAt: null }, data: { usedAt: now } })
  return count === 1
}
