import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// Argon2id with OWASP's recommended minimums (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/**
 * Whether the password matches the hash. An account without a password (invited, waiting for
 * validation) is checked against a decoy hash and always refused: every answer costs one hash check,
 * so that its time does not tell which accounts exist or have a password.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    if (!passwordHash) {
      await verify(await decoyPasswordHash(), password)
      return false
    }
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when there is no account or no password, so that timing does not reveal it. */
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64url'))
  return decoyHash
}

/** French rule shown next to every new-password field. */
export const PASSWORD_RULE = '12 caractères au minimum.'
export const PASSWORD_MIN_LENGTH = 12
