/**
 * One log line per request (pino-http, on the process's log from src/lib/logger.ts): its id, method,
 * route, status, duration and the signed-in user's id. Nothing else of the request: no headers (the
 * session cookie), no query string (a search, a token), no form body (a password). The links that
 * carry a token in their path (activation, password reset, the job alerts' stop link) are logged
 * with `:token` in its place.
 *
 * The id is sent back in the `X-Request-Id` header, so that a person can quote it. Behind a
 * reverse proxy (TRUST_PROXY), the proxy's `X-Request-Id` is kept, so that both logs say the same id.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Request } from 'express'
import type { Logger as PinoLogger } from 'pino'
import { pinoHttp } from 'pino-http'
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

const startedAt = new WeakMap<ServerResponse, bigint>()
const lines = new WeakMap<ServerResponse, ReturnType<typeof describeOnce>>()

/** The fields of the request's line (computed once: pino-http asks for the object, then the message). */
function describe(req: IncomingMessage, res: ServerResponse) {
  let line = lines.get(res)
  if (!line) {
    line = describeOnce(req as Request, res)
    lines.set(res, line)
  }
  return line
}

function describeOnce(req: Request, res: ServerResponse) {
  const started = startedAt.get(res)
  const durationMs = started === undefined ? undefined : Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100
  const user = req.user as SessionUser | undefined
  return {
    method: req.method,
    route: routeOf(req),
    status: res.statusCode,
    durationMs,
    ...(user ? { userId: user.id } : {}),
    // the client left before the answer was complete
    ...(res.writableFinished ? {} : { aborted: true }),
  }
}

function message(req: IncomingMessage, res: ServerResponse) {
  const line = describe(req, res)
  return `${line.method} ${line.route} ${line.status}${line.durationMs === undefined ? '' : ` ${line.durationMs} ms`}`
}

/** The request log middleware, writing to `log` (the process's logger). */
export function requestLogger(config: Pick<Config, 'trustProxy'>, log: PinoLogger) {
  return pinoHttp({
    logger: log,
    // the line carries the fields below, not pino-http's serialised request and response (headers, cookies)
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (req, res) => {
      startedAt.set(res, process.hrtime.bigint())
      const incoming = req.headers['x-request-id']
      const id = config.trustProxy > 0 && typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID()
      res.setHeader(REQUEST_ID_HEADER, id)
      return id
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res) => describe(req, res),
    customErrorObject: (req, res) => describe(req, res),
    customSuccessMessage: (req, res) => message(req, res),
    customErrorMessage: (req, res) => message(req, res),
  })
}
