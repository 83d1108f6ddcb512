import { z } from 'zod'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'

// control characters and the characters that cannot appear in a file name on common systems
const FORBIDDEN_IN_NAME = /[\p{Cc}\\/:*?"<>|]/u

export const ZDocumentName = z
  .string({ error: 'Saisissez le nom du document.' })
  .trim()
  .min(1, 'Saisissez le nom du document.')
  .max(120, 'Le nom du document doit compter au plus 120 caractères.')
  .refine((name) => !FORBIDDEN_IN_NAME.test(name), 'Le nom du document ne peut pas contenir les caractères \\ / : * ? " < > |.')
  .refine((name) => !hasDirectionControls(name), directionControlsMessage('Le nom du document'))

/** "Ajouter un document" (the file itself is checked by the service, from its content). */
export const ZAddDocumentForm = z.object({
  name: ZDocumentName,
  type: z.enum(['CV', 'COVER_LETTER', 'OTHER'], { error: 'Choisissez le type de document : CV, Lettre de motivation ou Autre.' }),
})
export type TAddDocumentForm = z.infer<typeof ZAddDocumentForm>

/** "Renommer" */
export const ZRenameDocumentForm = z.object({ name: ZDocumentName })
export type TRenameDocumentForm = z.infer<typeof ZRenameDocumentForm>
