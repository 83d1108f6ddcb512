// The .ics generator, the Paris time conversions and the form's checks, without the web layer.
import { describe, expect, it } from 'vitest'
import { appointmentToIcs, escapeText, foldLine, icsFileName, type IcsAppointment } from '../../src/modules/appointments/ics.ts'
import { appointmentFormSchema } from '../../src/modules/appointments/schemas.ts'
import { parisDay, parisTime, parisToInstant, parseDay, parseTime } from '../../src/lib/paris-time.ts'
import { parseForm } from '../../src/lib/forms.ts'
import { all, find, instantOf, parseCalendar, unescapeText } from './ical.ts'

const BASE_URL = 'https://atouts.example.fr'

function appointment(overrides: Partial<IcsAppointment> = {}): IcsAppointment {
  return {
    id: 42,
    startsAt: new Date('2027-07-08T12:30:00Z'),
    durationMinutes: 45,
    mode: 'IN_PERSON',
    location: 'Maison de l’étudiant, bureau 12',
    subject: 'Point sur le projet professionnel',
    status: 'PLANNED',
    sequence: 0,
    createdAt: new Date('2026-11-20T09:00:00Z'),
    updatedAt: new Date('2026-11-21T10:15:00Z'),
    referent: { firstName: 'Hélène', lastName: 'Durand', email: 'helene.durand@univ.example.fr' },
    ...overrides,
  }
}

const eventOf = (ics: string) => {
  const calendar = parseCalendar(ics)
  const events = calendar.components.filter((component) => component.name === 'VEVENT')
  expect(events).toHaveLength(1)
  return { calendar, event: events[0] }
}

describe('Paris time', () => {
  it('when a day and a time are read in Paris, then summer is UTC+2 and winter UTC+1', () => {
    expect(parisToInstant({ year: 2027, month: 7, day: 8, hour: 14, minute: 30 })!.toISOString()).toBe('2027-07-08T12:30:00.000Z')
    expect(parisToInstant({ year: 2027, month: 1, day: 14, hour: 9, minute: 0 })!.toISOString()).toBe('2027-01-14T08:00:00.000Z')
    // the day summer time starts (last Sunday of March 2027: the 28th): 02:30 does not exist, 03:30 is UTC+2
    expect(parisToInstant({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 })).toBeNull()
    expect(parisToInstant({ year: 2027, month: 3, day: 28, hour: 1, minute: 30 })!.toISOString()).toBe('2027-03-28T00:30:00.000Z')
    expect(parisToInstant({ year: 2027, month: 3, day: 28, hour: 3, minute: 30 })!.toISOString()).toBe('2027-03-28T01:30:00.000Z')
    // the day it ends (31 October 2027): 02:30 happens twice, the first one (still UTC+2) is taken
    expect(parisToInstant({ year: 2027, month: 10, day: 31, hour: 2, minute: 30 })!.toISOString()).toBe('2027-10-31T00:30:00.000Z')
    expect(parisToInstant({ year: 2027, month: 10, day: 31, hour: 4, minute: 0 })!.toISOString()).toBe('2027-10-31T03:00:00.000Z')
  })

  it('when an instant is shown in the form, then it is the Paris day and time', () => {
    const lateEvening = new Date('2027-07-08T22:30:00Z')
    expect(parisDay(lateEvening)).toBe('2027-07-09')
    expect(parisTime(lateEvening)).toBe('00:30')
    expect(parisTime(new Date('2027-01-14T08:05:00Z'))).toBe('09:05')
  })

  it('when days and times are typed, then the usual French forms are read and impossible ones refused', () => {
    expect(parseDay('2027-07-08')).toEqual({ year: 2027, month: 7, day: 8 })
    expect(parseDay('08/07/2027')).toEqual({ year: 2027, month: 7, day: 8 })
    expect(parseDay('2027-02-29')).toBeNull()
    expect(parseDay('31/04/2027')).toBeNull()
    expect(parseDay('demain')).toBeNull()
    expect(parseTime('14:30')).toEqual({ hour: 14, minute: 30 })
    expect(parseTime('14:30:00')).toEqual({ hour: 14, minute: 30 })
    expect(parseTime('9h')).toEqual({ hour: 9, minute: 0 })
    expect(parseTime('14h30')).toEqual({ hour: 14, minute: 30 })
    expect(parseTime('24:00')).toBeNull()
    expect(parseTime('14:')).toBeNull()
    expect(parseTime('14:7')).toBeNull()
  })
})

describe('the form’s checks', () => {
  const now = new Date('2026-11-28T10:00:00Z')
  const schema = appointmentFormSchema(() => now)
  const valid = { candidateId: '7', date: '2027-07-08', time: '14:30', durationMinutes: '45', mode: 'IN_PERSON', location: 'Bureau 12', subject: 'Point CV' }

  it('when the form is right, then the instant is the Paris time in UTC', () => {
    const form = parseForm(schema, valid)
    expect(form.ok && form.data.startsAt.toISOString()).toBe('2027-07-08T12:30:00.000Z')
    const winter = parseForm(schema, { ...valid, date: '14/01/2027', time: '9h00' })
    expect(winter.ok && winter.data.startsAt.toISOString()).toBe('2027-01-14T08:00:00.000Z')
  })

  it('when fields are wrong, then each gets its French message', () => {
    const errorsOf = (body: Record<string, string>) => {
      const form = parseForm(schema, body)
      return form.ok ? {} : form.errors
    }
    expect(errorsOf({})).toEqual({
      candidateId: 'Choisissez le candidat.',
      date: 'Indiquez la date du rendez-vous.',
      time: 'Indiquez l’heure du rendez-vous.',
      durationMinutes: 'Indiquez la durée du rendez-vous en minutes, par exemple 45.',
      mode: 'Choisissez la modalité du rendez-vous : sur place, téléphone ou visio.',
      subject: 'Indiquez l’objet du rendez-vous.',
    })
    expect(errorsOf({ ...valid, durationMinutes: '0' }).durationMinutes).toBe('La durée doit être d’au moins 5 minutes.')
    expect(errorsOf({ ...valid, durationMinutes: '481' }).durationMinutes).toBe('La durée ne peut pas dépasser 480 minutes (8 heures).')
    expect(errorsOf({ ...valid, durationMinutes: '1,5' }).durationMinutes).toBe('La durée doit être un nombre entier de minutes, par exemple 45.')
    // now is 11:00 in Paris
    expect(errorsOf({ ...valid, date: '2026-11-28', time: '11:01' })).toEqual({})
    expect(errorsOf({ ...valid, date: '2026-11-28', time: '10:59' })).toEqual({
      time: 'Cette heure est déjà passée aujourd’hui : choisissez une heure à venir.',
    })
    expect(errorsOf({ ...valid, date: '27/11/2026', time: '15:00' })).toEqual({
      date: 'Le rendez-vous ne peut pas être dans le passé : choisissez une date et une heure à venir.',
    })
    expect(errorsOf({ ...valid, date: '2027-03-28', time: '02:15' }).time).toMatch(/^Cette heure n’existe pas ce jour-là/)
    expect(errorsOf({ ...valid, date: '2027-02-30' }).date).toMatch(/^Indiquez une date qui existe/)
    expect(errorsOf({ ...valid, location: '' }).location).toBe('Indiquez le lieu du rendez-vous, par exemple l’adresse ou le bureau.')
    expect(errorsOf({ ...valid, mode: 'PHONE', location: '' })).toEqual({})
    expect(errorsOf({ ...valid, mode: 'VIDEO', location: '' }).location).toBe('Indiquez le lien de la visio, qui commence par https://.')
    expect(errorsOf({ ...valid, mode: 'VIDEO', location: 'http://visio.example.fr/salle' }).location).toMatch(/commence par https:\/\//)
    expect(errorsOf({ ...valid, mode: 'VIDEO', location: 'javascript:alert(1)' }).location).toMatch(/commence par https:\/\//)
    expect(errorsOf({ ...valid, mode: 'VIDEO', location: 'https://visio.example.fr/salle-12' })).toEqual({})
    expect(errorsOf({ ...valid, mode: 'SKYPE' }).mode).toBe('Choisissez la modalité du rendez-vous : sur place, téléphone ou visio.')
    expect(errorsOf({ ...valid, subject: 'x'.repeat(201) }).subject).toBe('L’objet doit compter au plus 200 caractères.')
    expect(errorsOf({ ...valid, candidateId: '7 OR 1=1' }).candidateId).toBe('Choisissez le candidat dans la liste.')
  })
})

describe('the .ics file', () => {
  it('when an appointment is in July, then DTSTART/DTEND are Paris summer time and resolve to the right instant', () => {
    const ics = appointmentToIcs(appointment(), { baseUrl: BASE_URL, now: new Date('2026-11-28T21:00:00Z') })
    const { calendar, event } = eventOf(ics)
    expect(find(calendar, 'PRODID')!.value).toBe('-//Atouts pour tous//Rendez-vous//FR')
    expect(find(calendar, 'CALSCALE')!.value).toBe('GREGORIAN')
    expect(find(calendar, 'METHOD')!.value).toBe('PUBLISH')
    const start = find(event, 'DTSTART')!
    expect(start.params.TZID).toBe('Europe/Paris')
    expect(start.value).toBe('20270708T143000')
    expect(find(event, 'DTEND')!.value).toBe('20270708T151500')
    expect(instantOf(calendar, start).toISOString()).toBe('2027-07-08T12:30:00.000Z')
    expect(instantOf(calendar, find(event, 'DTEND')!).toISOString()).toBe('2027-07-08T13:15:00.000Z')
    expect(find(event, 'UID')!.value).toBe('appointment-42@atouts.example.fr')
    expect(find(event, 'DTSTAMP')!.value).toBe('20261128T210000Z')
    expect(find(event, 'SEQUENCE')!.value).toBe('0')
    expect(find(event, 'STATUS')!.value).toBe('CONFIRMED')
    expect(find(event, 'SUMMARY')!.value).toBe('Rendez-vous avec Hélène Durand : Point sur le projet professionnel')
    expect(find(event, 'LOCATION')!.value).toBe('Maison de l’étudiant, bureau 12')
    const description = find(event, 'DESCRIPTION')!.value
    expect(description).toContain('Rendez-vous avec Hélène Durand, votre référent.')
    expect(description).toContain('Modalité : Sur place')
    expect(description).toContain(`${BASE_URL}/rendez-vous/42`)
    expect(find(event, 'ORGANIZER')!.params.CN).toBe('Hélène Durand')
    expect(find(event, 'ORGANIZER')!.value).toBe('mailto:helene.durand@univ.example.fr')
    const zone = calendar.components.find((component) => component.name === 'VTIMEZONE')!
    expect(find(zone, 'TZID')!.value).toBe('Europe/Paris')
    expect(zone.components.map((component) => [component.name, find(component, 'TZNAME')!.value, find(component, 'RRULE')!.value])).toEqual([
      ['DAYLIGHT', 'CEST', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'],
      ['STANDARD', 'CET', 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'],
    ])
    expect(icsFileName(appointment())).toBe('rendez-vous-2027-07-08.ics')
  })

  it('when an appointment is in January, then DTSTART is Paris winter time (UTC+1)', () => {
    const ics = appointmentToIcs(appointment({ startsAt: new Date('2027-01-14T08:00:00Z'), durationMinutes: 90 }), { baseUrl: BASE_URL })
    const { calendar, event } = eventOf(ics)
    expect(find(event, 'DTSTART')!.value).toBe('20270114T090000')
    expect(find(event, 'DTEND')!.value).toBe('20270114T103000')
    expect(instantOf(calendar, find(event, 'DTSTART')!).toISOString()).toBe('2027-01-14T08:00:00.000Z')
  })

  it('when an appointment crosses the change of time, then DTEND is the local time after the change', () => {
    // 31 October 2027, 01:30 summer time, 120 minutes: it ends at 02:30 winter time (3:30 summer)
    const startsAt = new Date('2027-10-30T23:30:00Z')
    const { calendar, event } = eventOf(appointmentToIcs(appointment({ startsAt, durationMinutes: 120 }), { baseUrl: BASE_URL }))
    expect(find(event, 'DTSTART')!.value).toBe('20271031T013000')
    expect(find(event, 'DTEND')!.value).toBe('20271031T023000')
    expect(instantOf(calendar, find(event, 'DTSTART')!).toISOString()).toBe(startsAt.toISOString())
  })

  it('when texts have accents, commas, semicolons, backslashes and line breaks, then they are escaped and lines folded at 75 octets without splitting a character', () => {
    const subject =
      'Préparer l’entretien; relire le CV, la lettre \\ et « présentation » – étape n°2\nPuis faire le point sur les démarches déjà engagées auprès des employeurs'
    const ics = appointmentToIcs(appointment({ subject, location: 'Bâtiment É, 2ᵉ étage; salle « Œ »' }), { baseUrl: BASE_URL })
    // every physical line: CRLF, ≤ 75 octets, valid UTF-8 (parseCalendar checks it all and throws otherwise)
    const { event } = eventOf(ics)
    expect(find(event, 'SUMMARY')!.value).toBe(`Rendez-vous avec Hélène Durand : ${subject}`)
    expect(find(event, 'LOCATION')!.value).toBe('Bâtiment É, 2ᵉ étage; salle « Œ »')
    const raw = ics.split('\r\n')
    expect(raw.some((line) => line.startsWith(' '))).toBe(true)
    expect(raw.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true)
    expect(ics).not.toMatch(/[^\r]\n/)
    expect(ics).toContain('\\;')
    expect(ics).toContain('\\,')
    expect(ics).toContain('\\\\')
    expect(ics).toContain('\\n')
  })

  it('when a line is folded right where a multi-byte character falls, then the character moves whole to the next line', () => {
    // 73 ASCII octets, then "é" (2 octets) fits exactly in 75; then "€" (3 octets) must move
    const line = `${'a'.repeat(73)}é€${'b'.repeat(80)}`
    const folded = foldLine(line)
    const parts = folded.split('\r\n')
    expect(parts[0]).toBe(`${'a'.repeat(73)}é`)
    expect(Buffer.byteLength(parts[0], 'utf8')).toBe(75)
    expect(parts[1].startsWith(' €')).toBe(true)
    expect(parts.every((part) => Buffer.byteLength(part, 'utf8') <= 75)).toBe(true)
    expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line)
    // 74 ASCII octets then "é": 76 octets, so "é" goes to the next line
    expect(foldLine(`${'a'.repeat(74)}é`).split('\r\n')).toEqual([`${'a'.repeat(74)}`, ' é'])
    expect(foldLine('court')).toBe('court')
  })

  it('when text is escaped, then reading it back gives the same text', () => {
    const text = 'a\\b;c,d\ne\r\nf'
    expect(escapeText(text)).toBe('a\\\\b\\;c\\,d\\ne\\nf')
    expect(unescapeText(escapeText(text))).toBe('a\\b;c,d\ne\nf')
    expect(escapeText('bip\u0007')).toBe('bip')
  })

  it('when an appointment is moved then cancelled, then the UID stays and SEQUENCE and STATUS follow', () => {
    const first = eventOf(appointmentToIcs(appointment(), { baseUrl: BASE_URL })).event
    const cancelled = eventOf(appointmentToIcs(appointment({ sequence: 2, status: 'CANCELLED' }), { baseUrl: BASE_URL })).event
    expect(find(cancelled, 'UID')!.value).toBe(find(first, 'UID')!.value)
    expect(find(cancelled, 'SEQUENCE')!.value).toBe('2')
    expect(find(cancelled, 'STATUS')!.value).toBe('CANCELLED')
    expect(find(cancelled, 'SUMMARY')!.value).toMatch(/^Annulé : /)
  })

  it('when the appointment is by phone without details or by video, then LOCATION says so', () => {
    const phone = eventOf(appointmentToIcs(appointment({ mode: 'PHONE', location: null }), { baseUrl: BASE_URL })).event
    expect(find(phone, 'LOCATION')!.value).toBe('Téléphone')
    const video = eventOf(appointmentToIcs(appointment({ mode: 'VIDEO', location: 'https://visio.example.fr/salle?id=1,2;3' }), { baseUrl: BASE_URL })).event
    expect(find(video, 'LOCATION')!.value).toBe('https://visio.example.fr/salle?id=1,2;3')
    expect(find(video, 'DESCRIPTION')!.value).toContain('Lien : https://visio.example.fr/salle?id=1,2;3')
    expect(all(video, 'STATUS')).toHaveLength(1)
  })

  it('when a référent’s name has characters special in parameters, then CN is quoted or cleaned', () => {
    const { event } = eventOf(
      appointmentToIcs(appointment({ referent: { firstName: 'Jean; "Jo"', lastName: 'Martin, fils', email: 'j@example.fr' } }), { baseUrl: BASE_URL }),
    )
    expect(find(event, 'ORGANIZER')!.params.CN).toBe('Jean; Jo Martin, fils')
  })
})
