import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCandidate, TEST_PASSWORD } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import request from 'supertest'

/**
 * Every sign-in runs one password hash check, whatever the account: an account without a password
 * (invited, waiting for validation) or no account at all must not answer sooner than a wrong
 * password, or the time of the answer tells which addresses have an account. Observed without a
 * clock: the hash library's verify() is watched.
 */
const argon2 = vi.hoisted(() => ({ verify: undefined as unknown as ReturnType<typeof vi.fn> }))
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const original = await importOriginal<typeof import('@node-rs/argon2')>()
  argon2.verify = vi.fn(original.verify)
  return { ...original, verify: argon2.verify }
})

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())
beforeEach(() => {
  argon2.verify.mockClear()
})

const attempt = (email: string, password = 'pas le bon mot de passe') => submitForm(request.agent(ctx.app), '/connexion', { email, password })

describe('one password hash check per sign-in', () => {
  it('when an invited account without a password signs in, then a hash is checked as for any other account, and the answer is the same', async () => {
    const invited = await createCandidate(ctx.db, { status: 'INVITED', password: null })
    const response = await attempt(invited.user.email)
    expect(response.status).toBe(401)
    expect(response.text).toContain('Adresse e-mail ou mot de passe incorrect.')
    expect(argon2.verify).toHaveBeenCalledTimes(1)
  })

  it('when a self-registration waiting for its référent signs in, then a hash is checked too', async () => {
    const pending = await createCandidate(ctx.db, { status: 'PENDING_VALIDATION', password: null })
    expect((await attempt(pending.user.email)).status).toBe(401)
    expect(argon2.verify).toHaveBeenCalledTimes(1)
  })

  it('when the password is wrong, the address unknown, or the password right, then exactly one hash check each', async () => {
    const { user } = await createCandidate(ctx.db)
    for (const [email, password, status] of [
      [user.email, 'pas le bon mot de passe', 401],
      ['personne.inconnue@exemple.fr', 'pas le bon mot de passe', 401],
      [user.email, TEST_PASSWORD, 302],
    ] as const) {
      argon2.verify.mockClear()
      expect((await attempt(email, password)).status).toBe(status)
      expect(argon2.verify).toHaveBeenCalledTimes(1)
    }
  })

  it('when an account without a password is asked for its current password elsewhere, then the answer is still "wrong"', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    await ctx.db.user.update({ where: { id: user.id }, data: { passwordHash: null } })
    argon2.verify.mockClear()
    const response = await submitForm(agent, '/mon-compte/mot-de-passe', {
      currentPassword: 'decoy-password-never-used',
      password: 'Un nouveau mot de passe 2026',
      passwordConfirmation: 'Un nouveau mot de passe 2026',
    })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Le mot de passe actuel est incorrect.')
    expect(argon2.verify).toHaveBeenCalledTimes(1)
  })
})
