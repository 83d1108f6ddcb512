// The offer form's dates. "Date de début" is a calendar day, stored as midnight UTC of that day (shown
// in Paris time, it is still that day). "Date de fin de publication" is the last day the offer is
// shown: `Offer.endDate` stores the instant the publication ends, midnight in Paris at the end of
// that day, so that "visible while endDate > now" keeps the offer up the whole day.
// Paris time itself: src/lib/paris-time.ts.
import { parisDay, parisMidnight } from '../../lib/paris-time.ts'

/** "2026-12-10" → 2026-12-10T00:00:00Z */
export function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`)
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
