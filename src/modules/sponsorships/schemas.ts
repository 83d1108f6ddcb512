import { z } from 'zod'
import type { SponsorshipStatus } from '../../lib/db.ts'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'
import { optionalTextOrNull, requiredText } from '../../lib/zod-fields.ts'

export const TEXT_MAX_LENGTH = 3000
export const MESSAGE_MAX_LENGTH = 2000
export const MENTOR_NAME_MAX_LENGTH = 150
export const MENTOR_CONTACT_MAX_LENGTH = 200

/** "Demander un parrainage": "Motivation", "Vos attentes", "Vos disponibilités". */
export const ZSponsorshipForm = z.object({
  motivation: requiredText('Écrivez votre motivation : pourquoi souhaitez-vous être parrainé ou parrainée par cette entreprise ?', {
    max: TEXT_MAX_LENGTH,
    tooLong: `Votre motivation doit compter au plus ${TEXT_MAX_LENGTH} caractères.`,
  }),
  expectations: requiredText('Écrivez vos attentes : ce que vous espérez de votre parrain ou de votre marraine.', {
    max: TEXT_MAX_LENGTH,
    tooLong: `Vos attentes doivent compter au plus ${TEXT_MAX_LENGTH} caractères.`,
  }),
  availability: requiredText('Indiquez vos disponibilités : par exemple, les jours et les moments où vous êtes libre.', {
    max: TEXT_MAX_LENGTH,
    tooLong: `Vos disponibilités doivent compter au plus ${TEXT_MAX_LENGTH} caractères.`,
  }),
})
export type TSponsorshipForm = z.infer<typeof ZSponsorshipForm>

/** "Accepter": the mentor the employer names, how to reach them, and an optional word for the candidate. */
export const ZAcceptForm = z.object({
  mentorName: requiredText('Indiquez le nom du parrain ou de la marraine.', {
    max: MENTOR_NAME_MAX_LENGTH,
    tooLong: `Le nom du parrain ou de la marraine doit compter au plus ${MENTOR_NAME_MAX_LENGTH} caractères.`,
  }).refine((name) => !hasDirectionControls(name), directionControlsMessage('Le nom du parrain ou de la marraine')),
  mentorContact: requiredText('Indiquez comment contacter le parrain ou la marraine : une adresse e-mail ou un numéro de téléphone.', {
    max: MENTOR_CONTACT_MAX_LENGTH,
    tooLong: `Le contact doit compter au plus ${MENTOR_CONTACT_MAX_LENGTH} caractères.`,
  }),
  acceptMessage: optionalTextOrNull({
    max: MESSAGE_MAX_LENGTH,
    tooLong: `Le message au candidat doit compter au plus ${MESSAGE_MAX_LENGTH} caractères.`,
    notText: 'Texte attendu.',
  }),
})
export type TAcceptForm = z.infer<typeof ZAcceptForm>

/** "Décliner", with an optional message to the candidate. */
export const ZDeclineForm = z.object({
  declineMessage: optionalTextOrNull({
    max: MESSAGE_MAX_LENGTH,
    tooLong: `Le message au candidat doit compter au plus ${MESSAGE_MAX_LENGTH} caractères.`,
    notText: 'Texte attendu.',
  }),
})
export type TDeclineForm = z.infer<typeof ZDeclineForm>

const STATUSES = ['SENT', 'ACCEPTED', 'DECLINED', 'CANCELLED'] as const satisfies readonly SponsorshipStatus[]

/** A status in a list's filter (?statut=…); anything else means every status. */
export function statusFilterOf(raw: unknown): SponsorshipStatus | null {
  return typeof raw === 'string' && (STATUSES as readonly string[]).includes(raw) ? (raw as SponsorshipStatus) : null
}
