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

/** Form values to show again after a failed submission (never passwords). */
export function keepValues(body: unknown, omit: string[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  if (!body || typeof body !== 'object') return values
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf' || omit.includes(key) || /password|motdepasse/i.test(key)) continue
    values[key] = value
  }
  return values
}
