import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createRecruiter, createReferent, TEST_PASSWORD } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, submitForm, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

describe('sign-in', () => {
  it('shows the sign-in page with the tutorial’s labels', async () => {
    const response = await request(ctx.app).get('/connexion')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Se connecter – Atouts pour tous</title>')
    expect(response.text).toMatch(/<label for="field-email">Adresse e-mail/)
    expect(response.text).toMatch(/<label for="field-password">Mot de passe/)
    expect(response.text).toContain('>Se connecter</button>')
    expect(response.text).toContain('href="/inscription"')
    expect(response.text).toContain('Mot de passe oublié ?')
  })

  it('when each role signs in, then it lands on its dashboard with its menu', async () => {
    const candidate = await createCandidate(ctx.db)
    const referent = await createReferent(ctx.db)
    const recruiter = await createRecruiter(ctx.db)
    const admin = await createAdmin(ctx.db)
    const menus: [string, string[]][] = [
      [candidate.user.email, ['Tableau de bord', 'Offres', 'Employeurs', 'Mes candidatures', 'Mon compte']],
      [referent.user.email, ['Tableau de bord', 'Inscriptions à valider', 'Candidats', 'Mon compte']],
      [recruiter.user.email, ['Tableau de bord', 'Mon compte']],
      [admin.user.email, ['Tableau de bord', 'Utilisateurs', 'Mon compte']],
    ]
    for (const [email, menu] of menus) {
      const agent = await signIn(ctx.app, email)
      const dashboard = await agent.get('/tableau-de-bord')
      expect(dashboard.status).toBe(200)
      expect(dashboard.text).toContain('<h1>Tableau de bord</h1>')
      for (const label of menu) expect(dashboard.text).toContain(`>${label}</a>`)
      expect(dashboard.text).toContain('Se déconnecter')
    }
  })

  it('when the password is wrong or the email unknown, then the same generic message is shown', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = request.agent(ctx.app)
    const wrongPassword = await submitForm(agent, '/connexion', { email: user.email, password: 'pas-le-bon-mot-de-passe' })
    const unknownEmail = await submitForm(agent, '/connexion', { email: 'personne@exemple.fr', password: 'pas-le-bon-mot-de-passe' })
    expect(wrongPassword.status).toBe(401)
    expect(unknownEmail.status).toBe(401)
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.text).toContain('Adresse e-mail ou mot de passe incorrect.')
      expect(response.text).toContain('<title>Erreur – Se connecter – Atouts pour tous</title>')
    }
    expect((await agent.get('/tableau-de-bord')).headers.location).toBe('/connexion')
  })

  it('when fields are missing, then each error is named and the email is kept', async () => {
    const agent = request.agent(ctx.app)
    const response = await submitForm(agent, '/connexion', { email: 'pas-une-adresse', password: '' })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Saisissez une adresse e-mail valide')
    expect(response.text).toContain('Saisissez votre mot de passe.')
    expect(response.text).toContain('value="pas-une-adresse"')
    expect(response.text).toContain('aria-describedby="field-email-error"')
  })

  it('when an account is pending, invited or disabled, then it cannot sign in', async () => {
    const pending = await createCandidate(ctx.db, { status: 'PENDING_VALIDATION' })
    const disabled = await createCandidate(ctx.db, { status: 'DISABLED' })
    for (const email of [pending.user.email, disabled.user.email]) {
      const response = await submitForm(request.agent(ctx.app), '/connexion', { email, password: TEST_PASSWORD })
      expect(response.status).toBe(401)
    }
  })

  it('when signing in, then the session id changes (no fixation) and the cookie is HttpOnly and SameSite=Lax', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = request.agent(ctx.app)
    const loginPage = await agent.get('/connexion')
    const before = /atouts\.sid=([^;]+)/.exec(String(loginPage.headers['set-cookie']))?.[1]
    const token = /name="_csrf" value="([^"]+)"/.exec(loginPage.text)![1]
    const response = await agent.post('/connexion').type('form').send({ email: user.email, password: TEST_PASSWORD, _csrf: token })
    expect(response.status).toBe(302)
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((line) => line.startsWith('atouts.sid='))
    const after = /atouts\.sid=([^;]+)/.exec(cookie ?? '')?.[1]
    expect(after).toBeDefined()
    expect(after).not.toBe(before)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
  })

  it('when a form is posted without its CSRF token, then it is refused with 403 and nothing happens', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = request.agent(ctx.app)
    await agent.get('/connexion')
    const response = await agent.post('/connexion').type('form').send({ email: user.email, password: TEST_PASSWORD })
    expect(response.status).toBe(403)
    expect(response.text).toContain('Le formulaire a expiré')
    expect((await agent.get('/tableau-de-bord')).status).toBe(302)
  })

  it('when visitors open the sign-in page, then no session is stored for them, and a form is bound to its visitor: with another visitor’s cookie, its token is refused', async () => {
    const { user } = await createCandidate(ctx.db)
    const sessionsBefore = await ctx.db.session.count()
    const page = await request(ctx.app).get('/connexion')
    const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((line) => line.split(';')[0])
    expect(cookies.some((cookie) => cookie.startsWith('atouts.sid='))).toBe(false)
    expect(await ctx.db.session.count()).toBe(sessionsBefore)
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]
    const form = { email: user.email, password: TEST_PASSWORD, _csrf: token }
    // the page's token and CSRF cookie, with another visitor's cookie: refused
    const otherVisitor = ([] as string[])
      .concat((await request(ctx.app).get('/connexion')).headers['set-cookie'] ?? [])
      .map((line) => line.split(';')[0])
      .find((cookie) => cookie.startsWith('atouts.visitor='))
    expect(otherVisitor).toBeDefined()
    const mixed = [...cookies.filter((cookie) => !cookie.startsWith('atouts.visitor=')), otherVisitor!].join('; ')
    expect((await request(ctx.app).post('/connexion').set('Cookie', mixed).type('form').send(form)).status).toBe(403)
    // with the page's own cookies: signed in, and only now is a session stored
    const response = await request(ctx.app).post('/connexion').set('Cookie', cookies.join('; ')).type('form').send(form)
    expect(response.status).toBe(302)
    expect(await ctx.db.session.count()).toBe(sessionsBefore + 1)
  })

  it('when signing out by POST, then the dashboard asks to sign in again', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const token = await csrfTokenFrom(agent, '/tableau-de-bord')
    const response = await agent.post('/deconnexion').type('form').send({ _csrf: token })
    expect(response.headers.location).toBe('/connexion')
    expect((await agent.get('/connexion')).text).toContain('Vous êtes déconnecté')
    expect((await agent.get('/tableau-de-bord')).headers.location).toBe('/connexion')
  })

  it('when a signed-out visitor opens a private page, then after signing in they come back to it', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = request.agent(ctx.app)
    expect((await agent.get('/mon-compte/mot-de-passe')).headers.location).toBe('/connexion')
    const response = await submitForm(agent, '/connexion', { email: user.email, password: TEST_PASSWORD })
    expect(response.headers.location).toBe('/mon-compte/mot-de-passe')
  })
})

describe('sessions', () => {
  it('when the app is created again on the same database, then the session is still valid (stored in the database)', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const cookie = (await agent.get('/tableau-de-bord')).request.cookies
    const { createApp } = await import('../../src/app.ts')
    const restarted = createApp({ config: ctx.config, db: ctx.db })
    const response = await request(restarted).get('/tableau-de-bord').set('Cookie', cookie)
    expect(response.status).toBe(200)
    expect(await ctx.db.session.count()).toBeGreaterThan(0)
  })
})

describe('rate limit', () => {
  it('when sign-in fails too often from one address, then a French 429 page is shown', async () => {
    const limited = await createTestContext({ authRateLimit: 3 })
    try {
      const agent = request.agent(limited.app)
      const statuses: number[] = []
      for (let attempt = 0; attempt < 4; attempt++) {
        statuses.push((await submitForm(agent, '/connexion', { email: 'x@exemple.fr', password: 'mauvais' })).status)
      }
      expect(statuses).toEqual([401, 401, 401, 429])
      const last = await submitForm(agent, '/connexion', { email: 'x@exemple.fr', password: 'mauvais' })
      expect(last.text).toContain('Trop de tentatives')
    } finally {
      await limited.cleanup()
    }
  })
})
