import { z } from 'zod'
import type { SponsorshipStatus } from '../../lib/db.ts'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'

export const TEXT_MAX_LENGTH = 3000
export const MESSAGE_MAX_LENGTH = 2000
export const MENTOR_NAME_MAX_LENGTH = 150
export const MENTOR_CONTACT_MAX_LENGTH = 200

const requiredText = (max: number, missing: string, tooLong: string) => z.string({ error: missing }).trim().min(1, missing).max(max, tooLong)

const optionalText = (max: number, tooLong: string) =>
  z
    .string({ error: 'Texte attendu.' })
    .optional()
    .transform((value) => value?.trim() ?? '')
    .pipe(z.string().max(max, tooLong))
    .transform((value) => (value === '' ? null : value))

/** "Demander un parrainage": "Motivation", "Vos attentes", "Vos disponibilités". */
export const ZSponsorshipForm = z.object({
  motivation: requiredText(
    TEXT_MAX_LENGTH,
    'Écrivez votre motivation : pourquoi souhaitez-vous être parrainé ou parrainée par cette entreprise ?',
    `Votre motivation doit compter au plus ${TEXT_MAX_LENGTH} caractères.`,
  ),
  expectations: requiredText(
    TEXT_MAX_LENGTH,
    'Écrivez vos attentes : ce que vous espérez de votre parrain ou de votre marraine.',
    `Vos attentes doivent compter au plus ${TEXT_MAX_LENGTH} caractères.`,
  ),
  availability: requiredText(
    TEXT_MAX_LENGTH,
    'Indiquez vos disponibilités : par exemple, les jours et les moments où vous êtes libre.',
    `Vos disponibilités doivent compter au plus ${TEXT_MAX_LENGTH} caractères.`,
  ),
})
export type TSponsorshipForm = z.infer<typeof ZSponsorshipForm>

/** "Accepter": the mentor the employer names, how to reach them, and an optional word for the candidate. */
export const ZAcceptForm = z.object({
  mentorName: requiredText(
    MENTOR_NAME_MAX_LENGTH,
    'Indiquez le nom du parrain ou de la marraine.',
    `Le nom du parrain ou de la marraine doit compter au plus ${MENTOR_NAME_MAX_LENGTH} caractères.`,
  ).refine((name) => !hasDirectionControls(name), directionControlsMessage('Le nom du parrain ou de la marraine')),
  mentorContact: requiredText(
    MENTOR_CONTACT_MAX_LENGTH,
    'Indiquez comment contacter le parrain ou la marraine : une adresse e-mail ou un numéro de téléphone.',
    `Le contact doit compter au plus ${MENTOR_CONTACT_MAX_LENGTH} caractères.`,
  ),
  acceptMessage: optionalText(MESSAGE_MAX_LENGTH, `Le message au candidat doit compter au plus ${MESSAGE_MAX_LENGTH} caractères.`),
})
export type TAcceptForm = z.infer<typeof ZAcceptForm>

/** "Décliner", with an optional message to the candidate. */
export const ZDeclineForm = z.object({
  declineMessage: optionalText(MESSAGE_MAX_LENGTH, `Le message au candidat doit compter au plus ${MESSAGE_MAX_LENGTH} caractères.`),
})
export type TDeclineForm = z.infer<typeof ZDeclineForm>

const STATUSES = ['SENT', 'ACCEPTED', 'DECLINED', 'CANCELLED'] as const satisfies readonly SponsorshipStatus[]

/** A status in a list's filter (?statut=…); anything else means every status. */
export function statusFilterOf(raw: unknown): SponsorshipStatus | null {
  return typeof raw === 'string' && (STATUSES as readonly string[]).includes(raw) ? (raw as SponsorshipStatus) : null
}
