import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createPrivacyHandlers } from './handlers.ts'

/** "Mes données personnelles": the candidate's export and deletion of their data (SPEC §10). */
export function createPrivacyRouter(deps: RouterDeps) {
  const handlers = createPrivacyHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const router = Router()
  router.get('/mon-compte/donnees', candidateOnly, handlers.show)
  router.get('/mon-compte/donnees/export', candidateOnly, handlers.download)
  router.get('/mon-compte/donnees/supprimer', candidateOnly, handlers.showDelete)
  router.post('/mon-compte/donnees/supprimer', candidateOnly, handlers.delete)
  return router
}
