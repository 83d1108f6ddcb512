import { z } from 'zod'
import { optionalTextOrNull, requiredText } from '../../lib/zod-fields.ts'

export const MESSAGE_MAX_LENGTH = 5000
export const COMMENT_MAX_LENGTH = 2000

/** An HTML check box: "on" when ticked, absent otherwise. */
const ZCheckbox = z
  .unknown()
  .optional()
  .transform((value) => value === 'on' || value === 'true' || (Array.isArray(value) && value.includes('on')))

/** Check boxes named `documentIds`: none, one (a string) or several (an array). */
const ZDocumentIds = z
  .unknown()
  .optional()
  .transform((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]))
  .pipe(
    z
      .array(z.string().regex(/^\d{1,9}$/, 'Choisissez vos documents dans la liste.'), { error: 'Choisissez vos documents dans la liste.' })
      .max(20, 'Choisissez au plus 20 documents.'),
  )
  .transform((ids) => [...new Set(ids.map(Number))])

/** "Envoyer une candidature": the same form for an offer, a spontaneous application, and an edit. */
export const ZApplicationForm = z.object({
  // part 1, "Informations candidature"
  messageToEmployer: requiredText('Écrivez un message pour l’employeur.', {
    max: MESSAGE_MAX_LENGTH,
    tooLong: `Le message pour l’employeur doit compter au plus ${MESSAGE_MAX_LENGTH} caractères.`,
  }),
  documentIds: ZDocumentIds,
  shareDisability: ZCheckbox,
  // part 2, "Suivi référent"
  messageToReferent: optionalTextOrNull({
    max: MESSAGE_MAX_LENGTH,
    tooLong: `Le message pour votre référent doit compter au plus ${MESSAGE_MAX_LENGTH} caractères.`,
    notText: 'Le message pour votre référent : texte attendu.',
  }),
  wantsHelp: ZCheckbox,
})
export type TApplicationForm = z.infer<typeof ZApplicationForm>

/** "Renvoyer au candidat" */
export const ZReturnForm = z.object({
  comment: z
    .string({ error: 'Écrivez un commentaire pour le candidat.' })
    .trim()
    .min(1, 'Écrivez un commentaire pour le candidat : il lui explique ce qu’il doit revoir.')
    .max(COMMENT_MAX_LENGTH, `Le commentaire doit compter au plus ${COMMENT_MAX_LENGTH} caractères.`),
})
export type TReturnForm = z.infer<typeof ZReturnForm>

export const EMPLOYER_STATUSES = ['IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED'] as const
const STATUS_SHOWN = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN'] as const

/** The employer's "Statut" + "Message au candidat (facultatif)" + "Enregistrer". */
export const ZEmployerStatusForm = z.object({
  status: z.enum(EMPLOYER_STATUSES, { error: 'Choisissez le nouveau statut de la candidature.' }),
  message: optionalTextOrNull({
    max: COMMENT_MAX_LENGTH,
    tooLong: `Le message au candidat doit compter au plus ${COMMENT_MAX_LENGTH} caractères.`,
    notText: 'Le message au candidat : texte attendu.',
  }),
  // the status the page showed: if it changed since, nothing is saved
  currentStatus: z.enum(STATUS_SHOWN, { error: 'Cette page n’est plus à jour : rechargez-la.' }),
})
export type TEmployerStatusForm = z.infer<typeof ZEmployerStatusForm>

/** A status in a page's filter (?statut=…); anything else is ignored. */
export function statusFilterOf(raw: unknown, allowed: readonly string[]): (typeof STATUS_SHOWN)[number] | null {
  return typeof raw === 'string' && allowed.includes(raw) ? (raw as (typeof STATUS_SHOWN)[number]) : null
}
