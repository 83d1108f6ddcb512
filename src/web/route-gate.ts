import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'

/** `/referent/candidatures/12` → `referent`; `/` → `` (routes match without regard to case) */
function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1)
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase()
}

/** A route path's first segment, when it is plain text (not a parameter, a wildcard or a pattern). */
function literalFirstSegmentOf(path: unknown): string | null {
  if (typeof path !== 'string' || !path.startsWith('/')) return null
  const segment = firstSegmentOf(path)
  return /^[\w.-]*$/.test(segment) ? segment : null
}

type Layer = { route?: { path: unknown } }

/**
 * The modules' routers, each reached only by the requests whose path starts with the first segment of
 * one of its routes, in the order given. Each router was checked against every request, route by route
 * (191 of them): about a tenth of a page's CPU. A router with anything else than routes of plain first
 * segments (a middleware of its own, a route like `/:slug`) gets every request, as before.
 */
export function routersByFirstSegment(routers: Router[]): RequestHandler {
  const routersOf = new Map<string, Router[]>()
  const everywhere: Router[] = []
  for (const router of routers) {
    const segments = (router.stack as Layer[]).map((layer) => (layer.route ? literalFirstSegmentOf(layer.route.path) : null))
    if (segments.some((segment) => segment === null)) {
      everywhere.push(router)
      for (const list of routersOf.values()) list.push(router)
      continue
    }
    for (const segment of new Set(segments as string[])) {
      if (!routersOf.has(segment)) routersOf.set(segment, [...everywhere])
      routersOf.get(segment)?.push(router)
    }
  }
  const gate = (req: Request, res: Response, next: NextFunction) => {
    const candidates = routersOf.get(firstSegmentOf(req.path)) ?? everywhere
    let index = 0
    const tryNext = (error?: unknown) => {
      if (error && error !== 'route') return next(error)
      const router = candidates[index++]
      if (!router) return next()
      router(req, res, tryNext)
    }
    tryNext()
  }
  // the routers' layers, where Express keeps a router's: for whoever lists the app's routes (the route-access test)
  return Object.assign(gate, { stack: routers.flatMap((router) => router.stack) })
}
