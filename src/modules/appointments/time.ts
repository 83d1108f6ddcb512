// Days and times in Paris (what a référent types, what the pages and the .ics show): src/lib/paris-time.ts.

/** The end of an appointment. */
export function endOf(appointment: { startsAt: Date; durationMinutes: number }): Date {
  return new Date(appointment.startsAt.getTime() + appointment.durationMinutes * 60_000)
}
