/**
 * What a file really is, read from its first bytes (magic numbers) with file-type: never from its
 * name nor from the type the browser announced. A renamed executable ("cv.pdf" starting with "MZ"
 * or an ELF header) is not a PDF and is refused.
 */
import path from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { FORMATS } from './labels.ts'

/** file-type's answer (its MIME type) → the MIME type we store, for the accepted formats. */
const ACCEPTED_DETECTIONS: Record<string, string> = {
  'application/pdf': 'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text': 'application/vnd.oasis.opendocument.text',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
}

/** The stream every Word 97–2003 file has in its compound-file directory (names are UTF-16LE). */
const WORD_STREAM_NAME = Buffer.from('WordDocument', 'utf16le')

/**
 * A legacy .doc is a Microsoft compound file (CFB), like .xls, .ppt or .msi: file-type only says
 * "application/x-cfb". It is accepted as Word when the name ends in .doc and the container holds the
 * "WordDocument" stream.
 */
function isLegacyWordDocument(content: Buffer, originalName: string): boolean {
  return path.extname(originalName).toLowerCase() === '.doc' && content.includes(WORD_STREAM_NAME)
}

export type ContentCheck = { ok: true; mimeType: string } | { ok: false; reason: 'empty' | 'not_accepted' }

export async function checkDocumentContent(content: Buffer, originalName: string): Promise<ContentCheck> {
  if (content.length === 0) return { ok: false, reason: 'empty' }
  const detected = await fileTypeFromBuffer(content)
  if (!detected) return { ok: false, reason: 'not_accepted' }
  if (detected.mime === 'application/x-cfb') {
    return isLegacyWordDocument(content, originalName) ? { ok: true, mimeType: 'application/msword' } : { ok: false, reason: 'not_accepted' }
  }
  const mimeType = ACCEPTED_DETECTIONS[detected.mime]
  return mimeType && FORMATS[mimeType] ? { ok: true, mimeType } : { ok: false, reason: 'not_accepted' }
}
