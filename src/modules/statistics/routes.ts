import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireRole } from '../../web/guards.ts'
import { createStatisticsHandlers } from './handlers.ts'
import { TABLE_SLUGS } from './tables.ts'

/** "Statistiques" (administrators): the page, and the CSV export of each of its tables. */
export function createStatisticsRouter(deps: RouterDeps) {
  const handlers = createStatisticsHandlers(deps)
  const adminOnly = requireRole('ADMIN')
  const router = Router()
  router.get('/admin/statistiques', adminOnly, handlers.show)
  // /admin/statistiques/conventions.csv, …/etablissements.csv, …/employeurs.csv (literal paths)
  for (const slug of TABLE_SLUGS) router.get(`/admin/statistiques/${slug}.csv`, adminOnly, handlers.exportCsv(slug))
  return router
}
