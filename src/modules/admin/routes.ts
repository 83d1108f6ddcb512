import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireRole } from '../../web/guards.ts'
import { createAdminHandlers } from './handlers.ts'

export function createAdminRouter(deps: RouterDeps) {
  const handlers = createAdminHandlers(deps)
  const adminOnly = requireRole('ADMIN')
  const router = Router()
  router.get('/admin/utilisateurs', adminOnly, handlers.listUsers)
  router.get('/admin/utilisateurs/inviter', adminOnly, handlers.showInvite)
  router.post('/admin/utilisateurs/inviter', adminOnly, handlers.invite)
  router.post('/admin/utilisateurs/:id/renvoyer-invitation', adminOnly, handlers.resendInvitation)
  return router
}
