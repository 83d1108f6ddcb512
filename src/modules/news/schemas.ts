import { z } from 'zod'

export const NEWS_TITLE_MAX_LENGTH = 120
export const NEWS_BODY_MAX_LENGTH = 2000

/** "Rédiger une actualité" and "Modifier l’actualité": plain text, no HTML, no markdown. */
export const ZNewsForm = z.object({
  title: z
    .string({ error: 'Saisissez le titre de l’actualité.' })
    .trim()
    .min(1, 'Saisissez le titre de l’actualité.')
    .max(NEWS_TITLE_MAX_LENGTH, `Le titre doit compter au plus ${NEWS_TITLE_MAX_LENGTH} caractères.`)
    .refine((title) => !/[\r\n]/.test(title), 'Le titre doit tenir sur une seule ligne.'),
  body: z
    .string({ error: 'Saisissez le texte de l’actualité.' })
    // a line break counts as one character, whatever the browser sent
    .transform((body) => body.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, 'Saisissez le texte de l’actualité.').max(NEWS_BODY_MAX_LENGTH, 'Le texte doit compter au plus 2\u00a0000 caractères.')),
  // the button pressed: "Publier" publishes; "Enregistrer le brouillon" (or "Enregistrer les modifications") does not
  action: z
    .unknown()
    .optional()
    .transform((value) => (value === 'publier' ? ('publish' as const) : ('save' as const))),
})
export type TNewsForm = z.infer<typeof ZNewsForm>
