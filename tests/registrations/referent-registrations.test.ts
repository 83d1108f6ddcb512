import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, sentTo } from '../helpers/mail.ts'

let ctx: MailTestContext

beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

/** An établissement with one référent and one self-registration waiting for them. */
async function pendingRegistration(data: { firstName?: string; lastName?: string; birthDate?: Date } = {}) {
  const establishment = await createEstablishment(ctx.db)
  const referent = await createReferent(ctx.db, { establishmentId: establishment.id })
  const pending = await createCandidate(ctx.db, { establishmentId: establishment.id, status: 'PENDING_VALIDATION', password: null, ...data })
  return { establishment, referent, pending, user: pending.user }
}

const validate = (agent: Agent, userId: number | string) => submitForm(agent, `/referent/inscriptions/${userId}/valider`, {}, '/referent/inscriptions')
const refuse = (agent: Agent, userId: number | string, reason: string) =>
  submitForm(agent, `/referent/inscriptions/${userId}/refuser`, { reason }, '/referent/inscriptions')

describe('"Inscriptions à valider"', () => {
  it('when a référent opens the list, then they see the pending registrations of their établissement only, with Valider and Refuser', async () => {
    const { establishment, referent, user } = await pendingRegistration({ firstName: 'Léa', lastName: 'Martin', birthDate: new Date('2003-04-02T00:00:00Z') })
    const active = await createCandidate(ctx.db, { establishmentId: establishment.id, lastName: 'Actif-Déjà' })
    const other = await pendingRegistration({ lastName: 'Ailleurs' })
    const agent = await signIn(ctx.app, referent.user.email)
    const response = await agent.get('/referent/inscriptions')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Inscriptions à valider – Atouts pour tous</title>')
    for (const column of ['Nom', 'Prénom', 'Adresse e-mail', 'Date de naissance', 'Demande reçue le']) {
      expect(response.text).toContain(`<th scope="col">${column}</th>`)
    }
    expect(response.text).toContain(user.email)
    expect(response.text).toContain('2 avril 2003')
    expect(response.text).toContain(`action="/referent/inscriptions/${user.id}/valider"`)
    expect(response.text).toContain('>Valider<span class="visually-hidden"> l’inscription de Léa Martin</span></button>')
    expect(response.text).toContain(
      `href="/referent/inscriptions/${user.id}/refuser">Refuser<span class="visually-hidden"> l’inscription de Léa Martin</span></a>`,
    )
    expect(response.text).not.toContain(active.user.email)
    expect(response.text).not.toContain(other.user.email)
  })

  it('when nothing waits, then the page says so', async () => {
    const { user } = await createReferent(ctx.db)
    const response = await (await signIn(ctx.app, user.email)).get('/referent/inscriptions')
    expect(response.text).toContain('Aucune inscription n’attend votre validation.')
  })
})

describe('validating a registration', () => {
  it('when a référent validates, then the account is invited, the link is emailed and the validation is recorded', async () => {
    const { referent, user, pending, establishment } = await pendingRegistration()
    const agent = await signIn(ctx.app, referent.user.email)
    const response = await validate(agent, user.id)
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/referent/inscriptions')
    const after = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { candidate: true, authTokens: true } })
    expect(after.status).toBe('INVITED')
    expect(after.candidate).toMatchObject({ id: pending.candidate.id, validatedByUserId: referent.user.id })
    expect(after.candidate!.validatedAt).toBeInstanceOf(Date)
    expect(after.authTokens).toHaveLength(1)
    expect(after.authTokens[0].purpose).toBe('INVITATION')
    expect(await ctx.db.auditLog.count({ where: { action: 'registration.validate', targetId: String(user.id), actorUserId: referent.user.id } })).toBe(1)
    const list = await agent.get('/referent/inscriptions')
    expect(list.text).toContain('est validée : un e-mail lui a été envoyé pour choisir son mot de passe.')
    expect(list.text).not.toContain(user.email)

    await deliverEmails(ctx)
    const mail = await ctx.smtp.waitFor(sentTo(user.email))
    expect(mail.text).toContain(`validée par un référent de ${establishment.name}`)
    expect(mail.text).toContain('http://atouts.test/activation/')
  })

  it('when the same registration is validated twice (second click, then a colleague), then nothing changes and one email only is sent', async () => {
    const { referent, user, establishment } = await pendingRegistration()
    const colleague = await createReferent(ctx.db, { establishmentId: establishment.id })
    const agent = await signIn(ctx.app, referent.user.email)
    await validate(agent, user.id)
    const tokenBefore = await ctx.db.authToken.findFirstOrThrow({ where: { userId: user.id } })

    const secondClick = await validate(agent, user.id)
    expect(secondClick.status).toBe(302)
    expect((await agent.get('/referent/inscriptions')).text).toContain('Cette inscription a déjà été traitée.')
    const colleagueAgent = await signIn(ctx.app, colleague.user.email)
    await validate(colleagueAgent, user.id)
    expect((await colleagueAgent.get('/referent/inscriptions')).text).toContain('Cette inscription a déjà été traitée.')

    const tokens = await ctx.db.authToken.findMany({ where: { userId: user.id } })
    expect(tokens.map((token) => token.id)).toEqual([tokenBefore.id])
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email } })).toBe(1)
    expect(await ctx.db.auditLog.count({ where: { action: 'registration.validate', targetId: String(user.id) } })).toBe(1)
    const candidate = await ctx.db.candidate.findUniqueOrThrow({ where: { userId: user.id } })
    expect(candidate.validatedByUserId).toBe(referent.user.id)
    await deliverEmails(ctx)
    await ctx.smtp.waitFor(sentTo(user.email))
    expect(ctx.smtp.messages.filter(sentTo(user.email))).toHaveLength(1)
  })

  it('when two référents validate at the same moment, then one email only is queued', async () => {
    const { referent, user, establishment } = await pendingRegistration()
    const colleague = await createReferent(ctx.db, { establishmentId: establishment.id })
    const agents = [await signIn(ctx.app, referent.user.email), await signIn(ctx.app, colleague.user.email)]
    const tokens = await Promise.all(agents.map(async (agent) => /name="_csrf" value="([^"]+)"/.exec((await agent.get('/referent/inscriptions')).text)![1]))
    const responses = await Promise.all(
      agents.map((agent, index) => agent.post(`/referent/inscriptions/${user.id}/valider`).type('form').send({ _csrf: tokens[index] })),
    )
    expect(responses.map((response) => response.status)).toEqual([302, 302])
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email } })).toBe(1)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('INVITED')
  })
})

describe('refusing a registration', () => {
  it('when a référent opens "Refuser", then the form asks for the reason with a way back', async () => {
    const { referent, user } = await pendingRegistration({ firstName: 'Hugo', lastName: 'Bernard' })
    const response = await (await signIn(ctx.app, referent.user.email)).get(`/referent/inscriptions/${user.id}/refuser`)
    expect(response.status).toBe(200)
    expect(response.text).toContain('<h1>Refuser l’inscription de Hugo Bernard</h1>')
    expect(response.text).toMatch(/<label for="field-reason">Motif du refus <span class="required"/)
    expect(response.text).toContain('>Refuser l’inscription</button>')
    expect(response.text).toContain('href="/referent/inscriptions">Annuler</a>')
  })

  it('when the reason is missing, then 422 and the registration stays', async () => {
    const { referent, user } = await pendingRegistration()
    const response = await refuse(await signIn(ctx.app, referent.user.email), user.id, '  ')
    expect(response.status).toBe(422)
    expect(response.text).toContain('Indiquez le motif du refus.')
    expect(response.text).toContain('href="#field-reason"')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('PENDING_VALIDATION')
  })

  it('when a référent refuses with a reason, then the account is deleted and the person receives the reason', async () => {
    const { referent, user, pending, establishment } = await pendingRegistration({ firstName: 'Hugo', lastName: 'Bernard' })
    const agent = await signIn(ctx.app, referent.user.email)
    const reason = 'Nous ne vous accompagnons pas : inscrivez-vous avec la mission locale qui vous suit.'
    const response = await refuse(agent, user.id, reason)
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/referent/inscriptions')
    expect((await agent.get('/referent/inscriptions')).text).toContain('L’inscription de Hugo Bernard est refusée')
    expect(await ctx.db.user.findUnique({ where: { id: user.id } })).toBeNull()
    expect(await ctx.db.candidate.findUnique({ where: { id: pending.candidate.id } })).toBeNull()
    const auditRow = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'registration.refuse', targetId: String(user.id) } })
    expect(auditRow.actorUserId).toBe(referent.user.id)
    expect(JSON.parse(auditRow.details!)).toEqual({ email: user.email, name: 'Hugo Bernard' })

    await deliverEmails(ctx)
    const mail = await ctx.smtp.waitFor(sentTo(user.email))
    expect(mail.subject).toBe('Votre inscription sur Atouts pour tous n’a pas été validée')
    expect(mail.text).toContain(establishment.name)
    expect(mail.text).toContain(reason)
    expect(mail.text).toContain('http://atouts.test/inscription')
    expect(mail.html).toContain('Nous ne vous accompagnons pas')

    // the address is free again
    expect(await ctx.db.user.count({ where: { email: user.email } })).toBe(0)
  })

  it('when a colleague refuses a registration already validated, then it is not deleted', async () => {
    const { referent, user, establishment } = await pendingRegistration()
    const colleague = await createReferent(ctx.db, { establishmentId: establishment.id })
    await validate(await signIn(ctx.app, referent.user.email), user.id)
    const colleagueAgent = await signIn(ctx.app, colleague.user.email)
    const page = await colleagueAgent.get(`/referent/inscriptions/${user.id}/refuser`)
    expect(page.status).toBe(302)
    const response = await refuse(colleagueAgent, user.id, 'Trop tard')
    expect(response.status).toBe(302)
    expect((await colleagueAgent.get('/referent/inscriptions')).text).toContain('Cette inscription a déjà été traitée.')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('INVITED')
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email, template: 'registrations/refused' } })).toBe(0)
  })
})

describe('another établissement’s registrations', () => {
  it('when a référent of another établissement tries to validate or refuse, then 404 and the registration is unchanged', async () => {
    const { user } = await pendingRegistration()
    const stranger = await createReferent(ctx.db)
    const agent = await signIn(ctx.app, stranger.user.email)
    expect((await agent.get(`/referent/inscriptions/${user.id}/refuser`)).status).toBe(404)
    expect((await validate(agent, user.id)).status).toBe(404)
    expect((await refuse(agent, user.id, 'Je refuse')).status).toBe(404)
    expect((await refuse(agent, user.id, '')).status).toBe(404)
    const after = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { candidate: true } })
    expect(after.status).toBe('PENDING_VALIDATION')
    expect(after.candidate!.validatedByUserId).toBeNull()
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email } })).toBe(0)
  })

  it('when the id is not a registration (an active candidate of another établissement, a référent, nonsense), then 404', async () => {
    const { referent } = await pendingRegistration()
    const agent = await signIn(ctx.app, referent.user.email)
    const activeElsewhere = await createCandidate(ctx.db)
    for (const id of [String(activeElsewhere.user.id), String(referent.user.id), '999999', 'abc']) {
      expect((await validate(agent, id)).status).toBe(404)
    }
  })
})

describe('who may use the référent pages', () => {
  it('when a candidate, a recruiter or an administrator opens a référent page, then 403', async () => {
    const { user } = await pendingRegistration()
    const others = [await createCandidate(ctx.db), await createRecruiter(ctx.db), await createAdmin(ctx.db)]
    for (const other of others) {
      const agent = await signIn(ctx.app, other.user.email)
      for (const path of ['/referent/inscriptions', `/referent/inscriptions/${user.id}/refuser`, '/referent/candidats', '/referent/candidats/nouveau']) {
        expect((await agent.get(path)).status, `${other.user.role} GET ${path}`).toBe(403)
      }
      const posts = [`/referent/inscriptions/${user.id}/valider`, `/referent/inscriptions/${user.id}/refuser`, '/referent/candidats/nouveau']
      for (const path of posts) {
        expect((await submitForm(agent, path, { reason: 'x', lastName: 'x' }, '/tableau-de-bord')).status, `${other.user.role} POST ${path}`).toBe(403)
      }
    }
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('PENDING_VALIDATION')
  })

  it('when a signed-out visitor opens a référent page, then they are sent to the sign-in page', async () => {
    for (const path of ['/referent/inscriptions', '/referent/inscriptions/1/refuser', '/referent/candidats', '/referent/candidats/nouveau']) {
      const response = await request(ctx.app).get(path)
      expect(response.status).toBe(302)
      expect(response.headers.location).toBe('/connexion')
    }
  })
})
