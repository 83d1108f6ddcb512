// The référent plans, moves and cancels appointments; every check of the form; who may do what.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppointment } from '../factories/index.ts'
import { createMailTestContext, csrfTokenFrom, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'
import { createAppointmentsWorld, type AppointmentsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count } from '../helpers/html.ts'
import { NEXT_YEAR, summerTimeDay } from '../helpers/dates.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const NEW = '/referent/rendez-vous/nouveau'

function validForm(world: AppointmentsWorld, overrides: Record<string, string> = {}) {
  return {
    candidateId: String(world.candidate.candidate.id),
    date: `${NEXT_YEAR}-07-08`,
    time: '14:30',
    durationMinutes: '45',
    mode: 'IN_PERSON',
    location: 'Maison de l’étudiant, bureau 12',
    subject: 'Point sur le projet professionnel',
    ...overrides,
  }
}

const countAppointments = () => ctx.db.appointment.count()
const notificationsOf = (userId: number) => ctx.db.notification.findMany({ where: { userId, event: 'appointment.planned' }, orderBy: { id: 'asc' } })

describe('the référent’s list and form', () => {
  it('when the référent opens "Rendez-vous", then the page has one h1, its title and the link "Planifier un rendez-vous"', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const page = await agent.get('/referent/rendez-vous')
    expect(page.status).toBe(200)
    expect(h1Count(page.text)).toBe(1)
    expect(page.text).toContain('<title>Rendez-vous – Atouts pour tous</title>')
    expect(page.text).toContain('<a href="/referent/rendez-vous" aria-current="page">Rendez-vous</a>')
    expect(page.text).toContain(`href="${NEW}">Planifier un rendez-vous</a>`)
    expect(page.text).toContain('Aucun rendez-vous pour le moment.')
  })

  it('when the référent opens the form, then it has every field of the issue and only the active candidates of their établissement', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const page = await agent.get(NEW)
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(html).toContain('<title>Planifier un rendez-vous – Atouts pour tous</title>')
    expect(h1Count(html)).toBe(1)
    expect(html).toMatch(/<label for="field-candidateId">Candidat <span class="required" aria-hidden="true">\*<\/span><\/label>/)
    expect(html).toMatch(/<label for="field-date">Date /)
    expect(html).toContain('type="date" id="field-date" name="date"')
    expect(html).toMatch(/<label for="field-time">Heure /)
    expect(html).toContain('type="time" id="field-time" name="time"')
    expect(html).toMatch(/<label for="field-durationMinutes">Durée \(minutes\) /)
    expect(html).toMatch(/<fieldset class="field">\s*<legend>Modalité /)
    expect(html).toMatch(/<input type="radio" id="field-mode" name="mode" value="IN_PERSON">\s*<label for="field-mode">Sur place<\/label>/)
    expect(html).toMatch(/<label for="field-mode-PHONE">Téléphone<\/label>/)
    expect(html).toMatch(/<label for="field-mode-VIDEO">Visio<\/label>/)
    expect(html).toMatch(/<label for="field-location">Lieu ou lien<\/label>/)
    expect(html).toMatch(/<label for="field-subject">Objet /)
    expect(html).toContain('<button type="submit">Planifier</button>')
    expect(html).toContain(`value="${world.candidate.candidate.id}"`)
    expect(html).toContain(world.candidate.user.email)
    expect(html).not.toContain(world.disabledCandidate.user.email)
    expect(html).not.toContain(world.pendingCandidate.user.email)
    expect(html).not.toContain(world.strangerCandidate.user.email)

    const preselected = await agent.get(`${NEW}?candidat=${world.candidate.candidate.id}`)
    expect(preselected.text).toContain(`<option value="${world.candidate.candidate.id}" selected>`)
  })
})

describe('planning an appointment', () => {
  it('when the référent plans one, then it is stored at the right instant, the candidate is notified and emailed with the .ics link, and it is listed', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const response = await submitForm(agent, NEW, validForm(world))
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/referent/rendez-vous')

    const stored = await ctx.db.appointment.findFirstOrThrow({ where: { candidateId: world.candidate.candidate.id } })
    // 14:30 in Paris in July is 12:30 UTC
    expect(stored.startsAt.toISOString()).toBe(`${NEXT_YEAR}-07-08T12:30:00.000Z`)
    expect(stored).toMatchObject({
      durationMinutes: 45,
      mode: 'IN_PERSON',
      location: 'Maison de l’étudiant, bureau 12',
      status: 'PLANNED',
      sequence: 0,
      referentId: world.referent.referent.id,
    })
    expect(await ctx.db.auditLog.count({ where: { action: 'appointment.plan', targetId: String(stored.id), actorUserId: world.referent.user.id } })).toBe(1)

    const notifications = await notificationsOf(world.candidate.user.id)
    expect(notifications).toHaveLength(1)
    expect(notifications[0].title).toMatch(new RegExp(`^Nouveau rendez-vous le jeudi 8 juillet ${NEXT_YEAR} à 14:30$`))
    expect(notifications[0].link).toBe(`/rendez-vous/${stored.id}`)

    const list = decodeHtml((await agent.get(response.headers.location)).text)
    expect(list).toContain(`Le rendez-vous avec Camille ${world.candidate.user.lastName} est planifié le jeudi 8 juillet ${NEXT_YEAR} à 14:30.`)
    expect(list).toContain('<h2 id="a-venir">Aujourd’hui et à venir</h2>')
    expect(list).toContain('Point sur le projet professionnel')
    expect(list).toContain(`href="/referent/rendez-vous/${stored.id}/modifier">Modifier`)
    expect(list).toContain(`href="/referent/rendez-vous/${stored.id}/annuler">Annuler`)

    const before = ctx.smtp.messages.length
    await deliverEmails(ctx)
    const mail = ctx.smtp.messages.slice(before).find((message) => recipientsOf(message).includes(world.candidate.user.email))
    expect(mail?.subject).toBe(`Nouveau rendez-vous le jeudi 8 juillet ${NEXT_YEAR} à 14:30`)
    expect(mail?.text).toContain('Modalité : Sur place')
    expect(mail?.text).toContain('Lieu : Maison de l’étudiant, bureau 12')
    expect(mail?.text).toContain(`${ctx.config.baseUrl}/rendez-vous/${stored.id}.ics`)
    expect(mail?.html).toContain('Ajouter à mon agenda (.ics)</a>')
  })

  it('when the appointment is in January, then winter time is used (UTC+1)', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.referent.user.email)
    await submitForm(agent, NEW, validForm(world, { date: `${NEXT_YEAR}-01-14`, time: '09:00', mode: 'VIDEO', location: 'https://visio.example.fr/salle-12' }))
    const stored = await ctx.db.appointment.findFirstOrThrow({ where: { candidateId: world.candidate.candidate.id } })
    expect(stored.startsAt.toISOString()).toBe(`${NEXT_YEAR}-01-14T08:00:00.000Z`)
    expect(stored.mode).toBe('VIDEO')
  })

  it('when the form is wrong, then 422 with every message next to its field and in the summary, the values kept, and nothing created nor sent', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const appointmentsBefore = await countAppointments()
    const outboxBefore = await ctx.db.outboxEmail.count()
    const cases: [Record<string, string>, string, string][] = [
      [{ date: '' }, 'date', 'Indiquez la date du rendez-vous.'],
      [{ date: `${NEXT_YEAR}-02-30` }, 'date', 'Indiquez une date qui existe, au format jj/mm/aaaa, par exemple 10/12/2026.'],
      [
        { date: `${new Date().getUTCFullYear() - 1}-07-08` },
        'date',
        'Le rendez-vous ne peut pas être dans le passé : choisissez une date et une heure à venir.',
      ],
      [{ time: '' }, 'time', 'Indiquez l’heure du rendez-vous.'],
      [{ time: '25:00' }, 'time', 'Indiquez l’heure au format hh:mm, par exemple 14:30.'],
      [
        { date: summerTimeDay(NEXT_YEAR), time: '02:30' },
        'time',
        'Cette heure n’existe pas ce jour-là : la France passe à l’heure d’été (de 2:00 à 3:00). Choisissez une autre heure.',
      ],
      [{ durationMinutes: '0' }, 'durationMinutes', 'La durée doit être d’au moins 5 minutes.'],
      [{ durationMinutes: '600' }, 'durationMinutes', 'La durée ne peut pas dépasser 480 minutes (8 heures).'],
      [{ durationMinutes: 'une heure' }, 'durationMinutes', 'La durée doit être un nombre entier de minutes, par exemple 45.'],
      [{ mode: '' }, 'mode', 'Choisissez la modalité du rendez-vous : sur place, téléphone ou visio.'],
      [{ location: '' }, 'location', 'Indiquez le lieu du rendez-vous, par exemple l’adresse ou le bureau.'],
      [{ mode: 'VIDEO', location: '' }, 'location', 'Indiquez le lien de la visio, qui commence par https://.'],
      [
        { mode: 'VIDEO', location: 'visio.example.fr/salle' },
        'location',
        'Le lien de la visio doit être une adresse qui commence par https://, par exemple https://visio.exemple.fr/salle.',
      ],
      [{ subject: '   ' }, 'subject', 'Indiquez l’objet du rendez-vous.'],
      [{ subject: 'x'.repeat(201) }, 'subject', 'L’objet doit compter au plus 200 caractères.'],
      [{ candidateId: '' }, 'candidateId', 'Choisissez le candidat.'],
      [{ candidateId: String(world.disabledCandidate.candidate.id) }, 'candidateId', 'Choisissez un candidat de votre établissement dans la liste.'],
      // a forged form: a candidate of another établissement is refused like one that does not exist
      [{ candidateId: String(world.strangerCandidate.candidate.id) }, 'candidateId', 'Choisissez un candidat de votre établissement dans la liste.'],
      [{ candidateId: '999999' }, 'candidateId', 'Choisissez un candidat de votre établissement dans la liste.'],
    ]
    for (const [overrides, field, message] of cases) {
      const response = await submitForm(agent, NEW, validForm(world, { subject: 'Objet gardé', ...overrides }))
      expect(response.status, JSON.stringify(overrides)).toBe(422)
      const html = decodeHtml(response.text)
      expect(html, JSON.stringify(overrides)).toContain(`<li><a href="#field-${field}">${message}</a></li>`)
      expect(html, JSON.stringify(overrides)).toContain(`<span class="visually-hidden">Erreur : </span>${message}</p>`)
      expect(html).toContain('<title>Erreur – Planifier un rendez-vous – Atouts pour tous</title>')
      if (!('subject' in overrides)) expect(html).toContain('value="Objet gardé"')
    }
    expect(await countAppointments()).toBe(appointmentsBefore)
    expect(await ctx.db.outboxEmail.count()).toBe(outboxBefore)
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(0)
  })

  it('when the form is empty, then every required field has its message at once', async () => {
    const world = await createAppointmentsWorld(ctx)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const response = await submitForm(agent, NEW, {})
    expect(response.status).toBe(422)
    const html = decodeHtml(response.text)
    expect(html).toContain('Le formulaire contient 6 erreurs')
    for (const field of ['candidateId', 'date', 'time', 'durationMinutes', 'mode', 'subject']) expect(html).toContain(`href="#field-${field}"`)
    expect(html).toContain('aria-describedby="field-mode-error"')
  })
})

describe('moving and cancelling', () => {
  async function planned(world: AppointmentsWorld, data: Partial<Parameters<typeof createAppointment>[1]> = {}) {
    return createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: new Date(`${NEXT_YEAR}-07-08T12:30:00Z`),
      subject: 'Point sur le CV',
      ...data,
    })
  }

  it('when the référent moves an appointment, then the form shows it in Paris time, the change is saved with SEQUENCE + 1 and the candidate is told', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await planned(world)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const path = `/referent/rendez-vous/${appointment.id}/modifier`
    const page = await agent.get(path)
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(h1Count(html)).toBe(1)
    expect(html).toContain(
      `<title>Modifier le rendez-vous – Camille ${world.candidate.user.lastName}, jeudi 8 juillet ${NEXT_YEAR} à 14:30 – Atouts pour tous</title>`,
    )
    expect(html).toContain(`value="${NEXT_YEAR}-07-08"`)
    expect(html).toContain('value="14:30"')
    expect(html).toContain('name="sequence" value="0"')
    expect(html).toMatch(/value="IN_PERSON" checked/)
    expect(html).toContain('<button type="submit">Enregistrer</button>')
    expect(html).not.toContain('name="candidateId"')

    const response = await submitForm(agent, path, {
      date: `${NEXT_YEAR}-07-09`,
      time: '10:00',
      durationMinutes: '60',
      mode: 'PHONE',
      location: '',
      subject: 'Point sur le CV',
      sequence: '0',
    })
    expect(response.status).toBe(302)
    const stored = await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
    expect(stored).toMatchObject({
      startsAt: new Date(`${NEXT_YEAR}-07-09T08:00:00Z`),
      durationMinutes: 60,
      mode: 'PHONE',
      location: null,
      sequence: 1,
      status: 'PLANNED',
    })
    const notifications = await notificationsOf(world.candidate.user.id)
    expect(notifications.map((notification) => notification.title)).toEqual([`Rendez-vous modifié : le vendredi 9 juillet ${NEXT_YEAR} à 10:00`])
    expect(notifications[0].body).toContain(`Au lieu du jeudi 8 juillet ${NEXT_YEAR} à 14:30.`)
    expect(decodeHtml((await agent.get('/referent/rendez-vous')).text)).toContain(
      `Le rendez-vous avec Camille ${world.candidate.user.lastName} est modifié : il aura lieu le vendredi 9 juillet ${NEXT_YEAR} à 10:00.`,
    )
    expect(await ctx.db.auditLog.count({ where: { action: 'appointment.move', targetId: String(appointment.id) } })).toBe(1)
  })

  it('when the same change is submitted twice (double click), then one change, one notification, and the second is told', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await planned(world)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const path = `/referent/rendez-vous/${appointment.id}/modifier`
    const token = await csrfTokenFrom(agent, path)
    const body = {
      date: `${NEXT_YEAR}-07-10`,
      time: '11:00',
      durationMinutes: '45',
      mode: 'IN_PERSON',
      location: 'Bureau du référent',
      subject: 'Point sur le CV',
      sequence: '0',
      _csrf: token,
    }
    const responses = await Promise.all([agent.post(path).type('form').send(body), agent.post(path).type('form').send(body)])
    expect(responses.map((response) => response.status)).toEqual([302, 302])
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).sequence).toBe(1)
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(1)
    // (the two answers share one session, so which flash message survives is a matter of timing:
    // the message of a stale page is checked with one more submission of the old version)
    await agent.get('/referent/rendez-vous')
    const stale = await agent
      .post(path)
      .type('form')
      .send({ ...body, time: '12:00' })
    expect(stale.status).toBe(302)
    expect(decodeHtml((await agent.get('/referent/rendez-vous')).text)).toContain(
      'Ce rendez-vous a été modifié entre-temps (par vous dans un autre onglet, ou par un autre référent) : rien n’a été enregistré.',
    )
    expect(await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({
      sequence: 1,
      startsAt: new Date(`${NEXT_YEAR}-07-10T09:00:00Z`),
    })
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(1)
  })

  it('when nothing is changed, then nothing is saved nor sent', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await planned(world, { location: 'Bureau 3', durationMinutes: 45, mode: 'IN_PERSON' })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const path = `/referent/rendez-vous/${appointment.id}/modifier`
    const response = await submitForm(agent, path, {
      date: `${NEXT_YEAR}-07-08`,
      time: '14:30',
      durationMinutes: '45',
      mode: 'IN_PERSON',
      location: 'Bureau 3',
      subject: 'Point sur le CV',
      sequence: '0',
    })
    expect(response.status).toBe(302)
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).sequence).toBe(0)
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(0)
    expect(decodeHtml((await agent.get('/referent/rendez-vous')).text)).toContain('Vous n’avez rien changé : le rendez-vous reste tel quel.')
  })

  it('when a move is wrong, then 422 with the messages and the appointment unchanged', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await planned(world)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const path = `/referent/rendez-vous/${appointment.id}/modifier`
    const response = await submitForm(agent, path, {
      date: '2020-01-01',
      time: '10:00',
      durationMinutes: '0',
      mode: 'IN_PERSON',
      location: 'Bureau',
      subject: 'Point',
      sequence: '0',
    })
    expect(response.status).toBe(422)
    const html = decodeHtml(response.text)
    expect(html).toContain('Le rendez-vous ne peut pas être dans le passé')
    expect(html).toContain('La durée doit être d’au moins 5 minutes.')
    expect(html).toContain('name="sequence" value="0"')
    expect(await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ sequence: 0, durationMinutes: 45 })
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(0)
  })

  it('when the référent cancels after the confirmation page, then it is CANCELLED with SEQUENCE + 1, the candidate is told, and a second cancel changes nothing', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await planned(world)
    const agent = await signIn(ctx.app, world.referent.user.email)
    const path = `/referent/rendez-vous/${appointment.id}/annuler`
    const page = await agent.get(path)
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(h1Count(html)).toBe(1)
    expect(html).toContain('<h1>Annuler le rendez-vous</h1>')
    expect(html).toContain(
      `<title>Annuler le rendez-vous – Camille ${world.candidate.user.lastName}, jeudi 8 juillet ${NEXT_YEAR} à 14:30 – Atouts pour tous</title>`,
    )
    expect(html).toContain('<button type="submit" class="button-danger">Annuler le rendez-vous</button>')

    const token = await csrfTokenFrom(agent, path)
    const response = await agent.post(path).type('form').send({ _csrf: token, sequence: '0' })
    expect(response.status).toBe(302)
    expect(await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ status: 'CANCELLED', sequence: 1 })
    const notifications = await notificationsOf(world.candidate.user.id)
    expect(notifications.map((notification) => notification.title)).toEqual([`Rendez-vous annulé : celui du jeudi 8 juillet ${NEXT_YEAR} à 14:30`])
    const list = decodeHtml((await agent.get('/referent/rendez-vous')).text)
    expect(list).toContain(`Le rendez-vous avec Camille ${world.candidate.user.lastName} est annulé.`)
    expect(list).toContain('<h2 id="passes">Passés ou annulés</h2>')
    expect(list).toContain('<span class="badge badge-ko">Annulé</span>')
    expect(list).not.toContain(`/referent/rendez-vous/${appointment.id}/modifier`)

    const again = await agent.post(path).type('form').send({ _csrf: token, sequence: '1' })
    expect(again.status).toBe(302)
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).sequence).toBe(1)
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(1)
    expect(decodeHtml((await agent.get('/referent/rendez-vous')).text)).toContain('Ce rendez-vous est annulé : il ne peut plus être modifié.')
    const edit = await agent.get(`/referent/rendez-vous/${appointment.id}/modifier`)
    expect(edit.status).toBe(302)
    expect(edit.headers.location).toBe('/referent/rendez-vous')
  })

  it('when an appointment is over, then it can be neither moved nor cancelled', async () => {
    const world = await createAppointmentsWorld(ctx)
    const past = await planned(world, { startsAt: new Date(Date.now() - 3 * 24 * 3600_000) })
    const agent = await signIn(ctx.app, world.referent.user.email)
    expect((await agent.get(`/referent/rendez-vous/${past.id}/annuler`)).headers.location).toBe('/referent/rendez-vous')
    const token = await csrfTokenFrom(agent, '/referent/rendez-vous')
    await agent.post(`/referent/rendez-vous/${past.id}/annuler`).type('form').send({ _csrf: token, sequence: '0' })
    expect(await ctx.db.appointment.findUniqueOrThrow({ where: { id: past.id } })).toMatchObject({ status: 'PLANNED', sequence: 0 })
    expect(decodeHtml((await agent.get('/referent/rendez-vous')).text)).toContain('Ce rendez-vous est passé : il ne peut plus être modifié ni annulé.')
  })

  it('when a colleague of the same établissement manages an appointment another référent planned, then they may move it', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await planned(world)
    const agent = await signIn(ctx.app, world.colleague.user.email)
    expect(decodeHtml((await agent.get('/referent/rendez-vous')).text)).toContain('Point sur le CV')
    const response = await submitForm(agent, `/referent/rendez-vous/${appointment.id}/modifier`, {
      date: `${NEXT_YEAR}-07-08`,
      time: '16:00',
      durationMinutes: '45',
      mode: 'IN_PERSON',
      location: 'Bureau du référent',
      subject: 'Point sur le CV',
      sequence: '0',
    })
    expect(response.status).toBe(302)
    expect((await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).startsAt.toISOString()).toBe(`${NEXT_YEAR}-07-08T14:00:00.000Z`)
  })
})

describe('who may do what', () => {
  it('as a référent of another établissement, I cannot see, move or cancel an appointment (404) and nothing changes', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      subject: 'Secret de suivi',
    })
    const agent = await signIn(ctx.app, world.strangerReferent.user.email)
    expect((await agent.get('/referent/rendez-vous')).text).not.toContain('Secret de suivi')
    expect((await agent.get(`/referent/rendez-vous?candidat=${world.candidate.candidate.id}`)).text).not.toContain('Secret de suivi')
    expect((await agent.get(`/referent/rendez-vous/${appointment.id}/modifier`)).status).toBe(404)
    expect((await agent.get(`/referent/rendez-vous/${appointment.id}/annuler`)).status).toBe(404)
    const token = await csrfTokenFrom(agent, '/referent/rendez-vous')
    const fields = {
      date: `${NEXT_YEAR}-07-10`,
      time: '10:00',
      durationMinutes: '30',
      mode: 'PHONE',
      location: '',
      subject: 'Piratage',
      sequence: '0',
      _csrf: token,
    }
    expect((await agent.post(`/referent/rendez-vous/${appointment.id}/modifier`).type('form').send(fields)).status).toBe(404)
    expect((await agent.post(`/referent/rendez-vous/${appointment.id}/annuler`).type('form').send({ _csrf: token, sequence: '0' })).status).toBe(404)
    expect(await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({
      status: 'PLANNED',
      sequence: 0,
      subject: 'Secret de suivi',
    })
    expect(await notificationsOf(world.candidate.user.id)).toHaveLength(0)
  })

  it('as a candidate or a recruiter, I get 403 on the référent’s pages; signed out, I am sent to the sign-in page', async () => {
    const world = await createAppointmentsWorld(ctx)
    const appointment = await createAppointment(ctx.db, { candidateId: world.candidate.candidate.id, referentId: world.referent.referent.id })
    for (const email of [world.candidate.user.email, world.recruiter.user.email]) {
      const agent = await signIn(ctx.app, email)
      for (const path of [
        '/referent/rendez-vous',
        NEW,
        `/referent/rendez-vous/${appointment.id}/modifier`,
        `/referent/rendez-vous/${appointment.id}/annuler`,
      ]) {
        expect((await agent.get(path)).status, `${email} ${path}`).toBe(403)
      }
      const token = await csrfTokenFrom(agent, '/mon-compte')
      expect(
        (
          await agent
            .post(NEW)
            .type('form')
            .send({ ...validForm(world), _csrf: token })
        ).status,
      ).toBe(403)
      expect((await agent.post(`/referent/rendez-vous/${appointment.id}/annuler`).type('form').send({ _csrf: token, sequence: '0' })).status).toBe(403)
    }
    const anonymous = await request(ctx.app).get('/referent/rendez-vous')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.location).toBe('/connexion')
    expect(await ctx.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ status: 'PLANNED', sequence: 0 })
  })
})

describe('the référent’s page of a candidate and the list by candidate', () => {
  it('when the référent opens a candidate, then the coming appointments and "Planifier un rendez-vous" (preselecting them) are there', async () => {
    const world = await createAppointmentsWorld(ctx)
    await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      subject: 'Préparer l’entretien',
      startsAt: new Date(`${NEXT_YEAR}-01-14T08:00:00Z`),
    })
    await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      subject: 'Rendez-vous annulé',
      status: 'CANCELLED',
    })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const html = decodeHtml((await agent.get(`/referent/candidats/${world.candidate.candidate.id}`)).text)
    expect(html).toContain('<h2>Rendez-vous</h2>')
    expect(html).toContain(`jeudi 14 janvier ${NEXT_YEAR} à 09:00</time> – Sur place – Préparer l’entretien`)
    expect(html).not.toContain('Rendez-vous annulé')
    expect(html).toContain(`href="${NEW}?candidat=${world.candidate.candidate.id}">Planifier un rendez-vous</a>`)

    const filtered = decodeHtml((await agent.get(`/referent/rendez-vous?candidat=${world.candidate.candidate.id}`)).text)
    expect(filtered).toContain(`<h1>Rendez-vous de Camille ${world.candidate.user.lastName}</h1>`)
    expect(filtered).toContain('2 rendez-vous, dont 1 aujourd’hui ou à venir.')
  })

  it('when there are many appointments, then coming ones come first, soonest first, then past and cancelled ones, across pages', async () => {
    const world = await createAppointmentsWorld(ctx)
    const day = 24 * 3600_000
    for (let index = 1; index <= 22; index++) {
      await createAppointment(ctx.db, {
        candidateId: world.candidate.candidate.id,
        referentId: world.referent.referent.id,
        subject: `À venir ${index}`,
        startsAt: new Date(Date.now() + (30 - index) * day),
      })
    }
    for (let index = 1; index <= 3; index++) {
      await createAppointment(ctx.db, {
        candidateId: world.candidate.candidate.id,
        referentId: world.referent.referent.id,
        subject: `Passé ${index}`,
        startsAt: new Date(Date.now() - index * 2 * day),
      })
    }
    const agent = await signIn(ctx.app, world.referent.user.email)
    const first = decodeHtml((await agent.get('/referent/rendez-vous')).text)
    expect(first).toContain('25 rendez-vous, dont 22 aujourd’hui ou à venir.')
    expect(first.indexOf('À venir 22<')).toBeLessThan(first.indexOf('À venir 21<'))
    expect(first).not.toContain('Passé 1')
    expect(first).toContain('href="/referent/rendez-vous?page=2">Page suivante</a>')
    const second = decodeHtml((await agent.get('/referent/rendez-vous?page=2')).text)
    expect(second).toContain('<title>Rendez-vous – page 2 – Atouts pour tous</title>')
    expect(second).toContain('À venir 1<')
    expect(second.indexOf('Passé 1<')).toBeLessThan(second.indexOf('Passé 2<'))
    expect(second.indexOf('À venir 1<')).toBeLessThan(second.indexOf('Passé 1<'))
  })
})
