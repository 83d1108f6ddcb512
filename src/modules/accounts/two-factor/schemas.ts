import { z } from 'zod'

const CODE_TOO_LONG = 'Ce code est trop long : saisissez les 6 chiffres affichés par votre application, ou un code de secours.'

/** « Code de vérification » (after the password, and to confirm the enrolment). */
export const ZVerificationCodeForm = z.object({
  code: z.string({ error: 'Saisissez le code de vérification.' }).trim().min(1, 'Saisissez le code de vérification.').max(40, CODE_TOO_LONG),
})
export type TVerificationCodeForm = z.infer<typeof ZVerificationCodeForm>

/** Turning the second factor off, new recovery codes: the password, or a code. */
export const ZConfirmIdentityForm = z
  .object({
    password: z.string().max(200, 'Le mot de passe doit compter au plus 200 caractères.').optional().default(''),
    code: z.string().trim().max(40, CODE_TOO_LONG).optional().default(''),
  })
  .refine((form) => form.password !== '' || form.code !== '', {
    path: ['password'],
    message: 'Saisissez votre mot de passe, ou un code de vérification.',
  })
export type TConfirmIdentityForm = z.infer<typeof ZConfirmIdentityForm>
