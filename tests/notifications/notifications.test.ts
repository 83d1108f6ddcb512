import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailTransport, sendDueEmails } from '../../src/lib/outbox.ts'
import { eventsForRole, NOTIFICATION_EVENTS } from '../../src/modules/notifications/events.ts'
import { notify } from '../../src/modules/notifications/service.ts'
import { createAdmin, createCandidate, createNotification, createRecruiter, createReferent } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const deliver = () => sendDueEmails({ db: ctx.db, transport: createMailTransport(ctx.config), config: ctx.config })
const mailsTo = (address: string) => ctx.smtp.messages.filter((message) => [message.to].flat().some((to) => to?.text.includes(address)))

describe('the event catalogue', () => {
  it('has every event of SPEC §4 for candidates, and events for référents, recruiters and administrators, each with a French label and defaults', () => {
    expect(eventsForRole('CANDIDATE')).toEqual([
      'application.sent',
      'application.returned',
      'application.status_changed',
      'sponsorship.answered',
      'appointment.planned',
      'offers.saved_search',
      'account.news',
    ])
    expect(eventsForRole('REFERENT')).toEqual(expect.arrayContaining(['registration.to_validate', 'application.to_validate']))
    expect(eventsForRole('RECRUITER')).toEqual(['application.received', 'sponsorship.received', 'sponsorship.cancelled'])
    expect(eventsForRole('ADMIN')).toEqual(['registration.without_referent'])
    for (const definition of Object.values(NOTIFICATION_EVENTS)) {
      expect(definition.label).toMatch(/^[A-ZÉ]/)
      expect(typeof definition.defaults.email).toBe('boolean')
    }
  })
})

describe('Alertes et notifications', () => {
  it('shows one fieldset per event, the event as legend, with the two boxes ticked by default and "Enregistrer"', async () => {
    const { user } = await createCandidate(ctx.db)
    const page = await (await signIn(ctx.app, user.email)).get('/mon-compte/alertes')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>Alertes et notifications</h1>')
    for (const event of eventsForRole('CANDIDATE')) expect(page.text).toContain(`<legend>${NOTIFICATION_EVENTS[event].label}</legend>`)
    expect(page.text.match(/<fieldset/g)).toHaveLength(7)
    expect(page.text.match(/>Alerte par e-mail<\/label>/g)).toHaveLength(7)
    expect(page.text.match(/>Notification sur le site<\/label>/g)).toHaveLength(7)
    expect(page.text).toMatch(/id="email-application-sent" name="email" value="application.sent" checked>/)
    // "account news": a notification, no email, unless chosen
    expect(page.text).toMatch(/id="email-account-news" name="email" value="account.news">/)
    expect(page.text).toMatch(/id="site-account-news" name="inSite" value="account.news" checked>/)
    // the saved searches' alerts: by e-mail (at each search's « Fréquence des alertes »), not in the site, unless chosen
    expect(page.text).toMatch(/id="email-offers-saved-search" name="email" value="offers.saved_search" checked>/)
    expect(page.text).toMatch(/id="site-offers-saved-search" name="inSite" value="offers.saved_search">/)
    expect(page.text).toContain('>Enregistrer</button>')
  })

  it('when the candidate unticks boxes and saves, then the choices are stored per event and shown again', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, '/mon-compte/alertes', {
      email: ['application.returned', 'account.news', 'not.an.event'],
      inSite: ['application.sent'],
    })
    expect(response.headers.location).toBe('/mon-compte/alertes')
    const rows = await ctx.db.notificationPreference.findMany({ where: { userId: user.id }, orderBy: { event: 'asc' } })
    expect(rows).toHaveLength(7)
    expect(rows.find((row) => row.event === 'application.sent')).toMatchObject({ email: false, inSite: true })
    expect(rows.find((row) => row.event === 'application.returned')).toMatchObject({ email: true, inSite: false })
    expect(rows.find((row) => row.event === 'account.news')).toMatchObject({ email: true, inSite: false })
    const page = await agent.get('/mon-compte/alertes')
    expect(page.text).toContain('Vos choix d’alertes et de notifications sont enregistrés.')
    expect(page.text).toMatch(/value="application.sent">/)
    expect(page.text).toMatch(/name="email" value="application.returned" checked>/)
  })

  it('when a référent or a recruiter opens the page, then they see the events of their role', async () => {
    const referent = await createReferent(ctx.db)
    const recruiter = await createRecruiter(ctx.db)
    const referentPage = await (await signIn(ctx.app, referent.user.email)).get('/mon-compte/alertes')
    expect(referentPage.text).toContain('Nouvelle inscription à valider')
    expect(referentPage.text).not.toContain('Réponse à une demande de parrainage')
    const recruiterPage = await (await signIn(ctx.app, recruiter.user.email)).get('/mon-compte/alertes')
    expect(recruiterPage.text).toContain('Candidature reçue')
    expect(recruiterPage.text).toContain('Demande de parrainage reçue')
  })
})

describe('notify', () => {
  it('when the "Alerte par e-mail" box is ticked, then the mail reaches the SMTP server; when it is not, no mail is sent', async () => {
    const ticked = await createCandidate(ctx.db, { email: 'coche@exemple.fr' })
    const unticked = await createCandidate(ctx.db, { email: 'decoche@exemple.fr' })
    await submitForm(await signIn(ctx.app, ticked.user.email), '/mon-compte/alertes', { email: ['application.sent'], inSite: ['application.sent'] })
    await submitForm(await signIn(ctx.app, unticked.user.email), '/mon-compte/alertes', { inSite: ['application.sent'] })

    await ctx.db.$transaction(async (tx) => {
      for (const { user } of [ticked, unticked]) {
        await notify(
          tx,
          {
            userId: user.id,
            event: 'application.sent',
            title: 'Votre candidature a été envoyée à Garonne Numérique',
            body: 'Votre référent l’a validée.',
            link: '/candidatures/12',
          },
          { baseUrl: ctx.config.baseUrl },
        )
      }
    })
    const result = await deliver()
    expect(result.failed).toBe(0)
    const mail = await ctx.smtp.waitFor((message) => message.subject === 'Votre candidature a été envoyée à Garonne Numérique')
    expect(mailsTo('coche@exemple.fr')).toHaveLength(1)
    expect(mail.text).toContain('Bonjour')
    expect(mail.text).toContain('http://atouts.test/candidatures/12')
    expect(mail.text).toContain('Alertes et notifications')
    expect(mailsTo('decoche@exemple.fr')).toHaveLength(0)
    // both get the notification in the site
    for (const { user } of [ticked, unticked]) expect(await ctx.db.notification.count({ where: { userId: user.id, event: 'application.sent' } })).toBe(1)
  })

  it('when the "Notification sur le site" box is unticked, then no notification is written, and the email alone is queued', async () => {
    const { user } = await createCandidate(ctx.db)
    await submitForm(await signIn(ctx.app, user.email), '/mon-compte/alertes', { email: ['application.returned'] })
    const outcome = await ctx.db.$transaction((tx) =>
      notify(tx, {
        userId: user.id,
        event: 'application.returned',
        title: 'Votre référent vous demande de revoir une candidature',
        email: {
          subject: 'Candidature à revoir',
          template: 'notifications/event',
          data: { title: 'Candidature à revoir', body: 'Précisez vos dates.', link: null },
        },
      }),
    )
    expect(outcome).toEqual({ inSite: false, email: true })
    expect(await ctx.db.notification.count({ where: { userId: user.id } })).toBe(0)
    await deliver()
    const mail = await ctx.smtp.waitFor((message) => message.subject === 'Candidature à revoir')
    expect(mail.text).toContain('Précisez vos dates.')
  })

  it('when the user saved no choice, then the catalogue’s defaults apply (account news: notification only)', async () => {
    const { user } = await createCandidate(ctx.db)
    const outcome = await ctx.db.$transaction((tx) => notify(tx, { userId: user.id, event: 'account.news', title: 'Nouveauté sur la plateforme' }))
    expect(outcome).toEqual({ inSite: true, email: false })
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email } })).toBe(0)
  })

  it('when the transaction rolls back, then neither the notification nor the email exists', async () => {
    const { user } = await createCandidate(ctx.db)
    await expect(
      ctx.db.$transaction(async (tx) => {
        await notify(tx, { userId: user.id, event: 'application.sent', title: 'Envoyée' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await ctx.db.notification.count({ where: { userId: user.id } })).toBe(0)
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email } })).toBe(0)
  })

  it('when the account is disabled, then nothing is sent; when it is only invited, then the notification waits without an email', async () => {
    const disabled = await createCandidate(ctx.db, { status: 'DISABLED' })
    const invited = await createCandidate(ctx.db, { status: 'INVITED', password: null })
    expect(await notify(ctx.db, { userId: disabled.user.id, event: 'application.sent', title: 'x' })).toEqual({ inSite: false, email: false })
    expect(await notify(ctx.db, { userId: invited.user.id, event: 'application.sent', title: 'x' })).toEqual({ inSite: true, email: false })
  })

  it('when an event is raised for a user of another role, or with a link outside the site, then it fails loudly (a programming error)', async () => {
    const recruiter = await createRecruiter(ctx.db)
    const { user } = await createCandidate(ctx.db)
    await expect(notify(ctx.db, { userId: recruiter.user.id, event: 'application.sent', title: 'x' })).rejects.toThrow(/ne concerne pas/)
    await expect(notify(ctx.db, { userId: user.id, event: 'application.sent', title: 'x', link: 'https://evil.example' })).rejects.toThrow(/chemin du site/)
  })
})

describe('the notification centre', () => {
  it('when a user has unread notifications, then the header shows the count next to "Notifications"; a visitor sees no such link', async () => {
    const { user } = await createCandidate(ctx.db)
    for (let i = 0; i < 3; i++) await createNotification(ctx.db, { userId: user.id })
    await createNotification(ctx.db, { userId: user.id, readAt: new Date() })
    const agent = await signIn(ctx.app, user.email)
    const page = await agent.get('/tableau-de-bord')
    expect(page.text).toMatch(/<a href="\/notifications">Notifications <span class="nav-badge">3<span class="visually-hidden"> non lues<\/span><\/span><\/a>/)
    expect((await request(ctx.app).get('/connexion')).text).not.toContain('href="/notifications"')
  })

  it('lists the notifications newest first, paginated, with a link to what they are about', async () => {
    const { user } = await createCandidate(ctx.db)
    const start = Date.now() - 100 * 60_000
    for (let i = 1; i <= 25; i++)
      await createNotification(ctx.db, {
        userId: user.id,
        title: `Événement numéro ${i}`,
        createdAt: new Date(start + i * 60_000),
        link: i === 25 ? '/candidatures/7' : null,
      })
    const agent = await signIn(ctx.app, user.email)
    const first = await agent.get('/notifications')
    expect(first.status).toBe(200)
    expect(first.text).toContain('<h1>Notifications</h1>')
    expect(first.text).toContain('25 notifications non lues')
    expect(first.text.indexOf('Événement numéro 25')).toBeLessThan(first.text.indexOf('Événement numéro 24'))
    expect(first.text).toContain('<a href="/candidatures/7">Événement numéro 25</a>')
    expect(first.text).not.toContain('Événement numéro 5<')
    expect(first.text).toContain('href="/notifications?page=2"')
    const second = await agent.get('/notifications?page=2')
    expect(second.text).toContain('Événement numéro 5<')
    expect(second.text).toContain('<title>Notifications – page 2 – Atouts pour tous</title>')
  })

  it('when the user marks one as read, then it is read and the count goes down; "Tout marquer comme lu" reads the rest', async () => {
    const { user } = await createCandidate(ctx.db)
    const first = await createNotification(ctx.db, { userId: user.id, title: 'Première' })
    await createNotification(ctx.db, { userId: user.id, title: 'Deuxième' })
    await createNotification(ctx.db, { userId: user.id, title: 'Troisième' })
    const agent = await signIn(ctx.app, user.email)
    const page = await agent.get('/notifications')
    expect(page.text).toContain('Marquer comme lue<span class="visually-hidden"> : Première</span>')
    expect(page.text).toContain('>Tout marquer comme lu</button>')

    const one = await submitForm(agent, `/notifications/${first.id}/lue`, { page: '1' }, '/notifications')
    expect(one.headers.location).toBe('/notifications')
    expect((await ctx.db.notification.findUniqueOrThrow({ where: { id: first.id } })).readAt).not.toBeNull()
    expect((await agent.get('/notifications')).text).toContain('2 notifications non lues')

    const all = await submitForm(agent, '/notifications/tout-lu', {}, '/notifications')
    expect(all.headers.location).toBe('/notifications')
    expect(await ctx.db.notification.count({ where: { userId: user.id, readAt: null } })).toBe(0)
    const after = await agent.get('/notifications')
    expect(after.text).toContain('Aucune notification non lue')
    expect(after.text).not.toContain('nav-badge')
    expect(after.text).not.toContain('>Tout marquer comme lu</button>')
  })

  it('when a user tries to mark another user’s notification as read, then it is 404 and it stays unread', async () => {
    const owner = await createCandidate(ctx.db)
    const notification = await createNotification(ctx.db, { userId: owner.user.id })
    const other = await createAdmin(ctx.db)
    const agent = await signIn(ctx.app, other.user.email)
    expect((await submitForm(agent, `/notifications/${notification.id}/lue`, {}, '/notifications')).status).toBe(404)
    expect((await ctx.db.notification.findUniqueOrThrow({ where: { id: notification.id } })).readAt).toBeNull()
    expect((await agent.get('/notifications')).text).not.toContain(notification.title)
  })
})
