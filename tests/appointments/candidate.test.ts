// The candidate sees their appointments and downloads each as a valid .ics; nobody else can.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppointment } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { find, instantOf, parseCalendar } from './ical.ts'
import { createAppointmentsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count } from '../helpers/html.ts'
import { NEXT_YEAR } from '../helpers/dates.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

/** supertest keeps a text/calendar body as bytes: the file exactly as sent. */
const binary = (response: request.Request) =>
  response.buffer(true).parse((res, callback) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('end', () => callback(null, Buffer.concat(chunks)))
  })

describe('Mes rendez-vous', () => {
  it('when the candidate opens "Mes rendez-vous", then their coming appointments come first, then past and cancelled ones, and nobody else’s', async () => {
    const world = await createAppointmentsWorld(ctx)
    const base = { candidateId: world.candidate.candidate.id, referentId: world.referent.referent.id }
    await createAppointment(ctx.db, { ...base, subject: 'Bientôt', startsAt: new Date(`${NEXT_YEAR}-01-14T08:00:00Z`) })
    await createAppointment(ctx.db, {
      ...base,
      subject: 'Plus tard',
      startsAt: new Date(`${NEXT_YEAR}-07-08T12:30:00Z`),
      mode: 'VIDEO',
      location: 'https://visio.example.fr/salle',
    })
    await createAppointment(ctx.db, { ...base, subject: 'Il y a une semaine', startsAt: new Date(Date.now() - 7 * 24 * 3600_000) })
    await createAppointment(ctx.db, { ...base, subject: 'Annulé à venir', status: 'CANCELLED', sequence: 1 })
    await createAppointment(ctx.db, {
      candidateId: world.strangerCandidate.candidate.id,
      referentId: world.strangerReferent.referent.id,
      subject: 'Pas le mien',
    })

    const agent = await signIn(ctx.app, world.candidate.user.email)
    const page = await agent.get('/rendez-vous')
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(h1Count(html)).toBe(1)
    expect(html).toContain('<h1>Mes rendez-vous</h1>')
    expect(html).toContain('<title>Mes rendez-vous – Atouts pour tous</title>')
    expect(html).toContain('<a href="/rendez-vous" aria-current="page">Mes rendez-vous</a>')
    expect(html).toContain('4 rendez-vous, dont 2 aujourd’hui ou à venir.')
    const order = ['Bientôt', 'Plus tard', 'Annulé à venir', 'Il y a une semaine'].map((subject) => html.indexOf(`<p>${subject}</p>`))
    expect(order.every((position) => position > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html.indexOf('<h2 id="a-venir">')).toBeLessThan(order[0])
    expect(html.indexOf('<h2 id="passes">')).toBeLessThan(order[2])
    expect(html).toContain(`jeudi 14 janvier ${NEXT_YEAR} à 09:00`)
    expect(html).toContain('Visio – https://visio.example.fr/salle')
    expect(html).not.toContain('Pas le mien')
  })

  it('when the candidate has none, then the page says so', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    expect(decodeHtml((await agent.get('/rendez-vous')).text)).toContain('Vous n’avez pas de rendez-vous pour le moment.')
  })

  it('when the candidate opens one, then every detail and the link "Ajouter à mon agenda (.ics)" are there', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: new Date(`${NEXT_YEAR}-07-08T12:30:00Z`),
      durationMinutes: 90,
      mode: 'VIDEO',
      location: 'https://visio.example.fr/salle-12',
      subject: 'Préparer l’entretien',
    })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const page = await agent.get(`/rendez-vous/${appointment.id}`)
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(h1Count(html)).toBe(1)
    expect(html).toContain(`<h1>Rendez-vous avec Hélène ${world.referent.user.lastName}</h1>`)
    expect(html).toContain(`<title>Rendez-vous du jeudi 8 juillet ${NEXT_YEAR} à 14:30 – Atouts pour tous</title>`)
    expect(html).toContain('de 14:30 à 16:00 (1 heure 30)')
    expect(html).toContain('<dt>Modalité</dt><dd>Visio</dd>')
    expect(html).toContain('<a href="https://visio.example.fr/salle-12" rel="noopener noreferrer">https://visio.example.fr/salle-12</a>')
    expect(html).toContain(`href="/rendez-vous/${appointment.id}.ics" download aria-describedby="ics-hint">Ajouter à mon agenda (.ics)</a>`)
  })
})

describe('the .ics download', () => {
  it('when the référent plans one and the candidate downloads it, then it is a valid calendar file with the right local and UTC times', async () => {
    const world = await createAppointmentsWorld(ctx)
    const referent = await signIn(ctx.app, world.referent.user.email)
    await submitForm(referent, '/referent/rendez-vous/nouveau', {
      candidateId: String(world.candidate.candidate.id),
      date: `${NEXT_YEAR}-07-08`,
      time: '14:30',
      durationMinutes: '45',
      mode: 'IN_PERSON',
      location: 'Maison de l’étudiant, bureau 12; 2ᵉ étage',
      subject: 'Point sur le projet professionnel, le CV et la lettre de motivation avant les candidatures',
    })
    const appointment = await ctx.db.appointment.findFirstOrThrow({ where: { candidateId: world.candidate.candidate.id } })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await binary(agent.get(`/rendez-vous/${appointment.id}.ics`))
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?rendez-vous-${NEXT_YEAR}-07-08\\.ics"?$`))
    expect(response.headers['cache-control']).toBe('private, no-store')
    const bytes = response.body as Buffer
    const calendar = parseCalendar(bytes)
    const event = calendar.components.find((component) => component.name === 'VEVENT')!
    expect(find(event, 'DTSTART')!.params.TZID).toBe('Europe/Paris')
    expect(find(event, 'DTSTART')!.value).toBe(`${NEXT_YEAR}0708T143000`)
    expect(find(event, 'DTEND')!.value).toBe(`${NEXT_YEAR}0708T151500`)
    expect(instantOf(calendar, find(event, 'DTSTART')!).toISOString()).toBe(`${NEXT_YEAR}-07-08T12:30:00.000Z`)
    expect(find(event, 'UID')!.value).toBe(`appointment-${appointment.id}@atouts.test`)
    expect(find(event, 'SEQUENCE')!.value).toBe('0')
    expect(find(event, 'STATUS')!.value).toBe('CONFIRMED')
    expect(find(event, 'LOCATION')!.value).toBe('Maison de l’étudiant, bureau 12; 2ᵉ étage')
    expect(find(event, 'SUMMARY')!.value).toBe(
      `Rendez-vous avec Hélène ${world.referent.user.lastName} : Point sur le projet professionnel, le CV et la lettre de motivation avant les candidatures`,
    )
    expect(find(event, 'DESCRIPTION')!.value).toContain('Modalité : Sur place')
    expect(
      bytes
        .toString('utf8')
        .split('\r\n')
        .some((line) => line.startsWith(' ')),
    ).toBe(true)

    // the référent cancels it: the same UID, SEQUENCE 1, STATUS:CANCELLED
    const token = /name="_csrf" value="([^"]+)"/.exec((await referent.get(`/referent/rendez-vous/${appointment.id}/annuler`)).text)![1]
    await referent.post(`/referent/rendez-vous/${appointment.id}/annuler`).type('form').send({ _csrf: token, sequence: '0' })
    const cancelled = parseCalendar((await binary(agent.get(`/rendez-vous/${appointment.id}.ics`))).body as Buffer)
    const cancelledEvent = cancelled.components.find((component) => component.name === 'VEVENT')!
    expect(find(cancelledEvent, 'UID')!.value).toBe(`appointment-${appointment.id}@atouts.test`)
    expect(find(cancelledEvent, 'SEQUENCE')!.value).toBe('1')
    expect(find(cancelledEvent, 'STATUS')!.value).toBe('CANCELLED')
    const detail = decodeHtml((await agent.get(`/rendez-vous/${appointment.id}`)).text)
    expect(detail).toContain('Ce rendez-vous est annulé.')
    expect(detail).toContain('Mettre à jour mon agenda (.ics)</a>')
  })

  it('as another candidate, I get 404 on the page and the .ics of an appointment that is not mine', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await createAppointment(ctx.db, { candidateId: world.candidate.candidate.id, referentId: world.referent.referent.id })
    const agent = await signIn(ctx.app, world.strangerCandidate.user.email)
    expect((await agent.get(`/rendez-vous/${appointment.id}`)).status).toBe(404)
    expect((await agent.get(`/rendez-vous/${appointment.id}.ics`)).status).toBe(404)
    expect((await agent.get('/rendez-vous/abc.ics')).status).toBe(404)
    expect((await agent.get(`/rendez-vous/${appointment.id}.ics.ics`)).status).toBe(404)
  })

  it('as a référent, a recruiter or signed out, I cannot reach the candidate’s pages nor the .ics', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await createAppointment(ctx.db, { candidateId: world.candidate.candidate.id, referentId: world.referent.referent.id })
    for (const email of [world.referent.user.email, world.recruiter.user.email]) {
      const agent = await signIn(ctx.app, email)
      for (const path of ['/rendez-vous', `/rendez-vous/${appointment.id}`, `/rendez-vous/${appointment.id}.ics`]) {
        expect((await agent.get(path)).status, `${email} ${path}`).toBe(403)
      }
    }
    const anonymous = await request(ctx.app).get(`/rendez-vous/${appointment.id}.ics`)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.location).toBe('/connexion')
  })
})
