export type Page = { current: number; last: number; size: number }

/** The page asked for, kept within 1…last (an unreadable or out-of-range number gives the nearest page). */
export function pageOf(raw: unknown, total: number, size: number): Page {
  const last = Math.max(1, Math.ceil(total / size))
  const asked = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1
  return { current: Math.min(Math.max(asked, 1), last), last, size }
}

/** The URL of another page, keeping the other query parameters. */
export function pageUrl(path: string, query: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page') continue
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string' && item !== '') params.append(key, item)
  }
  if (page > 1) params.set('page', String(page))
  const search = params.toString()
  return search ? `${path}?${search}` : path
}
