import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createRegistrationsHandlers } from './handlers.ts'

export function createRegistrationsRouter(deps: RouterDeps) {
  const handlers = createRegistrationsHandlers(deps)
  const referentOnly = requireRole('REFERENT')
  const router = Router()

  // self-registration ("S’inscrire")
  router.get('/inscription', handlers.showSignUp)
  router.post('/inscription', handlers.signUp)
  router.get('/inscription/en-attente', handlers.showSignUpPending)

  // référent: self-registrations of their établissement
  router.get('/referent/inscriptions', referentOnly, handlers.listRegistrations)
  router.post('/referent/inscriptions/:userId/valider', referentOnly, handlers.validateRegistration)
  router.get('/referent/inscriptions/:userId/refuser', referentOnly, handlers.showRefuseRegistration)
  router.post('/referent/inscriptions/:userId/refuser', referentOnly, handlers.refuseRegistration)

  // référent: candidate accounts of their établissement
  router.get('/referent/candidats', referentOnly, handlers.listCandidates)
  router.get('/referent/candidats/nouveau', referentOnly, handlers.showNewCandidate)
  router.post('/referent/candidats/nouveau', referentOnly, handlers.createCandidate)
  return router
}
