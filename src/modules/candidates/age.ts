/**
 * Ages, counted in whole years on the calendar day in France. Birth dates are stored at midnight UTC
 * (the day as entered), so both sides are compared as "yyyy-mm-dd" days, never as instants.
 */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today's date in France, "yyyy-mm-dd". */
export function todayInFrance(now: Date = new Date()): string {
  return PARIS_DAY.format(now)
}

/** Age in whole years on `today` ("yyyy-mm-dd"); someone born on 29 February has their birthday on 1 March. */
export function ageOn(birthDate: Date, today: string): number {
  const [year, month, day] = today.split('-').map(Number)
  const birthYear = birthDate.getUTCFullYear()
  let age = year - birthYear
  const birthday = new Date(Date.UTC(year, birthDate.getUTCMonth(), birthDate.getUTCDate()))
  const todayDate = new Date(Date.UTC(year, month - 1, day))
  // in a non-leap year, Date.UTC(…, 1, 29) rolls over to 1 March, which is the legal birthday
  if (todayDate < birthday) age -= 1
  return age
}

export function isUnder18(birthDate: Date | null | undefined, now: Date = new Date()): boolean {
  return birthDate ? ageOn(birthDate, todayInFrance(now)) < 18 : false
}
