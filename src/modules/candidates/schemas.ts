import { z } from 'zod'
import type { ContractType, RqthStatus } from '../../lib/db.ts'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'
import { optionalText, requiredText, type TextLimit } from '../../lib/zod-fields.ts'
import { ZEmail } from '../accounts/schemas.ts'
import { CONTRACT_LABELS } from '../offers/labels.ts'
import { isUnder18 } from './age.ts'

// Every check here is a refinement, not a transform that aborts, so that one parse reports every
// field at once — the under-18 rule included — and the types only change in the final transform.

const INVALID = 'Cette valeur n’est pas valide.'

/** At most `max` characters, and the message that says so under the field. */
const upTo = (max: number, label: string): TextLimit => ({ max, tooLong: `${label} doit compter au plus ${max.toLocaleString('fr-FR')} caractères.` })

/** Names of people: no invisible character that reverses the text around it. */
const withoutDirectionControls = (name: string) => !hasDirectionControls(name)

const PHONE = /^\+?[0-9 .()-]{6,25}$/
const phone = (example: string) =>
  optionalText(upTo(25, 'Le numéro de téléphone')).refine(
    (value) => value === '' || (PHONE.test(value) && value.replace(/\D/g, '').length >= 6),
    `Saisissez un numéro de téléphone valide, par exemple ${example}.`,
  )

const optionalEmail = optionalText(upTo(254, 'L’adresse e-mail')).refine(
  (value) => value === '' || z.email().safeParse(value).success,
  'Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.',
)

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** "yyyy-mm-dd" from <input type="date">, or "dd/mm/yyyy" typed where there is no date picker; null if not a real day. */
export function parseDay(value: string): Date | null {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value)
  const iso = french ? `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}` : value
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null
  const date = new Date(`${iso}T00:00:00Z`)
  // "2008-02-30" parses as 1 March: a day that does not exist is refused
  return Number.isNaN(date.getTime()) || isoDay(date) !== iso ? null : date
}

const optionalDay = (invalid: string) => optionalText(upTo(10, 'La date')).refine((value) => value === '' || parseDay(value) !== null, invalid)

const isPlausibleBirthDate = (date: Date) => isoDay(date) < isoDay(new Date()) && date.getUTCFullYear() >= 1900

const birthDate = optionalDay('Saisissez une date de naissance valide, par exemple 14/07/2005.').refine((value) => {
  const date = parseDay(value)
  return !date || isPlausibleBirthDate(date)
}, 'La date de naissance doit être une date passée.')

const availableFrom = optionalDay('Saisissez une date valide, par exemple 01/09/2026.').refine((value) => {
  const year = parseDay(value)?.getUTCFullYear()
  return year === undefined || (year >= 2000 && year <= 2100)
}, 'Saisissez une date entre 2000 et 2100.')

/** A group of check boxes sharing one name: absent, one value, or several. */
const soughtContracts = z
  .union([z.string(), z.array(z.string())], { error: INVALID })
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .refine((values) => values.every((value) => Object.hasOwn(CONTRACT_LABELS, value)), 'Choisissez parmi les types de contrat proposés.')

export const UNDER_18_MESSAGES = {
  familyContactName: 'Vous avez moins de 18 ans : indiquez le nom et le prénom de votre contact famille (tuteur légal).',
  familyRelation: 'Vous avez moins de 18 ans : indiquez le lien de votre contact famille avec vous, par exemple mère, père ou tuteur.',
  familyPhone: 'Vous avez moins de 18 ans : indiquez le téléphone ou l’adresse e-mail de votre contact famille.',
} as const

/** "Modifier mes informations": the three fieldsets of SPEC §4. */
export const ZProfileForm = z
  .object({
    // Informations générales
    civility: z.enum(['', 'Mme', 'M.'], { error: 'Choisissez une civilité dans la liste.' }).optional().default(''),
    lastName: requiredText('Saisissez votre nom.', upTo(100, 'Le nom')).refine(withoutDirectionControls, directionControlsMessage('Le nom')),
    firstName: requiredText('Saisissez votre prénom.', upTo(100, 'Le prénom')).refine(withoutDirectionControls, directionControlsMessage('Le prénom')),
    birthDate,
    email: ZEmail,
    phone: phone('06 12 34 56 78'),
    address: optionalText(upTo(200, 'L’adresse')),
    postalCode: optionalText(upTo(5, 'Le code postal')).refine(
      (value) => value === '' || /^\d{5}$/.test(value),
      'Saisissez un code postal à 5 chiffres, par exemple 31000.',
    ),
    city: optionalText(upTo(100, 'La ville')),
    // Contact famille (tuteur légal)
    familyContactName: optionalText(upTo(200, 'Le nom du contact')).refine(withoutDirectionControls, directionControlsMessage('Le nom du contact')),
    familyRelation: optionalText(upTo(100, 'Le lien avec vous')),
    familyPhone: phone('06 12 34 56 78'),
    familyEmail: optionalEmail,
    // Informations complémentaires
    soughtContracts,
    sectors: optionalText(upTo(500, 'Ce champ')),
    desiredPlaces: optionalText(upTo(500, 'Ce champ')),
    availableFrom,
    studyLevel: optionalText(upTo(100, 'Le niveau d’études')),
    currentTraining: optionalText(upTo(200, 'La formation en cours')),
    professionalProject: optionalText(upTo(5000, 'Le projet professionnel')),
    rqth: z.enum(['', 'YES', 'NO', 'IN_PROGRESS'], { error: 'Choisissez une réponse dans la liste.' }).optional().default(''),
    accommodations: optionalText(upTo(5000, 'Ce champ')),
  })
  .superRefine((form, context) => {
    const birth = parseDay(form.birthDate)
    // a date that is itself wrong has its own message; the rule needs a real birth date
    if (!birth || !isPlausibleBirthDate(birth) || !isUnder18(birth)) return
    if (!form.familyContactName) context.addIssue({ code: 'custom', path: ['familyContactName'], message: UNDER_18_MESSAGES.familyContactName })
    if (!form.familyRelation) context.addIssue({ code: 'custom', path: ['familyRelation'], message: UNDER_18_MESSAGES.familyRelation })
    if (!form.familyPhone && !form.familyEmail) context.addIssue({ code: 'custom', path: ['familyPhone'], message: UNDER_18_MESSAGES.familyPhone })
  })
  .transform((form) => {
    const orNull = (value: string) => (value === '' ? null : value)
    return {
      user: { lastName: form.lastName, firstName: form.firstName, email: form.email },
      candidate: {
        civility: orNull(form.civility),
        birthDate: parseDay(form.birthDate),
        phone: orNull(form.phone),
        address: orNull(form.address),
        postalCode: orNull(form.postalCode),
        city: orNull(form.city),
        familyContactName: orNull(form.familyContactName),
        familyRelation: orNull(form.familyRelation),
        familyPhone: orNull(form.familyPhone),
        familyEmail: orNull(form.familyEmail),
        soughtContracts: [...new Set(form.soughtContracts as ContractType[])].join(','),
        sectors: orNull(form.sectors),
        desiredPlaces: orNull(form.desiredPlaces),
        availableFrom: parseDay(form.availableFrom),
        studyLevel: orNull(form.studyLevel),
        currentTraining: orNull(form.currentTraining),
        professionalProject: orNull(form.professionalProject),
        rqth: orNull(form.rqth) as RqthStatus | null,
        accommodations: orNull(form.accommodations),
      },
    }
  })
export type TProfileForm = z.infer<typeof ZProfileForm>
