import type { DocumentType } from '../../lib/db.ts'

/** "Type de document", in the order of the select. */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  CV: 'CV',
  COVER_LETTER: 'Lettre de motivation',
  OTHER: 'Autre',
}

export const DOCUMENT_TYPE_OPTIONS = (Object.keys(DOCUMENT_TYPE_LABELS) as DocumentType[]).map((value) => ({ value, label: DOCUMENT_TYPE_LABELS[value] }))

/** The accepted formats, by the MIME type stored for the file: what a person reads, and the download's extension. */
export const FORMATS: Record<string, { label: string; extension: string }> = {
  'application/pdf': { label: 'PDF', extension: 'pdf' },
  'application/msword': { label: 'Word (DOC)', extension: 'doc' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word (DOCX)', extension: 'docx' },
  'application/vnd.oasis.opendocument.text': { label: 'OpenDocument (ODT)', extension: 'odt' },
  'image/jpeg': { label: 'Image JPEG', extension: 'jpg' },
  'image/png': { label: 'Image PNG', extension: 'png' },
}

export const MAX_FILE_SIZE = 5 * 1024 * 1024
export const ACCEPTED_FORMATS_TEXT = 'PDF, DOC, DOCX, ODT, JPEG ou PNG'
/** for the file input's `accept`: a hint to the browser's file picker, never a check */
export const ACCEPT_ATTRIBUTE = '.pdf,.doc,.docx,.odt,.jpg,.jpeg,.png'

export function formatLabel(mimeType: string): string {
  return FORMATS[mimeType]?.label ?? 'Fichier'
}

const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })

/** "850 Ko", "1,2 Mo" */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} Ko`
  return `${ONE_DECIMAL.format(bytes / (1024 * 1024))} Mo`
}
