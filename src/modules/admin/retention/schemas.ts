import { z } from 'zod'

/** A whole number of months from a form field, with its own French messages. */
const months = (label: string, max: number) =>
  z
    .string({ error: `Saisissez la durée de conservation ${label}.` })
    .trim()
    .min(1, `Saisissez la durée de conservation ${label}.`)
    .regex(/^\d+$/, `La durée de conservation ${label} doit être un nombre entier de mois.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, `La durée de conservation ${label} doit être d’au moins 1 mois.`)
        .max(max, `La durée de conservation ${label} doit être d’au plus ${max} mois.`),
    )

/** « Conservation des données »: every period in months. */
export const ZRetentionForm = z.object({
  // at least 2 months: the warning goes 30 days before the end
  inactiveCandidateMonths: months('des comptes candidats inactifs', 120).pipe(
    z.number().min(2, 'La durée de conservation des comptes candidats inactifs doit être d’au moins 2 mois (l’avertissement part 30 jours avant).'),
  ),
  closedApplicationMonths: months('des candidatures clôturées', 120),
  auditLogMonths: months('du journal d’audit', 120),
  readNotificationMonths: months('des notifications lues', 120),
})
export type TRetentionForm = z.infer<typeof ZRetentionForm>
