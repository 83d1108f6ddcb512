import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApplication, createCandidate, createConvention, createEmployer, createEstablishment, createOffer, minimalPdf } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count, titleOf } from '../helpers/html.ts'
import { outboxTo } from '../helpers/mail.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const MESSAGE = 'Madame, Monsieur, je vous prie de trouver ci-joint mon dossier de candidature pour un stage du 1er mars au 30 avril.'

/** The ids in an <h1>, and its count: every page has exactly one. */
const locationId = (location: string | undefined) => Number(/\/candidatures\/(\d+)$/.exec(location ?? '')?.[1])

/** A form body with several check boxes of the same name, as a browser sends it. */
function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) for (const item of ([] as string[]).concat(value)) params.append(key, item)
  return params.toString()
}

async function post(agent: ReturnType<typeof request.agent>, action: string, fields: Record<string, string | string[]>, fromPage = action) {
  const token = await csrfTokenFrom(agent, fromPage)
  return agent
    .post(action)
    .type('form')
    .send(formBody({ ...fields, _csrf: token }))
}

describe('the application form', () => {
  it('when a candidate opens it from an offer, then it has the tutorial’s two fieldsets, their fields and the référent notice', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await agent.get(`/offres/${world.offer.id}/candidature`)
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    expect(h1Count(response.text)).toBe(1)
    expect(html).toContain('<h1>Envoyer une candidature</h1>')
    expect(titleOf(response.text)).toBe(`Envoyer une candidature – ${world.offer.title} – Atouts pour tous`)
    expect(html).toContain('<legend>Informations candidature</legend>')
    expect(html).toContain('<legend>Suivi référent</legend>')
    expect(html).toMatch(/<label for="field-messageToEmployer">Message pour l’employeur/)
    expect(html).toContain('Je vous prie de trouver ci-joint mon dossier de candidature pour…')
    expect(html).toMatch(/<label for="field-messageToReferent">Message pour votre référent/)
    expect(html).toContain('<label for="field-wantsHelp">Je souhaite de l’aide</label>')
    expect(html).toContain('<label for="field-shareDisability">Mentionner ma RQTH et mes besoins d’aménagement à l’employeur</label>')
    expect(html).not.toMatch(/id="field-shareDisability"[^>]*checked/)
    expect(html).toContain('c’est votre référent qui la recevra d’abord')
    // the documents: check boxes labelled with their names; CV and lettre only
    expect(html).toContain(`>${world.cv.name}</label>`)
    expect(html).toContain(`>${world.letter.name}</label>`)
    expect(html).not.toContain(world.other.name)
    expect(html).toContain('>Ajouter votre CV et lettre de motivation</button>')
    expect(html).toContain('>Envoyer la candidature</button>')
  })

  it('when the message is missing, then 422 with the error summary and what was typed kept', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await post(agent, `/offres/${world.offer.id}/candidature`, {
      messageToEmployer: '  ',
      messageToReferent: 'Pouvez-vous m’aider ?',
      wantsHelp: 'on',
      documentIds: [String(world.cv.id)],
    })
    expect(response.status).toBe(422)
    const html = decodeHtml(response.text)
    expect(html).toContain('Le formulaire contient une erreur')
    expect(html).toContain('<a href="#field-messageToEmployer">Écrivez un message pour l’employeur.</a>')
    expect(html).toContain('Pouvez-vous m’aider ?')
    expect(html).toMatch(/id="field-wantsHelp" name="wantsHelp" value="on" checked/)
    expect(html).toMatch(new RegExp(`value="${world.cv.id}" checked`))
    expect(titleOf(response.text)).toMatch(/^Erreur – /)
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
  })

  it('when the candidate goes to add a CV, then what they typed is kept and restored when they come back', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const path = `/offres/${world.offer.id}/candidature`
    const leave = await post(agent, path, {
      action: 'documents',
      messageToEmployer: 'Mon brouillon de message',
      documentIds: [String(world.letter.id)],
      wantsHelp: 'on',
    })
    expect(leave.status).toBe(302)
    expect(leave.headers.location).toBe(`/mon-compte/documents/ajouter?retour=${encodeURIComponent(path)}`)
    const back = decodeHtml((await agent.get(path)).text)
    expect(back).toContain('>Mon brouillon de message</textarea>')
    expect(back).toMatch(new RegExp(`value="${world.letter.id}" checked`))
    expect(back).toMatch(/id="field-wantsHelp" name="wantsHelp" value="on" checked/)
    // another form keeps its own draft
    expect(decodeHtml((await agent.get(`/employeurs/${world.employer.id}/candidature`)).text)).not.toContain('Mon brouillon de message')
    // once sent, the draft is gone
    expect((await post(agent, path, { messageToEmployer: MESSAGE })).status).toBe(302)
    await ctx.db.application.updateMany({ where: { candidateId: world.candidate.candidate.id }, data: { status: 'WITHDRAWN' } })
    expect(decodeHtml((await agent.get(path)).text)).not.toContain('Mon brouillon de message')
  })

  it('when the candidate adds a CV from the form, then Mes documents brings them back to it, the draft restored and the CV offered', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const path = `/offres/${world.offer.id}/candidature`
    const leave = await post(agent, path, { action: 'documents', messageToEmployer: 'Mon message en cours' })
    const addPage = await agent.get(leave.headers.location)
    expect(addPage.status).toBe(200)
    const action = decodeHtml(/<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(addPage.text)?.[1] ?? '')
    expect(action).toContain(`retour=${encodeURIComponent(path)}`)
    const upload = await agent
      .post(action)
      .field('name', 'CV_Nouveau_Depuis_Le_Formulaire')
      .field('type', 'CV')
      .attach('file', minimalPdf('Nouveau CV'), { filename: 'cv.pdf', contentType: 'application/pdf' })
    expect(upload.status).toBe(302)
    expect(upload.headers.location).toBe(path)
    const back = decodeHtml((await agent.get(path)).text)
    expect(back).toContain('>Mon message en cours</textarea>')
    expect(back).toContain('>CV_Nouveau_Depuis_Le_Formulaire</label>')
  })

  it('when sent with a CV, then it waits for the référent and the follow-up page shows both parts and the history', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await post(agent, `/offres/${world.offer.id}/candidature`, {
      messageToEmployer: MESSAGE,
      documentIds: [String(world.cv.id)],
      messageToReferent: 'Merci de relire mon message.',
      wantsHelp: 'on',
    })
    expect(response.status).toBe(302)
    const id = locationId(response.headers.location)
    const page = await agent.get(`/candidatures/${id}`)
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(h1Count(page.text)).toBe(1)
    expect(html).toContain(`<h1>Candidature à une offre : ${world.offer.title}</h1>`)
    expect(html).toContain('Votre candidature est envoyée à votre référent.')
    expect(html).toContain('En attente de validation par le référent')
    expect(html).toContain('n’est pas encore envoyée à l’employeur')
    expect(html).toContain(MESSAGE)
    expect(html).toContain('Merci de relire mon message.')
    expect(html).toContain(`href="/candidatures/${id}/documents/${world.cv.id}"`)
    expect(html).toContain('Candidature envoyée au référent')
    expect(html).toContain('<h2>Historique de la candidature</h2>')
    expect(html).toContain(`href="/candidatures/${id}/retirer"`)

    const download = await agent.get(`/candidatures/${id}/documents/${world.cv.id}`)
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename=/)

    // "Mes candidatures": one banner with the tutorial's four parts
    const list = decodeHtml((await agent.get('/candidatures')).text)
    expect(list).toContain(`<h2>Candidature à une offre : ${world.offer.title}</h2>`)
    expect(list).toMatch(/Envoyée le <time datetime="[^"]+">\d{1,2} \S+ \d{4}<\/time>/)
    expect(list).toContain('Statut : <span class="badge badge-waiting">En attente de validation par le référent</span>')
    expect(list).toContain(`<a href="/candidatures/${id}">Consulter la candidature`)
  })

  it('when the candidate sends a spontaneous application from an employer page, then it works the same', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const form = decodeHtml((await agent.get(`/employeurs/${world.employer.id}/candidature`)).text)
    expect(form).toContain('<h1>Envoyer une candidature spontanée</h1>')
    expect(form).toContain('dites clairement quel métier vous aimeriez exercer')
    const response = await post(agent, `/employeurs/${world.employer.id}/candidature`, {
      messageToEmployer: MESSAGE,
      documentIds: [String(world.cv.id), String(world.letter.id)],
    })
    const id = locationId(response.headers.location)
    const application = await ctx.db.application.findUniqueOrThrow({ where: { id }, include: { documents: true } })
    expect(application).toMatchObject({ kind: 'SPONTANEOUS', offerId: null, employerId: world.employer.id, status: 'PENDING_REFERENT' })
    expect(application.documents).toHaveLength(2)
    expect(decodeHtml((await agent.get(`/candidatures/${id}`)).text)).toContain(`<h1>Candidature spontanée : ${world.employer.name}</h1>`)
    expect(await outboxTo(ctx, world.referent.user.email)).toHaveLength(1)
    expect(await outboxTo(ctx, world.recruiter.user.email)).toHaveLength(0)
  })

  it('when the candidate has a pending application to the offer, then the form says so and a second one is refused', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const existing = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, status: 'SENT' })
    const page = decodeHtml((await agent.get(`/offres/${world.offer.id}/candidature`)).text)
    expect(page).toContain('Vous avez déjà une candidature en cours pour cette offre.')
    expect(page).toContain(`href="/candidatures/${existing.id}"`)
    expect(page).not.toContain('Envoyer la candidature</button>')
    const token = await csrfTokenFrom(agent, '/candidatures')
    const response = await agent.post(`/offres/${world.offer.id}/candidature`).type('form').send({ messageToEmployer: MESSAGE, _csrf: token })
    expect(response.headers.location).toBe(`/candidatures/${existing.id}`)
    expect(decodeHtml((await agent.get(response.headers.location)).text)).toContain('Vous avez déjà une candidature en cours pour cette offre.')
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(1)
  })

  it('when the form is sent twice at once (double click), then one application and one message to the référent', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const path = `/offres/${world.offer.id}/candidature`
    const token = await csrfTokenFrom(agent, path)
    const body = formBody({ messageToEmployer: MESSAGE, documentIds: [String(world.cv.id)], _csrf: token })
    const responses = await Promise.all([agent.post(path).type('form').send(body), agent.post(path).type('form').send(body)])
    expect(responses.map((response) => response.status)).toEqual([302, 302])
    const applications = await ctx.db.application.findMany({ where: { candidateId: world.candidate.candidate.id } })
    expect(applications).toHaveLength(1)
    expect(responses.map((response) => response.headers.location)).toEqual([`/candidatures/${applications[0].id}`, `/candidatures/${applications[0].id}`])
    expect(await outboxTo(ctx, world.referent.user.email)).toHaveLength(1)
  })

  it('when the offer or the employer is not visible to the candidate, then the form is not found', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const draft = await createOffer(ctx.db, { employerId: world.employer.id, status: 'DRAFT' })
    const closed = await createOffer(ctx.db, { employerId: world.employer.id, status: 'CLOSED' })
    const expired = await createOffer(ctx.db, { employerId: world.employer.id, endDate: new Date(Date.now() - 86_400_000) })
    const otherConvention = await createConvention(ctx.db)
    const notPartner = await createEmployer(ctx.db, { partnerOf: [otherConvention.id] })
    const notPartnerOffer = await createOffer(ctx.db, { employerId: notPartner.id })
    for (const path of [
      `/offres/${draft.id}/candidature`,
      `/offres/${closed.id}/candidature`,
      `/offres/${expired.id}/candidature`,
      `/offres/${notPartnerOffer.id}/candidature`,
      `/offres/999999/candidature`,
      `/offres/abc/candidature`,
      `/employeurs/${notPartner.id}/candidature`,
    ]) {
      expect((await agent.get(path)).status, path).toBe(404)
    }
    const token = await csrfTokenFrom(agent, '/candidatures')
    expect((await agent.post(`/offres/${notPartnerOffer.id}/candidature`).type('form').send({ messageToEmployer: MESSAGE, _csrf: token })).status).toBe(404)
    expect((await agent.post(`/employeurs/${notPartner.id}/candidature`).type('form').send({ messageToEmployer: MESSAGE, _csrf: token })).status).toBe(404)
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
  })

  it('when the candidate ticks documents of another candidate or of type Autre, then 422 and nothing is created', async () => {
    const world = await createApplicationsWorld(ctx)
    const stranger = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    for (const documentId of [world.other.id, stranger.cv.id]) {
      const response = await post(agent, `/offres/${world.offer.id}/candidature`, { messageToEmployer: MESSAGE, documentIds: [String(documentId)] })
      expect(response.status).toBe(422)
      expect(decodeHtml(response.text)).toContain('Choisissez vos documents dans la liste')
    }
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
  })
})

describe('following an application', () => {
  it('when the référent returned it, then the candidate sees the comment, edits it and sends it again', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const referent = await signIn(ctx.app, world.referent.user.email)
    const sent = await post(agent, `/offres/${world.offer.id}/candidature`, {
      messageToEmployer: 'Bonjour, je veux le stage.',
      messageToReferent: 'Est-ce assez ?',
    })
    const id = locationId(sent.headers.location)
    await submitForm(referent, `/referent/candidatures/${id}/renvoyer`, { comment: 'Présentez-vous et joignez votre CV.' }, `/referent/candidatures/${id}`)

    const page = decodeHtml((await agent.get(`/candidatures/${id}`)).text)
    expect(page).toContain('<span class="badge badge-waiting">À revoir</span>')
    expect(page).toContain('Présentez-vous et joignez votre CV.')
    expect(page).toContain(`<a class="button" href="/candidatures/${id}/modifier">Modifier la candidature</a>`)

    const edit = await agent.get(`/candidatures/${id}/modifier`)
    expect(edit.status).toBe(200)
    expect(h1Count(edit.text)).toBe(1)
    const editHtml = decodeHtml(edit.text)
    expect(editHtml).toContain('<h1>Modifier la candidature</h1>')
    expect(editHtml).toContain('>Bonjour, je veux le stage.</textarea>')
    expect(editHtml).toContain('>Est-ce assez ?</textarea>')
    expect(editHtml).toContain('Présentez-vous et joignez votre CV.')

    const resubmitted = await post(agent, `/candidatures/${id}/modifier`, { messageToEmployer: MESSAGE, documentIds: [String(world.cv.id)] })
    expect(resubmitted.headers.location).toBe(`/candidatures/${id}`)
    const after = decodeHtml((await agent.get(`/candidatures/${id}`)).text)
    expect(after).toContain('Votre candidature modifiée est renvoyée à votre référent.')
    expect(after).toContain('En attente de validation par le référent')
    expect(after).toContain('Candidature modifiée et renvoyée au référent')
    expect(after).toContain('Commentaire du référent')

    // the edit page of an application that is no longer "À revoir" sends back with a message, and a stale post changes nothing
    expect((await agent.get(`/candidatures/${id}/modifier`)).headers.location).toBe(`/candidatures/${id}`)
    const stale = await post(agent, `/candidatures/${id}/modifier`, { messageToEmployer: 'Encore une fois' }, `/candidatures/${id}`)
    expect(stale.headers.location).toBe(`/candidatures/${id}`)
    expect(decodeHtml((await agent.get(`/candidatures/${id}`)).text)).toContain('rien n’a été modifié')
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id } })).messageToEmployer).toBe(MESSAGE)
  })

  it('when the candidate withdraws, then it is “Retirée”; an application with a final status offers no withdrawal', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, status: 'INTERVIEW' })
    const confirm = await agent.get(`/candidatures/${application.id}/retirer`)
    expect(confirm.status).toBe(200)
    expect(decodeHtml(confirm.text)).toContain('<h1>Retirer la candidature</h1>')
    const response = await post(agent, `/candidatures/${application.id}/retirer`, { currentStatus: 'INTERVIEW' })
    expect(response.headers.location).toBe(`/candidatures/${application.id}`)
    const page = decodeHtml((await agent.get(`/candidatures/${application.id}`)).text)
    expect(page).toContain('Votre candidature est retirée.')
    expect(page).toContain('<span class="badge badge-ko">Retirée</span>')
    expect(page).not.toContain(`href="/candidatures/${application.id}/retirer"`)
    expect((await agent.get(`/candidatures/${application.id}/retirer`)).headers.location).toBe(`/candidatures/${application.id}`)

    const accepted = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, status: 'ACCEPTED' })
    const refused = await post(agent, `/candidatures/${accepted.id}/retirer`, { currentStatus: 'ACCEPTED' }, `/candidatures/${accepted.id}`)
    expect(refused.headers.location).toBe(`/candidatures/${accepted.id}`)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe('ACCEPTED')
  })

  it('when the candidate has many applications, then the list is paginated with a unique title per page', async () => {
    const { candidate } = await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db)).id })
    const employer = await createEmployer(ctx.db)
    for (let index = 0; index < 21; index += 1) await createApplication(ctx.db, { candidateId: candidate.id, employerId: employer.id, status: 'REJECTED' })
    const user = await ctx.db.user.findFirstOrThrow({ where: { candidate: { id: candidate.id } } })
    const agent = await signIn(ctx.app, user.email)
    const first = await agent.get('/candidatures')
    expect(decodeHtml(first.text)).toContain('21 candidatures')
    expect(first.text).toContain('href="/candidatures?page=2"')
    const second = await agent.get('/candidatures?page=2')
    expect(titleOf(second.text)).toBe('Mes candidatures – page 2 – Atouts pour tous')
  })
})

describe('access', () => {
  it('when a référent or a recruiter opens a candidate route, then 403', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, documentIds: [world.cv.id] })
    for (const email of [world.referent.user.email, world.recruiter.user.email]) {
      const agent = await signIn(ctx.app, email)
      for (const path of [
        '/candidatures',
        `/candidatures/${application.id}`,
        `/candidatures/${application.id}/modifier`,
        `/candidatures/${application.id}/retirer`,
        `/candidatures/${application.id}/documents/${world.cv.id}`,
        `/offres/${world.offer.id}/candidature`,
        `/employeurs/${world.employer.id}/candidature`,
      ]) {
        expect((await agent.get(path)).status, `${email} ${path}`).toBe(403)
      }
      const token = await csrfTokenFrom(agent, '/tableau-de-bord')
      for (const path of [
        `/offres/${world.offer.id}/candidature`,
        `/employeurs/${world.employer.id}/candidature`,
        `/candidatures/${application.id}/modifier`,
        `/candidatures/${application.id}/retirer`,
      ]) {
        expect((await agent.post(path).type('form').send({ messageToEmployer: MESSAGE, _csrf: token })).status, `POST ${path}`).toBe(403)
      }
    }
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(1)
  })

  it('when another candidate opens an application by its id, then 404 and nothing changes', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, documentIds: [world.cv.id] })
    const other = await createCandidate(ctx.db, { establishmentId: world.establishment.id })
    const agent = await signIn(ctx.app, other.user.email)
    for (const path of [
      `/candidatures/${application.id}`,
      `/candidatures/${application.id}/modifier`,
      `/candidatures/${application.id}/retirer`,
      `/candidatures/${application.id}/documents/${world.cv.id}`,
    ]) {
      expect((await agent.get(path)).status, path).toBe(404)
    }
    const token = await csrfTokenFrom(agent, '/candidatures')
    expect((await agent.post(`/candidatures/${application.id}/retirer`).type('form').send({ currentStatus: 'PENDING_REFERENT', _csrf: token })).status).toBe(
      404,
    )
    expect((await agent.post(`/candidatures/${application.id}/modifier`).type('form').send({ messageToEmployer: MESSAGE, _csrf: token })).status).toBe(404)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')
    // a document of the candidate not attached to this application is not reachable through it
    const owner = await signIn(ctx.app, world.candidate.user.email)
    expect((await owner.get(`/candidatures/${application.id}/documents/${world.other.id}`)).status).toBe(404)
  })

  it('when a signed-out visitor opens a candidate page, then they are sent to sign in', async () => {
    const world = await createApplicationsWorld(ctx)
    const response = await request(ctx.app).get(`/offres/${world.offer.id}/candidature`)
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/connexion')
  })
})
