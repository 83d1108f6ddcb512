import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createEmployersHandlers } from './handlers.ts'
import { adminEmployerScope, recruiterScope } from './policy.ts'

export function createEmployersRouter(deps: RouterDeps) {
  const handlers = createEmployersHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const recruiter = [requireRole('RECRUITER'), recruiterScope(deps.db)]
  const admin = requireRole('ADMIN')
  const adminForEmployer = [admin, adminEmployerScope(deps.db)]
  const router = Router()

  // candidates: the partners of their convention ("Employeurs") and the company pages
  router.get('/employeurs', candidateOnly, handlers.list)
  router.get('/employeurs/:id', candidateOnly, handlers.show)
  router.get('/employeurs/:id/logo', candidateOnly, handlers.showLogo)

  // recruiters: their employer's page and their colleagues
  router.get('/recruteur/employeur', ...recruiter, handlers.showPage)
  router.post('/recruteur/employeur', ...recruiter, handlers.updatePage)
  // the logo: multipart, so the CSRF token is in the action's query string (checked before the body is read)
  router.get('/recruteur/employeur/logo', ...recruiter, handlers.showPageLogo)
  router.post('/recruteur/employeur/logo', ...recruiter, handlers.updateLogo)
  router.post('/recruteur/employeur/logo/supprimer', ...recruiter, handlers.deleteLogo)
  router.get('/recruteur/employeur/equipe', ...recruiter, handlers.showTeam)
  router.post('/recruteur/employeur/equipe', ...recruiter, handlers.invite)

  // administrators: every employer, a new one, its page and partner conventions (its offers: offers/routes.ts)
  router.get('/admin/employeurs', admin, handlers.listForAdmin)
  router.get('/admin/employeurs/nouveau', admin, handlers.showNewForAdmin)
  router.post('/admin/employeurs/nouveau', admin, handlers.createForAdmin)
  router.get('/admin/employeurs/:employerId', ...adminForEmployer, handlers.showPage)
  router.post('/admin/employeurs/:employerId', ...adminForEmployer, handlers.updatePage)
  router.get('/admin/employeurs/:employerId/logo', ...adminForEmployer, handlers.showPageLogo)
  router.post('/admin/employeurs/:employerId/logo', ...adminForEmployer, handlers.updateLogo)
  router.post('/admin/employeurs/:employerId/logo/supprimer', ...adminForEmployer, handlers.deleteLogo)
  router.get('/admin/employeurs/:employerId/conventions', ...adminForEmployer, handlers.showPartnerConventions)
  router.post('/admin/employeurs/:employerId/conventions', ...adminForEmployer, handlers.updatePartnerConventions)
  return router
}
