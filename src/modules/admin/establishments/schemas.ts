import { z } from 'zod'
import { ESTABLISHMENT_KINDS } from '../labels.ts'
import { requiredLine } from '../conventions/schemas.ts'

/** "Ajouter un établissement", "Modifier l’établissement". */
export const ZEstablishmentForm = z.object({
  name: requiredLine('Saisissez le nom de l’établissement.', 150, 'Le nom doit compter au plus 150 caractères.'),
  kind: z.enum(ESTABLISHMENT_KINDS, { error: 'Choisissez le type d’établissement.' }),
  city: requiredLine('Saisissez la ville de l’établissement.', 100, 'Le nom de la ville doit compter au plus 100 caractères.'),
  conventionId: z
    .string({ error: 'Choisissez la convention de l’établissement.' })
    .trim()
    .min(1, 'Choisissez la convention de l’établissement.')
    .regex(/^\d{1,9}$/, 'Choisissez la convention dans la liste.')
    .transform(Number),
})
export type TEstablishmentForm = z.infer<typeof ZEstablishmentForm>
