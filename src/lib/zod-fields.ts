/**
 * The text fields of the forms' zod schemas, with their French messages: one definition for every
 * domain (src/modules/<domain>/schemas.ts). Each text is trimmed before it is measured.
 */
import { z } from 'zod'

/** How long a text may be, and what the form says when it is longer. */
export type TextLimit = { max: number; tooLong: string }

/** What the form says when a field that should be a text is not (a field sent twice, a forged form). */
const NOT_TEXT = 'Cette valeur n’est pas valide.'

/** A text the form requires: not empty once trimmed; at most `limit.max` characters when a limit is given. */
export function requiredText(missing: string, limit?: TextLimit) {
  const text = z.string({ error: missing }).trim().min(1, missing)
  return limit ? text.max(limit.max, limit.tooLong) : text
}

/** A text that may be left empty: "" when empty or absent. */
export function optionalText({ max, tooLong, notText = NOT_TEXT }: TextLimit & { notText?: string }) {
  return z.string({ error: notText }).trim().max(max, tooLong).optional().default('')
}

/** A text that may be left empty, null when it is: what the database stores for a field left empty. */
export function optionalTextOrNull(limit: TextLimit & { notText?: string }) {
  return optionalText(limit).transform((value) => (value === '' ? null : value))
}
