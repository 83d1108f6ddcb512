import type { NextFunction, Request, Response } from 'express'

/**
 * What a signed-in person gets (their pages, redirects, error pages) holds personal and health data
 * (RQTH, aménagements): no browser history, shared computer or proxy may keep a copy. A response
 * may still set its own header afterwards (downloads: "private, no-store"; an employer's logo).
 * Public pages seen by a visitor and the static files keep their own caching.
 */
export function noStoreWhenSignedIn(req: Request, res: Response, next: NextFunction) {
  if (req.user) res.set('Cache-Control', 'no-store')
  next()
}
