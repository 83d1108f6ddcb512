import { z } from 'zod'
import { PASSWORD_MIN_LENGTH } from '../../lib/passwords.ts'
import { directionControlsMessage, hasDirectionControls } from '../../lib/text.ts'

const text = (message: string) => z.string({ error: message }).trim().min(1, message)

export const ZEmail = z
  .string({ error: 'Saisissez votre adresse e-mail.' })
  .trim()
  .toLowerCase()
  .min(1, 'Saisissez votre adresse e-mail.')
  .max(254, 'L’adresse e-mail est trop longue.')
  .pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.' }))

export const ZLoginForm = z.object({
  email: ZEmail,
  password: z.string({ error: 'Saisissez votre mot de passe.' }).min(1, 'Saisissez votre mot de passe.'),
})

export const ZNewPassword = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(1, 'Choisissez un mot de passe.')
  .min(PASSWORD_MIN_LENGTH, `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`)
  .max(200, 'Le mot de passe doit compter au plus 200 caractères.')

const ZConfirmation = z.string({ error: 'Confirmez le mot de passe.' }).min(1, 'Confirmez le mot de passe.')
const sameAsPassword = {
  path: ['passwordConfirmation'],
  message: 'Les deux mots de passe ne sont pas identiques.',
}

export const ZSetPasswordForm = z
  .object({ password: ZNewPassword, passwordConfirmation: ZConfirmation })
  .refine((form) => form.password === form.passwordConfirmation, sameAsPassword)
export type TSetPasswordForm = z.infer<typeof ZSetPasswordForm>

export const ZChangePasswordForm = z
  .object({
    currentPassword: z.string({ error: 'Saisissez votre mot de passe actuel.' }).min(1, 'Saisissez votre mot de passe actuel.'),
    password: ZNewPassword,
    passwordConfirmation: ZConfirmation,
  })
  .refine((form) => form.password === form.passwordConfirmation, sameAsPassword)
export type TChangePasswordForm = z.infer<typeof ZChangePasswordForm>

export const ZEmailForm = z.object({ email: ZEmail })

export const ZName = (label: 'nom' | 'prénom') =>
  text(`Saisissez votre ${label}.`).pipe(
    z
      .string()
      .max(100, `Le ${label} doit compter au plus 100 caractères.`)
      .refine((name) => !hasDirectionControls(name), directionControlsMessage(`Le ${label}`)),
  )

export { text as ZRequiredText }
