import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { adminEmployerScope, recruiterScope } from '../employers/policy.ts'
import { createOffersHandlers } from './handlers.ts'
import { createOfferImportHandlers } from './import-handlers.ts'
import { createSavedSearchHandlers } from './saved-search-handlers.ts'

export function createOffersRouter(deps: RouterDeps) {
  const handlers = createOffersHandlers(deps)
  const imports = createOfferImportHandlers(deps)
  // SPEC §9: a référent sees the offers their candidates see (those of their convention's partners)
  const candidateOrReferent = requireRole('CANDIDATE', 'REFERENT')
  const router = Router()

  // candidates and référents: the search ("Offres") and the offer page
  router.get('/offres', candidateOrReferent, handlers.search)
  router.get('/offres/:id', candidateOrReferent, handlers.show)

  // « Mes recherches enregistrées » (saved-searches.ts): a candidate's own, nobody else's
  const saved = createSavedSearchHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  router.get('/mon-compte/recherches', candidateOnly, saved.list)
  router.post('/mon-compte/recherches', candidateOnly, saved.save)
  router.get('/mon-compte/recherches/:id', candidateOnly, saved.showEdit)
  router.post('/mon-compte/recherches/:id', candidateOnly, saved.update)
  router.post('/mon-compte/recherches/:id/supprimer', candidateOnly, saved.remove)

  // the employer's offers: a recruiter's own (/recruteur/offres), or any employer's for an administrator
  const spaces = [
    { base: '/recruteur/offres', guards: [requireRole('RECRUITER'), recruiterScope(deps.db)] },
    { base: '/admin/employeurs/:employerId/offres', guards: [requireRole('ADMIN'), adminEmployerScope(deps.db)] },
  ]
  for (const { base, guards } of spaces) {
    router.get(base, ...guards, handlers.listMine)
    router.get(`${base}/nouvelle`, ...guards, handlers.showNew)
    router.post(`${base}/nouvelle`, ...guards, handlers.create)
    // "Importer des offres" (import.ts), before /:id
    router.get(`${base}/importer`, ...guards, imports.showImport)
    router.post(`${base}/importer`, ...guards, imports.upload)
    router.get(`${base}/importer/modele.csv`, ...guards, imports.template)
    router.get(`${base}/importer/:importId`, ...guards, imports.showImportResult)
    router.post(`${base}/importer/:importId/confirmer`, ...guards, imports.confirm)
    router.get(`${base}/:id`, ...guards, handlers.showEdit)
    router.post(`${base}/:id`, ...guards, handlers.update)
    router.post(`${base}/:id/cloturer`, ...guards, handlers.close)
  }
  return router
}

/**
 * The stop link of the saved searches' alert e-mails: no sign-in, the signed token is the proof. Mounted
 * before the CSRF check (app.ts): mail clients POST to it in one click (RFC 8058) without a CSRF token.
 */
export function createSavedSearchStopRouter(deps: RouterDeps) {
  const saved = createSavedSearchHandlers(deps)
  const router = Router()
  router.get('/alertes-offres/arreter/:token', saved.showStop)
  router.post('/alertes-offres/arreter/:token', saved.stop)
  return router
}
