import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptSponsorship } from '../../src/modules/sponsorships/service.ts'
import { createDocument, createSponsorshipRequest } from '../factories/index.ts'
import { actor, createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { createSponsorshipsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count, titleOf } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const MENTOR = { mentorName: 'Léa Dupont', mentorContact: 'lea.dupont@exemple.fr' }

describe('as a recruiter, "Demandes de parrainage"', () => {
  it('when I open the list, then I see the requests to my employer only, newest first, with a status filter', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const older = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'DECLINED',
      createdAt: new Date('2026-10-01T10:00:00Z'),
    })
    const newer = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      createdAt: new Date('2026-11-20T10:00:00Z'),
    })
    const elsewhere = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.otherEmployer.id })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const response = await agent.get('/recruteur/parrainages')
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    expect(h1Count(response.text)).toBe(1)
    expect(html).toContain('<h1>Demandes de parrainage</h1>')
    expect(html).toContain('aria-current="page">Demandes de parrainage</a>')
    expect(html).toContain('2 demandes de parrainage')
    expect(html).toContain('<caption>Demandes de parrainage reçues, de la plus récente à la plus ancienne</caption>')
    expect(html.indexOf(`/recruteur/parrainages/${newer.id}"`)).toBeGreaterThan(-1)
    expect(html.indexOf(`/recruteur/parrainages/${newer.id}"`)).toBeLessThan(html.indexOf(`/recruteur/parrainages/${older.id}"`))
    expect(html).not.toContain(`/recruteur/parrainages/${elsewhere.id}"`)
    expect(html).toContain('<th scope="row">Camille ')

    const filtered = await agent.get('/recruteur/parrainages?statut=SENT')
    const filteredHtml = decodeHtml(filtered.text)
    expect(filteredHtml).toContain('1 demande de parrainage')
    expect(filteredHtml).toContain(`/recruteur/parrainages/${newer.id}"`)
    expect(filteredHtml).not.toContain(`/recruteur/parrainages/${older.id}"`)
    expect(filteredHtml).toMatch(/<option value="SENT" selected>Envoyée<\/option>/)
    expect(titleOf(filtered.text)).toBe('Demandes de parrainage – envoyées – Atouts pour tous')
    // an unknown status is ignored
    expect(decodeHtml((await agent.get('/recruteur/parrainages?statut=NIMPORTE')).text)).toContain('2 demandes de parrainage')
  })

  it('when there are more than 20 requests, then the list has pages', async () => {
    const world = await createSponsorshipsWorld(ctx)
    for (let index = 0; index < 21; index++) {
      await createSponsorshipRequest(ctx.db, {
        candidateId: world.candidate.candidate.id,
        employerId: world.employer.id,
        status: 'CANCELLED',
        createdAt: new Date(Date.UTC(2026, 9, 1 + index)),
      })
    }
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const first = decodeHtml((await agent.get('/recruteur/parrainages')).text)
    expect(first).toContain('21 demandes de parrainage')
    expect(first).toContain('Page 1 sur 2')
    expect(first).toContain('href="/recruteur/parrainages?page=2">Page suivante</a>')
    const second = await agent.get('/recruteur/parrainages?page=2')
    expect(decodeHtml(second.text)).toContain('Page 2 sur 2')
    expect((decodeHtml(second.text).match(/<tr>/g) ?? []).length).toBe(2) // the header row and one request
    expect(titleOf(second.text)).toBe('Demandes de parrainage – page 2 – Atouts pour tous')
  })

  it('when I open a request, then I see the candidate’s name and what they wrote — not their email, profile, documents or RQTH', async () => {
    const world = await createSponsorshipsWorld(ctx)
    await ctx.db.candidate.update({
      where: { id: world.candidate.candidate.id },
      data: { rqth: 'YES', accommodations: 'Poste adapté fauteuil', phone: '0611223344', professionalProject: 'Projet très personnel' },
    })
    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: world.candidate.candidate.id, name: 'CV_Secret_Candidat' })
    const sponsorship = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      motivation: 'Ma motivation unique',
    })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const response = await agent.get(`/recruteur/parrainages/${sponsorship.id}`)
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    const name = `${world.candidate.user.firstName} ${world.candidate.user.lastName}`
    expect(html).toContain(`<h1>Demande de parrainage de ${name}</h1>`)
    expect(html).toContain('Ma motivation unique')
    expect(html).toContain(sponsorship.expectations)
    expect(html).toContain(sponsorship.availability)
    for (const secret of [world.candidate.user.email, 'Poste adapté fauteuil', '0611223344', 'Projet très personnel', document.name, 'RQTH'])
      expect(html).not.toContain(secret)
    // both answers, with their fields
    expect(html).toMatch(/<label for="field-mentorName">Nom du parrain ou de la marraine <span class="required"/)
    expect(html).toMatch(/<label for="field-mentorContact">Contact <span class="required"/)
    expect(html).toContain('<button type="submit">Accepter</button>')
    expect(html).toContain('>Décliner</button>')
    expect(html).toContain(`action="/recruteur/parrainages/${sponsorship.id}/accepter"`)
    expect(html).toContain(`action="/recruteur/parrainages/${sponsorship.id}/decliner"`)
  })

  it('when I accept without a mentor, then 422 with both messages, and nothing changes nor is sent', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const response = await submitForm(
      agent,
      `/recruteur/parrainages/${sponsorship.id}/accepter`,
      { mentorName: ' ', mentorContact: '', acceptMessage: 'À bientôt' },
      `/recruteur/parrainages/${sponsorship.id}`,
    )
    expect(response.status).toBe(422)
    const html = decodeHtml(response.text)
    expect(html).toContain('Le formulaire contient 2 erreurs')
    expect(html).toContain('<a href="#field-mentorName">Indiquez le nom du parrain ou de la marraine.</a>')
    expect(html).toContain(
      '<a href="#field-mentorContact">Indiquez comment contacter le parrain ou la marraine : une adresse e-mail ou un numéro de téléphone.</a>',
    )
    expect(html).toContain('>À bientôt</textarea>')
    expect(titleOf(response.text)).toMatch(/^Erreur – Demande de parrainage de /)
    const row = await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })
    expect(row).toMatchObject({ status: 'SENT', mentorName: null, answeredAt: null })
    expect(await ctx.db.notification.count({ where: { userId: world.candidate.user.id } })).toBe(0)
    expect(await ctx.db.outboxEmail.count({ where: { to: world.candidate.user.email } })).toBe(0)
  })

  it('when I accept with a mentor, then "Acceptée" with the mentor, the candidate is told, and the answer form is gone', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const response = await submitForm(
      agent,
      `/recruteur/parrainages/${sponsorship.id}/accepter`,
      { ...MENTOR, acceptMessage: 'Léa vous appellera.' },
      `/recruteur/parrainages/${sponsorship.id}`,
    )
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(`/recruteur/parrainages/${sponsorship.id}`)
    const row = await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })
    expect(row).toMatchObject({ status: 'ACCEPTED', ...MENTOR, answerMessage: 'Léa vous appellera.', answeredByUserId: world.recruiter.user.id })
    expect(row.answeredAt).toBeInstanceOf(Date)
    const html = decodeHtml((await agent.get(`/recruteur/parrainages/${sponsorship.id}`)).text)
    expect(html).toContain('Vous avez accepté la demande de parrainage.')
    expect(html).toContain('>Acceptée</span>')
    expect(html).toContain('<dd>Léa Dupont</dd>')
    expect(html).not.toContain('<button type="submit">Accepter</button>')
    const notification = await ctx.db.notification.findFirstOrThrow({ where: { userId: world.candidate.user.id } })
    expect(notification).toMatchObject({ event: 'sponsorship.answered', link: `/parrainages/${sponsorship.id}` })
    expect(notification.body).toContain('Léa Dupont')
  })

  it('when I decline with or without a message, then "Déclinée", the message is kept, and the candidate is told', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const withMessage = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    await submitForm(
      agent,
      `/recruteur/parrainages/${withMessage.id}/decliner`,
      { declineMessage: 'Personne n’est disponible ce trimestre.' },
      `/recruteur/parrainages/${withMessage.id}`,
    )
    expect(await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: withMessage.id } })).toMatchObject({
      status: 'DECLINED',
      answerMessage: 'Personne n’est disponible ce trimestre.',
      mentorName: null,
    })
    const page = decodeHtml((await agent.get(`/recruteur/parrainages/${withMessage.id}`)).text)
    expect(page).toContain('Vous avez décliné la demande de parrainage. Le candidat en est informé.')

    const other = await createSponsorshipsWorld(ctx)
    const withoutMessage = await createSponsorshipRequest(ctx.db, { candidateId: other.candidate.candidate.id, employerId: other.employer.id })
    await submitForm(
      await signIn(ctx.app, other.recruiter.user.email),
      `/recruteur/parrainages/${withoutMessage.id}/decliner`,
      {},
      `/recruteur/parrainages/${withoutMessage.id}`,
    )
    expect(await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: withoutMessage.id } })).toMatchObject({ status: 'DECLINED', answerMessage: null })
    expect(
      await ctx.db.notification.count({ where: { userId: { in: [world.candidate.user.id, other.candidate.user.id] }, event: 'sponsorship.answered' } }),
    ).toBe(2)
  })

  it('when the decline message is too long, then 422 and nothing changes', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const response = await submitForm(
      agent,
      `/recruteur/parrainages/${sponsorship.id}/decliner`,
      { declineMessage: 'x'.repeat(2001) },
      `/recruteur/parrainages/${sponsorship.id}`,
    )
    expect(response.status).toBe(422)
    expect(decodeHtml(response.text)).toContain('<a href="#field-declineMessage">Le message au candidat doit compter au plus 2000 caractères.</a>')
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('SENT')
  })

  it('when two colleagues accept at once (or one clicks twice), then exactly one transition, one notification, and the second is told', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const [first, second] = await Promise.all([
      acceptSponsorship(
        { db: ctx.db, config: ctx.config },
        { actor: await actor(ctx, world.recruiter.user.id), sponsorshipId: sponsorship.id, form: { ...MENTOR, acceptMessage: null } },
      ),
      acceptSponsorship(
        { db: ctx.db, config: ctx.config },
        {
          actor: await actor(ctx, world.colleague.user.id),
          sponsorshipId: sponsorship.id,
          form: { mentorName: 'Paul Martin', mentorContact: '05 61 00 00 00', acceptMessage: null },
        },
      ),
    ])
    expect([first.status, second.status].sort()).toEqual(['done', 'refused'])
    const refused = [first, second].find((result) => result.status === 'refused')
    expect(refused).toMatchObject({ message: expect.stringContaining('a changé entre-temps') })
    expect(await ctx.db.auditLog.count({ where: { action: 'sponsorship.accept', targetId: String(sponsorship.id) } })).toBe(1)
    expect(await ctx.db.notification.count({ where: { userId: world.candidate.user.id, event: 'sponsorship.answered' } })).toBe(1)
    expect(await ctx.db.outboxEmail.count({ where: { to: world.candidate.user.email } })).toBe(1)

    // through the web: a second click on "Accepter" changes nothing and says why
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const before = await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })
    const again = await submitForm(
      agent,
      `/recruteur/parrainages/${sponsorship.id}/accepter`,
      { mentorName: 'Quelqu’un d’autre', mentorContact: 'autre@exemple.fr' },
      '/recruteur/parrainages',
    )
    expect(again.status).toBe(302)
    expect(decodeHtml((await agent.get(`/recruteur/parrainages/${sponsorship.id}`)).text)).toContain('Cette demande de parrainage a changé entre-temps')
    expect(await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).toMatchObject({
      mentorName: before.mentorName,
      mentorContact: before.mentorContact,
    })
  })

  it('when the candidate cancelled, then I can no longer answer: the page says so, and a late "Décliner" changes nothing', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'CANCELLED',
    })
    const agent = await signIn(ctx.app, world.recruiter.user.email)
    const html = decodeHtml((await agent.get(`/recruteur/parrainages/${sponsorship.id}`)).text)
    expect(html).toContain('Le candidat a annulé sa demande : vous n’avez plus à y répondre.')
    expect(html).not.toContain('>Décliner</button>')
    await submitForm(agent, `/recruteur/parrainages/${sponsorship.id}/decliner`, {}, '/recruteur/parrainages')
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('CANCELLED')
    expect(await ctx.db.notification.count({ where: { userId: world.candidate.user.id } })).toBe(0)
  })

  it('when a recruiter of another employer asks for a request, then 404 for the page, the acceptance and the refusal', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.strangerRecruiter.user.email)
    expect((await agent.get(`/recruteur/parrainages/${sponsorship.id}`)).status).toBe(404)
    expect((await submitForm(agent, `/recruteur/parrainages/${sponsorship.id}/accepter`, MENTOR, '/recruteur/parrainages')).status).toBe(404)
    expect((await submitForm(agent, `/recruteur/parrainages/${sponsorship.id}/accepter`, { mentorName: '' }, '/recruteur/parrainages')).status).toBe(404)
    expect((await submitForm(agent, `/recruteur/parrainages/${sponsorship.id}/decliner`, {}, '/recruteur/parrainages')).status).toBe(404)
    expect(decodeHtml((await agent.get('/recruteur/parrainages')).text)).toContain('Aucune demande de parrainage')
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('SENT')
  })

  it('when a candidate or a référent opens the recruiter’s pages, then 403', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    for (const email of [world.candidate.user.email, world.referent.user.email]) {
      const agent = await signIn(ctx.app, email)
      expect((await agent.get('/recruteur/parrainages')).status).toBe(403)
      expect((await agent.get(`/recruteur/parrainages/${sponsorship.id}`)).status).toBe(403)
      expect((await submitForm(agent, `/recruteur/parrainages/${sponsorship.id}/accepter`, MENTOR, '/tableau-de-bord')).status).toBe(403)
    }
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('SENT')
  })
})
