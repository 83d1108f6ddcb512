import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createCandidatesHandlers } from './handlers.ts'

/**
 * The candidate's profile ("Modifier mes informations") and the référent's page of a candidate.
 * The référent's list and "Créer un compte candidat" (/referent/candidats, /referent/candidats/nouveau)
 * are in the registrations module, mounted before this router.
 */
export function createCandidatesRouter(deps: RouterDeps) {
  const handlers = createCandidatesHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const referentOnly = requireRole('REFERENT')
  const router = Router()
  router.get('/mon-compte/informations', candidateOnly, handlers.showProfile)
  router.post('/mon-compte/informations', candidateOnly, handlers.saveProfile)
  router.get('/referent/candidats/:candidateId', referentOnly, handlers.showCandidate)
  router.get('/referent/candidats/:candidateId/desactiver', referentOnly, handlers.showDisableCandidate)
  router.post('/referent/candidats/:candidateId/desactiver', referentOnly, handlers.disableCandidate)
  router.post('/referent/candidats/:candidateId/reactiver', referentOnly, handlers.enableCandidate)
  return router
}
