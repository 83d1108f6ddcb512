import type { IncomingMessage } from 'node:http'
import type { Request } from 'express'
import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import type { Db } from '../lib/db.ts'
import { decoyPasswordHash, verifyPassword } from '../lib/passwords.ts'
import { DISPLAY_COOKIE, displaySettingsToCarry } from '../modules/display/settings.ts'
import { loadedSessionUserOf } from './session-store.ts'
import { loadSessionUser, type SessionUser } from './session-user.ts'

export { loadSessionUser, type SessionUser }

declare global {
  namespace Express {
    interface User extends SessionUser {}
  }
}

export const LOGIN_FAILED = 'Adresse e-mail ou mot de passe incorrect.'
export const ACCOUNT_DISABLED = 'Ce compte est désactivé. Contactez votre référent ou l’équipe Atouts pour tous.'

/**
 * What a sign-in records once it is complete (after the password, or after the « Code de
 * vérification » of an account with a second factor): the time, and the « Paramètres d'affichage »
 * chosen in this browser before signing in, kept by an account that has none.
 */
export async function completeSignIn(db: Db, req: Request, user: { id: number; displaySettings: string | null }): Promise<SessionUser | null> {
  const displaySettings = displaySettingsToCarry(user.displaySettings, req.cookies?.[DISPLAY_COOKIE])
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date(), displaySettings } })
  return loadSessionUser(db, user.id)
}

export function createPassport(db: Db) {
  // computed once now, not during the first sign-in with an unknown address (which would take longer)
  void decoyPasswordHash()
  const authenticator = new passport.Passport()
  authenticator.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, async (req, email, password, done) => {
      try {
        const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } })
        // one hash check whatever the account (none, no password yet, wrong or right password): the
        // time of the answer tells nothing
        if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) return done(null, false, { message: LOGIN_FAILED })
        if (user.status === 'DISABLED') return done(null, false, { message: ACCOUNT_DISABLED })
        if (user.status !== 'ACTIVE') return done(null, false, { message: LOGIN_FAILED })
        // « Double authentification »: the sign-in completes after the code (accounts/two-factor/handlers.ts)
        if (user.totpEnabledAt) return done(null, (await loadSessionUser(db, user.id)) ?? false)
        return done(null, (await completeSignIn(db, req, user)) ?? false)
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
