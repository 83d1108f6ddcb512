import { z } from 'zod'
import { parisDay, parisToInstant, parseDay, parseTime } from '../../lib/paris-time.ts'
import { optionalTextOrNull, requiredText } from '../../lib/zod-fields.ts'

export const SUBJECT_MAX_LENGTH = 200
export const LOCATION_MAX_LENGTH = 500
export const MIN_DURATION = 5
export const MAX_DURATION = 480

/** The fields of "Planifier un rendez-vous" and of its change, without the candidate. */
const scheduleShape = {
  date: requiredText('Indiquez la date du rendez-vous.').refine(
    (value) => parseDay(value) !== null,
    'Indiquez une date qui existe, au format jj/mm/aaaa, par exemple 10/12/2026.',
  ),
  time: requiredText('Indiquez l’heure du rendez-vous.').refine((value) => parseTime(value) !== null, 'Indiquez l’heure au format hh:mm, par exemple 14:30.'),
  durationMinutes: requiredText('Indiquez la durée du rendez-vous en minutes, par exemple 45.')
    .regex(/^\d{1,6}$/, 'La durée doit être un nombre entier de minutes, par exemple 45.')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(MIN_DURATION, `La durée doit être d’au moins ${MIN_DURATION} minutes.`)
        .max(MAX_DURATION, `La durée ne peut pas dépasser ${MAX_DURATION} minutes (8 heures).`),
    ),
  mode: z.enum(['IN_PERSON', 'PHONE', 'VIDEO'], { error: 'Choisissez la modalité du rendez-vous : sur place, téléphone ou visio.' }),
  location: optionalTextOrNull({
    max: LOCATION_MAX_LENGTH,
    tooLong: `Le lieu ou le lien doit compter au plus ${LOCATION_MAX_LENGTH} caractères.`,
    notText: 'Le lieu ou le lien : texte attendu.',
  }),
  subject: requiredText('Indiquez l’objet du rendez-vous.', {
    max: SUBJECT_MAX_LENGTH,
    tooLong: `L’objet doit compter au plus ${SUBJECT_MAX_LENGTH} caractères.`,
  }),
}

function isHttpsLink(value: string): boolean {
  if (!/^https:\/\//i.test(value) || /\s/.test(value)) return false
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

type Schedule = { date: unknown; time: unknown; mode: unknown; location: unknown }

/**
 * The checks between fields, run even when another field is wrong (every message at once):
 * the day and time, read in Paris, must exist and be to come; "Lieu ou lien" depends on the modality.
 * The zod context has the values as typed when a field failed: each is checked before use.
 */
function checkSchedule(form: Schedule, context: z.RefinementCtx, now: () => Date) {
  if (form.mode === 'IN_PERSON' && !form.location) {
    context.addIssue({ code: 'custom', path: ['location'], message: 'Indiquez le lieu du rendez-vous, par exemple l’adresse ou le bureau.' })
  }
  if (form.mode === 'VIDEO') {
    if (!form.location) {
      context.addIssue({ code: 'custom', path: ['location'], message: 'Indiquez le lien de la visio, qui commence par https://.' })
    } else if (typeof form.location === 'string' && !isHttpsLink(form.location)) {
      context.addIssue({
        code: 'custom',
        path: ['location'],
        message: 'Le lien de la visio doit être une adresse qui commence par https://, par exemple https://visio.exemple.fr/salle.',
      })
    }
  }
  const day = typeof form.date === 'string' ? parseDay(form.date) : null
  const time = typeof form.time === 'string' ? parseTime(form.time) : null
  if (!day || !time) return
  const startsAt = parisToInstant({ ...day, ...time })
  if (!startsAt) {
    context.addIssue({
      code: 'custom',
      path: ['time'],
      message: 'Cette heure n’existe pas ce jour-là : la France passe à l’heure d’été (de 2:00 à 3:00). Choisissez une autre heure.',
    })
    return
  }
  const current = now()
  if (startsAt.getTime() <= current.getTime()) {
    const today = parisDay(current) === `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`
    context.addIssue({
      code: 'custom',
      // today, it is the hour that is past: the error summary leads to "Heure"
      path: [today ? 'time' : 'date'],
      message: today
        ? 'Cette heure est déjà passée aujourd’hui : choisissez une heure à venir.'
        : 'Le rendez-vous ne peut pas être dans le passé : choisissez une date et une heure à venir.',
    })
  }
}

/** The instant the form names (the checks above have passed). */
function withStartsAt<T extends { date: string; time: string }>(form: T): T & { startsAt: Date } {
  return { ...form, startsAt: parisToInstant({ ...parseDay(form.date)!, ...parseTime(form.time)! })! }
}

/** "Planifier un rendez-vous": "Candidat", "Date", "Heure", "Durée (minutes)", "Modalité", "Lieu ou lien", "Objet". */
export function appointmentFormSchema(now: () => Date = () => new Date()) {
  return z
    .object({
      candidateId: z
        .string({ error: 'Choisissez le candidat.' })
        .trim()
        .min(1, 'Choisissez le candidat.')
        .regex(/^\d{1,9}$/, 'Choisissez le candidat dans la liste.')
        .transform(Number),
      ...scheduleShape,
    })
    .superRefine((form, context) => checkSchedule(form, context, now))
    .transform(withStartsAt)
}
export const ZAppointmentForm = appointmentFormSchema()
export type TAppointmentForm = z.infer<typeof ZAppointmentForm>

/** "Modifier le rendez-vous" (move it): the same fields, the candidate stays the same. */
export function appointmentChangeFormSchema(now: () => Date = () => new Date()) {
  return z
    .object(scheduleShape)
    .superRefine((form, context) => checkSchedule(form, context, now))
    .transform(withStartsAt)
}
export const ZAppointmentChangeForm = appointmentChangeFormSchema()
export type TAppointmentChangeForm = z.infer<typeof ZAppointmentChangeForm>

/** The version of the appointment the page showed (a hidden field); null when missing or unreadable. */
export function sequenceOf(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : null
}
