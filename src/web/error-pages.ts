import type { NextFunction, Request, Response } from 'express'
import { AppError } from '../lib/errors.ts'
import { logger } from '../lib/logger.ts'

const PAGES: Record<number, { view: string; title: string }> = {
  400: { view: 'errors/400', title: 'Demande incorrecte' },
  403: { view: 'errors/403', title: 'Accès refusé' },
  404: { view: 'errors/404', title: 'Page introuvable' },
  409: { view: 'errors/409', title: 'Action impossible' },
  413: { view: 'errors/400', title: 'Fichier trop volumineux' },
  422: { view: 'errors/400', title: 'Demande incorrecte' },
  429: { view: 'errors/429', title: 'Trop de tentatives' },
  500: { view: 'errors/500', title: 'Erreur du serveur' },
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction) {
  next(new AppError('NOT_FOUND'))
}

function statusOf(error: unknown): number {
  if (error instanceof AppError) return error.status
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode
  // body-parser and similar set a 4xx status on bad requests (malformed body, too large)
  if (typeof status === 'number' && status >= 400 && status < 500) return status
  return 500
}

/** The one place where errors become pages: a French page, the right status, never a stack trace. */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const status = statusOf(error)
  if (status === 500) logger.error('unhandled error', { path: req.path, error: error instanceof Error ? error.stack : String(error) })
  if (res.headersSent) return res.end()
  const page = PAGES[status] ?? PAGES[400]
  const message = error instanceof AppError && error.message !== error.code && error.code !== 'FORBIDDEN' ? error.message : undefined
  res.status(status)
  // an error before the locals middleware (in the session's read, say): the layout as for a visitor
  if (!('currentUser' in res.locals)) {
    Object.assign(res.locals, { currentUser: null, roleLabel: null, navigation: [], currentNav: null, currentPath: req.path, devMailbox: false, takeFlashes: () => [], csrfToken: () => '' })
  }
  res.render(page.view, { title: page.title, message, csrfFailure: error instanceof AppError && error.message === 'csrf' }, (renderError: Error | null, html?: string) => {
    if (renderError) {
      logger.error('error page failed', { error: renderError.stack })
      return res.type('text/plain; charset=utf-8').send('Une erreur est survenue. Merci de réessayer plus tard.')
    }
    res.send(html)
  })
}
