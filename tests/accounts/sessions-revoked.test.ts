import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseSessionStore } from '../../src/web/session-store.ts'
import { createCandidate, createReferent, TEST_PASSWORD } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'

let ctx: MailTestContext

beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const NEW_PASSWORD = 'Un mot de passe tout neuf 2026'

/** Whether this agent's cookie still opens a signed-in page. */
async function isSignedIn(agent: Agent): Promise<boolean> {
  const response = await agent.get('/tableau-de-bord')
  if (response.status === 200) return true
  expect(response.headers.location).toBe('/connexion')
  return false
}

/** The session cookie this agent sends. */
async function sessionCookieOf(agent: Agent): Promise<string | undefined> {
  const sent = (await agent.get('/connexion')).request as unknown as { cookies?: string }
  return /atouts\.sid=([^;]+)/.exec(sent.cookies ?? '')?.[1]
}

describe('other sessions are signed out when the password changes', () => {
  it('when a user changes their password on one device, then their other devices are signed out and this one stays signed in, under a new session', async () => {
    const { user } = await createCandidate(ctx.db)
    const laptop = await signIn(ctx.app, user.email)
    const phone = await signIn(ctx.app, user.email)
    const someoneElse = await signIn(ctx.app, (await createCandidate(ctx.db)).user.email)
    expect(await isSignedIn(laptop)).toBe(true)
    expect(await isSignedIn(phone)).toBe(true)
    const before = await sessionCookieOf(laptop)
    expect(before).toBeDefined()

    const response = await submitForm(laptop, '/mon-compte/mot-de-passe', {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    expect(response.status).toBe(302)
    expect((await laptop.get('/mon-compte')).text).toContain('Votre mot de passe a été modifié.')
    expect(await isSignedIn(laptop)).toBe(true)
    expect(await sessionCookieOf(laptop)).not.toBe(before)
    expect(await isSignedIn(phone)).toBe(false)
    expect(await isSignedIn(someoneElse)).toBe(true)
    expect(await ctx.db.session.count({ where: { userId: user.id } })).toBe(1)
  })

  it('when the change page is shown, then it says that the other devices will be signed out', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/mon-compte/mot-de-passe')).text).toContain('vos autres appareils seront déconnectés')
  })

  it('when the current password is wrong, then no session is signed out', async () => {
    const { user } = await createCandidate(ctx.db)
    const laptop = await signIn(ctx.app, user.email)
    const phone = await signIn(ctx.app, user.email)
    const response = await submitForm(laptop, '/mon-compte/mot-de-passe', {
      currentPassword: 'pas le bon du tout',
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    expect(response.status).toBe(422)
    expect(await isSignedIn(phone)).toBe(true)
    expect(await isSignedIn(laptop)).toBe(true)
  })

  it('when a password is reset through the emailed link, then every session that was open is signed out and the person is signed in on the device that used the link', async () => {
    const { user } = await createReferent(ctx.db)
    const stolen = await signIn(ctx.app, user.email)
    const office = await signIn(ctx.app, user.email)
    await submitForm(request.agent(ctx.app), '/mot-de-passe-oublie', { email: user.email })
    await deliverEmails(ctx)
    const link = linkIn(await ctx.smtp.waitFor(sentTo(user.email)), 'http://atouts.test/reinitialisation/')

    const home = request.agent(ctx.app)
    const done = await submitForm(home, pathOf(link), { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
    expect(done.headers.location).toBe('/tableau-de-bord')
    expect(await isSignedIn(home)).toBe(true)
    expect(await isSignedIn(stolen)).toBe(false)
    expect(await isSignedIn(office)).toBe(false)
  })
})

describe('"Se déconnecter de tous les appareils"', () => {
  it('when "Mon compte" is shown, then it offers the button and says that this device is signed out too', async () => {
    const { user } = await createReferent(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const page = await agent.get('/mon-compte')
    expect(page.text).toMatch(/<form method="post" action="\/mon-compte\/deconnexion-partout"[^>]*>\s*<input type="hidden" name="_csrf"/)
    expect(page.text).toContain('>Se déconnecter de tous les appareils</button>')
    expect(page.text).toContain('y compris celui-ci')
  })

  it('when a user presses it, then every session of their account is signed out, this one included, and the sign-in page says so; other accounts stay signed in', async () => {
    const { user } = await createCandidate(ctx.db)
    const laptop = await signIn(ctx.app, user.email)
    const phone = await signIn(ctx.app, user.email)
    const someoneElse = await signIn(ctx.app, (await createCandidate(ctx.db)).user.email)

    const response = await submitForm(laptop, '/mon-compte/deconnexion-partout', {}, '/mon-compte')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/connexion')
    expect((await laptop.get('/connexion')).text).toContain('Vous êtes déconnecté de tous vos appareils')
    expect(await isSignedIn(laptop)).toBe(false)
    expect(await isSignedIn(phone)).toBe(false)
    expect(await isSignedIn(someoneElse)).toBe(true)
    expect(await ctx.db.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await ctx.db.auditLog.count({ where: { action: 'account.sign_out_everywhere', targetId: String(user.id) } })).toBe(1)
  })

  it('when it is posted without its CSRF token, then 403 and nobody is signed out', async () => {
    const { user } = await createCandidate(ctx.db)
    const laptop = await signIn(ctx.app, user.email)
    const phone = await signIn(ctx.app, user.email)
    await laptop.get('/mon-compte')
    const response = await laptop.post('/mon-compte/deconnexion-partout').type('form').send({})
    expect(response.status).toBe(403)
    expect(await isSignedIn(laptop)).toBe(true)
    expect(await isSignedIn(phone)).toBe(true)
  })
})

describe('the session store keeps nothing alive', () => {
  it('when a request that read a session before it was signed out saves it afterwards, then the session does not come back', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    await agent.get('/tableau-de-bord')
    const [{ sid }] = await ctx.db.session.findMany({ where: { userId: user.id }, select: { sid: true } })
    const store = ctx.app.locals.sessionStore as DatabaseSessionStore

    // a request of that session in flight: it read the session…
    const data = await new Promise<Parameters<DatabaseSessionStore['set']>[1]>((resolve, reject) =>
      store.get(sid, (error, read) => (error || !read ? reject(error ?? new Error('no session')) : resolve(read as never))),
    )
    const inFlight = { sessionID: sid } as unknown as Parameters<DatabaseSessionStore['createSession']>[0]
    const session = store.createSession(inFlight, data as never)
    // …the account is signed out everywhere meanwhile…
    await submitForm(await signIn(ctx.app, user.email), '/mon-compte/deconnexion-partout', {}, '/mon-compte')
    // …then the request ends and saves its session (a flash message, say)
    Object.assign(session, { flash: { info: ['Bonjour'] } })
    await new Promise<void>((resolve, reject) => store.set(sid, session as never, (error) => (error ? reject(error as Error) : resolve())))

    expect(await ctx.db.session.count({ where: { sid } })).toBe(0)
    expect(await isSignedIn(agent)).toBe(false)
  })
})
