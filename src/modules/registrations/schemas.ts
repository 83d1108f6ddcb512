import { z } from 'zod'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'
import { ZEmail, ZName } from '../accounts/schemas.ts'

/** A select's value: an id, or nothing chosen. */
export const ZOptionalId = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value === '') return null
    if (!/^\d{1,9}$/.test(value)) {
      context.addIssue({ code: 'custom', message: 'Choisissez une valeur dans la liste.' })
      return z.NEVER
    }
    return Number(value)
  })

const requiredId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .regex(/^\d{1,9}$/, message)
    .transform(Number)

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/**
 * An optional date from `<input type="date">` (yyyy-mm-dd; some browsers without a date picker send
 * dd/mm/yyyy): a real calendar day, in the past. Kept at midnight UTC.
 */
export const ZOptionalBirthDate = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value === '') return null
    const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value)
    const iso = french ? `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}` : value
    const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : null
    // "2008-02-30" parses as 1 March: a day that does not exist is refused
    if (!date || Number.isNaN(date.getTime()) || isoDay(date) !== iso) {
      context.addIssue({ code: 'custom', message: 'Saisissez une date de naissance valide, par exemple 14/07/2005.' })
      return z.NEVER
    }
    if (iso >= isoDay(new Date()) || date.getUTCFullYear() < 1900) {
      context.addIssue({ code: 'custom', message: 'La date de naissance doit être une date passée.' })
      return z.NEVER
    }
    return date
  })

/** "S’inscrire". The math answer is checked by the handler against the one kept in the session. */
export const ZSignUpForm = z.object({
  lastName: ZName('nom'),
  firstName: ZName('prénom'),
  email: ZEmail,
  convention: ZOptionalId,
  establishmentId: requiredId('Choisissez votre établissement de rattachement.'),
  birthDate: ZOptionalBirthDate,
  captcha: z
    .string({ error: 'Répondez au calcul.' })
    .trim()
    .min(1, 'Répondez au calcul.')
    .regex(/^\d{1,3}$/, 'Répondez au calcul par un nombre écrit en chiffres, par exemple 7.')
    .transform(Number),
})
export type TSignUpForm = z.infer<typeof ZSignUpForm>

const personName = (label: 'nom' | 'prénom') =>
  z
    .string({ error: `Saisissez le ${label}.` })
    .trim()
    .min(1, `Saisissez le ${label}.`)
    .max(100, `Le ${label} doit compter au plus 100 caractères.`)
    .refine((name) => !hasDirectionControls(name), directionControlsMessage(`Le ${label}`))

const personEmail = z
  .string({ error: 'Saisissez l’adresse e-mail.' })
  .trim()
  .toLowerCase()
  .min(1, 'Saisissez l’adresse e-mail.')
  .max(254, 'L’adresse e-mail est trop longue.')
  .pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.' }))

/** "Créer un compte candidat", by a référent. */
export const ZCreateCandidateForm = z.object({
  lastName: personName('nom'),
  firstName: personName('prénom'),
  email: personEmail,
  birthDate: ZOptionalBirthDate,
})
export type TCreateCandidateForm = z.infer<typeof ZCreateCandidateForm>

/** "Refuser l’inscription": the reason is emailed to the person. */
export const ZRefuseRegistrationForm = z.object({
  reason: z
    .string({ error: 'Indiquez le motif du refus.' })
    .trim()
    .min(1, 'Indiquez le motif du refus.')
    .max(2000, 'Le motif doit compter au plus 2 000 caractères.'),
})
export type TRefuseRegistrationForm = z.infer<typeof ZRefuseRegistrationForm>

export { personEmail as ZPersonEmail, personName as ZPersonName }
