/**
 * An appointment as an iCalendar file (RFC 5545), for "Ajouter à mon agenda (.ics)".
 *
 * - Lines end with CRLF and are folded at 75 octets (a continuation line starts with one space);
 *   a fold never splits the bytes of one UTF-8 character.
 * - TEXT values escape \ ; , and line breaks.
 * - Times are written in Paris local time with TZID=Europe/Paris, and the file carries the
 *   VTIMEZONE that defines it (CET/CEST, the European rules since 1996), so that a calendar in any
 *   time zone shows the right hour, in winter and in summer.
 * - UID is stable for an appointment and SEQUENCE grows each time it is moved or cancelled, so that
 *   importing the file again updates the event instead of adding a second one.
 */
import type { AppointmentMode, AppointmentStatus } from '../../lib/db.ts'
import { parisWallClock, PARIS_TIME_ZONE } from '../../lib/paris-time.ts'
import { endOf } from './time.ts'

export type IcsAppointment = {
  id: number
  startsAt: Date
  durationMinutes: number
  mode: AppointmentMode
  location: string | null
  subject: string
  status: AppointmentStatus
  sequence: number
  createdAt: Date
  updatedAt: Date
  referent: { firstName: string; lastName: string; email: string }
}

export type IcsOptions = {
  /** config.baseUrl: its host names the UID, and the appointment's page is linked */
  baseUrl: string
  /** when the file is made (DTSTAMP) */
  now?: Date
}

const MODE_TEXT: Record<AppointmentMode, string> = { IN_PERSON: 'Sur place', PHONE: 'Téléphone', VIDEO: 'Visio' }

const CRLF = '\r\n'
const MAX_LINE_OCTETS = 75

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n')
}

/** A parameter value (CN=…): no double quote nor control character; quoted when it has : ; or ,. */
export function paramValue(value: string): string {
  const clean = value.normalize('NFC').replace(/["\u0000-\u001f\u007f]/g, '')
  return /[:;,]/.test(clean) ? `"${clean}"` : clean
}

/** RFC 5545 §3.1: lines of at most 75 octets; the rest goes on lines that start with a space. */
export function foldLine(line: string): string {
  const lines: string[] = []
  let current = ''
  let octets = 0
  // for…of walks code points: a multi-byte character stays whole on one line
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8')
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current)
      current = ' '
      octets = 1
    }
    current += character
    octets += size
  }
  lines.push(current)
  return lines.join(CRLF)
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** 20261210T133000Z */
export function formatUtc(at: Date): string {
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`
}

/** 20261210T143000, as a clock in Paris shows it. */
export function formatParisLocal(at: Date): string {
  const clock = parisWallClock(at)
  return `${pad(clock.year, 4)}${pad(clock.month)}${pad(clock.day)}T${pad(clock.hour)}${pad(clock.minute)}${pad(clock.second)}`
}

/** Europe/Paris since 1996: summer time from the last Sunday of March, 02:00, to the last Sunday of October, 03:00. */
const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${PARIS_TIME_ZONE}`,
  `X-LIC-LOCATION:${PARIS_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
]

/** "appointment-12@atouts.example.fr": the same for every version of the appointment. */
export function appointmentUid(appointmentId: number, baseUrl: string): string {
  return `appointment-${appointmentId}@${new URL(baseUrl).hostname}`
}

/** What the calendar shows as the event's place. */
function locationOf(appointment: IcsAppointment): string {
  if (appointment.location) return appointment.location
  return MODE_TEXT[appointment.mode]
}

function descriptionOf(appointment: IcsAppointment, pageUrl: string): string {
  const referentName = `${appointment.referent.firstName} ${appointment.referent.lastName}`
  const lines = [
    appointment.status === 'CANCELLED' ? 'Ce rendez-vous est annulé.' : null,
    `Rendez-vous avec ${referentName}, votre référent.`,
    `Modalité : ${MODE_TEXT[appointment.mode]}`,
    appointment.location ? `${appointment.mode === 'VIDEO' ? 'Lien' : appointment.mode === 'PHONE' ? 'Précisions' : 'Lieu'} : ${appointment.location}` : null,
    `Objet : ${appointment.subject}`,
    `Durée : ${appointment.durationMinutes} minutes`,
    `Sur Atouts pour tous : ${pageUrl}`,
  ]
  return lines.filter((line): line is string => line !== null).join('\n')
}

/** The whole .ics file for one appointment. */
export function appointmentToIcs(appointment: IcsAppointment, options: IcsOptions): string {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const pageUrl = `${baseUrl}/rendez-vous/${appointment.id}`
  const referentName = `${appointment.referent.firstName} ${appointment.referent.lastName}`
  const cancelled = appointment.status === 'CANCELLED'
  const summary = `${cancelled ? 'Annulé : ' : ''}Rendez-vous avec ${referentName} : ${appointment.subject}`
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Atouts pour tous//Rendez-vous//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...PARIS_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${appointmentUid(appointment.id, baseUrl)}`,
    `DTSTAMP:${formatUtc(options.now ?? new Date())}`,
    `CREATED:${formatUtc(appointment.createdAt)}`,
    `LAST-MODIFIED:${formatUtc(appointment.updatedAt)}`,
    `SEQUENCE:${appointment.sequence}`,
    `DTSTART;TZID=${PARIS_TIME_ZONE}:${formatParisLocal(appointment.startsAt)}`,
    `DTEND;TZID=${PARIS_TIME_ZONE}:${formatParisLocal(endOf(appointment))}`,
    `SUMMARY:${escapeText(summary)}`,
    `LOCATION:${escapeText(locationOf(appointment))}`,
    `DESCRIPTION:${escapeText(descriptionOf(appointment, pageUrl))}`,
    `ORGANIZER;CN=${paramValue(referentName)}:mailto:${appointment.referent.email}`,
    `URL:${pageUrl}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join(CRLF) + CRLF
}

/** "rendez-vous-2026-12-10.ics" */
export function icsFileName(appointment: { startsAt: Date }): string {
  const local = formatParisLocal(appointment.startsAt)
  return `rendez-vous-${local.slice(0, 4)}-${local.slice(4, 6)}-${local.slice(6, 8)}.ics`
}
