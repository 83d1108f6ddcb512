import type { NextFunction, Request, Response } from 'express'
import type { Role } from '../lib/db.ts'
import { AppError } from '../lib/errors.ts'
import type { SessionUser } from './auth.ts'

/** Signed-in users only; others go to the sign-in page and come back afterwards. */
export function requireAuth(req: Request, res: Response, next: NextFunction) {
  if (req.user) return next()
  if (req.method === 'GET') {
    req.session.returnTo = req.originalUrl
    return res.redirect('/connexion')
  }
  next(new AppError('FORBIDDEN'))
}

/** Signed-in users of one of these roles; any other role gets 403. */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    requireAuth(req, res, (error?: unknown) => {
      if (error) return next(error)
      if (!roles.includes(req.user!.role)) return next(new AppError('FORBIDDEN'))
      next()
    })
  }
}

/** The signed-in user behind a guarded route. */
export function actorOf(req: Request): SessionUser {
  if (!req.user) throw new AppError('FORBIDDEN')
  return req.user
}

declare module 'express-session' {
  interface SessionData {
    returnTo?: string
  }
}
