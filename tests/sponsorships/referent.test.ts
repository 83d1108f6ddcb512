import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCandidate, createSponsorshipRequest } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { createSponsorshipsWorld } from '../factories/worlds.ts'
import { decodeHtml, h1Count } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

describe('as a référent, the parrainages of my candidates', () => {
  it('when I open the list, then I see the requests of my établissement’s candidates only, read only, with a status filter', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const mine = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const accepted = await createSponsorshipRequest(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.otherEmployer.id,
      status: 'ACCEPTED',
      mentorName: 'Léa Dupont',
      mentorContact: '05 61 00 00 00',
    })
    const stranger = await createCandidate(ctx.db, { establishmentId: world.otherEstablishment.id })
    const notMine = await createSponsorshipRequest(ctx.db, { candidateId: stranger.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const response = await agent.get('/referent/parrainages')
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    expect(h1Count(response.text)).toBe(1)
    expect(html).toContain('<h1>Demandes de parrainage de vos candidats</h1>')
    expect(html).toContain('2 demandes de parrainage')
    expect(html).toContain(`href="/referent/parrainages/${mine.id}"`)
    expect(html).toContain(`href="/referent/parrainages/${accepted.id}"`)
    expect(html).not.toContain(`href="/referent/parrainages/${notMine.id}"`)
    expect(html).not.toContain('<form method="post" action="/referent/parrainages')
    const filtered = decodeHtml((await agent.get('/referent/parrainages?statut=ACCEPTED')).text)
    expect(filtered).toContain('1 demande de parrainage')
    expect(filtered).not.toContain(`href="/referent/parrainages/${mine.id}"`)

    const page = decodeHtml((await agent.get(`/referent/parrainages/${accepted.id}`)).text)
    expect(page).toContain(`<h1>Demande de parrainage de ${world.candidate.user.firstName} ${world.candidate.user.lastName}</h1>`)
    expect(page).toContain('<h2>Parrain ou marraine</h2>')
    expect(page).toContain('<dd>Léa Dupont</dd>')
    expect(page).toContain('<a href="tel:0561000000">05 61 00 00 00</a>')
    expect(page).toContain(accepted.motivation)
    expect(page.slice(page.indexOf('<main'), page.indexOf('</main>'))).not.toContain('<button')
  })

  it('when I open my candidate’s page, then a "Parrainages" section lists their requests with status and links', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, status: 'DECLINED' })
    const agent = await signIn(ctx.app, world.referent.user.email)
    const html = decodeHtml((await agent.get(`/referent/candidats/${world.candidate.candidate.id}`)).text)
    expect(html).toContain('<h2>Parrainages</h2>')
    expect(html).toContain(`<th scope="row">${world.employer.name}</th>`)
    expect(html).toContain('>Déclinée</span>')
    expect(html).toContain(`href="/referent/parrainages/${sponsorship.id}"`)

    const other = await createSponsorshipsWorld(ctx)
    const empty = decodeHtml((await (await signIn(ctx.app, other.referent.user.email)).get(`/referent/candidats/${other.candidate.candidate.id}`)).text)
    expect(empty).toContain('<h2>Parrainages</h2>')
    expect(empty).toContain('n’a demandé aucun parrainage.')
  })

  it('when a référent of another établissement asks for a request, then 404, and it is not in their list', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.strangerReferent.user.email)
    expect((await agent.get(`/referent/parrainages/${sponsorship.id}`)).status).toBe(404)
    expect((await agent.get('/referent/parrainages/abc')).status).toBe(404)
    expect(decodeHtml((await agent.get('/referent/parrainages')).text)).toContain('Aucune demande de parrainage')
  })

  it('when a candidate or a recruiter opens the référent’s pages, then 403; a référent cannot answer or cancel', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    for (const email of [world.candidate.user.email, world.recruiter.user.email]) {
      const agent = await signIn(ctx.app, email)
      expect((await agent.get('/referent/parrainages')).status).toBe(403)
      expect((await agent.get(`/referent/parrainages/${sponsorship.id}`)).status).toBe(403)
    }
    const referent = await signIn(ctx.app, world.referent.user.email)
    expect((await submitForm(referent, `/parrainages/${sponsorship.id}/annuler`, {}, '/referent/parrainages')).status).toBe(403)
    expect((await submitForm(referent, `/recruteur/parrainages/${sponsorship.id}/decliner`, {}, '/referent/parrainages')).status).toBe(403)
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('SENT')
  })
})
