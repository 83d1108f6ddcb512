import type { AppointmentMode, AppointmentStatus } from '../../lib/db.ts'
import { PARIS_TIME_ZONE } from '../../lib/paris-time.ts'
import { endOf } from './time.ts'

/** "Modalité": the words of the issue. */
export const MODE_LABELS: Record<AppointmentMode, string> = { IN_PERSON: 'Sur place', PHONE: 'Téléphone', VIDEO: 'Visio' }

export const MODES: AppointmentMode[] = ['IN_PERSON', 'PHONE', 'VIDEO']

export const STATUS_LABELS: Record<AppointmentStatus, string> = { PLANNED: 'Planifié', CANCELLED: 'Annulé' }

/** The badge colour; the label always says it too (never colour alone). */
export const STATUS_BADGES: Record<AppointmentStatus, 'badge-ok' | 'badge-ko'> = { PLANNED: 'badge-ok', CANCELLED: 'badge-ko' }

const DAY_AND_TIME = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: PARIS_TIME_ZONE,
})
const DAY = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: PARIS_TIME_ZONE })
const TIME = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: PARIS_TIME_ZONE })

/** "jeudi 10 décembre 2026 à 14:30" (Paris time) */
export function appointmentDateTime(startsAt: Date): string {
  return DAY_AND_TIME.format(startsAt)
}

/** "jeudi 10 décembre 2026" */
export function appointmentDay(startsAt: Date): string {
  return DAY.format(startsAt)
}

/** "14:30" */
export function appointmentTime(at: Date): string {
  return TIME.format(at)
}

/** "de 14:30 à 15:15" */
export function appointmentHours(appointment: { startsAt: Date; durationMinutes: number }): string {
  return `de ${appointmentTime(appointment.startsAt)} à ${appointmentTime(endOf(appointment))}`
}

/** 45 → "45 minutes", 60 → "1 heure", 90 → "1 heure 30", 120 → "2 heures" */
export function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes > 1 ? 's' : ''}`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  const hoursText = `${hours} heure${hours > 1 ? 's' : ''}`
  return rest === 0 ? hoursText : `${hoursText} ${String(rest).padStart(2, '0')}`
}

/** What "Lieu ou lien" is called for this modality, on the pages that show it. */
export function locationLabel(mode: AppointmentMode): string {
  return mode === 'VIDEO' ? 'Lien de la visio' : mode === 'PHONE' ? 'Précisions' : 'Lieu'
}

/** Labels and helpers every appointments view receives. */
export const viewLabels = {
  modeLabels: MODE_LABELS,
  modes: MODES,
  statusLabels: STATUS_LABELS,
  statusBadges: STATUS_BADGES,
  appointmentDateTime,
  appointmentDay,
  appointmentHours,
  durationText,
  locationLabel,
}
