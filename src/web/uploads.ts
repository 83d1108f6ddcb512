import type { Request, Response } from 'express'
import multer from 'multer'
import { logger } from '../lib/logger.ts'
import { withoutControlCharacters } from '../lib/text.ts'
import { cleanInput } from '../lib/text.ts'

export type UploadOptions = {
  /** the form field of the file */
  field: string
  /** bytes */
  maxSize: number
  /** other fields the form may send */
  maxFields: number
  /** the message when the file is too large */
  tooLarge: string
  /** the message when more than one file, or another file field, is sent */
  oneFileOnly: string
  /** for the log line of an upload that could not be read */
  what: string
}

/**
 * One file held in memory (at most `maxSize`) until its content is checked, then written to disk by
 * the caller. The returned function runs multer on the request; its errors become a French message
 * for the file's field (a 422 form, never a 413 or 500 page), or null when the upload was read.
 */
export function createUploadReceiver(options: UploadOptions): (req: Request, res: Response) => Promise<string | null> {
  const receive = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: options.maxSize, files: 1, fields: options.maxFields, fieldSize: 10_000, parts: options.maxFields + 2 },
    defParamCharset: 'utf8',
  }).single(options.field)
  return (req, res) =>
    new Promise((resolve) => {
      receive(req, res, (error?: unknown) => {
        // multipart fields and the file's name are cleaned as every other text input (src/web/input.ts)
        if (req.body !== undefined) req.body = cleanInput(req.body)
        if (req.file) req.file.originalname = withoutControlCharacters(req.file.originalname)
        if (!error) return resolve(null)
        if (error instanceof multer.MulterError) {
          if (error.code === 'LIMIT_FILE_SIZE') return resolve(options.tooLarge)
          if (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE') return resolve(options.oneFileOnly)
        } else {
          logger.warn(`${options.what}: envoi illisible`, { error: error instanceof Error ? error.message : String(error) })
        }
        resolve('Le fichier n’a pas pu être reçu en entier. Réessayez.')
      })
    })
}
