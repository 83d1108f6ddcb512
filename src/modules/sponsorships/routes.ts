import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createSponsorshipsHandlers } from './handlers.ts'

/**
 * Parrainage. Each role has its own paths and guard; every row is then fetched through a finder
 * scoped to the actor (policy.ts), so another organisation's request is a 404.
 */
export function createSponsorshipsRouter(deps: RouterDeps) {
  const handlers = createSponsorshipsHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const referentOnly = requireRole('REFERENT')
  const recruiterOnly = requireRole('RECRUITER')
  const router = Router()

  // candidate: "Demander un parrainage" from a company page, "Mes parrainages", the follow-up page
  router.get('/employeurs/:employerId/parrainage', candidateOnly, handlers.showNew)
  router.post('/employeurs/:employerId/parrainage', candidateOnly, handlers.submit)
  router.get('/parrainages', candidateOnly, handlers.listMine)
  router.get('/parrainages/:id', candidateOnly, handlers.showMine)
  router.get('/parrainages/:id/annuler', candidateOnly, handlers.showCancel)
  router.post('/parrainages/:id/annuler', candidateOnly, handlers.cancel)

  // employer: "Demandes de parrainage" addressed to their organisation
  router.get('/recruteur/parrainages', recruiterOnly, handlers.listReceived)
  router.get('/recruteur/parrainages/:id', recruiterOnly, handlers.showForEmployer)
  router.post('/recruteur/parrainages/:id/accepter', recruiterOnly, handlers.accept)
  router.post('/recruteur/parrainages/:id/decliner', recruiterOnly, handlers.decline)

  // référent: the requests of their établissement's candidates, read only
  router.get('/referent/parrainages', referentOnly, handlers.listForReferent)
  router.get('/referent/parrainages/:id', referentOnly, handlers.showForReferent)
  return router
}
