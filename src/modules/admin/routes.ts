import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createConventionsHandlers } from './conventions/handlers.ts'
import { createEstablishmentsHandlers } from './establishments/handlers.ts'
import { createAdminHandlers } from './handlers.ts'
import { createRetentionHandlers } from './retention/handlers.ts'

/**
 * Administration: conventions, établissements and accounts (employers: employers/routes.ts).
 * Administrators only; an administrator may see every row, so an unknown id is the only 404.
 */
export function createAdminRouter(deps: RouterDeps) {
  const handlers = createAdminHandlers(deps)
  const conventions = createConventionsHandlers(deps)
  const establishments = createEstablishmentsHandlers(deps)
  const retention = createRetentionHandlers(deps)
  const adminOnly = requireRole('ADMIN')
  const router = Router()

  // "Conventions"
  router.get('/admin/conventions', adminOnly, conventions.list)
  router.get('/admin/conventions/nouvelle', adminOnly, conventions.showNew)
  router.post('/admin/conventions/nouvelle', adminOnly, conventions.create)
  router.get('/admin/conventions/:conventionId', adminOnly, conventions.showEdit)
  router.post('/admin/conventions/:conventionId', adminOnly, conventions.update)
  router.post('/admin/conventions/:conventionId/desactiver', adminOnly, conventions.deactivate)
  router.post('/admin/conventions/:conventionId/reactiver', adminOnly, conventions.reactivate)

  // "Établissements"
  router.get('/admin/etablissements', adminOnly, establishments.list)
  router.get('/admin/etablissements/nouveau', adminOnly, establishments.showNew)
  router.post('/admin/etablissements/nouveau', adminOnly, establishments.create)
  router.get('/admin/etablissements/:establishmentId', adminOnly, establishments.showEdit)
  router.post('/admin/etablissements/:establishmentId', adminOnly, establishments.update)
  router.post('/admin/etablissements/:establishmentId/desactiver', adminOnly, establishments.deactivate)
  router.post('/admin/etablissements/:establishmentId/reactiver', adminOnly, establishments.reactivate)

  // "Utilisateurs"
  router.get('/admin/utilisateurs', adminOnly, handlers.listUsers)
  router.get('/admin/utilisateurs/inviter', adminOnly, handlers.showInvite)
  router.post('/admin/utilisateurs/inviter', adminOnly, handlers.invite)
  router.post('/admin/utilisateurs/:id/renvoyer-invitation', adminOnly, handlers.resendInvitation)
  router.get('/admin/utilisateurs/:id/desactiver', adminOnly, handlers.showDisable)
  router.post('/admin/utilisateurs/:id/desactiver', adminOnly, handlers.disable)
  router.post('/admin/utilisateurs/:id/reactiver', adminOnly, handlers.enable)
  router.post('/admin/utilisateurs/:id/reinitialiser-double-authentification', adminOnly, handlers.resetTwoFactor)

  // "Conservation des données"
  router.get('/admin/conservation-des-donnees', adminOnly, retention.show)
  router.post('/admin/conservation-des-donnees', adminOnly, retention.update)
  return router
}
