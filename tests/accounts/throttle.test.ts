import type { Express } from 'express'
import request from 'supertest'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { verifyPassword } from '../../src/lib/passwords.ts'
import type { Config } from '../../src/config.ts'
import type { DatabaseSessionStore } from '../../src/web/session-store.ts'
import { closeAttemptStores, createAttemptStore } from '../../src/web/rate-limit.ts'
import { startExpiredSessionsJob } from '../../src/web/session.ts'
import { logger } from '../../src/lib/logger.ts'
import { createCandidate, createEstablishment, TEST_PASSWORD } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, type TestContext } from '../helpers/app.ts'
import { redisConfig, redisReachable, redisTimePasses, storedRedisAttempts } from '../helpers/redis.ts'
import { captchaAnswerOf, csrfOf } from '../helpers/sign-up.ts'

/**
 * The throttles of the forms that check a password or tell whether an address has an account
 * (src/web/rate-limit.ts), with client addresses given by a trusted proxy's X-Forwarded-For.
 * Every scenario runs on both stores of the counts: the database (the default) and Redis (REDIS_URL).
 */
const contexts: TestContext[] = []
afterAll(async () => {
  for (const ctx of contexts) await ctx.cleanup()
  await closeAttemptStores()
})

type Store = {
  name: string
  config: () => Partial<Config>
  /** how many attempts the store holds, whatever their age */
  stored: (ctx: TestContext) => Promise<number>
  /** every counted attempt happened `ms` earlier: what waiting would do, without waiting */
  timePasses: (ctx: TestContext, ms: number) => Promise<void>
}

const databaseStore: Store = {
  name: 'the database',
  config: () => ({}),
  stored: (ctx) => ctx.db.authAttempt.count(),
  async timePasses(ctx, ms) {
    const attempts = await ctx.db.authAttempt.findMany({ select: { id: true, createdAt: true } })
    for (const attempt of attempts) {
      await ctx.db.authAttempt.update({ where: { id: attempt.id }, data: { createdAt: new Date(attempt.createdAt.getTime() - ms) } })
    }
  },
}
const redisStore: Store = { name: 'Redis', config: redisConfig, stored: storedRedisAttempts, timePasses: redisTimePasses }
const stores = (await redisReachable()) ? [databaseStore, redisStore] : [databaseStore]

const WRONG = 'pas le bon mot de passe'

/** "Se connecter" from this client address, in a fresh browser. */
async function signInFrom(app: Express, address: string, email: string, password: string) {
  const agent = request.agent(app)
  const token = await csrfTokenFrom(agent, '/connexion')
  return agent.post('/connexion').set('X-Forwarded-For', address).type('form').send({ email, password, _csrf: token })
}

for (const store of stores) {
  async function contextWith(overrides: Partial<Config>) {
    const ctx = await createTestContext({ trustProxy: 1, ...store.config(), ...overrides })
    contexts.push(ctx)
    return ctx
  }
  const timePasses = store.timePasses

  describe(`throttles counted in ${store.name}`, () => {
    describe('sign-in throttle', () => {
      it('when one address fails 10 times on account A, then A waits at that address, but account B signs in from the same address, and A from elsewhere', async () => {
        const ctx = await contextWith({ authRateLimit: 10 })
        const a = (await createCandidate(ctx.db)).user
        const b = (await createCandidate(ctx.db)).user
        const school = '203.0.113.10'
        for (let attempt = 0; attempt < 10; attempt++) expect((await signInFrom(ctx.app, school, a.email, WRONG)).status).toBe(401)

        const refused = await signInFrom(ctx.app, school, a.email, TEST_PASSWORD)
        expect(refused.status).toBe(429)
        expect(refused.text).toContain('Trop de tentatives')
        expect(refused.text).toMatch(/merci de patienter 1[45] minutes/)
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800)

        expect((await signInFrom(ctx.app, school, b.email, TEST_PASSWORD)).status).toBe(302)
        expect((await signInFrom(ctx.app, '198.51.100.7', a.email, TEST_PASSWORD)).status).toBe(302)
      })

      it('when account A fails from many addresses, then A is slowed down — even with the right password, waits that grow — while B is not; once the wait is over, A signs in', async () => {
        const ctx = await contextWith({ authRateLimit: 3 })
        const a = (await createCandidate(ctx.db)).user
        const b = (await createCandidate(ctx.db)).user
        // L = 3: the account is slowed down past 2 × L failures from every address together
        for (let address = 1; address <= 6; address++) expect((await signInFrom(ctx.app, `10.0.0.${address}`, a.email, WRONG)).status).toBe(401)

        const slowed = await signInFrom(ctx.app, '10.0.0.7', a.email, TEST_PASSWORD)
        expect(slowed.status).toBe(429)
        expect(slowed.text).toContain('Ce compte a reçu beaucoup de tentatives de connexion')
        expect(slowed.text).toContain('Mot de passe oublié ?')
        const firstWait = Number(slowed.headers['retry-after'])
        expect(firstWait).toBeGreaterThan(0)
        expect(firstWait).toBeLessThanOrEqual(15)
        expect((await signInFrom(ctx.app, '10.0.0.7', b.email, TEST_PASSWORD)).status).toBe(302)

        await timePasses(ctx, 20_000)
        expect((await signInFrom(ctx.app, '10.0.0.8', a.email, WRONG)).status).toBe(401)
        const longer = await signInFrom(ctx.app, '10.0.0.9', a.email, TEST_PASSWORD)
        expect(longer.status).toBe(429)
        expect(Number(longer.headers['retry-after'])).toBeGreaterThan(firstWait)
        expect(Number(longer.headers['retry-after'])).toBeLessThanOrEqual(30)

        await timePasses(ctx, 60_000)
        expect((await signInFrom(ctx.app, '10.0.0.9', a.email, TEST_PASSWORD)).status).toBe(302)
      })

      it('when one address fails on many accounts, then past 10 × L that address waits, and other addresses do not', async () => {
        const ctx = await contextWith({ authRateLimit: 2 })
        const c = (await createCandidate(ctx.db)).user
        for (let account = 0; account < 20; account++) {
          expect((await signInFrom(ctx.app, '192.0.2.50', `personne${account}@exemple.fr`, WRONG)).status).toBe(401)
        }
        expect((await signInFrom(ctx.app, '192.0.2.50', c.email, TEST_PASSWORD)).status).toBe(429)
        expect((await signInFrom(ctx.app, '192.0.2.51', c.email, TEST_PASSWORD)).status).toBe(302)
      })

      it('when failures are spread over two instances of the app on one database, then they are counted together', async () => {
        const ctx = await contextWith({ authRateLimit: 3 })
        const other = createApp({ config: ctx.config, db: ctx.db })
        const a = (await createCandidate(ctx.db)).user
        expect((await signInFrom(ctx.app, '10.1.0.1', a.email, WRONG)).status).toBe(401)
        expect((await signInFrom(other, '10.1.0.1', a.email, WRONG)).status).toBe(401)
        expect((await signInFrom(ctx.app, '10.1.0.1', a.email, WRONG)).status).toBe(401)
        expect((await signInFrom(other, '10.1.0.1', a.email, TEST_PASSWORD)).status).toBe(429)
      })

      it('when the periodic clean-up runs, then attempts too old to count are removed, recent ones kept', async () => {
        const ctx = await contextWith({ authRateLimit: 3 })
        const a = (await createCandidate(ctx.db)).user
        expect((await signInFrom(ctx.app, '10.2.0.1', a.email, WRONG)).status).toBe(401)
        const recent = await store.stored(ctx)
        expect(recent).toBeGreaterThan(0)
        const attempts = createAttemptStore(ctx.db, ctx.config)
        await attempts.record(['password.pair:ancienne'], new Date(Date.now() - 16 * 60 * 1000))
        expect(await store.stored(ctx)).toBe(recent + 1)
        const job = startExpiredSessionsJob({ db: ctx.db, store: ctx.app.locals.sessionStore as DatabaseSessionStore, attempts, logger })
        await job.stop()
        expect(await store.stored(ctx)).toBe(recent)
      })
    })

    describe('"Modifier mon mot de passe" throttle', () => {
      it('when the current password is wrong L times, then the next try waits, even with the right password, and the password is unchanged; sign-in from that address waits too', async () => {
        const ctx = await contextWith({ authRateLimit: 3 })
        const { user } = await createCandidate(ctx.db)
        const agent = await signIn(ctx.app, user.email)
        const change = async (currentPassword: string) => {
          const token = await csrfTokenFrom(agent, '/mon-compte/mot-de-passe')
          return agent
            .post('/mon-compte/mot-de-passe')
            .set('X-Forwarded-For', '10.3.0.1')
            .type('form')
            .send({ currentPassword, password: 'Un nouveau mot de passe 2026', passwordConfirmation: 'Un nouveau mot de passe 2026', _csrf: token })
        }
        for (let attempt = 0; attempt < 3; attempt++) expect((await change(WRONG)).status).toBe(422)
        const refused = await change(TEST_PASSWORD)
        expect(refused.status).toBe(429)
        expect(refused.text).toContain('Trop de tentatives')
        const { passwordHash } = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })
        expect(await verifyPassword(passwordHash, TEST_PASSWORD)).toBe(true)
        expect((await signInFrom(ctx.app, '10.3.0.1', user.email, TEST_PASSWORD)).status).toBe(429)
      })
    })

    describe('"S’inscrire" throttle', () => {
      async function signUpFrom(ctx: TestContext, address: string, email: string) {
        const establishment = await createEstablishment(ctx.db)
        const agent = request.agent(ctx.app)
        const form = await agent.get('/inscription')
        return agent
          .post('/inscription')
          .set('X-Forwarded-For', address)
          .type('form')
          .send({
            lastName: 'Durand',
            firstName: 'Éloïse',
            email,
            establishmentId: String(establishment.id),
            captcha: String(captchaAnswerOf(form.text)),
            _csrf: csrfOf(form.text),
          })
      }

      it('when a whole class signs up from one address, then nobody is stopped', async () => {
        const ctx = await contextWith({ authRateLimit: 2 })
        for (let student = 0; student < 6; student++) expect((await signUpFrom(ctx, '10.4.0.1', `eleve${student}@exemple.fr`)).status).toBe(302)
      })

      it('when one address is told L times that an address already has an account, then it waits before asking again; another address does not', async () => {
        const ctx = await contextWith({ authRateLimit: 2 })
        const existing = [(await createCandidate(ctx.db)).user.email, (await createCandidate(ctx.db)).user.email]
        for (const email of existing) {
          const response = await signUpFrom(ctx, '10.5.0.1', email)
          expect(response.status).toBe(422)
          expect(response.text).toContain('Un compte existe déjà avec cette adresse e-mail')
        }
        const refused = await signUpFrom(ctx, '10.5.0.1', (await createCandidate(ctx.db)).user.email)
        expect(refused.status).toBe(429)
        expect(refused.text).toContain('Trop de tentatives')
        expect((await signUpFrom(ctx, '10.5.0.2', 'nouvelle@exemple.fr')).status).toBe(302)
      })
    })
  })
}
