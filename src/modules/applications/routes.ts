import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireRole } from '../../web/guards.ts'

export function createApplicationsRouter(_deps: RouterDeps) {
  const router = Router()
  router.get('/candidatures', requireRole('CANDIDATE'), (_req, res) => {
    res.render('applications/mine', { title: 'Mes candidatures' })
  })
  return router
}
