/**
 * The one way a stored document leaves the app, whatever the page ("Mes documents", the référent's
 * candidate page, the candidate's, référent's and employer's application pages) or the email that
 * carries it: named after the document's name, with the extension of the format detected from its
 * content at upload, never the one of the uploaded file's name ("cv.html" holding a PDF is "CV.pdf").
 */
import type { Response } from 'express'
import type { Document } from '../../lib/db.ts'
import { FORMATS } from './labels.ts'

/** Characters that cannot appear in a file name on common systems, control characters, direction controls. */
const UNSAFE_IN_FILE_NAME = /[\p{Cc}\\/:*?"<>|]+/gu
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g

/** "CV_Martin" stored as a PDF → "CV_Martin.pdf". */
export function downloadFileName(document: Pick<Document, 'name' | 'mimeType'>): string {
  const extension = FORMATS[document.mimeType]?.extension
  const base =
    document.name
      // names saved before direction controls were refused: dropped, never shown reversed
      .replace(DIRECTION_CONTROLS, '')
      .replace(UNSAFE_IN_FILE_NAME, '_')
      .trim()
      .slice(0, 120) || 'document'
  return extension && !base.toLowerCase().endsWith(`.${extension}`) ? `${base}.${extension}` : base
}

/** RFC 6266 / 5987: an ASCII fallback, and the exact name in UTF-8. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** The response of an authorised download: always an attachment, its stored type, never sniffed nor cached. */
export function sendDocumentFile(res: Response, { document, content }: { document: Pick<Document, 'name' | 'mimeType'>; content: Buffer }) {
  res.set({
    'Content-Type': document.mimeType,
    'Content-Disposition': contentDisposition(downloadFileName(document)),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  })
  res.send(content)
}
