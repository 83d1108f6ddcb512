/**
 * What a submitted form gives a use case: its data, or a French message per field. Handlers parse
 * request bodies with parseForm; services and schemas that check more than one field return the same
 * FieldErrors (the web layer's src/web/forms.ts only keeps the values to show again).
 */
import type { z } from 'zod'

/** Field name → French message, in the order of the form. */
export type FieldErrors = Record<string, string>

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

/**
 * Parse a submitted form with its zod schema. On failure, one message per field (the first),
 * for the error summary and the field itself.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return { ok: false, errors }
}
