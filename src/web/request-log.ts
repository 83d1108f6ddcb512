/**
 * One log line per request (on the process's pino log, src/lib/logger.ts): its id, method,
 * route, status, duration and the signed-in user's id. Nothing else of the request: no headers (the
 * session cookie), no query string (a search, a token), no form body (a password). The links that
 * carry a token in their path (activation, password reset, the job alerts' stop link) are logged
 * with `:token` in its place.
 *
 * The id is sent back in the `X-Request-Id` header, so that a person can quote it. Behind a
 * reverse proxy (TRUST_PROXY), the proxy's `X-Request-Id` is kept, so that both logs say the same id.
 */
import { randomUUID } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import type { Logger as PinoLogger } from 'pino'
import type { Config } from '../config.ts'
import type { SessionUser } from './session-user.ts'

export const REQUEST_ID_HEADER = 'X-Request-Id'
/** An id from the proxy is kept only if it looks like one (it goes into the logs and a header). */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/
const MAX_PATH_LENGTH = 200

/** Paths whose last segment is a secret: the segment is logged as `:token`. */
const TOKEN_PATHS = /^\/(activation|reinitialisation|alertes-offres\/arreter)\/(?!nouveau-lien$)[^/]+/

/** The path of a URL for the logs: no query string, tokens hidden, bounded length. */
export function loggablePath(url: string): string {
  const path = url.split('?')[0].replace(TOKEN_PATHS, '/$1/:token')
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path
}

/** `/offres/:id` when a route answered, else the path itself (a 404, a static file). */
function routeOf(req: Request): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path
  if (typeof routePath === 'string') return `${req.baseUrl}${routePath}`
  return loggablePath(req.originalUrl ?? req.url)
}

declare module 'node:http' {
  interface IncomingMessage {
    /** the request's id (X-Request-Id), set by requestLogger */
    id?: string
  }
}

/**
 * The request log middleware, writing to `log` (the process's logger): one line when the answer is
 * finished (or the client left), at level error for a 5xx. Written here on pino itself: pino-http's
 * child logger and serialisers per request are not needed for these few fields.
 */
export function requestLogger(config: Pick<Config, 'trustProxy'>, log: PinoLogger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint()
    const incoming = req.headers['x-request-id']
    const id = config.trustProxy > 0 && typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    req.id = id
    res.setHeader(REQUEST_ID_HEADER, id)
    let logged = false
    const done = () => {
      if (logged) return
      logged = true
      res.off('finish', done)
      res.off('close', done)
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100
      const user = req.user as SessionUser | undefined
      const line = {
        requestId: id,
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        durationMs,
        ...(user ? { userId: user.id } : {}),
        // the client left before the answer was complete
        ...(res.writableFinished ? {} : { aborted: true }),
      }
      const message = `${line.method} ${line.route} ${line.status} ${durationMs} ms`
      if (res.statusCode >= 500) log.error(line, message)
      else log.info(line, message)
    }
    res.on('finish', done)
    res.on('close', done)
    next()
  }
}
