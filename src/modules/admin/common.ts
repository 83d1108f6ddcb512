// What the administration pages share: reading ids and search boxes, searching the small tables in
// memory (paged with src/lib/pagination.ts), and the "what changed" of an audit row.
import { normalizeForSearch } from '../../lib/text.ts'
import type { FieldErrors } from '../../lib/forms.ts'

export type FormOutcome<T = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors }

/** Conventions, établissements and accounts are listed 20 (or 50) a page. */
export const ADMIN_PAGE_SIZE = 20

/** The text of a GET search box ("Rechercher"), trimmed and bounded. */
export function searchQueryFrom(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().slice(0, 100) : ''
}

/** An optional id from a GET filter (a select); anything else is no filter. */
export function optionalIdFrom(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null
}

/**
 * Conventions and établissements have no search column (users and employers do) and there are a few
 * hundred of them at most: they are searched here, every word of the query in one of the texts,
 * lower-case and without accents — the same result on SQLite and PostgreSQL.
 */
export function filterBySearch<T>(rows: T[], query: string, textsOf: (row: T) => (string | null | undefined)[]): T[] {
  const words = normalizeForSearch(query).split(' ').filter(Boolean).slice(0, 5)
  if (words.length === 0) return rows
  return rows.filter((row) => {
    const haystack = normalizeForSearch(...textsOf(row))
    return words.every((word) => haystack.includes(word))
  })
}

/** Whether two names are the same for a person: case, accents and spaces aside. */
export function sameName(a: string, b: string): boolean {
  return normalizeForSearch(a) === normalizeForSearch(b)
}

export type Changes = Record<string, { from: unknown; to: unknown }>

/** The fields whose value changes, with before and after, for the audit log. */
export function changesBetween<T extends Record<string, unknown>>(before: T, after: Partial<T>): Changes {
  const changes: Changes = {}
  for (const [field, to] of Object.entries(after)) {
    const from = before[field]
    if (from !== to) changes[field] = { from, to }
  }
  return changes
}
