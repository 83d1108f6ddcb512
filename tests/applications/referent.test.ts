import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApplication } from '../factories/index.ts'
import { createMailTestContext, csrfTokenFrom, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count } from '../helpers/html.ts'
import { deliverEmails, outboxTo, recipientsOf } from '../helpers/mail.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

describe('the référent’s queue', () => {
  it('when applications wait, then the queue lists those of their établissement only, with a count on the dashboard', async () => {
    const world = await createApplicationsWorld(ctx)
    const stranger = await createApplicationsWorld(ctx)
    const waiting = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, wantsHelp: true })
    await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, status: 'SENT' })
    const foreign = await createApplication(ctx.db, { candidateId: stranger.candidate.candidate.id, offerId: stranger.offer.id })
    const agent = await signIn(ctx.app, world.referent.user.email)

    const dashboard = decodeHtml((await agent.get('/tableau-de-bord')).text)
    expect(dashboard).toContain('<h2>Candidatures à valider</h2>')
    expect(dashboard).toContain('1 candidature attend votre validation.')
    expect(dashboard).toContain('>Candidatures à valider</a>')

    const queue = await agent.get('/referent/candidatures')
    expect(queue.status).toBe(200)
    expect(h1Count(queue.text)).toBe(1)
    const html = decodeHtml(queue.text)
    expect(html).toContain('<h1>Candidatures à valider</h1>')
    expect(html).toContain('<title>Candidatures à valider – Atouts pour tous</title>')
    expect(html).toContain(`${world.candidate.user.firstName} ${world.candidate.user.lastName}`)
    expect(html).toContain(`href="/referent/candidatures/${waiting.id}">Consulter`)
    expect(html).not.toContain(`/referent/candidatures/${foreign.id}"`)
    expect(html).toContain('1 candidature attend votre validation.')

    const all = decodeHtml((await agent.get('/referent/candidatures/suivi')).text)
    expect(all).toContain('2 candidatures')
    expect(all).toContain('Validée par le référent – envoyée à l’employeur')
    const filtered = decodeHtml((await agent.get('/referent/candidatures/suivi?statut=SENT')).text)
    expect(filtered).toContain('1 candidature')
    expect(decodeHtml((await agent.get('/referent/candidatures/suivi?statut=nimporte')).text)).toContain('2 candidatures')
  })

  it('when the référent consults one, then both parts, the documents and the two actions are there', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      documentIds: [world.cv.id],
      messageToEmployer: 'Message pour le recruteur.',
      messageToReferent: 'Message rien que pour vous.',
      wantsHelp: true,
    })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const page = await agent.get(`/referent/candidatures/${application.id}`)
    expect(page.status).toBe(200)
    expect(h1Count(page.text)).toBe(1)
    const html = decodeHtml(page.text)
    expect(html).toContain('Message pour le recruteur.')
    expect(html).toContain('Message rien que pour vous.')
    expect(html).toContain('Je souhaite de l’aide : <strong>oui</strong>')
    expect(html).toContain(`href="/referent/candidatures/${application.id}/documents/${world.cv.id}"`)
    expect(html).toContain('>Valider et envoyer à l’employeur</button>')
    expect(html).toContain('<legend>Renvoyer au candidat</legend>')
    expect(html).toMatch(/<label for="field-comment">Commentaire pour le candidat/)
    expect(html).toContain('>Renvoyer au candidat</button>')

    const download = await agent.get(`/referent/candidatures/${application.id}/documents/${world.cv.id}`)
    expect(download.status).toBe(200)
    expect(download.body.subarray(0, 5).toString()).toBe('%PDF-')
    const logged = await ctx.db.auditLog.findFirst({
      where: { action: 'document.download', actorUserId: world.referent.user.id, targetId: String(world.cv.id) },
    })
    expect(logged).not.toBeNull()
  })

  it('when the référent returns without a comment, then 422 with the error; with one, the candidate is told', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const empty = await submitForm(agent, `/referent/candidatures/${application.id}/renvoyer`, { comment: '' }, `/referent/candidatures/${application.id}`)
    expect(empty.status).toBe(422)
    expect(decodeHtml(empty.text)).toContain('<a href="#field-comment">Écrivez un commentaire pour le candidat')
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')

    const response = await submitForm(
      agent,
      `/referent/candidatures/${application.id}/renvoyer`,
      { comment: 'Précisez les dates.' },
      `/referent/candidatures/${application.id}`,
    )
    expect(response.headers.location).toBe(`/referent/candidatures/${application.id}`)
    const page = decodeHtml((await agent.get(response.headers.location)).text)
    expect(page).toContain('La candidature est renvoyée au candidat avec votre commentaire.')
    expect(page).toContain('À revoir')
    expect(page).not.toContain('>Valider et envoyer à l’employeur</button>')
    const before = ctx.smtp.messages.length
    await deliverEmails(ctx)
    const mail = ctx.smtp.messages.slice(before).find((message) => recipientsOf(message).includes(world.candidate.user.email))
    expect(mail?.subject).toBe('Votre référent vous demande de revoir votre candidature')
    expect(mail?.text).toContain('Précisez les dates.')
  })

  it('when two référents validate at the same moment, then one transition, one email to the employer, and the other is told', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, documentIds: [world.cv.id] })
    const first = await signIn(ctx.app, world.referent.user.email)
    const second = await signIn(ctx.app, world.secondReferent.user.email)
    const page = `/referent/candidatures/${application.id}`
    const [firstToken, secondToken] = await Promise.all([csrfTokenFrom(first, page), csrfTokenFrom(second, page)])
    const responses = await Promise.all([
      first.post(`${page}/valider`).type('form').send({ _csrf: firstToken }),
      second.post(`${page}/valider`).type('form').send({ _csrf: secondToken }),
    ])
    expect(responses.map((response) => response.status)).toEqual([302, 302])
    expect(await ctx.db.applicationEvent.count({ where: { applicationId: application.id, toStatus: 'SENT' } })).toBe(1)
    const before = ctx.smtp.messages.length
    await deliverEmails(ctx)
    const toEmployer = ctx.smtp.messages.slice(before).filter((message) => recipientsOf(message).includes(world.recruiter.user.email))

    expect(toEmployer).toHaveLength(1)
    expect(toEmployer[0].attachments).toHaveLength(1)
    const flashes = await Promise.all([first.get(page), second.get(page)]).then((pages) => pages.map((response) => decodeHtml(response.text)))
    expect(flashes.filter((html) => html.includes('La candidature est validée et envoyée à l’employeur.'))).toHaveLength(1)
    expect(flashes.filter((html) => html.includes('Cette candidature a changé entre-temps'))).toHaveLength(1)
  })

  it('when the employer has neither an active recruiter nor a contact address, then the référent is told why and cannot send it into the void', async () => {
    const world = await createApplicationsWorld(ctx)
    await ctx.db.user.update({ where: { id: world.recruiter.user.id }, data: { status: 'DISABLED' } })
    await ctx.db.employer.update({ where: { id: world.employer.id }, data: { contactEmail: null } })
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const page = `/referent/candidatures/${application.id}`
    const html = decodeHtml((await agent.get(page)).text)
    expect(html).toContain('Cette candidature ne peut pas encore être envoyée.')
    expect(html).toContain(`${world.employer.name} n’a encore ni recruteur inscrit sur la plateforme ni adresse e-mail de contact`)
    expect(html).not.toContain('Valider et envoyer à l’employeur')
    expect(html).toContain('Renvoyer au candidat')
    // after a form error on "Renvoyer au candidat", the page still says why it cannot be sent
    const returned = await submitForm(agent, `${page}/renvoyer`, { comment: '' }, page)
    expect(returned.status).toBe(422)
    expect(decodeHtml(returned.text)).toContain('Cette candidature ne peut pas encore être envoyée.')
    expect(decodeHtml(returned.text)).not.toContain('Valider et envoyer à l’employeur')

    // a forged POST changes nothing either
    const lastEmail = (await ctx.db.outboxEmail.aggregate({ _max: { id: true } }))._max.id ?? 0
    const response = await submitForm(agent, `${page}/valider`, {}, page)
    expect(response.status).toBe(302)
    expect(decodeHtml((await agent.get(page)).text)).toContain('ni adresse e-mail de contact')
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')
    expect(await ctx.db.outboxEmail.count({ where: { id: { gt: lastEmail } } })).toBe(0)

    // once the administrator gives it a contact address, it goes there
    await ctx.db.employer.update({ where: { id: world.employer.id }, data: { contactEmail: 'rh@employeur.example' } })
    expect(decodeHtml((await agent.get(page)).text)).toContain('Valider et envoyer à l’employeur')
    await submitForm(agent, `${page}/valider`, {}, page)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('SENT')
    expect(await ctx.db.outboxEmail.count({ where: { to: 'rh@employeur.example', template: 'applications/received' } })).toBe(1)
  })

  it('when a référent of another établissement tries, then 404 everywhere and nothing changes', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, documentIds: [world.cv.id] })
    const agent = await signIn(ctx.app, world.strangerReferent.user.email)
    expect((await agent.get(`/referent/candidatures/${application.id}`)).status).toBe(404)
    expect((await agent.get(`/referent/candidatures/${application.id}/documents/${world.cv.id}`)).status).toBe(404)
    const token = await csrfTokenFrom(agent, '/referent/candidatures')
    expect((await agent.post(`/referent/candidatures/${application.id}/valider`).type('form').send({ _csrf: token })).status).toBe(404)
    expect((await agent.post(`/referent/candidatures/${application.id}/renvoyer`).type('form').send({ _csrf: token, comment: 'Non.' })).status).toBe(404)
    expect((await agent.post(`/referent/candidatures/${application.id}/renvoyer`).type('form').send({ _csrf: token, comment: '' })).status).toBe(404)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')
    expect(await outboxTo(ctx, world.recruiter.user.email)).toHaveLength(0)
  })

  it('when a candidate or a recruiter opens a référent route, then 403', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, documentIds: [world.cv.id] })
    for (const email of [world.candidate.user.email, world.recruiter.user.email]) {
      const agent = await signIn(ctx.app, email)
      for (const path of [
        '/referent/candidatures',
        '/referent/candidatures/suivi',
        `/referent/candidatures/${application.id}`,
        `/referent/candidatures/${application.id}/documents/${world.cv.id}`,
      ]) {
        expect((await agent.get(path)).status, `${email} ${path}`).toBe(403)
      }
      const token = await csrfTokenFrom(agent, '/tableau-de-bord')
      for (const path of [`/referent/candidatures/${application.id}/valider`, `/referent/candidatures/${application.id}/renvoyer`]) {
        expect((await agent.post(path).type('form').send({ _csrf: token, comment: 'x' })).status, `POST ${path}`).toBe(403)
      }
    }
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')
  })
})
