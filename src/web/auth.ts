import type { IncomingMessage } from 'node:http'
import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import type { Db } from '../lib/db.ts'
import { decoyPasswordHash, verifyPassword } from '../lib/passwords.ts'
import { loadedSessionUserOf } from './session-store.ts'
import { loadSessionUser, type SessionUser } from './session-user.ts'

export { loadSessionUser, type SessionUser }

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export const LOGIN_FAILED = 'Adresse e-mail ou mot de passe incorrect.'
export const ACCOUNT_DISABLED = 'Ce compte est désactivé. Contactez votre référent ou l’équipe Atouts pour tous.'

export function createPassport(db: Db) {
  const authenticator = new passport.Passport()
  authenticator.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, async (email, password, done) => {
      try {
        const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } })
        if (!user) {
          await verifyPassword(await decoyPasswordHash(), password)
          return done(null, false, { message: LOGIN_FAILED })
        }
        if (!(await verifyPassword(user.passwordHash, password))) return done(null, false, { message: LOGIN_FAILED })
        if (user.status === 'DISABLED') return done(null, false, { message: ACCOUNT_DISABLED })
        if (user.status !== 'ACTIVE') return done(null, false, { message: LOGIN_FAILED })
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } })
        const sessionUser = await loadSessionUser(db, user.id)
        return done(null, sessionUser ?? false)
      } catch (error) {
        return done(error)
      }
    }),
  )
  authenticator.serializeUser((user, done) => done(null, user.id))
  authenticator.deserializeUser(async (req: IncomingMessage, id: number, done: (error: unknown, user?: SessionUser | false) => void) => {
    try {
      // read with the session in the same statement (session-store.ts), else on its own; a disabled or
      // deleted account is signed out at its next request
      const loaded = loadedSessionUserOf(req as unknown as Express.Request, id)
      done(null, (loaded === undefined ? await loadSessionUser(db, id) : loaded) ?? false)
    } catch (error) {
      done(error)
    }
  })
  return authenticator
}
