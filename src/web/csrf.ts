import { randomBytes } from 'node:crypto'
import { doubleCsrf } from 'csrf-csrf'
import type { NextFunction, Request, Response } from 'express'
import type { Config } from '../config.ts'
import { AppError } from '../lib/errors.ts'

declare module 'express' {
  interface Request {
    /** the anonymous visitor's id their forms are bound to (csrf.ts), once read or made */
    visitorId?: string
  }
}

/** 18 random bytes, base64url */
const VISITOR_ID = /^[\w-]{24}$/

/**
 * Double-submit CSRF tokens bound to the signed-in person's session, or for an anonymous visitor
 * (the sign-in and sign-up forms) to a random id kept in a cookie of its own: showing a form to a
 * visitor writes no session row (it did, for every visit of /connexion by anything without cookies).
 * Every form carries `_csrf`; multipart forms (file uploads) carry it in the action's query string,
 * because their body is read later by multer.
 */
export function createCsrf(config: Config) {
  // the __Host- prefix needs HTTPS: no other site of the domain can set these cookies
  const visitorCookie = config.isProduction ? '__Host-atouts.visitor' : 'atouts.visitor'
  const cookieOptions = { sameSite: 'lax', secure: config.isProduction, httpOnly: true, path: '/' } as const

  /** The visitor's id: from their cookie, or made now (and sent with the page that shows the form). */
  function visitorIdOf(req: Request): string {
    if (req.visitorId === undefined) {
      const sent = (req.cookies as Record<string, string | undefined> | undefined)?.[visitorCookie]
      if (typeof sent === 'string' && VISITOR_ID.test(sent)) {
        req.visitorId = sent
      } else {
        req.visitorId = randomBytes(18).toString('base64url')
        req.res?.cookie(visitorCookie, req.visitorId, cookieOptions)
      }
    }
    return req.visitorId
  }

  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    // signed in: the session (a new one at each sign-in); otherwise the visitor's cookie
    getSessionIdentifier: (req) => (req.user ? req.session.id : visitorIdOf(req)),
    cookieName: config.isProduction ? '__Host-atouts.csrf' : 'atouts.csrf',
    cookieOptions,
    getCsrfTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf
      if (typeof fromBody === 'string') return fromBody
      if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf
      return undefined
    },
  })

  function protect(req: Request, res: Response, next: NextFunction) {
    doubleCsrfProtection(req, res, (error?: unknown) => {
      if (error) return next(new AppError('FORBIDDEN', 'csrf'))
      next()
    })
  }

  function provideToken(req: Request, res: Response, next: NextFunction) {
    let token: string | undefined
    res.locals.csrfToken = () => {
      token ??= generateCsrfToken(req, res)
      return token
    }
    next()
  }

  return { protect, provideToken }
}
