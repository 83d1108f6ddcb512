import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createAppointmentsHandlers } from './handlers.ts'

/**
 * Rendez-vous. The référent plans, moves and cancels appointments with the candidates of their
 * établissement; the candidate sees theirs and downloads each as an .ics file. Each role has its own
 * paths and guard; every row is then fetched through a finder scoped to the actor (policy.ts).
 */
export function createAppointmentsRouter(deps: RouterDeps) {
  const handlers = createAppointmentsHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const referentOnly = requireRole('REFERENT')
  const router = Router()

  // référent: menu "Rendez-vous"
  router.get('/referent/rendez-vous', referentOnly, handlers.listForReferent)
  router.get('/referent/rendez-vous/nouveau', referentOnly, handlers.showNew)
  router.post('/referent/rendez-vous/nouveau', referentOnly, handlers.plan)
  router.get('/referent/rendez-vous/:id/modifier', referentOnly, handlers.showEdit)
  router.post('/referent/rendez-vous/:id/modifier', referentOnly, handlers.move)
  router.get('/referent/rendez-vous/:id/annuler', referentOnly, handlers.showCancel)
  router.post('/referent/rendez-vous/:id/annuler', referentOnly, handlers.cancel)

  // candidate: menu "Mes rendez-vous"; the .ics before /:id, which would take "12.ics" as an id
  router.get('/rendez-vous', candidateOnly, handlers.listMine)
  router.get('/rendez-vous/:id.ics', candidateOnly, handlers.downloadIcs)
  router.get('/rendez-vous/:id', candidateOnly, handlers.showMine)
  return router
}
