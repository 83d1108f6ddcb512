// « Mes recherches enregistrées » and their alert e-mails, through HTTP and the real SMTP test server,
// on SQLite and on PostgreSQL (TEST_PG_URL).
import type { ParsedMail } from 'mailparser'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_SAVED_SEARCHES, sendSavedSearchAlerts } from '../../src/modules/offers/saved-searches.ts'
import {
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createOfferWithDetails,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createMailTestContext, csrfTokenFrom, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { decodeHtml, textOf } from '../helpers/html.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'

const MINUTE = 60_000
let ctx: MailTestContext
let conventionId: number
let establishmentId: number
let partner: { id: number }
let stranger: { id: number }

beforeAll(async () => {
  ctx = await createMailTestContext()
  conventionId = (await createConvention(ctx.db)).id
  establishmentId = (await createEstablishment(ctx.db, { conventionId })).id
  partner = await createEmployer(ctx.db, { name: 'Garonne Numérique', partnerOf: [conventionId] })
  stranger = await createEmployer(ctx.db, { name: 'Estuaire Conseil' })
})
afterAll(() => ctx?.cleanup())

async function newCandidate() {
  const { user } = await createCandidate(ctx.db, { establishmentId })
  return { user, agent: await signIn(ctx.app, user.email) }
}

/** « Enregistrer cette recherche » under the results of /offres?<query>, as a browser sends it. */
async function saveFrom(agent: Agent, query: string, fields: Record<string, string> = {}) {
  const page = await agent.get(`/offres?${query}`)
  const form = /<form method="post" action="\/mon-compte\/recherches"[\s\S]*?<\/form>/.exec(page.text)?.[0] ?? ''
  const hidden = /name="recherche" value="([^"]*)"/.exec(form)?.[1] ?? ''
  const name = /id="field-nom" name="nom" value="([^"]*)"/.exec(form)?.[1] ?? ''
  return submitForm(
    agent,
    '/mon-compte/recherches',
    { recherche: decodeHtml(hidden), nom: decodeHtml(name), frequence: 'DAILY', ...fields },
    `/offres?${query}`,
  )
}

const offer = (data: {
  title: string
  employerId?: number
  contractType?: 'STAGE' | 'CDI'
  publishedAt: Date
  status?: 'DRAFT' | 'PUBLISHED'
  city?: string
  department?: string
}) =>
  createOfferWithDetails(ctx.db, {
    employerId: data.employerId ?? partner.id,
    title: data.title,
    description: 'Une mission au sein d’une équipe bienveillante.',
    contractType: data.contractType ?? 'STAGE',
    city: data.city ?? 'Toulouse',
    department: data.department ?? '31',
    sector: 'Numérique',
    status: data.status ?? 'PUBLISHED',
    publishedAt: data.status === 'DRAFT' ? null : data.publishedAt,
  })

/** The error shown next to a form field and tied to it (aria-describedby, aria-invalid); null when there is none. */
function fieldError(html: string, name: string): string | null {
  const control = new RegExp(`<(?:input|select|textarea)[^>]* id="field-${name}"[^>]*>`).exec(html)?.[0] ?? ''
  const describedBy = /aria-describedby="([^"]*)"/.exec(control)?.[1]?.split(' ') ?? []
  if (!describedBy.includes(`field-${name}-error`) || !control.includes('aria-invalid="true"')) return null
  const message = new RegExp(`<p class="error-message" id="field-${name}-error">([\\s\\S]*?)</p>`).exec(html)?.[1]
  return message === undefined ? null : textOf(message)
}

const mailsTo = (address: string) => ctx.smtp.messages.filter(sentTo(address))
const headerOf = (mail: ParsedMail, name: string) => mail.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '') ?? null

/** Runs the periodic job at `now`, then the outbox. Earlier outbox rows are aged as the clock would (coalescing reads the real time). */
async function runAlerts(now: Date) {
  const emails = await ctx.db.outboxEmail.findMany({ select: { id: true, createdAt: true } })
  for (const email of emails)
    await ctx.db.outboxEmail.update({ where: { id: email.id }, data: { createdAt: new Date(email.createdAt.getTime() - 60 * MINUTE) } })
  await sendSavedSearchAlerts(ctx.db, ctx.config, now)
  await deliverEmails(ctx)
}

describe('saving a search from /offres', () => {
  it('when a candidate saves their search, then « Mes recherches enregistrées » lists it with its filters in words and « Voir les offres » opens the same search', async () => {
    const { agent } = await newCandidate()
    const page = await agent.get('/offres?motscles=num%C3%A9rique&contrat=stage&lieu=Toulouse')
    expect(textOf(page.text)).toContain('Enregistrer cette recherche')
    expect(page.text).toContain('value="Stage · Toulouse · numérique"')

    const saved = await saveFrom(agent, 'motscles=num%C3%A9rique&contrat=stage&lieu=Toulouse')
    expect(saved.status).toBe(302)
    expect(saved.headers.location).toBe('/mon-compte/recherches')
    const list = await agent.get('/mon-compte/recherches')
    const text = textOf(list.text)
    expect(text).toContain('La recherche est enregistrée.')
    expect(text).toContain('Stage · Toulouse · numérique')
    expect(text).toContain('Mots-clés : numérique')
    expect(text).toContain('Type de contrat : Stage')
    expect(text).toContain('Ville ou département : Toulouse')
    expect(text).toContain('Fréquence des alertes : Chaque jour')
    expect(text).toContain('Aucune nouvelle offre depuis la dernière alerte')
    expect(decodeHtml(list.text)).toContain('href="/offres?motscles=num%C3%A9rique&contrat=stage&lieu=Toulouse"')
  })

  it('when a candidate names the search, then it keeps that name; « Mon compte » links to the list', async () => {
    const { agent } = await newCandidate()
    await saveFrom(agent, 'contrat=cdi', { nom: 'Mes CDI', frequence: 'WEEKLY' })
    const text = textOf((await agent.get('/mon-compte/recherches')).text)
    expect(text).toContain('Mes CDI')
    expect(text).toContain('Fréquence des alertes : Chaque semaine')
    expect((await agent.get('/mon-compte')).text).toContain('href="/mon-compte/recherches"')
  })

  it(`when a candidate has ${MAX_SAVED_SEARCHES} searches, then a new one is refused with a clear message`, async () => {
    const { user, agent } = await newCandidate()
    for (let n = 0; n < MAX_SAVED_SEARCHES; n++)
      await ctx.db.savedSearch.create({ data: { userId: user.id, name: `Recherche ${n}`, query: `motscles=m${n}`, alertedUntil: new Date() } })
    const refused = await saveFrom(agent, 'contrat=stage')
    expect(refused.headers.location).toBe('/offres?contrat=stage')
    expect(textOf((await agent.get('/offres?contrat=stage')).text)).toContain(`Vous avez déjà ${MAX_SAVED_SEARCHES} recherches enregistrées, le maximum.`)
    expect(await ctx.db.savedSearch.count({ where: { userId: user.id } })).toBe(MAX_SAVED_SEARCHES)
  })

  it('when the name is too long or the frequency unknown, then nothing is saved and /offres says why next to each field, keeping what was typed', async () => {
    const { user, agent } = await newCandidate()
    const refused = await saveFrom(agent, 'contrat=stage', { nom: `Stages ${'x'.repeat(101)}`, frequence: 'WEEKLY' })
    expect(refused.status).toBe(422)
    // the same /offres page: its search, its results
    expect(refused.text).toContain('id="contrat-stage" name="contrat" value="stage" checked')
    expect(textOf(refused.text)).toContain('Résultats')
    expect(fieldError(refused.text, 'nom')).toBe('Erreur : Le nom de la recherche doit compter au plus 100 caractères.')
    expect(refused.text).toContain(`value="Stages ${'x'.repeat(101)}"`)
    expect(refused.text).toMatch(/<option value="WEEKLY" selected>/)
    // the summary at the top links to the field; the page's title says there is an error
    expect(refused.text).toMatch(/<a href="#field-nom">Le nom de la recherche doit compter au plus 100 caractères\.<\/a>/)
    expect(refused.text).toMatch(/<title>Erreur – /)
    // the hidden search is still the one on the page: saved once the name is right
    const hidden = /name="recherche" value="([^"]*)"/.exec(refused.text)?.[1]
    expect(decodeHtml(hidden ?? '')).toBe('contrat=stage')

    const wrongFrequency = await saveFrom(agent, 'contrat=stage', { nom: 'Mes stages', frequence: 'HOURLY' })
    expect(wrongFrequency.status).toBe(422)
    expect(fieldError(wrongFrequency.text, 'frequence')).toBe('Erreur : Choisissez la fréquence des alertes.')
    expect(fieldError(wrongFrequency.text, 'nom')).toBeNull()
    expect(await ctx.db.savedSearch.count({ where: { userId: user.id } })).toBe(0)
  })
})

describe('editing and deleting', () => {
  it('when a candidate changes the name and the frequency, then the list shows them; an empty name is refused next to the field', async () => {
    const { user, agent } = await newCandidate()
    await saveFrom(agent, 'contrat=stage')
    const { id } = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: user.id } })
    const form = await agent.get(`/mon-compte/recherches/${id}`)
    expect(textOf(form.text)).toContain('Fréquence des alertes')

    const refused = await submitForm(agent, `/mon-compte/recherches/${id}`, { nom: ' ', frequence: 'IMMEDIATE' })
    expect(refused.status).toBe(422)
    expect(fieldError(refused.text, 'nom')).toBe('Erreur : Saisissez le nom de la recherche.')
    const tooLong = await submitForm(agent, `/mon-compte/recherches/${id}`, { nom: 'y'.repeat(101), frequence: 'IMMEDIATE' })
    expect(tooLong.status).toBe(422)
    expect(fieldError(tooLong.text, 'nom')).toBe('Erreur : Le nom de la recherche doit compter au plus 100 caractères.')
    expect(tooLong.text).toContain(`value="${'y'.repeat(101)}"`)
    expect((await ctx.db.savedSearch.findUniqueOrThrow({ where: { id } })).frequency).toBe('DAILY')

    const done = await submitForm(agent, `/mon-compte/recherches/${id}`, { nom: 'Stages à Toulouse', frequence: 'IMMEDIATE' })
    expect(done.headers.location).toBe('/mon-compte/recherches')
    const text = textOf((await agent.get('/mon-compte/recherches')).text)
    expect(text).toContain('Stages à Toulouse')
    expect(text).toContain('Fréquence des alertes : Dès la publication')
  })

  it('when a candidate deletes a search, then it is gone', async () => {
    const { user, agent } = await newCandidate()
    await saveFrom(agent, 'contrat=stage', { nom: 'À supprimer' })
    const { id } = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: user.id } })
    const done = await submitForm(agent, `/mon-compte/recherches/${id}/supprimer`, {}, '/mon-compte/recherches')
    expect(done.headers.location).toBe('/mon-compte/recherches')
    const text = textOf((await agent.get('/mon-compte/recherches')).text)
    expect(text).toContain('La recherche « À supprimer » est supprimée.')
    expect(await ctx.db.savedSearch.count({ where: { userId: user.id } })).toBe(0)
  })

  it('when another candidate tries to see, change or delete it, then 404 and nothing changes; other roles get 403', async () => {
    const owner = await newCandidate()
    await saveFrom(owner.agent, 'contrat=stage', { nom: 'La mienne' })
    const { id } = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: owner.user.id } })
    const other = await newCandidate()
    expect((await other.agent.get(`/mon-compte/recherches/${id}`)).status).toBe(404)
    const token = await csrfTokenFrom(other.agent, '/mon-compte/recherches')
    expect((await other.agent.post(`/mon-compte/recherches/${id}`).type('form').send({ _csrf: token, nom: 'Volée', frequence: 'NEVER' })).status).toBe(404)
    expect((await other.agent.post(`/mon-compte/recherches/${id}/supprimer`).type('form').send({ _csrf: token })).status).toBe(404)
    expect(textOf((await other.agent.get('/mon-compte/recherches')).text)).not.toContain('La mienne')
    const row = await ctx.db.savedSearch.findUniqueOrThrow({ where: { id } })
    expect([row.name, row.frequency]).toEqual(['La mienne', 'DAILY'])

    for (const { user } of [await createReferent(ctx.db), await createRecruiter(ctx.db)]) {
      const agent = await signIn(ctx.app, user.email)
      expect((await agent.get('/mon-compte/recherches')).status).toBe(403)
      expect((await agent.get(`/mon-compte/recherches/${id}`)).status).toBe(403)
      expect(textOf((await agent.get('/mon-compte')).text)).not.toContain('Mes recherches enregistrées')
    }
  })
})

describe('the alert e-mails', () => {
  it('« Dès la publication »: one e-mail with only the matching offers the candidate may see, once, at most one per 15 minutes, with a working one-click stop link', async () => {
    const { user, agent } = await newCandidate()
    await saveFrom(agent, 'motscles=d%C3%A9veloppeur&contrat=stage', { nom: 'Stages de développeur', frequence: 'IMMEDIATE' })
    const saved = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: user.id } })
    const t0 = saved.alertedUntil.getTime()
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE)

    await offer({ title: 'Stage développeur web', publishedAt: at(1) })
    await offer({ title: 'CDI développeur confirmé', contractType: 'CDI', publishedAt: at(1) })
    await offer({ title: 'Stage développeur chez un non-partenaire', employerId: stranger.id, publishedAt: at(1) })
    await offer({ title: 'Stage développeur en brouillon', status: 'DRAFT', publishedAt: at(1) })
    await offer({ title: 'Stage développeur déjà connu', publishedAt: new Date(t0 - MINUTE) })
    expect(textOf((await agent.get('/mon-compte/recherches')).text)).toContain('1 nouvelle offre depuis la dernière alerte')

    await runAlerts(at(2))
    const first = mailsTo(user.email)
    expect(first.map((mail) => mail.subject)).toEqual(['1 nouvelle offre pour « Stages de développeur »'])
    expect(first[0].text).toContain('Stage développeur web')
    for (const title of ['CDI développeur confirmé', 'non-partenaire', 'brouillon', 'déjà connu']) expect(first[0].text).not.toContain(title)

    // the same period again: nothing more
    await runAlerts(at(2))
    expect(mailsTo(user.email)).toHaveLength(1)

    // a new offer 3 minutes later: not before 15 minutes after the first e-mail, then in one e-mail
    await offer({ title: 'Stage développeur mobile', publishedAt: at(3) })
    expect(textOf((await agent.get('/mon-compte/recherches')).text)).toContain('1 nouvelle offre depuis la dernière alerte')
    await runAlerts(at(5))
    expect(mailsTo(user.email)).toHaveLength(1)
    await runAlerts(at(18))
    const second = mailsTo(user.email)
    expect(second).toHaveLength(2)
    expect(second[1].text).toContain('Stage développeur mobile')
    expect(second[1].text).not.toContain('Stage développeur web')

    // RFC 8058 headers, and the stop link in the text
    const stop = linkIn(second[1], 'http://atouts.test/alertes-offres/arreter/')
    expect(headerOf(second[1], 'List-Unsubscribe')).toBe(`<${stop}>`)
    expect(headerOf(second[1], 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')

    // GET shows a confirmation, changes nothing; the button (no sign-in, no CSRF token) stops the alert
    const anonymous = request(ctx.app)
    const confirm = await anonymous.get(pathOf(stop))
    expect(confirm.status).toBe(200)
    expect(textOf(confirm.text)).toContain('« Stages de développeur »')
    expect(textOf(confirm.text)).toContain('Arrêter cette alerte')
    expect((await ctx.db.savedSearch.findUniqueOrThrow({ where: { id: saved.id } })).frequency).toBe('IMMEDIATE')
    const stopped = await request(ctx.app).post(pathOf(stop)).type('form').send('List-Unsubscribe=One-Click')
    expect(stopped.status).toBe(200)
    expect(textOf(stopped.text)).toContain('Vous ne recevrez plus d’e-mail pour la recherche « Stages de développeur »')
    expect((await ctx.db.savedSearch.findUniqueOrThrow({ where: { id: saved.id } })).frequency).toBe('NEVER')
    expect(textOf((await agent.get('/mon-compte/recherches')).text)).toContain('Fréquence des alertes : Jamais')

    // « Jamais »: no e-mail
    await offer({ title: 'Stage développeur après l’arrêt', publishedAt: at(40) })
    await runAlerts(at(60))
    expect(mailsTo(user.email)).toHaveLength(2)
  })

  it('a stop link with a wrong signature or for another search does nothing', async () => {
    const { user, agent } = await newCandidate()
    await saveFrom(agent, 'contrat=stage', { frequence: 'DAILY' })
    const saved = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: user.id } })
    for (const token of [`${saved.id}.${'A'.repeat(32)}`, `${saved.id}`, 'nimporte-quoi']) {
      expect((await request(ctx.app).get(`/alertes-offres/arreter/${token}`)).status).toBe(404)
      expect((await request(ctx.app).post(`/alertes-offres/arreter/${token}`).type('form').send('List-Unsubscribe=One-Click')).status).toBe(404)
    }
    expect((await ctx.db.savedSearch.findUniqueOrThrow({ where: { id: saved.id } })).frequency).toBe('DAILY')
  })

  it('« Chaque jour »: nothing before a day has passed, then one e-mail with the offers of the day, once', async () => {
    const { user, agent } = await newCandidate()
    await saveFrom(agent, 'lieu=81', { nom: 'Tarn', frequence: 'DAILY' })
    const saved = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: user.id } })
    const t0 = saved.alertedUntil.getTime()
    await offer({ title: 'Offre quotidienne A', publishedAt: new Date(t0 + 10 * MINUTE), city: 'Albi', department: '81' })
    await offer({ title: 'Offre quotidienne B', contractType: 'CDI', publishedAt: new Date(t0 + 20 * MINUTE), city: 'Castres', department: '81' })
    await offer({ title: 'Offre quotidienne ailleurs', publishedAt: new Date(t0 + 20 * MINUTE) })
    await runAlerts(new Date(t0 + 60 * MINUTE))
    expect(mailsTo(user.email)).toHaveLength(0)
    await runAlerts(new Date(t0 + 25 * 60 * MINUTE))
    await runAlerts(new Date(t0 + 26 * 60 * MINUTE))
    const mails = mailsTo(user.email)
    expect(mails.map((mail) => mail.subject)).toEqual(['2 nouvelles offres pour « Tarn »'])
    expect(mails[0].text).toContain('Offre quotidienne A')
    expect(mails[0].text).toContain('Offre quotidienne B')
    expect(mails[0].text).not.toContain('ailleurs')
  })

  it('« Alertes et notifications »: with « Notification sur le site » ticked and the e-mail unticked, the alert goes to the notification centre only', async () => {
    const { user, agent } = await newCandidate()
    const preferences = await agent.get('/mon-compte/alertes')
    expect(textOf(preferences.text)).toContain('Nouvelles offres de vos recherches enregistrées')
    await submitForm(agent, '/mon-compte/alertes', { inSite: 'offers.saved_search' })
    await saveFrom(agent, 'lieu=46', { nom: 'Lot', frequence: 'IMMEDIATE' })
    const saved = await ctx.db.savedSearch.findFirstOrThrow({ where: { userId: user.id } })
    const t0 = saved.alertedUntil.getTime()
    await offer({ title: 'Offre à Cahors', publishedAt: new Date(t0 + MINUTE), city: 'Cahors', department: '46' })
    await runAlerts(new Date(t0 + 2 * MINUTE))
    expect(mailsTo(user.email)).toHaveLength(0)
    const centre = await agent.get('/notifications')
    expect(textOf(centre.text)).toContain('1 nouvelle offre pour « Lot »')
    expect(decodeHtml(centre.text)).toContain('href="/offres?lieu=46"')
  })
})

describe('the alert job at scale: the due searches matched once per group (same filters, convention and « since »)', () => {
  it('candidates who share a search each get only what their own rules give: their convention’s partners, their « since », their frequency and preferences', async () => {
    // a second convention with its own partner, and one employer of both conventions
    const otherConvention = (await createConvention(ctx.db)).id
    const otherEstablishment = (await createEstablishment(ctx.db, { conventionId: otherConvention })).id
    const otherPartner = await createEmployer(ctx.db, { name: 'Pépinières du Lot', partnerOf: [otherConvention] })
    const t0 = Date.now() - 10 * MINUTE
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE)
    const candidate = async (establishment: number, search: { frequency?: 'IMMEDIATE' | 'NEVER'; alertedUntil?: Date; lastEmailAt?: Date } = {}) => {
      const { user } = await createCandidate(ctx.db, { establishmentId: establishment })
      await ctx.db.savedSearch.create({
        data: {
          userId: user.id,
          name: 'Jardinage',
          query: 'motscles=jardinier',
          frequency: search.frequency ?? 'IMMEDIATE',
          alertedUntil: search.alertedUntil ?? at(0),
          lastEmailAt: search.lastEmailAt ?? null,
        },
      })
      return user
    }
    const first = await candidate(establishmentId)
    const second = await candidate(establishmentId)
    const elsewhere = await candidate(otherEstablishment)
    const never = await candidate(establishmentId, { frequency: 'NEVER' })
    const emailedLately = await candidate(establishmentId, { lastEmailAt: at(-5) })
    const laterSince = await candidate(establishmentId, { alertedUntil: at(2) })
    const inSiteOnly = await candidate(establishmentId)
    await ctx.db.notificationPreference.create({ data: { userId: inSiteOnly.id, event: 'offers.saved_search', email: false, inSite: true } })

    await offer({ title: 'Jardinier paysagiste à Toulouse', publishedAt: at(1) })
    await offer({ title: 'Jardinier au bord du Lot', employerId: otherPartner.id, publishedAt: at(1), city: 'Cahors', department: '46' })
    await offer({ title: 'Jardinier chez un non-partenaire', employerId: stranger.id, publishedAt: at(1) })
    await offer({ title: 'Jardinier des serres municipales', publishedAt: at(3) })

    await runAlerts(at(4))
    for (const user of [first, second]) {
      const mails = mailsTo(user.email)
      expect(mails.map((mail) => mail.subject)).toEqual(['2 nouvelles offres pour « Jardinage »'])
      expect(mails[0].text).toContain('Jardinier paysagiste à Toulouse')
      expect(mails[0].text).toContain('Jardinier des serres municipales')
      for (const title of ['bord du Lot', 'non-partenaire']) expect(mails[0].text).not.toContain(title)
    }
    const theirs = mailsTo(elsewhere.email)
    expect(theirs.map((mail) => mail.subject)).toEqual(['1 nouvelle offre pour « Jardinage »'])
    expect(theirs[0].text).toContain('Jardinier au bord du Lot')
    for (const title of ['paysagiste', 'serres', 'non-partenaire']) expect(theirs[0].text).not.toContain(title)
    expect(mailsTo(never.email)).toHaveLength(0)
    // « Dès la publication »: its last e-mail was 9 minutes ago, not 15
    expect(mailsTo(emailedLately.email)).toHaveLength(0)
    const later = mailsTo(laterSince.email)
    expect(later.map((mail) => mail.subject)).toEqual(['1 nouvelle offre pour « Jardinage »'])
    expect(later[0].text).toContain('Jardinier des serres municipales')
    expect(later[0].text).not.toContain('paysagiste')
    expect(mailsTo(inSiteOnly.email)).toHaveLength(0)
    const notifications = await ctx.db.notification.findMany({ where: { userId: inSiteOnly.id } })
    expect(notifications.map((notification) => [notification.title, notification.link])).toEqual([
      ['2 nouvelles offres pour « Jardinage »', '/offres?motscles=jardinier'],
    ])

    // the same run again: nothing more; 16 minutes after its last e-mail, the held-back one gets all its offers
    await runAlerts(at(4))
    expect(ctx.smtp.messages.filter((mail) => mail.subject?.includes('« Jardinage »'))).toHaveLength(4)
    await runAlerts(at(11))
    const held = mailsTo(emailedLately.email)
    expect(held.map((mail) => mail.subject)).toEqual(['2 nouvelles offres pour « Jardinage »'])
    expect([first, second, elsewhere, never, laterSince].map((user) => mailsTo(user.email).length)).toEqual([1, 1, 1, 0, 1])
  })
})
