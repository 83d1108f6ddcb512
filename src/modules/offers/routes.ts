import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireRole } from '../../web/guards.ts'
import { adminEmployerScope, recruiterScope } from '../employers/policy.ts'
import { createOffersHandlers } from './handlers.ts'

export function createOffersRouter(deps: RouterDeps) {
  const handlers = createOffersHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const router = Router()

  // candidates: the search ("Offres") and the offer page
  router.get('/offres', candidateOnly, handlers.search)
  router.get('/offres/:id', candidateOnly, handlers.show)

  // the employer's offers: a recruiter's own (/recruteur/offres), or any employer's for an administrator
  const spaces = [
    { base: '/recruteur/offres', guards: [requireRole('RECRUITER'), recruiterScope(deps.db)] },
    { base: '/admin/employeurs/:employerId/offres', guards: [requireRole('ADMIN'), adminEmployerScope(deps.db)] },
  ]
  for (const { base, guards } of spaces) {
    router.get(base, ...guards, handlers.listMine)
    router.get(`${base}/nouvelle`, ...guards, handlers.showNew)
    router.post(`${base}/nouvelle`, ...guards, handlers.create)
    router.get(`${base}/:id`, ...guards, handlers.showEdit)
    router.post(`${base}/:id`, ...guards, handlers.update)
    router.post(`${base}/:id/cloturer`, ...guards, handlers.close)
  }
  return router
}

