import { rateLimit } from 'express-rate-limit'
import type { Config } from '../config.ts'
import { AppError } from '../lib/errors.ts'

/** Sign-in, sign-up and reset requests per client address: a French "Trop de tentatives" page (429) past the limit. */
export function createAuthRateLimit(config: Config, options: { countSuccesses: boolean }) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: config.authRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // sign-in counts failures only: a redirect after a good password is not an attempt to guess
    skipSuccessfulRequests: !options.countSuccesses,
    skip: (req) => req.method !== 'POST',
    handler: (_req, _res, next) => next(new AppError('TOO_MANY_REQUESTS')),
  })
}
