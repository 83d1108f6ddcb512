import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireRole } from '../../web/guards.ts'
import { createApplicationsHandlers } from './handlers.ts'

/**
 * Candidatures. Each role has its own paths and guard; every row is then fetched through a finder
 * scoped to the actor (policy.ts), so another organisation's application is a 404.
 */
export function createApplicationsRouter(deps: RouterDeps) {
  const handlers = createApplicationsHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const referentOnly = requireRole('REFERENT')
  const recruiterOnly = requireRole('RECRUITER')
  const router = Router()

  // candidate: "Envoyer une candidature" (offer) and "Envoyer une candidature spontanée" (employer)
  router.get('/offres/:offerId/candidature', candidateOnly, handlers.showNewForOffer)
  router.post('/offres/:offerId/candidature', candidateOnly, handlers.submitForOffer)
  router.get('/employeurs/:employerId/candidature', candidateOnly, handlers.showNewSpontaneous)
  router.post('/employeurs/:employerId/candidature', candidateOnly, handlers.submitSpontaneous)

  // candidate: "Mes candidatures" and the follow-up page
  router.get('/candidatures', candidateOnly, handlers.listMine)
  router.get('/candidatures/:id', candidateOnly, handlers.showMine)
  router.get('/candidatures/:id/modifier', candidateOnly, handlers.showEdit)
  router.post('/candidatures/:id/modifier', candidateOnly, handlers.resubmit)
  router.get('/candidatures/:id/retirer', candidateOnly, handlers.showWithdraw)
  router.post('/candidatures/:id/retirer', candidateOnly, handlers.withdraw)
  router.get('/candidatures/:id/documents/:documentId', candidateOnly, handlers.downloadMine)

  // référent: "Candidatures à valider", and every application of their candidates
  router.get('/referent/candidatures', referentOnly, handlers.listToValidate)
  router.get('/referent/candidatures/suivi', referentOnly, handlers.listFollowed)
  router.get('/referent/candidatures/:id', referentOnly, handlers.showForReferent)
  router.post('/referent/candidatures/:id/valider', referentOnly, handlers.validate)
  router.post('/referent/candidatures/:id/renvoyer', referentOnly, handlers.returnToCandidate)
  router.get('/referent/candidatures/:id/documents/:documentId', referentOnly, handlers.downloadForReferent)

  // employer: "Candidatures reçues" — validated applications only (policy.ts)
  router.get('/recruteur/candidatures', recruiterOnly, handlers.listReceived)
  router.get('/recruteur/candidatures/:id', recruiterOnly, handlers.showForEmployer)
  router.post('/recruteur/candidatures/:id/statut', recruiterOnly, handlers.updateStatus)
  router.get('/recruteur/candidatures/:id/documents/:documentId', recruiterOnly, handlers.downloadForEmployer)
  return router
}
