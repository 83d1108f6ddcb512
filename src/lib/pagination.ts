/**
 * Lists cut into pages, the one way: count the rows, choose the page asked for, read that page's
 * rows. The links to other pages are the web layer's (src/web/pagination.ts).
 */

/** A page of a list: its number (1…last), the number of the last page, and how many rows a page holds. */
export type Page = { current: number; last: number; size: number }

/** The rows of a page: skip and take, as Prisma's findMany reads them (OFFSET and LIMIT in SQL). */
export type PageRange = { skip: number; take: number }

/** The page number a link or a form asks for (?page=…: 1 to 6 digits), or null for anything else. */
export function askedPage(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : null
}

/** The page asked for, kept within 1…last (an unreadable or out-of-range number gives the nearest page). */
export function pageOf(raw: unknown, total: number, size: number): Page {
  const last = Math.max(1, Math.ceil(total / size))
  const asked = askedPage(raw) ?? 1
  return { current: Math.min(Math.max(asked, 1), last), last, size }
}

export function rangeOf(page: Page): PageRange {
  return { skip: (page.current - 1) * page.size, take: page.size }
}

export type Paged<T> = { total: number; page: Page; rows: T[] }

/**
 * count → page → rows: `count` is the number of rows of the whole list, the page asked for is kept
 * within it, and `read()` reads that page's rows in the list's order (an empty list reads none).
 */
export async function paginate<T>(
  rawPage: unknown,
  size: number,
  count: PromiseLike<number>,
  read: (range: PageRange, page: Page) => Promise<T[]>,
): Promise<Paged<T>> {
  const total = await count
  const page = pageOf(rawPage, total, size)
  return { total, page, rows: total === 0 ? [] : await read(rangeOf(page), page) }
}

/** One page of rows already read, filtered and sorted (short lists, filtered in memory). */
export function pageOfRows<T>(rows: T[], rawPage: unknown, size: number): Paged<T> {
  const page = pageOf(rawPage, rows.length, size)
  const { skip, take } = rangeOf(page)
  return { total: rows.length, page, rows: rows.slice(skip, skip + take) }
}
