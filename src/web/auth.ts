import passport from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import type { Db, Role } from '../lib/db.ts'
import { decoyPasswordHash, verifyPassword } from '../lib/passwords.ts'

/** The signed-in user as every handler sees it (`req.user`), with the organisation ids that scope its data. */
export type SessionUser = {
  id: number
  email: string
  role: Role
  firstName: string
  lastName: string
  candidateId: number | null
  referentId: number | null
  recruiterId: number | null
  /** candidate's or référent's établissement */
  establishmentId: number | null
  /** the convention of that établissement */
  conventionId: number | null
  /** recruiter's employer */
  employerId: number | null
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

export const LOGIN_FAILED = 'Adresse e-mail ou mot de passe incorrect.'
export const ACCOUNT_DISABLED = 'Ce compte est désactivé. Contactez votre référent ou l’équipe Atouts pour tous.'

/** Load the active user behind a session; null when it no longer exists or is not active. */
export async function loadSessionUser(db: Db, userId: number): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      candidate: { include: { establishment: { select: { conventionId: true } } } },
      referent: { include: { establishment: { select: { conventionId: true } } } },
      recruiter: true,
    },
  })
  if (!user || user.status !== 'ACTIVE') return null
  const establishment = user.candidate ?? user.referent
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    firstName: user.firstName,
    lastName: user.lastName,
    candidateId: user.candidate?.id ?? null,
    referentId: user.referent?.id ?? null,
    recruiterId: user.recruiter?.id ?? null,
    establishmentId: establishment?.establishmentId ?? null,
    conventionId: establishment?.establishment.conventionId ?? null,
    employerId: user.recruiter?.employerId ?? null,
  }
}

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
  authenticator.deserializeUser(async (id: number, done) => {
    try {
      // a disabled or deleted account is signed out at its next request
      done(null, (await loadSessionUser(db, id)) ?? false)
    } catch (error) {
      done(error)
    }
  })
  return authenticator
}
