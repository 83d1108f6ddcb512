// The page arithmetic (pageOf, paginate) is src/lib/pagination.ts: services use it; this is about links.

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
