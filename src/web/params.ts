import { AppError } from '../lib/errors.ts'

/** A row id from a URL (a path parameter or a query string): a positive integer of at most 9 digits, or null. */
export function idOf(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null
}

/** A row id from a URL's path; anything else is a page that does not exist (404). */
export function idParam(raw: unknown): number {
  const id = idOf(raw)
  if (id === null) throw new AppError('NOT_FOUND')
  return id
}
