import { z } from 'zod'

export const ZDeleteAccountForm = z.object({
  currentPassword: z.string({ error: 'Saisissez votre mot de passe.' }).min(1, 'Saisissez votre mot de passe.'),
  confirm: z.literal('on', { error: 'Cochez la case pour confirmer que vous voulez supprimer définitivement votre compte.' }),
})
export type TDeleteAccountForm = z.infer<typeof ZDeleteAccountForm>
