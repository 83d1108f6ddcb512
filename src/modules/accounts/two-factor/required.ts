import type { NextFunction, Request, Response } from 'express'
import type { Config } from '../../../config.ts'
import { AppError } from '../../../lib/errors.ts'
import { ENROLMENT_PAGE } from './handlers.ts'

/** What an administrator without a second factor can still reach where it is obligatory. */
const REACHABLE = [ENROLMENT_PAGE, '/deconnexion', '/parametres-affichage']

/**
 * Where the second factor is obligatory for administrators (config.twoFactorRequiredForAdmins: in
 * production), an administrator who has none is signed in, but every page leads to the enrolment until
 * it is done: only the enrolment, « Se déconnecter » and « Paramètres d'affichage » answer.
 */
export function requireAdminTwoFactor(config: Pick<Config, 'twoFactorRequiredForAdmins'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user
    if (!config.twoFactorRequiredForAdmins || !user || user.role !== 'ADMIN' || user.twoFactorEnabled) return next()
    if (REACHABLE.some((path) => req.path === path || req.path.startsWith(`${path}/`))) return next()
    if (req.method === 'GET' || req.method === 'HEAD') return res.redirect(ENROLMENT_PAGE)
    next(new AppError('FORBIDDEN'))
  }
}
