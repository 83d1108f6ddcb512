import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Small secrets kept encrypted at rest (the TOTP secret of « Double authentification »): AES-256-GCM
 * with a key derived from SESSION_SECRET by HKDF-SHA256, one key per purpose. A copy of the database
 * alone does not give the secrets; whoever also has SESSION_SECRET does.
 *
 * `context` (e.g. "user:42") is authenticated with the ciphertext: a value copied to another row does
 * not open there. A value is "v1.<iv>.<tag>.<ciphertext>" (base64url), so that another scheme can
 * come later beside it.
 *
 * Changing SESSION_SECRET makes the values written before unreadable: `open` returns null, which
 * callers treat as a wrong code (the recovery codes, stored as hashes, still work).
 */
export type SecretBox = {
  seal(plain: string, context: string): string
  /** null: not a value of this box (another key, another context, altered) */
  open(sealed: string, context: string): string | null
}

const VERSION = 'v1'

export function createSecretBox(sessionSecret: string, purpose: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, 'atouts.secret-box', purpose, 32))
  return {
    seal(plain, context) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(context, 'utf8'))
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.')
    },

    open(sealed, context) {
      const [version, iv, tag, ciphertext, ...rest] = sealed.split('.')
      if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) return null
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 })
        decipher.setAAD(Buffer.from(context, 'utf8'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        return null
      }
    },
  }
}
