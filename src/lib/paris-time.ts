/**
 * Days and times as read on a clock in France. The database stores instants (UTC); people type and
 * read days and times in Paris, one hour ahead of UTC in winter (CET) and two in summer (CEST): the
 * offset is the one in force on that day, never today's.
 *
 * Around the changes of time: on the last Sunday of March, 02:00–02:59 does not exist (the clocks
 * jump to 03:00) — such a time is refused; on the last Sunday of October, 02:00–02:59 happens twice —
 * the first one (still summer time) is taken, as calendars do. Midnight always exists.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris'

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** What a clock in Paris shows at this instant. */
export function parisWallClock(at: Date): WallClock {
  const parts = Object.fromEntries(PARIS_PARTS.formatToParts(at).map((part) => [part.type, part.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  }
}

const sameWallClock = (a: WallClock, b: Omit<WallClock, 'second'>) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute

/**
 * The instant at which a clock in Paris shows this day and time; null when that time does not exist
 * (the hour skipped in March). When it happens twice (October), the first one.
 */
export function parisToInstant(local: Omit<WallClock, 'second'>): Date | null {
  const asIfUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)
  // summer time first: in the repeated hour of October it is the earlier instant
  for (const offsetHours of [2, 1]) {
    const instant = new Date(asIfUtc - offsetHours * 3_600_000)
    if (sameWallClock(parisWallClock(instant), local)) return instant
  }
  return null
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** The Paris calendar day of an instant, "2026-12-10" (also what <input type="date"> takes). */
export function parisDay(at: Date): string {
  const clock = parisWallClock(at)
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`
}

/** The time of day in Paris, "14:30" (also what <input type="time"> takes). */
export function parisTime(at: Date): string {
  const clock = parisWallClock(at)
  return `${pad(clock.hour)}:${pad(clock.minute)}`
}

/** parisMidnight's answers by day: a page of statistics asks for the same few days at every request */
const midnights = new Map<string, number>()
const MIDNIGHTS_KEPT = 2000

/** Midnight in Paris at the start of this day ("2026-12-10"). */
export function parisMidnight(day: string): Date {
  let instant = midnights.get(day)
  if (instant === undefined) {
    const [year, month, date] = day.split('-').map(Number)
    // Paris changes its clocks at 2 or 3 a.m., never at midnight: midnight always exists
    instant = parisToInstant({ year, month, day: date, hour: 0, minute: 0 })!.getTime()
    if (midnights.size >= MIDNIGHTS_KEPT) midnights.clear()
    midnights.set(day, instant)
  }
  return new Date(instant)
}

/** Midnight in Paris at the start of the day of this instant. */
export function startOfParisDay(at: Date): Date {
  return parisMidnight(parisDay(at))
}

// ───────────────────────── Days and times as typed ─────────────────────────

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const FRENCH_DAY_PATTERN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const TIME_PATTERN = /^([01]?\d|2[0-3])(?::([0-5]\d)(?::[0-5]\d)?|\s*[hH]\s*([0-5]\d)?)$/

/**
 * A calendar day as typed: "2026-12-10" (what <input type="date"> sends) or "10/12/2026" (typed by
 * hand where the browser offers no date picker), between the years 2000 and 2100. A day that does
 * not exist (31/02) gives null.
 */
export function parseDay(value: string): { year: number; month: number; day: number } | null {
  const iso = DAY_PATTERN.exec(value)
  const french = iso ? null : FRENCH_DAY_PATTERN.exec(value)
  if (!iso && !french) return null
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]].map(Number) : [french![3], french![2], french![1]].map(Number)
  if (year < 2000 || year > 2100) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return { year, month, day }
}

/** A real calendar day written yyyy-mm-dd only (not 2026-02-30), between the years 2000 and 2100. */
export function isCalendarDay(value: string): boolean {
  return DAY_PATTERN.test(value) && parseDay(value) !== null
}

/** A time of day as typed: "14:30" (what <input type="time"> sends), "14:30:00", "14h30", "9h". */
export function parseTime(value: string): { hour: number; minute: number } | null {
  const match = TIME_PATTERN.exec(value)
  if (!match) return null
  return { hour: Number(match[1]), minute: Number(match[2] ?? match[3] ?? '0') }
}
