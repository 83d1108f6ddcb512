import { doubleCsrf } from 'csrf-csrf'
import type { NextFunction, Request, Response } from 'express'
import type { Config } from '../config.ts'
import { AppError } from '../lib/errors.ts'

declare module 'express-session' {
  interface SessionData {
    // set when a form is rendered, so that an anonymous visitor keeps one session id between
    // the form and its submission (the CSRF token is bound to it)
    formsShown?: boolean
  }
}

/**
 * Double-submit CSRF tokens bound to the session. Every form carries `_csrf`; multipart forms
 * (file uploads) carry it in the action's query string, because their body is read later by multer.
 */
export function createCsrf(config: Config) {
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier: (req) => req.session.id,
    // the __Host- prefix needs HTTPS
    cookieName: config.isProduction ? '__Host-atouts.csrf' : 'atouts.csrf',
    cookieOptions: { sameSite: 'lax', secure: config.isProduction, httpOnly: true, path: '/' },
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
      if (!token) {
        req.session.formsShown = true
        token = generateCsrfToken(req, res)
      }
      return token
    }
    next()
  }

  return { protect, provideToken }
}
