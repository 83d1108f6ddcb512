// Parsing a form (parseForm, FieldErrors) is src/lib/forms.ts: services return the same errors.

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
