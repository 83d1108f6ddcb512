import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { actorOf, requireAuth } from '../../web/guards.ts'
import { loadDashboard } from './service.ts'

export function createDashboardRouter({ db }: RouterDeps) {
  const router = Router()
  router.get('/tableau-de-bord', requireAuth, async (req, res) => {
    const dashboard = await loadDashboard(db, actorOf(req))
    res.render('dashboard/index', { title: 'Tableau de bord', dashboard })
  })
  return router
}
