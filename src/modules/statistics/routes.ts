import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createStatisticsHandlers } from './handlers.ts'
import { TABLE_SLUGS } from './tables.ts'

/** "Statistiques" (administrators): the page, and the CSV and Excel exports of its tables. */
export function createStatisticsRouter(deps: RouterDeps) {
  const handlers = createStatisticsHandlers(deps)
  const adminOnly = requireRole('ADMIN')
  const router = Router()
  router.get('/admin/statistiques', adminOnly, handlers.show)
  // /admin/statistiques/conventions.csv, …/conventions.xlsx, …/mois.csv… (literal paths)
  for (const slug of TABLE_SLUGS) {
    router.get(`/admin/statistiques/${slug}.csv`, adminOnly, handlers.exportCsv(slug))
    router.get(`/admin/statistiques/${slug}.xlsx`, adminOnly, handlers.exportXlsx(slug))
  }
  // every table in one workbook, a sheet each
  router.get('/admin/statistiques/tous-les-tableaux.xlsx', adminOnly, handlers.exportXlsx(null))
  return router
}
