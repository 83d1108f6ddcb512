import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createCandidateApplicationHandlers } from './candidate-handlers.ts'
import { createDocumentDownload } from './handlers.ts'
import { createRecruiterApplicationHandlers } from './recruiter-handlers.ts'
import { createReferentApplicationHandlers } from './referent-handlers.ts'

/**
 * Candidatures. Each role has its own paths and guard; every row is then fetched through a finder
 * scoped to the actor (policy.ts), so another organisation's application is a 404.
 */
export function createApplicationsRouter(deps: RouterDeps) {
  const candidate = createCandidateApplicationHandlers(deps)
  const referent = createReferentApplicationHandlers(deps)
  const recruiter = createRecruiterApplicationHandlers(deps)
  const downloadDocument = createDocumentDownload(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const referentOnly = requireRole('REFERENT')
  const recruiterOnly = requireRole('RECRUITER')
  const router = Router()

  // candidate: "Envoyer une candidature" (offer) and "Envoyer une candidature spontanée" (employer)
  router.get('/offres/:offerId/candidature', candidateOnly, candidate.showNewForOffer)
  router.post('/offres/:offerId/candidature', candidateOnly, candidate.submitForOffer)
  router.get('/employeurs/:employerId/candidature', candidateOnly, candidate.showNewSpontaneous)
  router.post('/employeurs/:employerId/candidature', candidateOnly, candidate.submitSpontaneous)

  // candidate: "Mes candidatures" and the follow-up page
  router.get('/candidatures', candidateOnly, candidate.listMine)
  router.get('/candidatures/:id', candidateOnly, candidate.showMine)
  router.get('/candidatures/:id/modifier', candidateOnly, candidate.showEdit)
  router.post('/candidatures/:id/modifier', candidateOnly, candidate.resubmit)
  router.get('/candidatures/:id/retirer', candidateOnly, candidate.showWithdraw)
  router.post('/candidatures/:id/retirer', candidateOnly, candidate.withdraw)
  router.get('/candidatures/:id/documents/:documentId', candidateOnly, downloadDocument)

  // référent: "Candidatures à valider", and every application of their candidates
  router.get('/referent/candidatures', referentOnly, referent.listToValidate)
  router.get('/referent/candidatures/suivi', referentOnly, referent.listFollowed)
  router.get('/referent/candidatures/:id', referentOnly, referent.showForReferent)
  router.post('/referent/candidatures/:id/valider', referentOnly, referent.validate)
  router.post('/referent/candidatures/:id/renvoyer', referentOnly, referent.returnToCandidate)
  router.get('/referent/candidatures/:id/documents/:documentId', referentOnly, downloadDocument)

  // employer: "Candidatures reçues" — validated applications only (policy.ts)
  router.get('/recruteur/candidatures', recruiterOnly, recruiter.listReceived)
  router.get('/recruteur/candidatures/:id', recruiterOnly, recruiter.showForEmployer)
  router.post('/recruteur/candidatures/:id/statut', recruiterOnly, recruiter.updateStatus)
  router.get('/recruteur/candidatures/:id/documents/:documentId', recruiterOnly, downloadDocument)
  return router
}
