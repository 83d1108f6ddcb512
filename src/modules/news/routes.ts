import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireAuth, requireRole } from '../../web/guards.ts'
import { createNewsHandlers } from './handlers.ts'

/**
 * Actualités. Administrators write, publish, withdraw and delete them under /admin/actualites;
 * every signed-in person reads the published ones under /actualites ("Nouveautés de la plateforme").
 */
export function createNewsRouter(deps: RouterDeps) {
  const handlers = createNewsHandlers(deps)
  const adminOnly = requireRole('ADMIN')
  const router = Router()

  router.get('/admin/actualites', adminOnly, handlers.listForAdmin)
  router.get('/admin/actualites/nouvelle', adminOnly, handlers.showNew)
  router.post('/admin/actualites/nouvelle', adminOnly, handlers.create)
  router.get('/admin/actualites/:id/modifier', adminOnly, handlers.showEdit)
  router.post('/admin/actualites/:id/modifier', adminOnly, handlers.update)
  router.post('/admin/actualites/:id/publier', adminOnly, handlers.publish)
  router.post('/admin/actualites/:id/retirer', adminOnly, handlers.unpublish)
  router.get('/admin/actualites/:id/supprimer', adminOnly, handlers.showDelete)
  router.post('/admin/actualites/:id/supprimer', adminOnly, handlers.delete)

  router.get('/actualites', requireAuth, handlers.list)
  router.get('/actualites/:id', requireAuth, handlers.show)
  return router
}
