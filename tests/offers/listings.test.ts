// Lists that many requests read alike are kept config.listingsMaxAgeMs: what a convention's candidates
// find on /offres (src/modules/offers/listings.ts) and « Employeurs » (listPartnerEmployersKept), an
// employer's « Offre » choices in the recruiter's inbox (listOffersOfRecruiter). The other tests run
// with it off (0); here it is on, as in production: each convention still sees its own offers,
// partners and « Employeur » choices, each search and page its own results, an offer's page checks the
// visibility rule at every request, each employer its own offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createOfferWithDetails,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
let north: Agent
let northReferent: Agent
let south: Agent
let northEmployer: { id: number }
let southEmployer: { id: number }
let northOffers: { id: number; title: string }[]
let southOffer: { id: number; title: string }

/** The titles of a result page, in their order. */
const titlesOf = (html: string) => [...html.matchAll(/<h3[^>]*>\s*<a [^>]*>([^<]+)<\/a>/g)].map((match) => match[1].trim())
/** The « Employeur » choices of the search form. */
const employerChoicesOf = (html: string) => {
  const select = /<select[^>]*name="employeur"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? ''
  return [...select.matchAll(/<option value="(\d+)"/g)].map((match) => Number(match[1]))
}

beforeAll(async () => {
  ctx = await createTestContext({ listingsMaxAgeMs: 60_000 })
  const db = ctx.db
  const northConvention = await createConvention(db)
  const southConvention = await createConvention(db)
  northEmployer = await createEmployer(db, { name: 'Ateliers du Nord', partnerOf: [northConvention.id] })
  southEmployer = await createEmployer(db, { name: 'Conserverie du Sud', partnerOf: [southConvention.id] })
  const day = 24 * 60 * 60 * 1000
  northOffers = []
  for (let index = 0; index < 25; index++) {
    const offer = await createOfferWithDetails(db, {
      employerId: northEmployer.id,
      title: index === 0 ? 'Soudeur en alternance' : `Agent de production ${index}`,
      publishedAt: new Date(Date.now() - (index + 1) * day),
    })
    northOffers.push(offer)
  }
  southOffer = await createOfferWithDetails(db, { employerId: southEmployer.id, title: 'Préparateur de commandes' })
  const northEstablishment = await createEstablishment(db, { conventionId: northConvention.id })
  const northCandidate = await createCandidate(db, { establishmentId: northEstablishment.id })
  const southCandidate = await createCandidate(db, { establishmentId: (await createEstablishment(db, { conventionId: southConvention.id })).id })
  north = await signIn(ctx.app, northCandidate.user.email)
  northReferent = await signIn(ctx.app, (await createReferent(db, { establishmentId: northEstablishment.id })).user.email)
  south = await signIn(ctx.app, southCandidate.user.email)
})
afterAll(async () => ctx.cleanup())

describe('the search kept per convention', () => {
  it('when candidates of two conventions search in turn, then each sees only their own convention’s offers and employers', async () => {
    const first = await north.get('/offres')
    expect(first.status).toBe(200)
    const second = await south.get('/offres')
    expect(second.status).toBe(200)
    const again = await north.get('/offres')

    expect(titlesOf(second.text)).toEqual([southOffer.title])
    expect(second.text).toContain('1 offre')
    expect(employerChoicesOf(second.text)).toEqual([southEmployer.id])
    expect(second.text).not.toContain('Ateliers du Nord')

    for (const page of [first, again]) {
      expect(titlesOf(page.text)).toHaveLength(20)
      expect(titlesOf(page.text)).not.toContain(southOffer.title)
      expect(page.text).toContain('25 offres')
      expect(employerChoicesOf(page.text)).toEqual([northEmployer.id])
    }
  })

  it('when the same candidate asks for another page or other words, then each gets its own results', async () => {
    await north.get('/offres')
    const secondPage = await north.get('/offres?page=2')
    expect(titlesOf(secondPage.text)).toEqual(northOffers.slice(20).map((offer) => offer.title))

    const byWord = await north.get('/offres?motscles=soudeur')
    expect(titlesOf(byWord.text)).toEqual(['Soudeur en alternance'])
    expect(byWord.text).toContain('1 offre')
  })

  it('when a candidate and a référent of one convention read the same kept results, then each gets the cards of their role, with the links of their search', async () => {
    const applyLinks = (html: string) => [...html.matchAll(/href="\/offres\/(\d+)\/candidature"/g)].map((match) => Number(match[1]))
    const candidatePage = (await north.get('/offres')).text
    const referentPage = (await northReferent.get('/offres')).text
    const candidateAgain = (await north.get('/offres')).text
    expect(titlesOf(referentPage)).toEqual(titlesOf(candidatePage))
    // « Envoyer une candidature » is the candidate's only
    expect(applyLinks(candidatePage)).toHaveLength(20)
    expect(applyLinks(referentPage)).toEqual([])
    expect(candidateAgain).toBe(candidatePage)

    // an offer's link brings back to the search it was found by
    const returns = (html: string) => [...html.matchAll(/<h3><a href="\/offres\/\d+([^"]*)"/g)].map((match) => match[1])
    expect(returns(candidatePage)).toEqual(Array(20).fill(''))
    const secondPage = (await north.get('/offres?motscles=agent&page=2')).text
    expect(titlesOf(secondPage)).toHaveLength(4)
    const back = returns(secondPage)
    expect(new Set(back).size).toBe(1)
    const search = new URLSearchParams(decodeURIComponent(back[0].replace('?retour=', '')).split('?')[1])
    expect([search.get('motscles'), search.get('page')]).toEqual(['agent', '2'])
  })

  it('when an offer is closed while a search that lists it is kept, then its page is refused at once', async () => {
    const listed = northOffers[0]
    expect(titlesOf((await north.get('/offres')).text)).toContain(listed.title)
    await ctx.db.offer.update({ where: { id: listed.id }, data: { status: 'CLOSED', closedAt: new Date() } })

    // the kept results may still name it for a few seconds (config.listingsMaxAgeMs)…
    expect(titlesOf((await north.get('/offres')).text)).toContain(listed.title)
    // …but its page checks the rule again
    expect((await north.get(`/offres/${listed.id}`)).status).toBe(404)
    expect((await north.get(`/offres/${southOffer.id}`)).status).toBe(404)
  })
})

describe('« Employeurs » kept per convention', () => {
  it('when candidates of two conventions open « Employeurs » in turn, then each sees their own convention’s partners and their open offers', async () => {
    const partnersOf = (html: string) => [...html.matchAll(/href="\/employeurs\/(\d+)"/g)].map((match) => Number(match[1]))
    const first = await north.get('/employeurs')
    const second = await south.get('/employeurs')
    const again = await north.get('/employeurs')
    expect(second.status).toBe(200)
    expect(new Set(partnersOf(second.text))).toEqual(new Set([southEmployer.id]))
    expect(second.text).toContain('1 offre ouverte')
    for (const page of [first, again]) {
      expect(new Set(partnersOf(page.text))).toEqual(new Set([northEmployer.id]))
      expect(page.text).not.toContain('Conserverie du Sud')
    }
    // a page number that is not one is read apart, as the first page
    expect(new Set(partnersOf((await north.get('/employeurs?page=x')).text))).toEqual(new Set([northEmployer.id]))
  })
})

describe('the « Offre » choices kept per employer', () => {
  it('when recruiters of two employers open their inbox in turn, then each chooses among their own offers only', async () => {
    const northRecruiter = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: northEmployer.id })).user.email)
    const southRecruiter = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: southEmployer.id })).user.email)
    const offerChoicesOf = (html: string) => {
      const select = /<select[^>]*name="offre"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? ''
      return [...select.matchAll(/<option value="(\d+)"/g)].map((match) => Number(match[1])).sort((a, b) => a - b)
    }

    const north = await northRecruiter.get('/recruteur/candidatures')
    expect(north.status).toBe(200)
    expect(offerChoicesOf(north.text)).toEqual(northOffers.map((offer) => offer.id).sort((a, b) => a - b))
    const south = await southRecruiter.get('/recruteur/candidatures')
    expect(offerChoicesOf(south.text)).toEqual([southOffer.id])

    // another employer's offer asked for is no filter
    const asked = await southRecruiter.get(`/recruteur/candidatures?offre=${northOffers[1].id}`)
    expect(asked.status).toBe(200)
    expect(asked.text).not.toMatch(/<option value="\d+" selected/)
    expect(offerChoicesOf(asked.text)).toEqual([southOffer.id])
  })
})
