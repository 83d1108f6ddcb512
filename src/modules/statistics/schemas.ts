import { z } from 'zod'
import { isCalendarDay } from '../../lib/paris-time.ts'

const FRENCH_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/**
 * An optional day of the period, as <input type="date"> sends it (2026-01-31); a browser without a
 * date picker shows a text field, so the French way of writing it (31/01/2026) is accepted too.
 * Empty → null (the default applies).
 */
const optionalDay = (invalidMessage: string) =>
  z
    .string({ error: invalidMessage })
    .optional()
    .transform((value) => {
      const text = value?.trim() ?? ''
      const french = FRENCH_DAY.exec(text)
      return french ? `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}` : text
    })
    .refine((day) => day === '' || isCalendarDay(day), invalidMessage)
    .transform((day) => (day === '' ? null : day))

/** The "Période" form of the statistics page (a GET form: ?du=…&au=…). */
export const ZStatisticsPeriodForm = z
  .object({
    du: optionalDay('Saisissez une date de début valide, par exemple 01/01/2026 (entre l’an 2000 et l’an 2100).'),
    au: optionalDay('Saisissez une date de fin valide, par exemple 28/11/2026 (entre l’an 2000 et l’an 2100).'),
  })
  .refine((period) => !period.du || !period.au || period.au >= period.du, {
    path: ['au'],
    message: 'La date de fin doit être le même jour que la date de début ou après.',
  })
export type TStatisticsPeriodForm = z.infer<typeof ZStatisticsPeriodForm>
