import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireAuth } from '../../web/guards.ts'
import { createDashboardHandlers } from './handlers.ts'

/** Every role's home, "Tableau de bord": the blocks of the signed-in person's role (service.ts). */
export function createDashboardRouter(deps: RouterDeps) {
  const handlers = createDashboardHandlers(deps)
  const router = Router()
  router.get('/tableau-de-bord', requireAuth, handlers.show)
  return router
}
