// The offer form's dates. "Date de début" is a calendar day, stored as midnight UTC of that day (shown
// in Paris time, it is still that day). "Date de fin de publication" is the last day the offer is
// shown: `Offer.endDate` stores the instant the publication ends, midnight in Paris at the end of
// that day, so that "visible while endDate > now" keeps the offer up the whole day.

const PARIS = 'Europe/Paris'
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' })

/** Paris's distance from UTC at this instant, in milliseconds (one or two hours). */
function parisOffset(at: Date): number {
  const parts = Object.fromEntries(PARIS_PARTS.formatToParts(at).map((part) => [part.type, part.value]))
  const wallClock = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return wallClock - (at.getTime() - at.getUTCMilliseconds())
}

/** A real calendar day written yyyy-mm-dd (not 2026-02-30), between the years 2000 and 2100. */
export function isCalendarDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value)
  if (!match) return false
  const [year, month, day] = match.slice(1).map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return year >= 2000 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** "2026-12-10" → 2026-12-10T00:00:00Z */
export function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`)
}

/** Midnight in Paris at the start of this day. */
export function parisMidnight(day: string): Date {
  const utcMidnight = utcDay(day).getTime()
  // Paris changes its clocks at 2 or 3 a.m., never around midnight: one correction is enough
  const guess = utcMidnight - parisOffset(new Date(utcMidnight))
  return new Date(utcMidnight - parisOffset(new Date(guess)))
}

/** The Paris calendar day of an instant, yyyy-mm-dd. */
export function parisDay(at: Date): string {
  return PARIS_DAY.format(at)
}

/** The instant a publication ends when its last day is `lastDay`: the next midnight in Paris. */
export function publicationEndFromLastDay(lastDay: string): Date {
  const next = utcDay(lastDay)
  next.setUTCDate(next.getUTCDate() + 1)
  return parisMidnight(next.toISOString().slice(0, 10))
}

/** The last day of publication (yyyy-mm-dd, Paris) of an offer that ends at `endDate`. */
export function lastDayOfPublication(endDate: Date): string {
  return parisDay(new Date(endDate.getTime() - 1))
}

/** For display: an instant within the last day of publication, to give to formatDate. */
export function lastPublicationInstant(endDate: Date): Date {
  return new Date(endDate.getTime() - 1)
}
