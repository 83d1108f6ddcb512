/** A year that is always to come, whatever the day the tests run. */
export const NEXT_YEAR = new Date().getUTCFullYear() + 1

/** The last Sunday of March of a year: the day Paris moves to summer time ("yyyy-mm-dd"). */
export function summerTimeDay(year: number): string {
  const lastDay = new Date(Date.UTC(year, 3, 0))
  return `${year}-03-${String(lastDay.getUTCDate() - lastDay.getUTCDay()).padStart(2, '0')}`
}
