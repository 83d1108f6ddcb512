import { z } from 'zod'

/** A required line of text, spaces collapsed ("Atouts  pour tous " → "Atouts pour tous"). */
export const requiredLine = (missing: string, max: number, tooLong: string) =>
  z
    .string({ error: missing })
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, missing).max(max, tooLong))

/** "Ajouter une convention", "Modifier la convention". */
export const ZConventionForm = z.object({
  name: requiredLine('Saisissez le nom de la convention.', 150, 'Le nom doit compter au plus 150 caractères.'),
  region: requiredLine('Saisissez la région de la convention.', 100, 'La région doit compter au plus 100 caractères.'),
})
export type TConventionForm = z.infer<typeof ZConventionForm>
