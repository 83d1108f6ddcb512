import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countReceivedApplicationsByOffer } from '../../src/modules/applications/policy.ts'
import { createApplication, createDocument, createOffer } from '../factories/index.ts'
import { createMailTestContext, csrfTokenFrom, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { createApplicationsWorld, type ApplicationsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count } from '../helpers/html.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const SECRET_FOR_REFERENT = 'Je stresse beaucoup pour cet entretien, code 7731.'

/** What the employer can reach of one application, by every path. */
async function employerView(world: ApplicationsWorld, agent: Agent, applicationId: number, documentId: number) {
  const inbox = decodeHtml((await agent.get('/recruteur/candidatures')).text)
  const dashboard = decodeHtml((await agent.get('/tableau-de-bord')).text)
  return {
    inInbox: inbox.includes(`/recruteur/candidatures/${applicationId}"`),
    inboxCount: /(\d+|Aucune) candidatures? reçues?/.exec(inbox)?.[0],
    dashboard: /(Aucune nouvelle candidature\.|\d+ nouvelles? candidatures? à étudier\.)/.exec(dashboard)?.[0],
    page: (await agent.get(`/recruteur/candidatures/${applicationId}`)).status,
    download: (await agent.get(`/recruteur/candidatures/${applicationId}/documents/${documentId}`)).status,
    offerCount: (await countReceivedApplicationsByOffer(ctx.db, world.employer.id)).get(world.offer.id) ?? 0,
    // "Mes offres" (offers domain): the "Candidatures reçues" column of the offer's row
    offerListCount: await offerListCount(agent, world.offer.id),
  }
}

async function offerListCount(agent: Agent, offerId: number): Promise<number | null> {
  const html = (await agent.get('/recruteur/offres')).text
  const row = html.split('<tr>').find((part) => part.includes(`/recruteur/offres/${offerId}"`))
  const cell = row ? /<td>(\d+)<\/td>/.exec(row) : null
  return cell ? Number(cell[1]) : null
}

async function mailsTo(email: string, from: number) {
  await deliverEmails(ctx)
  return ctx.smtp.messages.slice(from).filter((message) => recipientsOf(message).includes(email))
}

describe('the gate, seen from the employer', () => {
  it('when an application waits, is returned or withdrawn before validation, then nothing of it reaches the employer; once validated, everything does', async () => {
    const world = await createApplicationsWorld(ctx)
    const before = ctx.smtp.messages.length
    const candidate = await signIn(ctx.app, world.candidate.user.email)
    const referent = await signIn(ctx.app, world.referent.user.email)
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    const token = await csrfTokenFrom(candidate, `/offres/${world.offer.id}/candidature`)
    const sent = await candidate
      .post(`/offres/${world.offer.id}/candidature`)
      .type('form')
      .send(`messageToEmployer=Bonjour&documentIds=${world.cv.id}&messageToReferent=${encodeURIComponent(SECRET_FOR_REFERENT)}&_csrf=${token}`)
    const id = Number(/(\d+)$/.exec(sent.headers.location)?.[1])

    const nothing = {
      inInbox: false,
      inboxCount: 'Aucune candidature reçue',
      dashboard: 'Aucune nouvelle candidature.',
      page: 404,
      download: 404,
      offerCount: 0,
      offerListCount: 0,
    }
    expect(await employerView(world, recruiter, id, world.cv.id)).toEqual(nothing)
    expect(await mailsTo(world.recruiter.user.email, before)).toHaveLength(0)

    // returned, resubmitted: still nothing
    await submitForm(
      referent,
      `/referent/candidatures/${id}/renvoyer`,
      { comment: 'Ajoutez une phrase sur vos disponibilités.' },
      `/referent/candidatures/${id}`,
    )
    expect(await employerView(world, recruiter, id, world.cv.id)).toEqual(nothing)
    await submitForm(candidate, `/candidatures/${id}/modifier`, { messageToEmployer: 'Bonjour, disponible dès mars.', documentIds: String(world.cv.id) })
    expect(await employerView(world, recruiter, id, world.cv.id)).toEqual(nothing)
    expect(await mailsTo(world.recruiter.user.email, before)).toHaveLength(0)

    // validated: every path opens, and exactly one email arrives, with the CV attached
    await submitForm(referent, `/referent/candidatures/${id}/valider`, {}, `/referent/candidatures/${id}`)
    expect(await employerView(world, recruiter, id, world.cv.id)).toEqual({
      inInbox: true,
      inboxCount: '1 candidature reçue',
      dashboard: '1 nouvelle candidature à étudier.',
      page: 200,
      download: 200,
      offerCount: 1,
      offerListCount: 1,
    })
    const mails = await mailsTo(world.recruiter.user.email, before)
    expect(mails).toHaveLength(1)
    expect(mails[0].text).toContain('Bonjour, disponible dès mars.')
    expect(mails[0].text).not.toContain('7731')
    expect(mails[0].attachments.map((attachment) => attachment.filename)).toEqual([`${world.cv.name}.pdf`])
    expect(mails[0].text).toContain(`http://atouts.test/recruteur/candidatures/${id}`)
  })

  it('when the candidate withdraws before validation, then the employer never hears of it', async () => {
    const world = await createApplicationsWorld(ctx)
    const before = ctx.smtp.messages.length
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, documentIds: [world.cv.id] })
    const candidate = await signIn(ctx.app, world.candidate.user.email)
    await submitForm(candidate, `/candidatures/${application.id}/retirer`, { currentStatus: 'PENDING_REFERENT' })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('WITHDRAWN')
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    expect(await employerView(world, recruiter, application.id, world.cv.id)).toMatchObject({
      inInbox: false,
      page: 404,
      download: 404,
      offerCount: 0,
      offerListCount: 0,
    })
    expect(await mailsTo(world.recruiter.user.email, before)).toHaveLength(0)
  })
})

describe('the employer space', () => {
  it('when the employer opens an application, then part 1 only: no message to the référent, no “aide”, no RQTH unless shared', async () => {
    const world = await createApplicationsWorld(ctx)
    await ctx.db.candidate.update({ where: { id: world.candidate.candidate.id }, data: { rqth: 'YES', accommodations: 'Siège ergonomique.' } })
    const hidden = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [world.cv.id],
      messageToEmployer: 'Je suis très motivée.',
      messageToReferent: SECRET_FOR_REFERENT,
      wantsHelp: true,
    })
    const shared = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'SENT',
      shareDisability: true,
    })
    const agent = await signIn(ctx.app, world.recruiter.user.email)

    const page = await agent.get(`/recruteur/candidatures/${hidden.id}`)
    expect(page.status).toBe(200)
    expect(h1Count(page.text)).toBe(1)
    const html = decodeHtml(page.text)
    expect(html).toContain(`<h1>Candidature à une offre : ${world.offer.title}</h1>`)
    expect(html).toContain('Je suis très motivée.')
    expect(html).toContain(world.candidate.user.email)
    expect(html).toContain(`href="/recruteur/candidatures/${hidden.id}/documents/${world.cv.id}"`)
    for (const secret of ['7731', 'souhaite de l’aide', 'Suivi référent', 'RQTH', 'Siège ergonomique', world.referent.user.lastName])
      expect(html).not.toContain(secret)
    expect(html).toMatch(/<label for="field-status">Statut/)
    expect(html).toMatch(/<label for="field-message">Message au candidat \(facultatif\)/)
    expect(html).toContain('>Enregistrer</button>')

    const sharedHtml = decodeHtml((await agent.get(`/recruteur/candidatures/${shared.id}`)).text)
    expect(sharedHtml).toContain('(RQTH) : Oui')
    expect(sharedHtml).toContain('Siège ergonomique.')
  })

  it('when filtering the inbox by status or offer, then only those are listed', async () => {
    const world = await createApplicationsWorld(ctx)
    const secondOffer = await createOffer(ctx.db, { employerId: world.employer.id, title: 'Assistant·e RH <R&D> "junior"' })
    const interview = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, status: 'INTERVIEW' })
    const received = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: secondOffer.id, status: 'SENT' })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const inbox = await agent.get('/recruteur/candidatures')
    expect(h1Count(inbox.text)).toBe(1)
    expect(decodeHtml(inbox.text)).toContain('<h1>Candidatures reçues</h1>')
    expect(decodeHtml(inbox.text)).toContain('2 candidatures reçues')
    const byStatus = decodeHtml((await agent.get('/recruteur/candidatures?statut=INTERVIEW')).text)
    expect(byStatus).toContain(`/recruteur/candidatures/${interview.id}"`)
    expect(byStatus).not.toContain(`/recruteur/candidatures/${received.id}"`)
    expect(byStatus).toMatch(/<option value="INTERVIEW" selected>Entretien<\/option>/)
    const byOfferPage = await agent.get(`/recruteur/candidatures?offre=${secondOffer.id}`)
    // the « Offre » choices: the one asked for selected, the titles escaped
    expect(byOfferPage.text).toContain(`<option value="${secondOffer.id}" selected>Assistant·e RH &lt;R&amp;D&gt; &#34;junior&#34;</option>`)
    expect(byOfferPage.text).toContain(`<option value="${world.offer.id}">`)
    const byOffer = decodeHtml(byOfferPage.text)
    expect(byOffer).toContain(`/recruteur/candidatures/${received.id}"`)
    expect(byOffer).not.toContain(`/recruteur/candidatures/${interview.id}"`)
    // statuses before the gate are not filters; another employer's offer is ignored
    expect(decodeHtml((await agent.get('/recruteur/candidatures?statut=PENDING_REFERENT')).text)).toContain('2 candidatures reçues')
    const foreignOffer = await createOffer(ctx.db, { employerId: world.otherEmployer.id })
    expect(decodeHtml((await agent.get(`/recruteur/candidatures?offre=${foreignOffer.id}`)).text)).toContain('2 candidatures reçues')
  })

  it('when the employer sets “Entretien” with a message, then the candidate sees the status and the timeline, and gets an email', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, status: 'SENT' })
    const before = ctx.smtp.messages.length
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    const response = await submitForm(
      recruiter,
      `/recruteur/candidatures/${application.id}/statut`,
      {
        status: 'INTERVIEW',
        message: 'Entretien le 12 mars à 10 h, 3 rue des Lilas.',
        currentStatus: 'SENT',
      },
      `/recruteur/candidatures/${application.id}`,
    )
    expect(response.headers.location).toBe(`/recruteur/candidatures/${application.id}`)
    const page = decodeHtml((await recruiter.get(response.headers.location)).text)
    expect(page).toContain('Le statut de la candidature est enregistré : Entretien.')
    expect(page).toContain('Nouveau statut donné par l’employeur : Entretien')

    const candidate = await signIn(ctx.app, world.candidate.user.email)
    const followUp = decodeHtml((await candidate.get(`/candidatures/${application.id}`)).text)
    expect(followUp).toContain('<dd><span class="badge badge-neutral">Entretien</span></dd>')
    expect(followUp).toContain('Entretien le 12 mars à 10 h, 3 rue des Lilas.')
    expect(followUp).toContain('Message de l’employeur')
    const mails = await mailsTo(world.candidate.user.email, before)
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe('Votre candidature : Entretien')
    expect(mails[0].text).toContain('Entretien le 12 mars à 10 h, 3 rue des Lilas.')
    const notification = await ctx.db.notification.findFirst({ where: { userId: world.candidate.user.id, event: 'application.status_changed' } })
    expect(notification?.link).toBe(`/candidatures/${application.id}`)
  })

  it('when the page was stale or the status is not a next one, then a clear message and nothing changes', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, status: 'INTERVIEW' })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const path = `/recruteur/candidatures/${application.id}`
    const stale = await submitForm(agent, `${path}/statut`, { status: 'IN_REVIEW', currentStatus: 'SENT' }, path)
    expect(stale.headers.location).toBe(path)
    expect(decodeHtml((await agent.get(path)).text)).toContain('Cette candidature a changé entre-temps')
    const backwards = await submitForm(agent, `${path}/statut`, { status: 'IN_REVIEW', currentStatus: 'INTERVIEW' }, path)
    expect(backwards.headers.location).toBe(path)
    expect(decodeHtml((await agent.get(path)).text)).toContain('n’est pas possible pour une candidature dans cet état')
    const invalid = await submitForm(agent, `${path}/statut`, { status: 'SENT', currentStatus: 'INTERVIEW' }, path)
    expect(invalid.status).toBe(422)
    expect(decodeHtml(invalid.text)).toContain('Choisissez le nouveau statut de la candidature.')
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('INTERVIEW')

    await submitForm(agent, `${path}/statut`, { status: 'ACCEPTED', currentStatus: 'INTERVIEW' }, path)
    const final = decodeHtml((await agent.get(path)).text)
    expect(final).toContain('Cette candidature est terminée (Retenue)')
    expect(final).not.toContain('>Enregistrer</button>')
  })

  it('when a document has an unusual name, then the download is an attachment with a safe Content-Disposition', async () => {
    const world = await createApplicationsWorld(ctx)
    const document = await createDocument(ctx.db, ctx.config.uploadDir, {
      candidateId: world.candidate.candidate.id,
      name: 'CV "Zoé" Éléonore\r\nX-Injected: oui',
    })
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [document.id],
    })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const response = await agent.get(`/recruteur/candidatures/${application.id}/documents/${document.id}`)
    expect(response.status).toBe(200)
    expect(response.headers['x-injected']).toBeUndefined()
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''/)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('private, no-store')
    expect(await ctx.db.auditLog.count({ where: { action: 'document.download', actorUserId: world.recruiter.user.id } })).toBe(1)
  })

  it('when an “Autre” document is attached to a sent application, then the employer still cannot see or download it', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [world.cv.id, world.other.id],
    })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    expect(decodeHtml((await agent.get(`/recruteur/candidatures/${application.id}`)).text)).not.toContain(world.other.name)
    expect((await agent.get(`/recruteur/candidatures/${application.id}/documents/${world.other.id}`)).status).toBe(404)
    // and a document of the candidate that is not attached to this application
    const unattached = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: world.candidate.candidate.id, type: 'CV' })
    expect((await agent.get(`/recruteur/candidatures/${application.id}/documents/${unattached.id}`)).status).toBe(404)
  })
})

describe('access to the employer space', () => {
  it('when a recruiter of another employer tries, then 404 everywhere and nothing changes', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [world.cv.id],
    })
    const agent = await signIn(ctx.app, world.strangerRecruiter.user.email)
    expect(decodeHtml((await agent.get('/recruteur/candidatures')).text)).toContain('Aucune candidature reçue')
    expect((await agent.get(`/recruteur/candidatures/${application.id}`)).status).toBe(404)
    expect((await agent.get(`/recruteur/candidatures/${application.id}/documents/${world.cv.id}`)).status).toBe(404)
    const token = await csrfTokenFrom(agent, '/recruteur/candidatures')
    expect(
      (await agent.post(`/recruteur/candidatures/${application.id}/statut`).type('form').send({ status: 'REJECTED', currentStatus: 'SENT', _csrf: token }))
        .status,
    ).toBe(404)
    expect(
      (await agent.post(`/recruteur/candidatures/${application.id}/statut`).type('form').send({ status: '', currentStatus: '', _csrf: token })).status,
    ).toBe(404)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('SENT')
  })

  it('when a candidate or a référent opens an employer route, then 403', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [world.cv.id],
    })
    for (const email of [world.candidate.user.email, world.referent.user.email]) {
      const agent = await signIn(ctx.app, email)
      for (const path of [
        '/recruteur/candidatures',
        `/recruteur/candidatures/${application.id}`,
        `/recruteur/candidatures/${application.id}/documents/${world.cv.id}`,
      ]) {
        expect((await agent.get(path)).status, `${email} ${path}`).toBe(403)
      }
      const token = await csrfTokenFrom(agent, '/tableau-de-bord')
      expect(
        (await agent.post(`/recruteur/candidatures/${application.id}/statut`).type('form').send({ status: 'REJECTED', currentStatus: 'SENT', _csrf: token }))
          .status,
      ).toBe(403)
    }
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('SENT')
  })
})
