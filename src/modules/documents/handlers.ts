import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { createUploadReceiver } from '../../web/uploads.ts'
import { ACCEPT_ATTRIBUTE, ACCEPTED_FORMATS_TEXT, DOCUMENT_TYPE_LABELS, DOCUMENT_TYPE_OPTIONS, formatFileSize, formatLabel, MAX_FILE_SIZE } from './labels.ts'
import { sendDocumentFile } from './download.ts'
import { findOwnDocument } from './policy.ts'
import { ZAddDocumentForm, ZRenameDocumentForm } from './schemas.ts'
import {
  addDocument,
  ATTACHED_CANNOT_DELETE,
  deleteDocument,
  FILE_MESSAGES,
  listOwnDocuments,
  openDocumentForDownload,
  renameDocument,
  uploadedFileError,
} from './service.ts'
import { idParam } from '../../web/params.ts'

/** "retour": a path of this site to come back to after adding a document (e.g. the application form). */
function safeReturnPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 300) return null
  return /^\/(?![/\\])[^\s\\]*$/.test(raw) ? raw : null
}

/** Held in memory (5 MB at most) until its content is checked; only then written to disk. */
const receiveUpload = createUploadReceiver({
  field: 'file',
  maxSize: MAX_FILE_SIZE,
  maxFields: 10,
  tooLarge: FILE_MESSAGES.tooLarge,
  oneFileOnly: 'Envoyez un seul fichier, avec le champ « Fichier ».',
  what: 'document',
})

export function createDocumentsHandlers({ db, config }: RouterDeps) {
  const viewHelpers = { typeLabels: DOCUMENT_TYPE_LABELS, formatFileSize, formatLabel }

  const renderAdd = (res: Response, status: number, locals: { returnTo: string | null; errors?: FieldErrors; values?: Record<string, unknown> }) =>
    res.status(status).render('documents/add', {
      title: 'Ajouter un document',
      typeOptions: DOCUMENT_TYPE_OPTIONS,
      accept: ACCEPT_ATTRIBUTE,
      acceptedFormats: ACCEPTED_FORMATS_TEXT,
      ...locals,
    })

  return {
    async listDocuments(req: Request, res: Response) {
      const documents = await listOwnDocuments(db, actorOf(req))
      res.render('documents/list', { title: 'Mes documents', documents, ...viewHelpers })
    },

    showAddDocument(req: Request, res: Response) {
      renderAdd(res, 200, { returnTo: safeReturnPath(req.query.retour) })
    },

    async addDocument(req: Request, res: Response) {
      const actor = actorOf(req)
      const returnTo = safeReturnPath(req.query.retour)
      const uploadError = await receiveUpload(req, res)
      const body = (req.body ?? {}) as Record<string, unknown>
      const form = parseForm(ZAddDocumentForm, body)
      const file = req.file ? { content: req.file.buffer, originalName: req.file.originalname } : null
      const errors: FieldErrors = form.ok ? {} : { ...form.errors }
      // every problem at once: the file's content is checked even when a field is missing
      const fileError = uploadError ?? (file ? await uploadedFileError(file) : FILE_MESSAGES.missing)
      if (fileError) errors.file = fileError
      const values = keepValues(body)
      if (!form.ok || !file || Object.keys(errors).length > 0) return renderAdd(res, 422, { returnTo, errors, values })
      const result = await addDocument({ db, config }, { actor, form: form.data, file })
      if (!result.ok) return renderAdd(res, 422, { returnTo, errors: result.errors, values })
      req.flash('success', `Le document « ${result.document.name} » est ajouté.`)
      res.redirect(returnTo ?? '/mon-compte/documents')
    },

    async downloadOwnDocument(req: Request, res: Response) {
      sendDocumentFile(res, await openDocumentForDownload({ db, config }, { actor: actorOf(req), documentId: idParam(req.params.documentId) }))
    },

    async downloadCandidateDocument(req: Request, res: Response) {
      const download = await openDocumentForDownload(
        { db, config },
        { actor: actorOf(req), documentId: idParam(req.params.documentId), candidateId: idParam(req.params.candidateId) },
      )
      sendDocumentFile(res, download)
    },

    async showRenameDocument(req: Request, res: Response) {
      const document = await findOwnDocument(db, actorOf(req), idParam(req.params.documentId))
      res.render('documents/rename', { title: 'Renommer un document', document, values: { name: document.name } })
    },

    async renameDocument(req: Request, res: Response) {
      const actor = actorOf(req)
      const documentId = idParam(req.params.documentId)
      const form = parseForm(ZRenameDocumentForm, req.body)
      if (!form.ok) {
        const document = await findOwnDocument(db, actor, documentId)
        return res.status(422).render('documents/rename', { title: 'Renommer un document', document, errors: form.errors, values: keepValues(req.body) })
      }
      const result = await renameDocument(db, { actor, documentId, form: form.data })
      req.flash('success', `Le document « ${result.previousName} » s’appelle maintenant « ${result.name} ».`)
      res.redirect('/mon-compte/documents')
    },

    async showDeleteDocument(req: Request, res: Response) {
      const document = await findOwnDocument(db, actorOf(req), idParam(req.params.documentId))
      res.render('documents/delete', {
        title: 'Supprimer un document',
        document,
        attached: document._count.applications > 0,
        attachedMessage: ATTACHED_CANNOT_DELETE,
        ...viewHelpers,
      })
    },

    async deleteDocument(req: Request, res: Response) {
      const result = await deleteDocument({ db, config }, { actor: actorOf(req), documentId: idParam(req.params.documentId) })
      if (result.ok) req.flash('success', `Le document « ${result.name} » est supprimé.`)
      else req.flash('error', `Le document « ${result.name} » n’a pas été supprimé. ${ATTACHED_CANNOT_DELETE}`)
      res.redirect('/mon-compte/documents')
    },
  }
}
