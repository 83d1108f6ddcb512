import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSponsorshipRequest } from '../factories/index.ts'
import { createTestContext, idIn, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { createSponsorshipsWorld, SPONSORSHIP_REQUEST } from '../factories/worlds.ts'
import { decodeHtml, h1Count, titleOf } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

describe('as a candidate, "Demander un parrainage"', () => {
  it('when I open a partner’s company page, then it offers "Demander un parrainage", and the form has the three fields', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const companyPage = decodeHtml((await agent.get(`/employeurs/${world.employer.id}`)).text)
    expect(companyPage).toContain(`href="/employeurs/${world.employer.id}/parrainage">Demander un parrainage</a>`)

    const response = await agent.get(`/employeurs/${world.employer.id}/parrainage`)
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    expect(h1Count(response.text)).toBe(1)
    expect(html).toContain('<h1>Demander un parrainage</h1>')
    expect(titleOf(response.text)).toBe(`Demander un parrainage – ${world.employer.name} – Atouts pour tous`)
    expect(html).toMatch(/<label for="field-motivation">Motivation <span class="required"/)
    expect(html).toMatch(/<label for="field-expectations">Vos attentes <span class="required"/)
    expect(html).toMatch(/<label for="field-availability">Vos disponibilités <span class="required"/)
    expect(html).toContain('<button type="submit">Envoyer la demande</button>')
    expect(html).toContain('name="_csrf"')
  })

  it('when I send it empty, then 422, a message for each field, and nothing is created nor sent', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await submitForm(agent, `/employeurs/${world.employer.id}/parrainage`, {
      motivation: '   ',
      expectations: 'Des conseils',
      availability: '',
    })
    expect(response.status).toBe(422)
    const html = decodeHtml(response.text)
    expect(html).toContain('Le formulaire contient 2 erreurs')
    expect(html).toContain(
      '<a href="#field-motivation">Écrivez votre motivation : pourquoi souhaitez-vous être parrainé ou parrainée par cette entreprise ?</a>',
    )
    expect(html).toContain('<a href="#field-availability">Indiquez vos disponibilités : par exemple, les jours et les moments où vous êtes libre.</a>')
    expect(html).toMatch(/id="field-motivation-error"/)
    expect(html).toMatch(/aria-invalid="true"/)
    expect(html).toContain('>Des conseils</textarea>')
    expect(titleOf(response.text)).toMatch(/^Erreur – Demander un parrainage/)
    expect(await ctx.db.sponsorshipRequest.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
    expect(await ctx.db.notification.count({ where: { userId: { in: [world.recruiter.user.id, world.referent.user.id] } } })).toBe(0)
    expect(await ctx.db.outboxEmail.count({ where: { to: world.recruiter.user.email } })).toBe(0)
  })

  it('when a text is too long, then 422 with its limit, and nothing is created', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await submitForm(agent, `/employeurs/${world.employer.id}/parrainage`, { ...SPONSORSHIP_REQUEST, expectations: 'x'.repeat(3001) })
    expect(response.status).toBe(422)
    expect(decodeHtml(response.text)).toContain('Vos attentes doivent compter au plus 3000 caractères.')
    expect(await ctx.db.sponsorshipRequest.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
  })

  it('when I send it, then it is "Envoyée", I land on its follow-up page, and it is in "Mes demandes de parrainage"', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await submitForm(agent, `/employeurs/${world.employer.id}/parrainage`, SPONSORSHIP_REQUEST)
    expect(response.status).toBe(302)
    const id = idIn(response.headers.location)
    expect(response.headers.location).toBe(`/parrainages/${id}`)
    const row = await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'SENT',
      ...SPONSORSHIP_REQUEST,
      mentorName: null,
    })

    const page = await agent.get(`/parrainages/${id}`)
    const html = decodeHtml(page.text)
    expect(html).toContain(`Votre demande de parrainage est envoyée à ${world.employer.name}.`)
    expect(html).toContain(`<h1>Demande de parrainage à ${world.employer.name}</h1>`)
    expect(html).toContain('>Envoyée</span>')
    expect(html).toContain(SPONSORSHIP_REQUEST.motivation)
    expect(html).toContain(SPONSORSHIP_REQUEST.expectations)
    expect(html).toContain(SPONSORSHIP_REQUEST.availability)
    expect(html).toContain(`href="/parrainages/${id}/annuler">Annuler la demande</a>`)
    expect(titleOf(page.text)).toMatch(new RegExp(`^Demande de parrainage à ${world.employer.name} – envoyée le `))

    const list = await agent.get('/parrainages')
    expect(list.status).toBe(200)
    const listHtml = decodeHtml(list.text)
    expect(listHtml).toContain('<h1>Mes demandes de parrainage</h1>')
    expect(listHtml).toContain('1 demande de parrainage')
    expect(listHtml).toContain(`<h2>Demande de parrainage à ${world.employer.name}</h2>`)
    expect(listHtml).toContain(`href="/parrainages/${id}">Consulter la demande`)
    expect(listHtml).toContain('aria-current="page">Mes parrainages</a>')

    // the company page now tells the request's status instead of offering a second one
    const companyPage = decodeHtml((await agent.get(`/employeurs/${world.employer.id}`)).text)
    expect(companyPage).toContain(`Votre demande de parrainage à ${world.employer.name} : <strong>Envoyée</strong>`)
    expect(companyPage).not.toContain('>Demander un parrainage</a>')
  })

  it('when I already have an open request to this employer, then the form says so, and a second submission creates nothing', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const existing = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'ACCEPTED',
      mentorName: 'Léa Dupont',
      mentorContact: 'lea@exemple.fr',
    })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const form = decodeHtml((await agent.get(`/employeurs/${world.employer.id}/parrainage`)).text)
    expect(form).toContain('<h1>Vous avez déjà une demande de parrainage en cours</h1>')
    expect(form).toContain('Vous avez déjà une demande de parrainage en cours auprès de cet employeur (envoyée ou acceptée).')
    expect(form).toContain(`href="/parrainages/${existing.id}">Consulter votre demande</a>`)
    expect(form).not.toContain('Envoyer la demande')

    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/parrainages')).text)?.[1] ?? ''
    const response = await agent
      .post(`/employeurs/${world.employer.id}/parrainage`)
      .type('form')
      .send({ ...SPONSORSHIP_REQUEST, _csrf: token })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(`/parrainages/${existing.id}`)
    expect(decodeHtml((await agent.get(`/parrainages/${existing.id}`)).text)).toContain(
      'Vous avez déjà une demande de parrainage en cours auprès de cet employeur',
    )
    expect(await ctx.db.sponsorshipRequest.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(1)
  })

  it('when my earlier request was declined or cancelled, then I may ask the same employer again', async () => {
    const world = await createSponsorshipsWorld(ctx)
    await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, status: 'DECLINED' })
    await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, status: 'CANCELLED' })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    expect(decodeHtml((await agent.get(`/employeurs/${world.employer.id}`)).text)).toContain('>Demander un parrainage</a>')
    const response = await submitForm(agent, `/employeurs/${world.employer.id}/parrainage`, SPONSORSHIP_REQUEST)
    expect(response.status).toBe(302)
    expect(await ctx.db.sponsorshipRequest.count({ where: { candidateId: world.candidate.candidate.id, status: 'SENT' } })).toBe(1)
  })

  it('when the employer is not a partner of my convention, or does not exist, then 404 for the form and the submission', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    expect((await agent.get(`/employeurs/${world.nonPartner.id}/parrainage`)).status).toBe(404)
    expect((await agent.get('/employeurs/999999/parrainage')).status).toBe(404)
    expect((await agent.get('/employeurs/abc/parrainage')).status).toBe(404)
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/parrainages')).text)?.[1] ?? ''
    const response = await agent
      .post(`/employeurs/${world.nonPartner.id}/parrainage`)
      .type('form')
      .send({ ...SPONSORSHIP_REQUEST, _csrf: token })
    expect(response.status).toBe(404)
    expect(await ctx.db.sponsorshipRequest.count({ where: { employerId: world.nonPartner.id } })).toBe(0)
  })

  it('when another candidate’s request is asked for, then 404 (page, cancellation page, cancellation)', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const other = await createSponsorshipsWorld(ctx)
    const theirs = await createSponsorshipRequest(ctx.db, { candidateId: other.candidate.candidate.id, employerId: other.employer.id })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    expect((await agent.get(`/parrainages/${theirs.id}`)).status).toBe(404)
    expect((await agent.get(`/parrainages/${theirs.id}/annuler`)).status).toBe(404)
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/parrainages')).text)?.[1] ?? ''
    expect((await agent.post(`/parrainages/${theirs.id}/annuler`).type('form').send({ _csrf: token })).status).toBe(404)
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe('SENT')
    expect(decodeHtml((await agent.get('/parrainages')).text)).toContain('Vous n’avez pas encore demandé de parrainage.')
  })

  it('when a référent or a recruiter opens the candidate’s pages, then 403; signed out, the sign-in page', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    for (const email of [world.referent.user.email, world.recruiter.user.email]) {
      const agent = await signIn(ctx.app, email)
      expect((await agent.get('/parrainages')).status).toBe(403)
      expect((await agent.get(`/parrainages/${sponsorship.id}`)).status).toBe(403)
      expect((await agent.get(`/employeurs/${world.employer.id}/parrainage`)).status).toBe(403)
    }
    const anonymous = await request(ctx.app).get('/parrainages')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.location).toBe('/connexion')
  })
})

describe('as a candidate, "Annuler la demande"', () => {
  it('when my request is still "Envoyée", then a confirmation page, and confirming makes it "Annulée"', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const confirmation = await agent.get(`/parrainages/${sponsorship.id}/annuler`)
    expect(confirmation.status).toBe(200)
    expect(decodeHtml(confirmation.text)).toContain('<h1>Annuler la demande de parrainage</h1>')
    const response = await submitForm(agent, `/parrainages/${sponsorship.id}/annuler`, {})
    expect(response.headers.location).toBe(`/parrainages/${sponsorship.id}`)
    const page = decodeHtml((await agent.get(`/parrainages/${sponsorship.id}`)).text)
    expect(page).toContain('Votre demande de parrainage est annulée.')
    expect(page).toContain('>Annulée</span>')
    expect(page).not.toContain('Annuler la demande</a>')
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('CANCELLED')
    expect(await ctx.db.auditLog.count({ where: { action: 'sponsorship.cancel', targetId: String(sponsorship.id) } })).toBe(1)
  })

  it('when my request was already answered, then it cannot be cancelled: a clear message and nothing changes', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const accepted = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'ACCEPTED',
      mentorName: 'Léa Dupont',
      mentorContact: 'lea.dupont@exemple.fr',
    })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const page = await agent.get(`/parrainages/${accepted.id}/annuler`)
    expect(page.status).toBe(302)
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/parrainages')).text)?.[1] ?? ''
    const response = await agent.post(`/parrainages/${accepted.id}/annuler`).type('form').send({ _csrf: token })
    expect(response.status).toBe(302)
    const html = decodeHtml((await agent.get(`/parrainages/${accepted.id}`)).text)
    expect(html).toContain('Seule une demande envoyée, qui attend encore la réponse de l’employeur, peut être annulée : rien n’a été modifié.')
    expect(html).toContain('>Acceptée</span>')
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe('ACCEPTED')
  })

  it('when I confirm twice (two tabs), then one cancellation, and the second says the request changed', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get(`/parrainages/${sponsorship.id}/annuler`)).text)?.[1] ?? ''
    await agent.post(`/parrainages/${sponsorship.id}/annuler`).type('form').send({ _csrf: token })
    await agent.post(`/parrainages/${sponsorship.id}/annuler`).type('form').send({ _csrf: token })
    expect(await ctx.db.auditLog.count({ where: { action: 'sponsorship.cancel', targetId: String(sponsorship.id) } })).toBe(1)
    const html = decodeHtml((await agent.get(`/parrainages/${sponsorship.id}`)).text)
    expect(html).toContain('Seule une demande envoyée')
  })
})

describe('as a candidate, the follow-up page', () => {
  it('when the employer accepted, then I see my mentor’s name and contact, and the employer’s message', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'ACCEPTED',
      mentorName: 'Léa Dupont',
      mentorContact: 'lea.dupont@exemple.fr',
      answerMessage: 'Léa vous appellera la semaine prochaine.',
      answeredAt: new Date(),
    })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const html = decodeHtml((await agent.get(`/parrainages/${sponsorship.id}`)).text)
    expect(html).toContain('<h2>Votre parrain ou votre marraine</h2>')
    expect(html).toContain('<dt>Nom du parrain ou de la marraine</dt><dd>Léa Dupont</dd>')
    expect(html).toContain('<a href="mailto:lea.dupont@exemple.fr">lea.dupont@exemple.fr</a>')
    expect(html).toContain('Léa vous appellera la semaine prochaine.')
    expect(html).not.toContain('Annuler la demande</a>')
    expect(decodeHtml((await agent.get('/parrainages')).text)).toContain('Votre parrain ou votre marraine : <strong>Léa Dupont</strong>')
  })

  it('when the employer declined, then I see "Déclinée" and its message', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'DECLINED',
      answerMessage: 'Aucun professionnel n’est disponible ce trimestre.',
      answeredAt: new Date(),
    })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    const html = decodeHtml((await agent.get(`/parrainages/${sponsorship.id}`)).text)
    expect(html).toContain('>Déclinée</span>')
    expect(html).toContain(`<h2>Réponse de ${world.employer.name}</h2>`)
    expect(html).toContain('Aucun professionnel n’est disponible ce trimestre.')
    expect(html).not.toContain('Nom du parrain ou de la marraine')
  })
})
