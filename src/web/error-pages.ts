import type { NextFunction, Request, Response } from 'express'
import { AppError } from '../lib/errors.ts'
import { logger } from '../lib/logger.ts'
import { loggablePath } from './request-log.ts'

const PAGES: Record<number, { view: string; title: string }> = {
  400: { view: 'errors/400', title: 'Demande incorrecte' },
  403: { view: 'errors/403', title: 'Accès refusé' },
  404: { view: 'errors/404', title: 'Page introuvable' },
  409: { view: 'errors/409', title: 'Action impossible' },
  413: { view: 'errors/400', title: 'Demande trop volumineuse' },
  415: { view: 'errors/400', title: 'Demande incorrecte' },
  422: { view: 'errors/400', title: 'Demande incorrecte' },
  429: { view: 'errors/429', title: 'Trop de tentatives' },
  500: { view: 'errors/500', title: 'Erreur du serveur' },
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction) {
  next(new AppError('NOT_FOUND'))
}

/** body-parser's error types (error.type) → what the person reads on the error page. */
const REQUEST_ERROR_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Le formulaire envoyé est trop volumineux. Raccourcissez les textes saisis, puis réessayez.',
  'parameters.too.many': 'Le formulaire envoyé contient trop de champs. Revenez en arrière, rechargez la page, puis réessayez.',
  'charset.unsupported': 'Le formulaire a été envoyé dans un format que le site ne lit pas. Revenez en arrière, rechargez la page, puis réessayez.',
  'encoding.unsupported': 'Le formulaire a été envoyé dans un format que le site ne lit pas. Revenez en arrière, rechargez la page, puis réessayez.',
}

/** The type body-parser gives an error on a request it could not read (before any session), or null. */
function requestErrorType(error: unknown): string | null {
  const type = (error as { type?: unknown } | null)?.type
  return !(error instanceof AppError) && typeof type === 'string' ? type : null
}

function statusOf(error: unknown): number {
  if (error instanceof AppError) return error.status
  // too many fields: not what a form of ours sends (a bad request), rather than a body too large to read
  if (requestErrorType(error) === 'parameters.too.many') return 400
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode
  // body-parser and similar set a 4xx status on bad requests (malformed body, too large)
  if (typeof status === 'number' && status >= 400 && status < 500) return status
  return 500
}

/** The one place where errors become pages: a French page, the right status, never a stack trace. */
export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction) {
  const status = statusOf(error)
  const requestError = requestErrorType(error)
  // the request's id ties these lines to the request's own line (src/web/request-log.ts)
  const where = { requestId: req.id, path: loggablePath(req.originalUrl) }
  if (status === 500) logger.error('unhandled error', { ...where, error: error instanceof Error ? error.stack : String(error) })
  // a request the body parser refused (too large, too many fields, an unknown charset, malformed): one line, no stack
  else if (!(error instanceof AppError)) {
    const reason = requestError ?? (error instanceof Error ? error.message : String(error))
    logger.warn('request refused', { method: req.method, ...where, status, reason })
  }
  if (res.headersSent) return res.end()
  const page = PAGES[status] ?? PAGES[400]
  const appMessage = error instanceof AppError && error.message !== error.code && error.code !== 'FORBIDDEN' ? error.message : undefined
  const message = appMessage ?? (requestError ? REQUEST_ERROR_MESSAGES[requestError] : undefined)
  res.status(status)
  // an error before the locals middleware (in the session's read, say): the layout as for a visitor
  if (!('currentUser' in res.locals)) {
    Object.assign(res.locals, {
      currentUser: null,
      roleLabel: null,
      navigation: [],
      currentNav: null,
      currentPath: req.path,
      devMailbox: false,
      takeFlashes: () => [],
      csrfToken: () => '',
    })
  }
  res.render(
    page.view,
    { title: page.title, message, csrfFailure: error instanceof AppError && error.message === 'csrf' },
    (renderError: Error | null, html?: string) => {
      if (renderError) {
        logger.error('error page failed', { error: renderError.stack })
        return res.type('text/plain; charset=utf-8').send('Une erreur est survenue. Merci de réessayer plus tard.')
      }
      res.send(html)
    },
  )
}
