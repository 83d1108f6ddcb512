import { generate } from 'otplib'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Express } from 'express'
import { loadConfig } from '../../src/config.ts'
import type { Db } from '../../src/lib/db.ts'
import { issueAuthToken } from '../../src/modules/accounts/tokens.ts'
import { createAdmin, createCandidate, createRecruiter, createReferent, TEST_PASSWORD } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml, textOf } from '../helpers/html.ts'

/**
 * « Double authentification » (src/modules/accounts/two-factor/): enrolment, the « Code de
 * vérification » after the password, recovery codes, turning it off, the administrators' obligation
 * where it applies (production), and an administrator's reset. Codes are made with otplib, as an
 * authenticator app would.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const TWO_FACTOR = '/mon-compte/double-authentification'
const ENROL = `${TWO_FACTOR}/activer`
const VERIFY = '/connexion/verification'
const STEP = 30

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]
const secretIn = (html: string) => /<p class="secret-code"><strong><code>([A-Z2-7 ]+)<\/code>/.exec(html)![1].replaceAll(' ', '')
const recoveryCodesIn = (html: string) => [...html.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((match) => match[1])
const currentStep = () => Math.floor(Date.now() / 1000 / STEP)

/** The code an authenticator app shows now, or the next one when the current step was already used (no replay). */
async function codeFor(db: Db, userId: number, secret: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  const step = Math.max(currentStep(), (user.totpLastStep ?? -1) + 1)
  return generate({ secret, epoch: step * STEP })
}

/** « Activer la double authentification » with the code the app shows: the secret and the recovery codes shown once. */
async function enrol(agent: Agent): Promise<{ secret: string; recoveryCodes: string[]; page: string }> {
  const page = await agent.get(ENROL)
  expect(page.status).toBe(200)
  const secret = secretIn(page.text)
  const done = await agent
    .post(ENROL)
    .type('form')
    .send({ code: await generate({ secret }), _csrf: tokenIn(page.text) })
  expect(done.status).toBe(200)
  return { secret, recoveryCodes: recoveryCodesIn(done.text), page: done.text }
}

/** The password step in a fresh browser: a 2FA account is sent to the « Code de vérification » page. */
async function passwordStep(app: Express, email: string): Promise<Agent> {
  const agent = request.agent(app)
  const response = await submitForm(agent, '/connexion', { email, password: TEST_PASSWORD })
  expect(response.status).toBe(302)
  expect(response.headers.location).toBe(VERIFY)
  return agent
}

const submitCode = (agent: Agent, code: string) => submitForm(agent, VERIFY, { code })

async function isSignedIn(agent: Agent): Promise<boolean> {
  const response = await agent.get('/tableau-de-bord')
  return response.status === 200
}

/** A candidate with the second factor on; `agent`: the browser that turned it on, still signed in. */
async function enrolledCandidate(app: Express, db: Db) {
  const { user } = await createCandidate(db)
  const agent = await signIn(app, user.email)
  const enrolment = await enrol(agent)
  return { user, agent, ...enrolment }
}

describe('enrolment', () => {
  it('when a candidate opens « Double authentification » from « Mon compte », then a QR code drawn by the server and the secret in blocks are shown, a wrong first code is refused, the right one turns it on and shows 10 recovery codes once', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/mon-compte')).text).toContain(`href="${TWO_FACTOR}"`)
    const status = await agent.get(TWO_FACTOR)
    expect(decodeHtml(status.text)).toContain('n’est <strong>pas activée</strong>')

    const page = await agent.get(ENROL)
    expect(page.status).toBe(200)
    expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" width="240" height="240" alt="QR code à scanner/)
    const svg = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(page.text)![1], 'base64').toString()
    expect(svg).toMatch(/^<svg /)
    expect(page.text).toMatch(/<code>([A-Z2-7]{4} ){7}[A-Z2-7]{4}<\/code>/)
    const secret = secretIn(page.text)
    // the page again (a reload): the same secret, kept for this enrolment
    expect(secretIn((await agent.get(ENROL)).text)).toBe(secret)

    const wrong = await agent
      .post(ENROL)
      .type('form')
      .send({ code: '000000' === (await generate({ secret })) ? '111111' : '000000', _csrf: tokenIn(page.text) })
    expect(wrong.status).toBe(422)
    expect(decodeHtml(wrong.text)).toContain('Ce code ne correspond pas.')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull()

    const done = await agent
      .post(ENROL)
      .type('form')
      .send({ code: await generate({ secret }), _csrf: tokenIn(wrong.text) })
    expect(done.status).toBe(200)
    expect(decodeHtml(done.text)).toContain('ils ne seront plus jamais affichés')
    const codes = recoveryCodesIn(done.text)
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)

    const stored = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(stored.totpEnabledAt).not.toBeNull()
    // encrypted at rest: neither the secret nor the recovery codes are in the database in clear
    expect(stored.totpSecret).not.toContain(secret)
    const hashes = await ctx.db.twoFactorRecoveryCode.findMany({ where: { userId: user.id } })
    expect(hashes).toHaveLength(10)
    for (const code of codes) expect(hashes.some((row) => row.codeHash.includes(code.replace('-', '')))).toBe(false)
    expect(await ctx.db.auditLog.count({ where: { action: 'account.two_factor_enable', targetId: String(user.id) } })).toBe(1)

    // shown once: the status page only counts them
    const after = decodeHtml((await agent.get(TWO_FACTOR)).text)
    expect(after).toContain('est <strong>activée</strong>')
    expect(after).toContain('Il vous reste 10 codes de secours non utilisés.')
    expect(recoveryCodesIn(after)).toEqual([])
  })

  it('when a référent and a recruiter turn it on, then they may (the enrolment is offered to every role)', async () => {
    for (const { user } of [await createReferent(ctx.db), await createRecruiter(ctx.db)]) {
      const agent = await signIn(ctx.app, user.email)
      expect((await enrol(agent)).recoveryCodes).toHaveLength(10)
    }
  })
})

describe('signing in with the second factor', () => {
  it('when the password is right, then the session is not signed in before the « Code de vérification »; the right code signs in and goes back to the page asked first', async () => {
    const { user, secret } = await enrolledCandidate(ctx.app, ctx.db)
    const agent = request.agent(ctx.app)
    // a private page first: sent to the sign-in page, then back there once signed in
    expect((await agent.get('/candidatures')).headers.location).toBe('/connexion')
    const password = await submitForm(agent, '/connexion', { email: user.email, password: TEST_PASSWORD })
    expect(password.headers.location).toBe(VERIFY)
    expect(await isSignedIn(agent)).toBe(false)
    const page = await agent.get(VERIFY)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<label for="field-code">Code de vérification')
    expect(page.text).toContain('autocomplete="one-time-code"')

    const signedIn = await submitCode(agent, await codeFor(ctx.db, user.id, secret))
    expect(signedIn.status).toBe(302)
    expect(signedIn.headers.location).toBe('/candidatures')
    expect(await isSignedIn(agent)).toBe(true)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).not.toBeNull()
  })

  it('when the code is wrong, then it is refused with a message next to the field, and past the limit even the right code waits — a right password again does not clear the count', async () => {
    const limited = await createTestContext({ authRateLimit: 3 })
    try {
      const { user, secret } = await enrolledCandidate(limited.app, limited.db)
      const agent = await passwordStep(limited.app, user.email)
      const right = await codeFor(limited.db, user.id, secret)
      const wrong = right === '123456' ? '654321' : '123456'
      for (let attempt = 0; attempt < 3; attempt++) {
        const refused = await submitCode(agent, wrong)
        expect(refused.status).toBe(401)
        expect(decodeHtml(refused.text)).toContain('Ce code n’est pas valide.')
        expect(refused.text).toContain('aria-describedby="field-code-hint field-code-error"')
      }
      const throttled = await submitCode(agent, right)
      expect(throttled.status).toBe(429)
      expect(throttled.text).toContain('Trop de tentatives')
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0)
      expect(await isSignedIn(agent)).toBe(false)

      const again = await passwordStep(limited.app, user.email)
      expect((await submitCode(again, right)).status).toBe(429)
      expect(await isSignedIn(again)).toBe(false)
    } finally {
      await limited.cleanup()
    }
  })

  it('when a recovery code is used, then it signs in once (with how many remain), and is refused the second time', async () => {
    const { user, recoveryCodes } = await enrolledCandidate(ctx.app, ctx.db)
    const first = await passwordStep(ctx.app, user.email)
    // typed by hand: upper case, spaces instead of the dash
    const typed = recoveryCodes[3].toUpperCase().replace('-', ' ')
    const response = await submitCode(first, typed)
    expect(response.status).toBe(302)
    expect(decodeHtml((await first.get('/tableau-de-bord')).text)).toContain('Il vous en reste 9.')

    const second = await passwordStep(ctx.app, user.email)
    expect((await submitCode(second, recoveryCodes[3])).status).toBe(401)
    expect(await isSignedIn(second)).toBe(false)
    expect(await ctx.db.twoFactorRecoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9)
    expect(await ctx.db.auditLog.count({ where: { action: 'account.two_factor_recovery_code_use', targetId: String(user.id) } })).toBe(1)
  })

  it('when a code that has just served is replayed (same time step), then it is refused', async () => {
    const { user, secret } = await enrolledCandidate(ctx.app, ctx.db)
    const code = await codeFor(ctx.db, user.id, secret)
    const owner = await passwordStep(ctx.app, user.email)
    expect((await submitCode(owner, code)).status).toBe(302)

    const onlooker = await passwordStep(ctx.app, user.email)
    const replayed = await submitCode(onlooker, code)
    expect(replayed.status).toBe(401)
    expect(await isSignedIn(onlooker)).toBe(false)
  })

  it('when the password is reset through an emailed link, then the code is still asked before signing in', async () => {
    const { user, secret } = await enrolledCandidate(ctx.app, ctx.db)
    const token = await issueAuthToken(ctx.db, user.id, 'PASSWORD_RESET')
    const agent = request.agent(ctx.app)
    const newPassword = 'Un tout nouveau mot de passe 2026'
    const reset = await submitForm(agent, `/reinitialisation/${token}`, { password: newPassword, passwordConfirmation: newPassword })
    expect(reset.headers.location).toBe(VERIFY)
    expect(await isSignedIn(agent)).toBe(false)
    expect(decodeHtml((await agent.get(VERIFY)).text)).toContain('Saisissez votre code de vérification pour vous connecter.')
    expect((await submitCode(agent, await codeFor(ctx.db, user.id, secret))).headers.location).toBe('/tableau-de-bord')
    expect(await isSignedIn(agent)).toBe(true)
  })

  it('when « Paramètres d’affichage » were chosen in this browser before signing in, then they are carried into the account once the code is right, not before', async () => {
    const { user, secret } = await enrolledCandidate(ctx.app, ctx.db)
    const browser = request.agent(ctx.app)
    const chosen = await submitForm(browser, '/parametres-affichage', {
      textSize: 'large',
      spacing: 'normal',
      font: 'standard',
      contrast: 'standard',
      theme: 'light',
      motion: 'normal',
    })
    expect(chosen.status).toBe(302)
    expect((await submitForm(browser, '/connexion', { email: user.email, password: TEST_PASSWORD })).headers.location).toBe(VERIFY)
    const displaySettingsOf = async () => (await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).displaySettings
    expect(await displaySettingsOf()).toBeNull()
    expect((await submitCode(browser, await codeFor(ctx.db, user.id, secret))).status).toBe(302)
    expect(await displaySettingsOf()).toContain('textSize=large')
  })

  it('when the verification page is opened without a right password first, then it leads to the sign-in page, and a code posted alone signs nobody in', async () => {
    const visitor = request.agent(ctx.app)
    expect((await visitor.get(VERIFY)).headers.location).toBe('/connexion')
    const token = await csrfTokenFrom(visitor, '/connexion')
    const response = await visitor.post(VERIFY).type('form').send({ code: '123456', _csrf: token })
    expect(response.headers.location).toBe('/connexion')
    expect(await isSignedIn(visitor)).toBe(false)
  })

  it('when the account has no second factor (as every demo account in development), then the password alone signs in, as before', async () => {
    const { user } = await createAdmin(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    expect(await isSignedIn(agent)).toBe(true)
    expect((await agent.get('/admin/utilisateurs')).status).toBe(200)
  })
})

describe('turning it off, new recovery codes', () => {
  it('when turning it off, then the password (or a code) is asked: nothing, or a wrong password, changes nothing; the right password turns it off', async () => {
    const { user, agent } = await enrolledCandidate(ctx.app, ctx.db)
    const page = await agent.get(`${TWO_FACTOR}/desactiver`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<label for="field-password">Mot de passe')

    const empty = await submitForm(agent, `${TWO_FACTOR}/desactiver`, {})
    expect(empty.status).toBe(422)
    expect(decodeHtml(empty.text)).toContain('Saisissez votre mot de passe, ou un code de vérification.')
    const wrong = await submitForm(agent, `${TWO_FACTOR}/desactiver`, { password: 'pas le bon mot de passe' })
    expect(wrong.status).toBe(422)
    expect(decodeHtml(wrong.text)).toContain('Le mot de passe est incorrect.')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).not.toBeNull()

    const done = await submitForm(agent, `${TWO_FACTOR}/desactiver`, { password: TEST_PASSWORD })
    expect(done.status).toBe(302)
    expect(decodeHtml((await agent.get(TWO_FACTOR)).text)).toContain('La double authentification est désactivée')
    const stored = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([stored.totpEnabledAt, stored.totpSecret]).toEqual([null, null])
    expect(await ctx.db.twoFactorRecoveryCode.count({ where: { userId: user.id } })).toBe(0)
    const entry = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'account.two_factor_disable', targetId: String(user.id) } })
    expect(JSON.parse(entry.details!)).toEqual({ confirmedWith: 'password' })
    expect(await isSignedIn(await signIn(ctx.app, user.email))).toBe(true)
  })

  it('when turning it off with a code of the app instead of the password, then it is off', async () => {
    const { user, agent, secret } = await enrolledCandidate(ctx.app, ctx.db)
    const done = await submitForm(agent, `${TWO_FACTOR}/desactiver`, { code: await codeFor(ctx.db, user.id, secret) })
    expect(done.status).toBe(302)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull()
  })

  it('when new recovery codes are made, then 10 new ones are shown once and the old ones no longer work', async () => {
    const { user, agent, recoveryCodes: old } = await enrolledCandidate(ctx.app, ctx.db)
    const response = await submitForm(agent, `${TWO_FACTOR}/codes-de-secours`, { password: TEST_PASSWORD })
    expect(response.status).toBe(200)
    const fresh = recoveryCodesIn(response.text)
    expect(fresh).toHaveLength(10)
    expect(fresh.some((code) => old.includes(code))).toBe(false)

    expect((await submitCode(await passwordStep(ctx.app, user.email), old[0])).status).toBe(401)
    expect((await submitCode(await passwordStep(ctx.app, user.email), fresh[0])).status).toBe(302)
  })
})

describe('administrators, where the second factor is obligatory (production)', () => {
  let production: TestContext
  beforeAll(async () => {
    // what NODE_ENV=production sets (the rest of a production configuration needs HTTPS for its cookies)
    production = await createTestContext({ twoFactorRequiredForAdmins: true })
  })
  afterAll(async () => production.cleanup())

  it('when NODE_ENV is production, then the configuration makes it obligatory for administrators; in development it is not', () => {
    const env = { SESSION_SECRET: 'x'.repeat(40), BASE_URL: 'https://atouts.example', SMTP_URL: 'smtp://localhost:2525' }
    expect(loadConfig({ ...env, NODE_ENV: 'production' }).twoFactorRequiredForAdmins).toBe(true)
    expect(loadConfig({ ...env, NODE_ENV: 'development' }).twoFactorRequiredForAdmins).toBe(false)
    expect(ctx.config.twoFactorRequiredForAdmins).toBe(false)
  })

  it('when an administrator without a second factor signs in, then every page leads to the enrolment, other forms are refused, until it is done; then it cannot be turned off', async () => {
    const { user } = await createAdmin(production.db)
    const agent = await signIn(production.app, user.email)
    for (const page of ['/tableau-de-bord', '/admin/utilisateurs', '/mon-compte', TWO_FACTOR]) {
      const response = await agent.get(page)
      expect(response.status, page).toBe(302)
      expect(response.headers.location, page).toBe(ENROL)
    }
    const token = await csrfTokenFrom(agent, ENROL)
    expect((await agent.post('/mon-compte/deconnexion-partout').type('form').send({ _csrf: token })).status).toBe(403)
    expect((await agent.post('/admin/utilisateurs/inviter').type('form').send({ _csrf: token })).status).toBe(403)
    const page = await agent.get(ENROL)
    expect(decodeHtml(page.text)).toContain('La double authentification est obligatoire pour les comptes administrateurs.')
    expect(page.text).toContain('action="/deconnexion"')
    expect((await agent.get('/parametres-affichage')).status).toBe(200)

    await enrol(agent)
    expect((await agent.get('/admin/utilisateurs')).status).toBe(200)
    expect(decodeHtml((await agent.get(TWO_FACTOR)).text)).toContain('elle ne peut pas être désactivée')
    expect((await submitForm(agent, `${TWO_FACTOR}/desactiver`, { password: TEST_PASSWORD }, TWO_FACTOR)).headers.location).toBe(TWO_FACTOR)
    expect((await production.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).not.toBeNull()

    // the next sign-in asks the code
    expect(await isSignedIn(await passwordStep(production.app, user.email))).toBe(false)
  })

  it('when a référent, a recruiter or a candidate signs in there, then nothing is forced', async () => {
    for (const { user } of [await createReferent(production.db), await createRecruiter(production.db), await createCandidate(production.db)]) {
      const agent = await signIn(production.app, user.email)
      expect((await agent.get('/tableau-de-bord')).status).toBe(200)
    }
  })
})

describe('an administrator resets another user’s second factor', () => {
  const resetPath = (userId: number) => `/admin/utilisateurs/${userId}/reinitialiser-double-authentification`

  it('when an administrator resets it from « Utilisateurs », then it is off, that user is signed out and signs in with the password alone, and the audit log says who did it', async () => {
    const { user, agent: userAgent } = await enrolledCandidate(ctx.app, ctx.db)
    const { user: admin } = await createAdmin(ctx.db)
    const adminAgent = await signIn(ctx.app, admin.email)
    const list = await adminAgent.get(`/admin/utilisateurs?q=${encodeURIComponent(user.email)}`)
    expect(list.text).toContain(`action="${resetPath(user.id)}"`)
    expect(textOf(decodeHtml(list.text))).toContain('Double authentification activée')

    const response = await submitForm(adminAgent, resetPath(user.id), {}, '/admin/utilisateurs')
    expect(response.status).toBe(302)
    expect(decodeHtml((await adminAgent.get('/admin/utilisateurs')).text)).toContain('est réinitialisée')
    const stored = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([stored.totpEnabledAt, stored.totpSecret]).toEqual([null, null])
    expect(await ctx.db.twoFactorRecoveryCode.count({ where: { userId: user.id } })).toBe(0)
    const entry = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user.reset_two_factor', targetId: String(user.id) } })
    expect(entry.actorUserId).toBe(admin.id)
    expect(await isSignedIn(userAgent)).toBe(false)
    expect(await isSignedIn(await signIn(ctx.app, user.email))).toBe(true)
  })

  it('when a référent of the same établissement, a recruiter or the candidate posts the reset, then 403 and nothing changes; an unknown id is a 404; their own is refused', async () => {
    const { user: target, agent: candidateAgent } = await enrolledCandidate(ctx.app, ctx.db)
    const establishmentId = (await ctx.db.candidate.findUniqueOrThrow({ where: { userId: target.id } })).establishmentId
    const referent = await signIn(ctx.app, (await createReferent(ctx.db, { establishmentId })).user.email)
    const recruiter = await signIn(ctx.app, (await createRecruiter(ctx.db)).user.email)
    for (const agent of [referent, recruiter, candidateAgent]) {
      const token = await csrfTokenFrom(agent, '/mon-compte')
      expect((await agent.post(resetPath(target.id)).type('form').send({ _csrf: token })).status).toBe(403)
    }
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: target.id } })).totpEnabledAt).not.toBeNull()

    const { user: admin } = await createAdmin(ctx.db)
    const adminAgent = await signIn(ctx.app, admin.email)
    const token = await csrfTokenFrom(adminAgent, '/admin/utilisateurs')
    expect((await adminAgent.post(resetPath(999_999_999)).type('form').send({ _csrf: token })).status).toBe(404)
    await enrol(adminAgent)
    await adminAgent.post(resetPath(admin.id)).type('form').send({ _csrf: token })
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: admin.id } })).totpEnabledAt).not.toBeNull()
    expect(await ctx.db.auditLog.count({ where: { action: 'user.reset_two_factor', actorUserId: admin.id } })).toBe(0)
  })
})
