import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireRole } from '../../web/guards.ts'
import { createDocumentsHandlers } from './handlers.ts'

/**
 * "Mes documents" (the candidate) and the référent's downloads. Recruiters and administrators have
 * no route here; a recruiter's access to documents attached to a sent application belongs to the
 * applications domain (see policy.ts: documentsVisibleTo).
 */
export function createDocumentsRouter(deps: RouterDeps) {
  const handlers = createDocumentsHandlers(deps)
  const candidateOnly = requireRole('CANDIDATE')
  const router = Router()
  router.get('/mon-compte/documents', candidateOnly, handlers.listDocuments)
  router.get('/mon-compte/documents/ajouter', candidateOnly, handlers.showAddDocument)
  // multipart: the CSRF token is in the action's query string (checked before the body is read)
  router.post('/mon-compte/documents/ajouter', candidateOnly, handlers.addDocument)
  router.get('/mon-compte/documents/:documentId/telecharger', candidateOnly, handlers.downloadOwnDocument)
  router.get('/mon-compte/documents/:documentId/renommer', candidateOnly, handlers.showRenameDocument)
  router.post('/mon-compte/documents/:documentId/renommer', candidateOnly, handlers.renameDocument)
  router.get('/mon-compte/documents/:documentId/supprimer', candidateOnly, handlers.showDeleteDocument)
  router.post('/mon-compte/documents/:documentId/supprimer', candidateOnly, handlers.deleteDocument)
  router.get('/referent/candidats/:candidateId/documents/:documentId/telecharger', requireRole('REFERENT'), handlers.downloadCandidateDocument)
  return router
}
