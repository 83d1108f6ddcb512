import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCandidate, createEstablishment, createReferent } from '../factories/index.ts'
import { createMailTestContext, csrfTokenFrom, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'
import { captchaAnswerOf, csrfOf } from '../helpers/sign-up.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'

/**
 * Nobody can flood an inbox through the app: emails are capped per recipient and kind
 * (src/lib/outbox.ts, coalesced), checked as received by a real SMTP server.
 */
let ctx: MailTestContext

beforeAll(async () => {
  ctx = await createMailTestContext({ trustProxy: 1 })
})
afterAll(() => ctx?.cleanup())

const received = (address: string, subject?: string) =>
  ctx.smtp.messages.filter((mail) => sentTo(address)(mail) && (subject === undefined || mail.subject === subject))

/** Every email queued so far was queued `ms` earlier: what waiting would do, without waiting. */
async function timePasses(ms: number) {
  const emails = await ctx.db.outboxEmail.findMany({ select: { id: true, createdAt: true } })
  for (const email of emails) await ctx.db.outboxEmail.update({ where: { id: email.id }, data: { createdAt: new Date(email.createdAt.getTime() - ms) } })
}

async function askForReset(email: string, address: string) {
  const agent = request.agent(ctx.app)
  const token = await csrfTokenFrom(agent, '/mot-de-passe-oublie')
  const response = await agent.post('/mot-de-passe-oublie').set('X-Forwarded-For', address).type('form').send({ email, _csrf: token })
  expect(response.headers.location).toBe('/connexion')
  return (await agent.get('/connexion')).text
}

const RESET_SUBJECT = 'Réinitialisation de votre mot de passe Atouts pour tous'
const NEW_PASSWORD = 'Un mot de passe tout neuf 2026'

describe('"Mot de passe oublié ?" asked again and again', () => {
  it('when three addresses ask 12 times for one account, the worker sending in between, then one email arrives, its link works, and every answer is the same', async () => {
    const { user } = await createCandidate(ctx.db)
    const answers = new Set<string>()
    for (let ask = 0; ask < 12; ask++) {
      const page = await askForReset(user.email, `192.0.2.${ask % 3}`)
      answers.add(/Si un compte existe pour l’adresse [^<]*/.exec(page)?.[0] ?? 'none')
      await deliverEmails(ctx)
    }
    expect([...answers]).toEqual([
      `Si un compte existe pour l’adresse ${user.email}, un e-mail vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe. Pensez à regarder dans les courriers indésirables.`,
    ])
    expect(received(user.email, RESET_SUBJECT)).toHaveLength(1)

    const link = linkIn(received(user.email, RESET_SUBJECT)[0], 'http://atouts.test/reinitialisation/')
    const done = await submitForm(request.agent(ctx.app), pathOf(link), { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
    expect(done.headers.location).toBe('/tableau-de-bord')
  })

  it('when the requests come before the worker runs, then one email goes, with the latest link, which works', async () => {
    const { user } = await createCandidate(ctx.db)
    for (let ask = 0; ask < 5; ask++) await askForReset(user.email, `198.51.100.${ask}`)
    await deliverEmails(ctx)
    const mails = received(user.email, RESET_SUBJECT)
    expect(mails).toHaveLength(1)
    const done = await submitForm(request.agent(ctx.app), pathOf(linkIn(mails[0], 'http://atouts.test/reinitialisation/')), {
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    expect(done.headers.location).toBe('/tableau-de-bord')
  })

  it('when a few minutes have passed, then a new request sends a new email', async () => {
    const { user } = await createCandidate(ctx.db)
    await askForReset(user.email, '203.0.113.1')
    await deliverEmails(ctx)
    await timePasses(6 * 60 * 1000)
    await askForReset(user.email, '203.0.113.1')
    await deliverEmails(ctx)
    expect(received(user.email, RESET_SUBJECT)).toHaveLength(2)
  })

  it('when an invited account asks again and again for a new activation link, then one email arrives', async () => {
    const invited = await createCandidate(ctx.db, { status: 'INVITED', password: null })
    for (let ask = 0; ask < 4; ask++) {
      await askForReset(invited.user.email, '203.0.113.9')
      const agent = request.agent(ctx.app)
      await submitForm(agent, '/activation/nouveau-lien', { email: invited.user.email }, '/mot-de-passe-oublie')
      await deliverEmails(ctx)
    }
    expect(received(invited.user.email)).toHaveLength(1)
  })
})

describe('alerts raised again and again by one person', () => {
  async function submitAndWithdraw(agent: Agent, offerId: number, documentId: number) {
    const token = await csrfTokenFrom(agent, `/offres/${offerId}/candidature`)
    const submitted = await agent
      .post(`/offres/${offerId}/candidature`)
      .type('form')
      .send({ messageToEmployer: 'Madame, Monsieur, voici ma candidature.', documentIds: String(documentId), _csrf: token })
    const id = Number(/\/candidatures\/(\d+)$/.exec(submitted.headers.location ?? '')?.[1])
    expect(id).toBeGreaterThan(0)
    const withdrawToken = await csrfTokenFrom(agent, `/candidatures/${id}/retirer`)
    const withdrawn = await agent.post(`/candidatures/${id}/retirer`).type('form').send({ currentStatus: 'PENDING_REFERENT', _csrf: withdrawToken })
    expect(withdrawn.headers.location).toBe(`/candidatures/${id}`)
  }

  it('when a candidate submits and withdraws an application 8 times, then each référent receives one email, and every in-site notification is kept', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    for (let loop = 0; loop < 8; loop++) {
      await submitAndWithdraw(agent, world.offer.id, world.cv.id)
      if (loop % 2 === 1) await deliverEmails(ctx)
    }
    await deliverEmails(ctx)
    for (const referent of [world.referent, world.secondReferent]) {
      expect(received(referent.user.email)).toHaveLength(1)
      expect(received(referent.user.email)[0].subject).toBe(`Candidature à valider : ${world.candidate.user.firstName} ${world.candidate.user.lastName}`)
      expect(await ctx.db.notification.count({ where: { userId: referent.user.id, event: 'application.to_validate' } })).toBe(8)
    }
  })

  it('when two candidates of one établissement apply, then the référent receives an email for each', async () => {
    const world = await createApplicationsWorld(ctx)
    const other = await createCandidate(ctx.db, { establishmentId: world.establishment.id })
    for (const candidate of [world.candidate, other]) {
      const agent = await signIn(ctx.app, candidate.user.email)
      const token = await csrfTokenFrom(agent, `/offres/${world.offer.id}/candidature`)
      const response = await agent
        .post(`/offres/${world.offer.id}/candidature`)
        .type('form')
        .send({ messageToEmployer: 'Madame, Monsieur, voici ma candidature.', _csrf: token })
      expect(response.status).toBe(302)
      await deliverEmails(ctx)
    }
    expect(received(world.referent.user.email)).toHaveLength(2)
  })

  it('when many people sign up to one établissement in a few minutes, then its référent receives one email, and every registration waits in "Inscriptions à valider"', async () => {
    const establishment = await createEstablishment(ctx.db)
    const referent = await createReferent(ctx.db, { establishmentId: establishment.id })
    for (let person = 0; person < 5; person++) {
      const agent = request.agent(ctx.app)
      const form = await agent.get('/inscription')
      const response = await agent
        .post('/inscription')
        .set('X-Forwarded-For', `10.9.0.${person}`)
        .type('form')
        .send({
          lastName: `Nom${person}`,
          firstName: 'Éloïse',
          email: `flot${person}@exemple.fr`,
          establishmentId: String(establishment.id),
          captcha: String(captchaAnswerOf(form.text)),
          _csrf: csrfOf(form.text),
        })
      expect(response.status).toBe(302)
      await deliverEmails(ctx)
    }
    expect(received(referent.user.email)).toHaveLength(1)
    const page = await (await signIn(ctx.app, referent.user.email)).get('/referent/inscriptions')
    for (let person = 0; person < 5; person++) expect(page.text).toContain(`flot${person}@exemple.fr`)
  })
})
