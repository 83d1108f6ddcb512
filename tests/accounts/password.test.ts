import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCandidate, createReferent, TEST_PASSWORD } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'

let ctx: MailTestContext

beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const NEW_PASSWORD = 'Mon nouveau mot de passe 2026'

const canSignIn = async (email: string, password: string) => (await submitForm(request.agent(ctx.app), '/connexion', { email, password })).status === 302

/** "Mot de passe oublié ?" then the page it leads to, with the parts that differ by nature (address, tokens) masked. */
async function askForReset(email: string) {
  const agent = request.agent(ctx.app)
  const response = await submitForm(agent, '/mot-de-passe-oublie', { email })
  const next = await agent.get(response.headers.location ?? '/')
  const masked = next.text.replaceAll(email, 'ADRESSE').replace(/name="_csrf" value="[^"]+"/g, '')
  return { response, masked }
}

describe('"Mot de passe oublié ?"', () => {
  it('when the sign-in page is shown, then it links to the form', async () => {
    const response = await request(ctx.app).get('/connexion')
    expect(response.text).toContain('href="/mot-de-passe-oublie">Mot de passe oublié ?</a>')
    const form = await request(ctx.app).get('/mot-de-passe-oublie')
    expect(form.status).toBe(200)
    expect(form.text).toMatch(/<label for="field-email">Adresse e-mail/)
  })

  it('when an existing and an unknown address ask for a link, then the answer is the same and only the existing one gets an email', async () => {
    const { user } = await createCandidate(ctx.db)
    const unknown = 'personne.inconnue@exemple.fr'
    const existing = await askForReset(user.email)
    const missing = await askForReset(unknown)
    expect(existing.response.status).toBe(302)
    expect(missing.response.status).toBe(existing.response.status)
    expect(missing.response.headers.location).toBe(existing.response.headers.location)
    expect(existing.masked).toContain('Si un compte existe pour l’adresse ADRESSE')
    expect(missing.masked).toBe(existing.masked)

    await deliverEmails(ctx)
    const mail = await ctx.smtp.waitFor(sentTo(user.email))
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe Atouts pour tous')
    expect(mail.text).toContain('http://atouts.test/reinitialisation/')
    expect(ctx.smtp.messages.filter(sentTo(unknown))).toHaveLength(0)
    expect(await ctx.db.outboxEmail.count({ where: { to: unknown } })).toBe(0)
  })

  it('when a pending registration asks for a link, then the same answer and no email', async () => {
    const pending = await createCandidate(ctx.db, { status: 'PENDING_VALIDATION', password: null })
    const { response, masked } = await askForReset(pending.user.email)
    expect(response.status).toBe(302)
    expect(masked).toContain('Si un compte existe pour l’adresse ADRESSE')
    expect(await ctx.db.outboxEmail.count({ where: { to: pending.user.email } })).toBe(0)
  })

  it('when the address is not valid, then 422 names it', async () => {
    const response = await submitForm(request.agent(ctx.app), '/mot-de-passe-oublie', { email: 'pas-une-adresse' })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Saisissez une adresse e-mail valide')
  })

  it('when the reset link is used, then the new password works, the old one no longer does, and the link works once', async () => {
    const { user } = await createReferent(ctx.db)
    await askForReset(user.email)
    await deliverEmails(ctx)
    const link = linkIn(await ctx.smtp.waitFor(sentTo(user.email)), 'http://atouts.test/reinitialisation/')

    const agent = request.agent(ctx.app)
    const form = await agent.get(pathOf(link))
    expect(form.status).toBe(200)
    expect(form.text).toContain('<h1>Choisir un nouveau mot de passe</h1>')
    expect(form.text).toMatch(/<label for="field-password">Nouveau mot de passe/)
    expect(form.text).toMatch(/<label for="field-passwordConfirmation">Confirmer le mot de passe/)

    const mismatch = await submitForm(agent, pathOf(link), { password: NEW_PASSWORD, passwordConfirmation: 'autre chose tout à fait' })
    expect(mismatch.status).toBe(422)
    expect(mismatch.text).toContain('Les deux mots de passe ne sont pas identiques.')

    const done = await submitForm(agent, pathOf(link), { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
    expect(done.status).toBe(302)
    expect(done.headers.location).toBe('/tableau-de-bord')
    expect((await agent.get('/tableau-de-bord')).text).toContain('Votre nouveau mot de passe est enregistré.')

    const again = await request(ctx.app).get(pathOf(link))
    expect(again.status).toBe(410)
    expect(again.text).toContain('Ce lien n’est plus valide')
    const reuse = await submitForm(
      request.agent(ctx.app),
      pathOf(link),
      { password: 'Encore un autre mot de passe', passwordConfirmation: 'Encore un autre mot de passe' },
      '/connexion',
    )
    expect(reuse.status).toBe(410)

    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true)
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(false)
  })

  it('when the reset link has expired, then it says so and offers to ask for a new one', async () => {
    const { user } = await createCandidate(ctx.db)
    await askForReset(user.email)
    await deliverEmails(ctx)
    const link = linkIn(await ctx.smtp.waitFor(sentTo(user.email)), 'http://atouts.test/reinitialisation/')
    await ctx.db.authToken.updateMany({ where: { userId: user.id, purpose: 'PASSWORD_RESET' }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const response = await request(ctx.app).get(pathOf(link))
    expect(response.status).toBe(410)
    expect(response.text).toContain('Ce lien n’est plus valide')
    expect(response.text).toContain('Ce lien a expiré.')
    expect(response.text).toContain('href="/mot-de-passe-oublie"')
    const post = await submitForm(request.agent(ctx.app), pathOf(link), { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, '/connexion')
    expect(post.status).toBe(410)
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(true)
  })
})

describe('"Modifier mon mot de passe"', () => {
  it('when a signed-in user opens it from Mon compte, then the form asks for the current and the new password', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/mon-compte')).text).toContain('href="/mon-compte/mot-de-passe">Modifier mon mot de passe</a>')
    const form = await agent.get('/mon-compte/mot-de-passe')
    expect(form.status).toBe(200)
    expect(form.text).toContain('<h1>Modifier mon mot de passe</h1>')
    expect(form.text).toMatch(/<label for="field-currentPassword">Mot de passe actuel/)
    expect(form.text).toMatch(/<label for="field-password">Nouveau mot de passe/)
    expect(form.text).toMatch(/<label for="field-passwordConfirmation">Confirmer le mot de passe/)
  })

  it('when the current password is wrong, then 422 and the password is unchanged', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, '/mon-compte/mot-de-passe', {
      currentPassword: 'pas le bon du tout',
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Le mot de passe actuel est incorrect.')
    expect(response.text).not.toContain('pas le bon du tout')
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(true)
    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(false)
  })

  it('when the two new passwords differ or the new one is too short, then 422 names the problem and nothing changes', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const mismatch = await submitForm(agent, '/mon-compte/mot-de-passe', {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: `${NEW_PASSWORD}!`,
    })
    expect(mismatch.status).toBe(422)
    expect(mismatch.text).toContain('Les deux mots de passe ne sont pas identiques.')
    const short = await submitForm(agent, '/mon-compte/mot-de-passe', { currentPassword: TEST_PASSWORD, password: 'court', passwordConfirmation: 'court' })
    expect(short.status).toBe(422)
    expect(short.text).toContain('Le mot de passe doit compter au moins 12 caractères.')
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(true)
  })

  it('when the change succeeds, then only the new password signs in', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, '/mon-compte/mot-de-passe', {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/mon-compte')
    expect((await agent.get('/mon-compte')).text).toContain('Votre mot de passe a été modifié.')
    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true)
    expect(await canSignIn(user.email, TEST_PASSWORD)).toBe(false)
  })

  it('when a signed-out visitor opens it, then they are sent to the sign-in page', async () => {
    const response = await request(ctx.app).get('/mon-compte/mot-de-passe')
    expect(response.headers.location).toBe('/connexion')
  })
})
