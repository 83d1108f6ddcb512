import { z } from 'zod'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'
import { optionalTextOrNull, requiredText } from '../../lib/zod-fields.ts'

/** "www.exemple.fr" is read as "https://www.exemple.fr"; only http(s) addresses are kept. */
const ZWebsite = z
  .string()
  .trim()
  .max(300, 'L’adresse du site doit compter au plus 300 caractères.')
  .optional()
  .transform((value) => (value ? (/^https?:\/\//i.test(value) ? value : `https://${value}`) : null))
  .refine((value) => {
    if (value === null) return true
    try {
      const url = new URL(value)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.')
    } catch {
      return false
    }
  }, 'Saisissez l’adresse complète du site, par exemple https://www.exemple.fr.')

/** "Adresse e-mail de contact (facultatif)": where validated applications go while the employer has no active recruiter. */
const ZContactEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'L’adresse e-mail est trop longue.')
  .optional()
  .transform((value) => (value ? value : null))
  .pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple recrutement@exemple.fr.' }).nullable())

// The employer page's fields, also asked when an administrator adds an employer.
const ZDescription = requiredText('Saisissez la présentation de l’employeur.', {
  max: 5000,
  tooLong: 'La présentation est trop longue (5 000 caractères au plus).',
})
const ZCity = requiredText('Saisissez la ville du siège.', { max: 100, tooLong: 'Le nom de la ville doit compter au plus 100 caractères.' })
const sectorField = (sectors: readonly string[]) =>
  requiredText('Choisissez le secteur.').refine((value) => sectors.includes(value), 'Choisissez le secteur dans la liste.')

/** "Page employeur": what candidates see of the employer, and the contact address they never see. */
export function employerPageSchema(sectors: readonly string[]) {
  return z.object({
    description: ZDescription,
    sector: sectorField(sectors),
    city: ZCity,
    places: optionalTextOrNull({ max: 300, tooLong: 'La liste des lieux doit compter au plus 300 caractères.' }),
    website: ZWebsite,
    contactEmail: ZContactEmail,
  })
}
export type TEmployerPageForm = z.output<ReturnType<typeof employerPageSchema>>

const name = (label: 'nom' | 'prénom') =>
  z
    .string({ error: `Saisissez le ${label} de votre collègue.` })
    .trim()
    .min(1, `Saisissez le ${label} de votre collègue.`)
    .max(100, `Le ${label} doit compter au plus 100 caractères.`)
    .refine((value) => !hasDirectionControls(value), directionControlsMessage(`Le ${label}`))

/** "Inviter un collègue". */
export const ZInviteColleagueForm = z.object({
  lastName: name('nom'),
  firstName: name('prénom'),
  email: z
    .string({ error: 'Saisissez l’adresse e-mail de votre collègue.' })
    .trim()
    .toLowerCase()
    .min(1, 'Saisissez l’adresse e-mail de votre collègue.')
    .max(254, 'L’adresse e-mail est trop longue.')
    .pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.' })),
})
export type TInviteColleagueForm = z.infer<typeof ZInviteColleagueForm>

// ───────────────────────── Administrators ─────────────────────────

/** The checked boxes of "Conventions partenaires": none, one (a string) or several (an array). */
const ZConventionIds = z.preprocess(
  (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
  z
    .array(z.string().regex(/^\d{1,9}$/, 'Choisissez les conventions dans la liste.'), { error: 'Choisissez les conventions dans la liste.' })
    .max(100, 'Choisissez les conventions dans la liste.')
    .transform((ids) => [...new Set(ids.map(Number))]),
)

/** "Ajouter un employeur": its page, the address that receives applications, and its partner conventions. */
export function newEmployerSchema(sectors: readonly string[]) {
  return z.object({
    name: z
      .string({ error: 'Saisissez le nom de l’employeur.' })
      .transform((value) => value.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'Saisissez le nom de l’employeur.').max(150, 'Le nom doit compter au plus 150 caractères.')),
    sector: sectorField(sectors),
    city: ZCity,
    description: ZDescription,
    contactEmail: ZContactEmail,
    conventionIds: ZConventionIds,
  })
}
export type TNewEmployerForm = z.output<ReturnType<typeof newEmployerSchema>>

/** "Conventions partenaires" of an employer. */
export const ZPartnerConventionsForm = z.object({ conventionIds: ZConventionIds })
export type TPartnerConventionsForm = z.infer<typeof ZPartnerConventionsForm>
