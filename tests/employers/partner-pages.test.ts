// The candidate's partner pages read through the read layer (src/lib/sql.ts): "Employeurs" over
// several pages, a company page's open offers and parrainage state, the offer page, and the search
// form's "Employeur" list. Each test would fail if a scope rule were lost in the SQL: another
// convention's partner, a non-partner, a draft, closed or expired offer, another candidate's request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDate } from '../../src/web/format.ts'
import { createCandidate, createConvention, createEmployer, createEstablishment, createOfferWithDetails, createSponsorshipRequest } from '../factories/index.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

let ctx: TestContext
let agent: Agent
let candidateId: number
let otherCandidateId: number
/** the 23 partners of the candidate's convention, by name */
const partnerNames: string[] = []
let busy: { id: number; name: string }
let quiet: { id: number; name: string }
let otherConventionPartner: { id: number; name: string }
let nonPartner: { id: number; name: string }
/** busy's 21 open offers, the most recent first */
const busyOffers: { id: number; title: string }[] = []
const hiddenOfBusy: { id: number; title: string }[] = []
let offerOfOtherConvention: { id: number }
let offerOfNonPartner: { id: number }

beforeAll(async () => {
  ctx = await createTestContext()
  const db = ctx.db
  const convention = await createConvention(db)
  const otherConvention = await createConvention(db)

  // created out of name order, so that the ids' order is not the names'
  const numbers = Array.from({ length: 21 }, (_, index) => 21 - index)
  for (const number of numbers) {
    const name = `Partenaire ${String(number).padStart(2, '0')}`
    await createEmployer(db, { name, partnerOf: number % 2 === 0 ? [convention.id, otherConvention.id] : [convention.id] })
    partnerNames.push(name)
  }
  busy = await createEmployer(db, { name: 'Atelier Occupé', partnerOf: [convention.id] })
  quiet = await createEmployer(db, { name: 'Zéphyr Tranquille', partnerOf: [convention.id] })
  partnerNames.push(busy.name, quiet.name)
  partnerNames.sort()
  otherConventionPartner = await createEmployer(db, { name: 'Autre Convention SA', partnerOf: [otherConvention.id] })
  nonPartner = await createEmployer(db, { name: 'Non Partenaire SARL' })

  for (let day = 21; day >= 1; day--) {
    busyOffers.unshift(await createOfferWithDetails(db, { employerId: busy.id, title: `Offre ouverte du jour ${day}`, publishedAt: daysAgo(day) }))
  }
  hiddenOfBusy.push(
    await createOfferWithDetails(db, { employerId: busy.id, title: 'Brouillon invisible', status: 'DRAFT' }),
    await createOfferWithDetails(db, { employerId: busy.id, title: 'Clôturée invisible', status: 'CLOSED', closedAt: daysAgo(1) }),
    await createOfferWithDetails(db, { employerId: busy.id, title: 'Expirée invisible', publishedAt: daysAgo(0.5), endDate: new Date(Date.now() - 1000) }),
  )
  // quiet has only offers a candidate cannot see
  await createOfferWithDetails(db, { employerId: quiet.id, title: 'Expirée de Zéphyr', endDate: daysAgo(1) })
  await createOfferWithDetails(db, { employerId: quiet.id, title: 'Brouillon de Zéphyr', status: 'DRAFT' })
  offerOfOtherConvention = await createOfferWithDetails(db, { employerId: otherConventionPartner.id, title: 'Offre de l’autre convention' })
  offerOfNonPartner = await createOfferWithDetails(db, { employerId: nonPartner.id, title: 'Offre du non-partenaire' })

  const establishment = await createEstablishment(db, { conventionId: convention.id })
  const candidate = await createCandidate(db, { establishmentId: establishment.id })
  const otherCandidate = await createCandidate(db, { establishmentId: establishment.id })
  candidateId = candidate.candidate.id
  otherCandidateId = otherCandidate.candidate.id
  agent = await signIn(ctx.app, candidate.user.email)
})
afterAll(async () => ctx.cleanup())

const cardNames = (html: string) => [...decodeHtml(html).matchAll(/<h2><a href="\/employeurs\/\d+">([^<]+)<\/a><\/h2>/g)].map((match) => match[1])

describe('"Employeurs" over several pages', () => {
  it('when the convention has 23 partners, then they come 20 then 3, by name, each once, and no other employer', async () => {
    const first = await agent.get('/employeurs')
    const second = await agent.get('/employeurs?page=2')
    expect(first.text).toContain('<strong>23 employeurs partenaires</strong> – page 1 sur 2')
    expect(second.text).toContain('<strong>23 employeurs partenaires</strong> – page 2 sur 2')
    expect(cardNames(first.text)).toEqual(partnerNames.slice(0, 20))
    expect(cardNames(second.text)).toEqual(partnerNames.slice(20))
    for (const page of [first, second]) {
      expect(page.text).not.toContain(otherConventionPartner.name)
      expect(page.text).not.toContain(nonPartner.name)
    }
    // past the last page: the last page
    expect(cardNames((await agent.get('/employeurs?page=9')).text)).toEqual(partnerNames.slice(20))
  })

  it('when a partner has draft, closed or expired offers, then only its open offers are counted on its card', async () => {
    const first = decodeHtml((await agent.get('/employeurs')).text)
    expect(first).toMatch(/Atelier Occupé<\/a><\/h2>\s*<p class="meta">[^<]*<\/p>\s*<p>21 offres ouvertes<\/p>/)
    expect(first).toMatch(/Partenaire 01<\/a><\/h2>\s*<p class="meta">[^<]*<\/p>\s*<p>Aucune offre ouverte<\/p>/)
    const second = decodeHtml((await agent.get('/employeurs?page=2')).text)
    expect(second).toMatch(/Zéphyr Tranquille<\/a><\/h2>\s*<p class="meta">[^<]*<\/p>\s*<p>Aucune offre ouverte<\/p>/)
  })
})

describe('a company page', () => {
  it('when a partner has 21 open offers and hidden ones, then the page counts 21 and lists the 20 most recent', async () => {
    const html = decodeHtml((await agent.get(`/employeurs/${busy.id}`)).text)
    expect(html).toContain('21 offres ouvertes, dont les 20 plus récentes :')
    const listed = [...html.matchAll(/<li><a href="\/offres\/(\d+)">/g)].map((match) => Number(match[1]))
    expect(listed).toEqual(busyOffers.slice(0, 20).map((offer) => offer.id))
    expect(html).toContain(`publiée le ${formatDate(daysAgo(1))}`)
    expect(html).toContain(`<a href="/offres?employeur=${busy.id}">Voir les 21 offres de Atelier Occupé</a>`)
    for (const offer of hiddenOfBusy) expect(html).not.toContain(offer.title)
  })

  it('when a partner has only offers a candidate cannot see, then it has no open offer', async () => {
    const html = decodeHtml((await agent.get(`/employeurs/${quiet.id}`)).text)
    expect(html).toContain('Zéphyr Tranquille n’a pas d’offre ouverte en ce moment.')
    expect(html).not.toContain('Expirée de Zéphyr')
  })

  it('when another candidate has an open parrainage request to the employer, or I have one to another employer, then my page offers "Demander un parrainage"', async () => {
    await createSponsorshipRequest(ctx.db, { candidateId: otherCandidateId, employerId: quiet.id, status: 'SENT' })
    await createSponsorshipRequest(ctx.db, { candidateId, employerId: busy.id, status: 'SENT' })
    await createSponsorshipRequest(ctx.db, { candidateId, employerId: quiet.id, status: 'DECLINED' })
    const html = decodeHtml((await agent.get(`/employeurs/${quiet.id}`)).text)
    expect(html).toContain(`href="/employeurs/${quiet.id}/parrainage">Demander un parrainage</a>`)
    expect(html).not.toContain('Votre demande de parrainage')
  })

  it('when I have an open request to the employer, then the page shows its status and date, and links to it', async () => {
    const createdAt = daysAgo(3)
    const mine = await createSponsorshipRequest(ctx.db, { candidateId, employerId: quiet.id, status: 'ACCEPTED', createdAt })
    const html = decodeHtml((await agent.get(`/employeurs/${quiet.id}`)).text)
    expect(html).toContain(`Votre demande de parrainage à Zéphyr Tranquille : <strong>Acceptée</strong> (envoyée le ${formatDate(createdAt)}).`)
    expect(html).toContain(`<a href="/parrainages/${mine.id}">Consulter votre demande de parrainage</a>`)
    expect(html).not.toContain('>Demander un parrainage</a>')
  })

  it('when the employer is another convention’s partner or no partner, then 404, and so is its logo', async () => {
    for (const employer of [otherConventionPartner, nonPartner]) {
      expect((await agent.get(`/employeurs/${employer.id}`)).status).toBe(404)
      expect((await agent.get(`/employeurs/${employer.id}/logo`)).status).toBe(404)
    }
  })
})

describe('the offer page', () => {
  it('when the offer is open at a partner, then it shows with its employer and dates', async () => {
    const offer = busyOffers[0]
    const response = await agent.get(`/offres/${offer.id}`)
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    expect(html).toContain(`<title>${offer.title} – Atelier Occupé – Atouts pour tous</title>`)
    expect(html).toContain(`<a href="/employeurs/${busy.id}">Atelier Occupé</a>`)
    expect(html).toContain(`<dt>Publiée le</dt><dd>${formatDate(daysAgo(1))}</dd>`)
    expect(html).toContain('<dt>Télétravail</dt><dd>Non</dd>')
  })

  it('when the offer is a draft, closed, expired, another convention’s or a non-partner’s, then 404', async () => {
    for (const offer of [...hiddenOfBusy, offerOfOtherConvention, offerOfNonPartner]) {
      expect((await agent.get(`/offres/${offer.id}`)).status).toBe(404)
    }
  })
})

describe('the search form’s "Employeur" list', () => {
  it('when the search form is shown, then it lists the 23 partners by name, and no other employer', async () => {
    const html = decodeHtml((await agent.get('/offres')).text)
    const select = /<select[^>]*name="employeur"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? ''
    const labels = [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((match) => match[2])
    expect(labels).toEqual(partnerNames)
  })
})
