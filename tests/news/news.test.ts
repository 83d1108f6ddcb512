import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createNews, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml, sectionOf, textOf } from '../helpers/html.ts'

let ctx: TestContext
let admin: Agent
let adminUserId: number
beforeAll(async () => {
  ctx = await createTestContext()
  const { user } = await createAdmin(ctx.db, { firstName: 'Nadia', lastName: 'Benali' })
  adminUserId = user.id
  admin = await signIn(ctx.app, user.email)
})
afterAll(async () => ctx.cleanup())

const h1Count = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length
const write = (fields: Record<string, string>) => submitForm(admin, '/admin/actualites/nouvelle', fields)
const auditActions = async (newsId: number) =>
  (await ctx.db.auditLog.findMany({ where: { targetType: 'News', targetId: String(newsId) }, orderBy: { id: 'asc' } })).map((row) => row.action)

async function aCandidate() {
  const { user } = await createCandidate(ctx.db)
  return signIn(ctx.app, user.email)
}

describe('writing news, as an administrator', () => {
  it('when the administrator writes a news item and presses "Publier", then it is published, audited, and readers see it', async () => {
    const form = await admin.get('/admin/actualites/nouvelle')
    expect(form.status).toBe(200)
    const page = decodeHtml(form.text)
    expect(h1Count(form.text)).toBe(1)
    expect(page).toContain('<h1>Rédiger une actualité</h1>')
    expect(page).toContain('<title>Rédiger une actualité – Atouts pour tous</title>')
    expect(page).toMatch(/<label for="field-title">Titre <span class="required"/)
    expect(page).toMatch(/<label for="field-body">Texte <span class="required"/)
    expect(page).toContain('<button type="submit" name="action" value="publier">Publier</button>')
    expect(page).toMatch(/<button type="submit" name="action" value="enregistrer"[^>]*>Enregistrer le brouillon<\/button>/)

    const response = await write({ title: 'Les rendez-vous arrivent', body: 'Votre référent peut planifier un rendez-vous.', action: 'publier' })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/admin/actualites')
    const news = await ctx.db.news.findFirstOrThrow({ where: { title: 'Les rendez-vous arrivent' } })
    expect(news).toMatchObject({ published: true, body: 'Votre référent peut planifier un rendez-vous.', authorUserId: adminUserId })
    expect(news.publishedAt).not.toBeNull()
    expect(await auditActions(news.id)).toEqual(['news.create', 'news.publish'])

    const list = decodeHtml((await admin.get('/admin/actualites')).text)
    expect(list).toContain('L’actualité « Les rendez-vous arrivent » est publiée')
    const row = list
      .split('<tr>')
      .slice(1)
      .find((part) => part.includes('Les rendez-vous arrivent'))!
    expect(textOf(row)).toContain('Publiée')
    expect(row).toContain('Retirer de la publication')

    const reader = await aCandidate()
    const item = await reader.get(`/actualites/${news.id}`)
    expect(item.status).toBe(200)
    expect(decodeHtml(item.text)).toContain('<h1>Les rendez-vous arrivent</h1>')
    expect(decodeHtml(item.text)).toContain('<title>Les rendez-vous arrivent – Actualité – Atouts pour tous</title>')
    expect(decodeHtml((await reader.get('/actualites')).text)).toContain(`<a href="/actualites/${news.id}">Les rendez-vous arrivent</a>`)
  })

  it('when the administrator saves a draft, then only administrators see it: not at /actualites, not on any dashboard', async () => {
    await createNews(ctx.db, { title: 'Une nouvelle déjà publiée' })
    const response = await write({ title: 'Brouillon secret', body: 'Pas encore prêt.', action: 'enregistrer' })
    expect(response.status).toBe(302)
    const draft = await ctx.db.news.findFirstOrThrow({ where: { title: 'Brouillon secret' } })
    expect(draft).toMatchObject({ published: false, publishedAt: null })
    expect(await auditActions(draft.id)).toEqual(['news.create'])

    const list = decodeHtml((await admin.get('/admin/actualites')).text)
    expect(list).toContain('L’actualité « Brouillon secret » est enregistrée comme brouillon')
    const row = list
      .split('<tr>')
      .slice(1)
      .find((part) => part.includes('Brouillon secret'))!
    expect(textOf(row)).toContain('Brouillon')
    // a draft has no public page to link to
    expect(row).not.toContain(`href="/actualites/${draft.id}"`)

    const readers = [
      await aCandidate(),
      await signIn(ctx.app, (await createReferent(ctx.db)).user.email),
      await signIn(ctx.app, (await createRecruiter(ctx.db)).user.email),
      admin,
    ]
    for (const reader of readers) {
      expect((await reader.get(`/actualites/${draft.id}`)).status).toBe(404)
      expect((await reader.get('/actualites')).text).not.toContain('Brouillon secret')
      const dashboard = decodeHtml((await reader.get('/tableau-de-bord')).text)
      expect(sectionOf(dashboard, 'Nouveautés de la plateforme')).toContain('Une nouvelle déjà publiée')
      expect(dashboard).not.toContain('Brouillon secret')
    }
  })

  it('when a draft is published, then withdrawn, then each button changes it once; a second click changes nothing', async () => {
    const draft = await createNews(ctx.db, { title: 'Ateliers CV de décembre', published: false })
    const reader = await aCandidate()

    const published = await submitForm(admin, `/admin/actualites/${draft.id}/publier`, {}, '/admin/actualites')
    expect(published.status).toBe(302)
    expect(published.headers.location).toBe('/admin/actualites')
    const first = await ctx.db.news.findUniqueOrThrow({ where: { id: draft.id } })
    expect(first.published).toBe(true)
    expect(decodeHtml((await admin.get('/admin/actualites')).text)).toContain('L’actualité « Ateliers CV de décembre » est publiée.')
    expect((await reader.get(`/actualites/${draft.id}`)).status).toBe(200)

    const again = await submitForm(admin, `/admin/actualites/${draft.id}/publier`, {}, '/admin/actualites')
    expect(again.status).toBe(302)
    expect(decodeHtml((await admin.get('/admin/actualites')).text)).toContain('était déjà publiée : rien n’a changé.')

    const withdrawn = await submitForm(admin, `/admin/actualites/${draft.id}/retirer`, { page: '1' }, '/admin/actualites')
    expect(withdrawn.status).toBe(302)
    expect((await ctx.db.news.findUniqueOrThrow({ where: { id: draft.id } })).published).toBe(false)
    expect(decodeHtml((await admin.get('/admin/actualites')).text)).toContain('est retirée de la publication : elle redevient un brouillon.')
    expect((await reader.get(`/actualites/${draft.id}`)).status).toBe(404)
    expect((await reader.get('/tableau-de-bord')).text).not.toContain('Ateliers CV de décembre')

    await submitForm(admin, `/admin/actualites/${draft.id}/retirer`, {}, '/admin/actualites')
    expect(decodeHtml((await admin.get('/admin/actualites')).text)).toContain('n’était pas publiée : rien n’a changé.')
    expect(await auditActions(draft.id)).toEqual(['news.publish', 'news.unpublish'])

    // published again: it keeps its first publication date, and its place among the news
    await submitForm(admin, `/admin/actualites/${draft.id}/publier`, {}, '/admin/actualites')
    const republished = await ctx.db.news.findUniqueOrThrow({ where: { id: draft.id } })
    expect(republished.published).toBe(true)
    expect(republished.publishedAt).toEqual(first.publishedAt)
  })

  it('when the administrator edits a news item, then the new title and text are saved and audited; a published one stays published', async () => {
    const news = await createNews(ctx.db, { title: 'Titre avec une faute', body: 'Texte initial.' })
    const form = decodeHtml((await admin.get(`/admin/actualites/${news.id}/modifier`)).text)
    expect(form).toContain('<h1>Modifier l’actualité</h1>')
    expect(form).toContain('<title>Modifier l’actualité – Titre avec une faute – Atouts pour tous</title>')
    expect(form).toContain('value="Titre avec une faute"')
    expect(form).toContain('>Texte initial.</textarea>')
    expect(form).toContain('>Enregistrer les modifications</button>')

    const response = await submitForm(admin, `/admin/actualites/${news.id}/modifier`, { title: 'Titre corrigé', body: 'Texte corrigé.', action: 'enregistrer' })
    expect(response.status).toBe(302)
    const saved = await ctx.db.news.findUniqueOrThrow({ where: { id: news.id } })
    expect(saved).toMatchObject({ title: 'Titre corrigé', body: 'Texte corrigé.', published: true })
    expect(decodeHtml((await admin.get('/admin/actualites')).text)).toContain('L’actualité « Titre corrigé » est enregistrée ; elle reste publiée.')
    const row = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'news.update', targetId: String(news.id) } })
    expect(JSON.parse(row.details!)).toEqual({ changed: ['title', 'body'], title: 'Titre corrigé' })

    // a draft edited with "Publier" is saved and published
    const draft = await createNews(ctx.db, { title: 'Brouillon à finir', published: false })
    const draftForm = decodeHtml((await admin.get(`/admin/actualites/${draft.id}/modifier`)).text)
    expect(draftForm).toContain('>Publier</button>')
    expect(draftForm).toContain('>Enregistrer le brouillon</button>')
    await submitForm(admin, `/admin/actualites/${draft.id}/modifier`, { title: 'Brouillon fini', body: 'Prêt.', action: 'publier' })
    expect(await ctx.db.news.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ title: 'Brouillon fini', published: true })
    expect(await auditActions(draft.id)).toEqual(['news.update', 'news.publish'])
  })

  it('when the administrator deletes a news item, then a confirmation page comes first, then it is gone and audited', async () => {
    const news = await createNews(ctx.db, { title: 'À supprimer' })
    const confirmation = decodeHtml((await admin.get(`/admin/actualites/${news.id}/supprimer`)).text)
    expect(confirmation).toContain('<h1>Supprimer l’actualité</h1>')
    expect(confirmation).toContain('Oui, supprimer l’actualité')
    expect(await ctx.db.news.count({ where: { id: news.id } })).toBe(1)

    const response = await submitForm(admin, `/admin/actualites/${news.id}/supprimer`, {})
    expect(response.status).toBe(302)
    expect(await ctx.db.news.count({ where: { id: news.id } })).toBe(0)
    expect(decodeHtml((await admin.get('/admin/actualites')).text)).toContain('L’actualité « À supprimer » est supprimée.')
    const row = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'news.delete', targetId: String(news.id) } })
    expect(JSON.parse(row.details!)).toEqual({ title: 'À supprimer', published: true })
    expect((await admin.get(`/admin/actualites/${news.id}/modifier`)).status).toBe(404)
    expect((await submitForm(admin, `/admin/actualites/${news.id}/publier`, {}, '/admin/actualites')).status).toBe(404)
  })

  it('when a news id is unknown or not a number, then 404', async () => {
    for (const path of ['/admin/actualites/999999/modifier', '/admin/actualites/abc/modifier', '/admin/actualites/999999/supprimer']) {
      expect((await admin.get(path)).status, path).toBe(404)
    }
    const reader = await aCandidate()
    expect((await reader.get('/actualites/999999')).status).toBe(404)
    expect((await reader.get('/actualites/1e3')).status).toBe(404)
  })
})

describe('telling the candidates', () => {
  it('when a news item is first published, then every candidate is told as they chose ("Actualités…"), and a second publication tells nobody again', async () => {
    const byDefault = await createCandidate(ctx.db)
    const invited = await createCandidate(ctx.db, { status: 'INVITED', password: null })
    const quiet = await createCandidate(ctx.db)
    await ctx.db.notificationPreference.create({ data: { userId: quiet.user.id, event: 'account.news', email: false, inSite: false } })
    const byEmail = await createCandidate(ctx.db)
    await ctx.db.notificationPreference.create({ data: { userId: byEmail.user.id, event: 'account.news', email: true, inSite: true } })
    const disabled = await createCandidate(ctx.db, { status: 'DISABLED' })
    const pending = await createCandidate(ctx.db, { status: 'PENDING_VALIDATION', password: null })
    const referent = await createReferent(ctx.db)
    const newsOf = (userId: number) => ctx.db.notification.findMany({ where: { userId, event: 'account.news' } })

    await write({ title: 'Le parrainage est ouvert', body: 'Demandez un parrainage depuis la page d’un employeur.', action: 'publier' })
    const news = await ctx.db.news.findFirstOrThrow({ where: { title: 'Le parrainage est ouvert' } })
    for (const { user } of [byDefault, invited, byEmail]) {
      const [notification] = await newsOf(user.id)
      expect(notification).toMatchObject({ title: 'Nouveauté de la plateforme : Le parrainage est ouvert', link: `/actualites/${news.id}` })
    }
    for (const { user } of [quiet, disabled, pending, referent]) expect(await newsOf(user.id)).toHaveLength(0)
    expect(await ctx.db.outboxEmail.count({ where: { to: byEmail.user.email } })).toBe(1)
    expect(await ctx.db.outboxEmail.count({ where: { to: { in: [byDefault.user.email, invited.user.email, quiet.user.email] } } })).toBe(0)

    // withdrawn: its notifications are taken back; published again: nobody is told a second time
    await submitForm(admin, `/admin/actualites/${news.id}/retirer`, {}, '/admin/actualites')
    expect(await newsOf(byDefault.user.id)).toHaveLength(0)
    await submitForm(admin, `/admin/actualites/${news.id}/publier`, {}, '/admin/actualites')
    expect(await ctx.db.news.findUniqueOrThrow({ where: { id: news.id } })).toMatchObject({ published: true })
    expect(await newsOf(byDefault.user.id)).toHaveLength(0)
    expect(await ctx.db.outboxEmail.count({ where: { to: byEmail.user.email } })).toBe(1)
  })

  it('when a published news item is deleted, then its notifications go with it', async () => {
    const candidate = await createCandidate(ctx.db)
    await write({ title: 'Actualité éphémère', body: 'Bientôt supprimée.', action: 'publier' })
    const news = await ctx.db.news.findFirstOrThrow({ where: { title: 'Actualité éphémère' } })
    expect(await ctx.db.notification.count({ where: { userId: candidate.user.id, link: `/actualites/${news.id}` } })).toBe(1)
    await submitForm(admin, `/admin/actualites/${news.id}/supprimer`, {})
    expect(await ctx.db.news.count({ where: { id: news.id } })).toBe(0)
    expect(await ctx.db.notification.count({ where: { userId: candidate.user.id, link: `/actualites/${news.id}` } })).toBe(0)
  })

  it('when a news item is saved as a draft, then nobody is told', async () => {
    const candidate = await createCandidate(ctx.db)
    await write({ title: 'Brouillon discret', body: 'Pas encore.', action: 'enregistrer' })
    expect(await ctx.db.notification.count({ where: { userId: candidate.user.id } })).toBe(0)
  })
})

describe('bad input', () => {
  it('when the title and the text are empty, then 422 with a message for each, and nothing is saved', async () => {
    const before = await ctx.db.news.count()
    const response = await write({ title: '   ', body: '', action: 'publier' })
    expect(response.status).toBe(422)
    const page = decodeHtml(response.text)
    expect(page).toContain('<title>Erreur – Rédiger une actualité – Atouts pour tous</title>')
    expect(page).toContain('Le formulaire contient 2 erreurs')
    expect(page).toContain('<a href="#field-title">Saisissez le titre de l’actualité.</a>')
    expect(page).toContain('<a href="#field-body">Saisissez le texte de l’actualité.</a>')
    expect(page).toMatch(/id="field-title-error"><span class="visually-hidden">Erreur : <\/span>Saisissez le titre de l’actualité\./)
    expect(page).toContain('aria-invalid="true"')
    expect(await ctx.db.news.count()).toBe(before)
  })

  it('when the title or the text is too long, then 422 with the limit, the values kept, and nothing is saved', async () => {
    const before = await ctx.db.news.count()
    const auditsBefore = await ctx.db.auditLog.count()
    const longTitle = 'T'.repeat(121)
    const response = await write({ title: longTitle, body: 'x'.repeat(2001), action: 'publier' })
    expect(response.status).toBe(422)
    const page = decodeHtml(response.text)
    expect(page).toContain('Le titre doit compter au plus 120 caractères.')
    expect(page).toContain('Le texte doit compter au plus 2\u00a0000 caractères.')
    expect(page).toContain(`value="${longTitle}"`)
    expect(await ctx.db.news.count()).toBe(before)
    expect(await ctx.db.auditLog.count()).toBe(auditsBefore)

    // at the limits, it is accepted (a line break counts once, whatever the browser sends)
    const body = `${'x'.repeat(999)}\r\n${'y'.repeat(1000)}`
    expect((await write({ title: 'T'.repeat(120), body, action: 'enregistrer' })).status).toBe(302)
    expect((await ctx.db.news.findFirstOrThrow({ where: { title: 'T'.repeat(120) } })).body).toBe(`${'x'.repeat(999)}\n${'y'.repeat(1000)}`)
  })

  it('when an edit is invalid, then 422 and the news item is unchanged', async () => {
    const news = await createNews(ctx.db, { title: 'Stable', body: 'Inchangé.' })
    const response = await submitForm(admin, `/admin/actualites/${news.id}/modifier`, { title: '', body: 'Nouveau texte', action: 'enregistrer' })
    expect(response.status).toBe(422)
    expect(decodeHtml(response.text)).toContain('Saisissez le titre de l’actualité.')
    expect(decodeHtml(response.text)).toContain('>Nouveau texte</textarea>')
    expect(await ctx.db.news.findUniqueOrThrow({ where: { id: news.id } })).toMatchObject({ title: 'Stable', body: 'Inchangé.' })
  })
})

describe('reading news', () => {
  it('shows the text as typed: HTML is escaped, line breaks and paragraphs are kept', async () => {
    const news = await createNews(ctx.db, {
      title: '<b>Titre</b> & co',
      body: 'Première ligne <script>alert(1)</script>\nDeuxième ligne\n\n<img src=x onerror=alert(2)> second paragraphe',
    })
    const reader = await aCandidate()
    for (const path of [`/actualites/${news.id}`, '/actualites', '/tableau-de-bord']) {
      const html = (await reader.get(path)).text
      expect(html, path).not.toContain('<script>alert(1)')
      expect(html, path).not.toContain('<img src=x')
      expect(html, path).not.toContain('<b>Titre</b>')
      expect(html, path).toContain('&lt;b&gt;Titre&lt;/b&gt; &amp; co')
    }
    const page = (await reader.get(`/actualites/${news.id}`)).text
    expect(page).toContain('<p>Première ligne &lt;script&gt;alert(1)&lt;/script&gt;<br>Deuxième ligne</p>')
    expect(page).toContain('<p>&lt;img src=x onerror=alert(2)&gt; second paragraphe</p>')
  })

  it('lists the published news newest first, ten a page, for every signed-in role; a visitor must sign in', async () => {
    const start = Date.UTC(2031, 0, 1)
    for (let i = 1; i <= 12; i++)
      await createNews(ctx.db, { title: `Numéro ${String(i).padStart(2, '0')} du futur`, publishedAt: new Date(start + i * 86_400_000) })
    const reader = await aCandidate()
    const first = decodeHtml((await reader.get('/actualites')).text)
    expect(first).toContain('<h1>Nouveautés de la plateforme</h1>')
    expect(first).toContain('<title>Nouveautés de la plateforme – Atouts pour tous</title>')
    const order = [...first.matchAll(/Numéro (\d+) du futur/g)].map((match) => match[1])
    expect(order).toEqual(['12', '11', '10', '09', '08', '07', '06', '05', '04', '03'])
    expect(first).toContain('Publiée le <time datetime="2031-01-13T00:00:00.000Z">13 janvier 2031</time>')
    expect(first).toContain('href="/actualites?page=2">Page suivante</a>')

    const second = decodeHtml((await reader.get('/actualites?page=2')).text)
    expect(second).toContain('<title>Nouveautés de la plateforme – page 2 – Atouts pour tous</title>')
    expect(second).toContain('Numéro 02 du futur')
    expect(second).toContain('Numéro 01 du futur')
    expect(second).not.toContain('Numéro 12 du futur')

    for (const user of [(await createReferent(ctx.db)).user, (await createRecruiter(ctx.db)).user]) {
      expect((await (await signIn(ctx.app, user.email)).get('/actualites')).status).toBe(200)
    }
    const visitor = await request(ctx.app).get('/actualites')
    expect(visitor.status).toBe(302)
    expect(visitor.headers.location).toBe('/connexion')
  })
})

describe('access', () => {
  it('when someone who is not an administrator tries the news editor, then 403 for every page and button, and nothing changes', async () => {
    const news = await createNews(ctx.db, { title: 'Intouchable', published: false })
    const others = [(await createCandidate(ctx.db)).user, (await createReferent(ctx.db)).user, (await createRecruiter(ctx.db)).user]
    const before = { count: await ctx.db.news.count(), audits: await ctx.db.auditLog.count() }
    for (const user of others) {
      const agent = await signIn(ctx.app, user.email)
      for (const path of [
        '/admin/actualites',
        '/admin/actualites/nouvelle',
        `/admin/actualites/${news.id}/modifier`,
        `/admin/actualites/${news.id}/supprimer`,
      ]) {
        expect((await agent.get(path)).status, `${user.role} GET ${path}`).toBe(403)
      }
      const token = await csrfTokenFrom(agent, '/tableau-de-bord')
      const posts: [string, Record<string, string>][] = [
        ['/admin/actualites/nouvelle', { title: 'Piratage', body: 'x', action: 'publier' }],
        [`/admin/actualites/${news.id}/modifier`, { title: 'Piratage', body: 'x', action: 'publier' }],
        [`/admin/actualites/${news.id}/publier`, {}],
        [`/admin/actualites/${news.id}/retirer`, {}],
        [`/admin/actualites/${news.id}/supprimer`, {}],
      ]
      for (const [path, fields] of posts) {
        const response = await agent
          .post(path)
          .type('form')
          .send({ ...fields, _csrf: token })
        expect(response.status, `${user.role} POST ${path}`).toBe(403)
      }
    }
    expect(await ctx.db.news.count()).toBe(before.count)
    expect(await ctx.db.auditLog.count()).toBe(before.audits)
    expect(await ctx.db.news.findUniqueOrThrow({ where: { id: news.id } })).toMatchObject({ title: 'Intouchable', published: false })
  })

  it('when the form is posted without its CSRF token, then it is refused and nothing is saved', async () => {
    const before = await ctx.db.news.count()
    const response = await admin.post('/admin/actualites/nouvelle').type('form').send({ title: 'Sans jeton', body: 'x', action: 'publier' })
    expect(response.status).toBe(403)
    expect(await ctx.db.news.count()).toBe(before)
  })
})
