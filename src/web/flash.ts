import type { NextFunction, Request, Response } from 'express'

export type FlashType = 'success' | 'info' | 'error'
export type FlashMessage = { type: FlashType; message: string }

declare module 'express-session' {
  interface SessionData {
    flash?: FlashMessage[]
  }
}

declare global {
  namespace Express {
    interface Request {
      flash(type: FlashType, message: string): void
    }
  }
}

/** One-time messages shown on the next page (POST → redirect → GET). */
export function flashMessages(req: Request, res: Response, next: NextFunction) {
  req.flash = (type, message) => {
    req.session.flash = [...(req.session.flash ?? []), { type, message }]
  }
  // express-session saves at the end of the response, after the redirect's headers have left: a quick
  // browser can ask for the next page before the flash message is stored. Save first, then redirect.
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void
  res.redirect = ((...args: unknown[]) => {
    req.session.save((error) => (error ? next(error) : redirect(...args)))
  }) as typeof res.redirect
  // read lazily by the layout, so that a redirect keeps them for the next page
  res.locals.takeFlashes = (): FlashMessage[] => {
    const messages = req.session.flash ?? []
    if (messages.length > 0) delete req.session.flash
    return messages
  }
  next()
}
