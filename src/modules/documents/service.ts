import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import { isPrismaError, type Db, type Document } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { lockCandidateRow } from '../../lib/locks.ts'
import { logger } from '../../lib/logger.ts'
import { readStoredFile, removeStoredFile, storeFile } from '../../lib/storage.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { findCandidateOfReferent } from '../candidates/policy.ts'
import { checkDocumentContent } from './content.ts'
import { ACCEPTED_FORMATS_TEXT } from './labels.ts'
import { findOwnDocument, findVisibleDocument } from './policy.ts'
import type { TAddDocumentForm, TRenameDocumentForm } from './schemas.ts'

type Deps = { db: Db; config: Config }

/** Enough for every CV and lettre a person keeps; a bound on the disk one account can fill. */
export const MAX_DOCUMENTS_PER_CANDIDATE = 30

export const FILE_MESSAGES = {
  missing: 'Choisissez le fichier à ajouter.',
  empty: 'Le fichier est vide. Choisissez un autre fichier.',
  notAccepted: `Ce fichier n’est pas d’un format accepté : son contenu n’est pas un document ${ACCEPTED_FORMATS_TEXT}. Choisissez un autre fichier.`,
  tooLarge: 'Le fichier dépasse 5 Mo. Choisissez un fichier plus léger (5 Mo au maximum).',
  tooMany: `Vous avez déjà ${MAX_DOCUMENTS_PER_CANDIDATE} documents, le maximum. Supprimez un document avant d’en ajouter un autre.`,
} as const

export const ATTACHED_CANNOT_DELETE =
  'Ce document est joint à une candidature : il ne peut pas être supprimé, pour que votre référent et l’employeur puissent toujours consulter la candidature telle qu’elle a été envoyée. Vous pouvez le renommer, ou ajouter une nouvelle version.'

/** "Mes documents", newest first. */
export async function listOwnDocuments(db: Db, actor: SessionUser) {
  if (actor.role !== 'CANDIDATE') throw new AppError('FORBIDDEN')
  return db.document.findMany({
    where: { candidateId: actor.candidateId ?? -1 },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { _count: { select: { applications: true } } },
  })
}

/** The French message for a file that cannot be kept (empty, or not an accepted format by its content); null if it is fine. */
export async function uploadedFileError(file: { content: Buffer; originalName: string }): Promise<string | null> {
  const check = await checkDocumentContent(file.content, file.originalName)
  if (check.ok) return null
  return check.reason === 'empty' ? FILE_MESSAGES.empty : FILE_MESSAGES.notAccepted
}

/**
 * "Ajouter un document": the file is checked by its content, then stored under a random name. The
 * limit is checked again inside the transaction that adds the row, the candidate locked: uploads
 * sent at the same moment cannot together go past it.
 */
export async function addDocument(
  { db, config }: Deps,
  { actor, form, file }: { actor: SessionUser; form: TAddDocumentForm; file: { content: Buffer; originalName: string } },
): Promise<{ ok: true; document: Document } | { ok: false; errors: FieldErrors }> {
  if (actor.role !== 'CANDIDATE' || actor.candidateId === null) throw new AppError('FORBIDDEN')
  const candidateId = actor.candidateId
  const check = await checkDocumentContent(file.content, file.originalName)
  if (!check.ok) return { ok: false, errors: { file: check.reason === 'empty' ? FILE_MESSAGES.empty : FILE_MESSAGES.notAccepted } }
  const tooMany = { ok: false as const, errors: { file: FILE_MESSAGES.tooMany } }
  // a first look, so that a full account does not write a file for nothing
  if ((await db.document.count({ where: { candidateId } })) >= MAX_DOCUMENTS_PER_CANDIDATE) return tooMany
  // the file outside the transaction: the lock (and on SQLite, every writer) waits for no disk write
  const storageKey = await storeFile(config.uploadDir, file.content)
  try {
    const document = await db.$transaction(async (tx) => {
      await lockCandidateRow(tx, config, candidateId)
      if ((await tx.document.count({ where: { candidateId } })) >= MAX_DOCUMENTS_PER_CANDIDATE) return null
      return tx.document.create({
        data: {
          candidateId,
          name: form.name,
          type: form.type,
          // kept for the record only: the download's extension comes from the detected format
          originalName: file.originalName.slice(0, 255),
          storageKey,
          mimeType: check.mimeType,
          size: file.content.length,
        },
      })
    })
    if (document) return { ok: true, document }
    await removeStoredFile(config.uploadDir, storageKey)
    return tooMany
  } catch (error) {
    await removeStoredFile(config.uploadDir, storageKey)
    throw error
  }
}

export async function renameDocument(db: Db, { actor, documentId, form }: { actor: SessionUser; documentId: number; form: TRenameDocumentForm }) {
  const document = await findOwnDocument(db, actor, documentId)
  await db.document.update({ where: { id: document.id }, data: { name: form.name } })
  return { previousName: document.name, name: form.name }
}

/**
 * "Supprimer": the row, then the file. A document attached to an application stays (the relation
 * is Restrict in the database as well): the application must remain as it was sent.
 */
export async function deleteDocument({ db, config }: Deps, { actor, documentId }: { actor: SessionUser; documentId: number }) {
  const document = await findOwnDocument(db, actor, documentId)
  if (document._count.applications > 0) return { ok: false as const, reason: 'attached' as const, name: document.name }
  try {
    await db.document.delete({ where: { id: document.id } })
  } catch (error) {
    // attached by an application submitted in the meantime (foreign key, Restrict)
    if (isPrismaError(error, 'P2003', 'P2014')) {
      return { ok: false as const, reason: 'attached' as const, name: document.name }
    }
    throw error
  }
  await removeStoredFile(config.uploadDir, document.storageKey).catch((error: unknown) =>
    logger.warn('document: fichier non supprimé', { documentId: document.id, error: String(error) }),
  )
  return { ok: true as const, name: document.name }
}

/**
 * A document's bytes for an authorised download: a candidate their own, a référent those of the
 * candidates of their établissement (the candidate id of the URL must match). Every download by
 * someone other than the candidate is written to the audit log.
 */
export async function openDocumentForDownload(
  { db, config }: Deps,
  { actor, documentId, candidateId }: { actor: SessionUser; documentId: number; candidateId?: number },
) {
  if (candidateId !== undefined) await findCandidateOfReferent(db, actor, candidateId)
  const document = await findVisibleDocument(db, actor, documentId)
  if (candidateId !== undefined && document.candidateId !== candidateId) throw new AppError('NOT_FOUND')
  const content = await readStoredFile(config.uploadDir, document.storageKey)
  if (!content) {
    logger.error('document: fichier absent du dossier des fichiers', { documentId: document.id })
    throw new AppError('NOT_FOUND')
  }
  if (actor.candidateId !== document.candidateId) {
    await audit(db, {
      actorUserId: actor.id,
      action: 'document.download',
      targetType: 'Document',
      targetId: document.id,
      details: { candidateId: document.candidateId, type: document.type },
    })
  }
  return { document, content }
}
