import { z } from 'zod'
import { isNotificationEvent, type NotificationEvent } from './events.ts'

/** A group of check boxes sharing one name: absent, one value, or several. Unknown values are dropped. */
const ZCheckedEvents = z
  .union([z.string(), z.array(z.string())], { error: 'Choix invalide.' })
  .optional()
  .transform((value): NotificationEvent[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(isNotificationEvent))

/** "Alertes et notifications": the events ticked in each column. */
export const ZPreferencesForm = z.object({
  email: ZCheckedEvents,
  inSite: ZCheckedEvents,
})
export type TPreferencesForm = z.infer<typeof ZPreferencesForm>
