import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConvention, createEstablishment, createReferent } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'
import { submitSignUp } from '../helpers/sign-up.ts'

let ctx: MailTestContext

beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const NEW_PASSWORD = 'Une phrase de passe assez longue'

describe('self-registration, from the form to the first sign-in', () => {
  it('when a référent validates a self-registration, then the person receives the link, chooses a password once and lands on the dashboard', async () => {
    const convention = await createConvention(ctx.db, { name: 'Atouts Occitanie' })
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Université Toulouse Capitole – Relais handicap' })
    const referent = await createReferent(ctx.db, { establishmentId: establishment.id, firstName: 'Inès', lastName: 'Roux' })
    const email = 'lea.martin@exemple.fr'

    // 1. the person signs up
    const visitor = request.agent(ctx.app)
    const signUp = await submitSignUp(
      visitor,
      { lastName: 'Martin', firstName: 'Léa', email, convention: String(convention.id), establishmentId: String(establishment.id), birthDate: '' },
      `/inscription?convention=${convention.id}`,
    )
    expect(signUp.headers.location).toBe('/inscription/en-attente')
    const pending = await visitor.get('/inscription/en-attente')
    expect(pending.text).toContain('Votre compte sera actif dès qu’un référent de')
    expect(pending.text).toContain('Université Toulouse Capitole – Relais handicap')
    // not active yet: no sign-in
    expect((await submitForm(request.agent(ctx.app), '/connexion', { email, password: 'peu importe' })).status).toBe(401)

    // 2. the référent is told, and validates
    await deliverEmails(ctx)
    const notice = await ctx.smtp.waitFor(sentTo(referent.user.email))
    expect(notice.subject).toBe('Une inscription attend votre validation')
    expect(linkIn(notice, 'http://atouts.test/')).toBe('http://atouts.test/referent/inscriptions')
    const referentAgent = await signIn(ctx.app, referent.user.email)
    const list = await referentAgent.get('/referent/inscriptions')
    expect(list.text).toContain('lea.martin@exemple.fr')
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email } })
    const validated = await submitForm(referentAgent, `/referent/inscriptions/${user.id}/valider`, {}, '/referent/inscriptions')
    expect(validated.status).toBe(302)
    expect((await referentAgent.get('/referent/inscriptions')).text).toContain('L’inscription de Léa Martin est validée')

    // 3. the activation email
    await deliverEmails(ctx)
    const invitation = await ctx.smtp.waitFor(sentTo(email))
    expect(invitation.subject).toBe('Créez votre compte Atouts pour tous en choisissant un mot de passe')
    expect(invitation.text).toContain('validée par un référent de Université Toulouse Capitole – Relais handicap')
    const link = linkIn(invitation, 'http://atouts.test/activation/')

    // 4. choosing the password
    const person = request.agent(ctx.app)
    const form = await person.get(pathOf(link))
    expect(form.status).toBe(200)
    expect(form.text).toContain('Créer votre compte en choisissant un mot de passe')
    expect(form.text).toMatch(/<label for="field-password">Nouveau mot de passe/)
    expect(form.text).toMatch(/<label for="field-passwordConfirmation">Confirmer le mot de passe/)
    expect(form.text).toContain('>Enregistrer</button>')
    const chosen = await submitForm(person, pathOf(link), { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
    expect(chosen.status).toBe(302)
    expect(chosen.headers.location).toBe('/tableau-de-bord')
    const dashboard = await person.get('/tableau-de-bord')
    expect(dashboard.status).toBe(200)
    expect(dashboard.text).toContain('<h1>Tableau de bord</h1>')
    expect(dashboard.text).toContain('Léa Martin')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { email } })).status).toBe('ACTIVE')

    // 5. the link works once
    const again = await request(ctx.app).get(pathOf(link))
    expect(again.status).toBe(410)
    expect(again.text).toContain('Ce lien n’est plus valide')
    expect(again.text).toContain('déjà été utilisé')

    // and the chosen password signs in
    expect((await submitForm(request.agent(ctx.app), '/connexion', { email, password: NEW_PASSWORD })).status).toBe(302)
  })

  it('when the activation link has expired, then it says so and offers a new link', async () => {
    const establishment = await createEstablishment(ctx.db)
    const referent = await createReferent(ctx.db, { establishmentId: establishment.id })
    const email = 'tom.petit@exemple.fr'
    await submitSignUp(request.agent(ctx.app), { lastName: 'Petit', firstName: 'Tom', email, establishmentId: String(establishment.id) })
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email } })
    const referentAgent = await signIn(ctx.app, referent.user.email)
    await submitForm(referentAgent, `/referent/inscriptions/${user.id}/valider`, {}, '/referent/inscriptions')
    await deliverEmails(ctx)
    const link = linkIn(await ctx.smtp.waitFor(sentTo(email)), 'http://atouts.test/activation/')

    await ctx.db.authToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 60_000) } })
    const expired = await request(ctx.app).get(pathOf(link))
    expect(expired.status).toBe(410)
    expect(expired.text).toContain('Ce lien n’est plus valide')
    expect(expired.text).toContain('Ce lien a expiré.')
    expect(expired.text).toContain('action="/activation/nouveau-lien"')
    expect(expired.text).toContain('>Recevoir un nouveau lien</button>')

    // a new link arrives and works
    const agent = request.agent(ctx.app)
    const resend = await submitForm(agent, '/activation/nouveau-lien', { email }, pathOf(link))
    expect(resend.status).toBe(302)
    await deliverEmails(ctx)
    const mails = ctx.smtp.messages.filter(sentTo(email))
    expect(mails).toHaveLength(2)
    const newLink = linkIn(mails[1], 'http://atouts.test/activation/')
    expect(newLink).not.toBe(link)
    expect((await request(ctx.app).get(pathOf(newLink))).status).toBe(200)
  })
})
