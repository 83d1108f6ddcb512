import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireRole } from '../../web/guards.ts'
import { createAuthRateLimit } from '../../web/rate-limit.ts'
import { createPrivacyHandlers } from './handlers.ts'

/** "Mes données personnelles": the candidate's export and deletion of their data (SPEC §10). */
export function createPrivacyRouter(deps: RouterDeps) {
  const handlers = createPrivacyHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  // the password is checked here: as many tries as on the sign-in page
  const passwordLimit = createAuthRateLimit(deps.config, { countSuccesses: false })
  const router = Router()
  router.get('/mon-compte/donnees', candidateOnly, handlers.show)
  router.get('/mon-compte/donnees/export', candidateOnly, handlers.download)
  router.get('/mon-compte/donnees/supprimer', candidateOnly, handlers.showDelete)
  router.post('/mon-compte/donnees/supprimer', candidateOnly, passwordLimit, handlers.delete)
  return router
}
