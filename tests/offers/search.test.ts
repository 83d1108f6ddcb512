// The offers' search: every filter, the sorts, the pages, bad input; on SQLite and on PostgreSQL
// (TEST_PG_URL), through searchOffers and through GET /offres.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Offer } from '../../src/lib/db.ts'
import { loadSessionUser, type SessionUser } from '../../src/web/auth.ts'
import { EMPTY_SEARCH, type TOfferSearch } from '../../src/modules/offers/schemas.ts'
import { keywordTerms, readsDownThePublicationDates, searchOffers } from '../../src/modules/offers/search.ts'
import {
  createAdmin,
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createOfferWithDetails,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY)
const inDays = (days: number) => new Date(Date.now() + days * DAY)

let ctx: TestContext
let actor: SessionUser
let agent: Agent
let garonne: { id: number }
let clinique: { id: number }
let otherConventionEmployer: { id: number }
let nonPartner: { id: number }
/** the offers the candidate can see */
const o: Record<string, Offer> = {}
/** the offers they must never see */
const hidden: Record<string, Offer> = {}

const search = (filters: Partial<TOfferSearch>, page: unknown = '1') => searchOffers(ctx.db, actor, { ...EMPTY_SEARCH, ...filters }, page)
const idsOf = async (filters: Partial<TOfferSearch>) => (await search(filters)).offers.map((offer) => offer.id)
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b)

beforeAll(async () => {
  ctx = await createTestContext()
  const db = ctx.db
  const convention = await createConvention(db)
  const otherConvention = await createConvention(db)
  const establishment = await createEstablishment(db, { conventionId: convention.id })
  garonne = await createEmployer(db, { name: 'Garonne Numérique', partnerOf: [convention.id] })
  clinique = await createEmployer(db, { name: 'Clinique des Coteaux', partnerOf: [convention.id, otherConvention.id], sector: 'Santé – Social' })
  otherConventionEmployer = await createEmployer(db, { name: 'Librairies Rhin', partnerOf: [otherConvention.id] })
  nonPartner = await createEmployer(db, { name: 'Estuaire Conseil' })

  o.developer = await createOfferWithDetails(db, {
    employerId: garonne.id,
    title: 'Développeur web junior (H/F)',
    description: 'Vous rejoignez une équipe qui réalise des sites publics accessibles.',
    missions: 'Développer en TypeScript.\nCorriger les anomalies.',
    contractType: 'CDI',
    city: 'Toulouse',
    department: '31',
    sector: 'Numérique',
    remote: true,
    publishedAt: daysAgo(1),
    startDate: inDays(30),
  })
  o.projectIntern = await createOfferWithDetails(db, {
    employerId: garonne.id,
    title: 'Stage – Assistant chef de projet digital',
    description: 'Vous suivez le planning de trois sites de collectivités.',
    contractType: 'STAGE',
    city: 'Albi',
    department: '81',
    sector: 'Numérique',
    publishedAt: daysAgo(10),
    startDate: inDays(10),
    endDate: inDays(20),
  })
  o.careAssistant = await createOfferWithDetails(db, {
    employerId: clinique.id,
    title: 'Aide-soignant de nuit',
    description: 'Vous accompagnez les patients hospitalisés.',
    contractType: 'CDD',
    city: 'Albi',
    department: '81',
    sector: 'Santé – Social',
    publishedAt: daysAgo(40),
  })
  o.medicalSecretary = await createOfferWithDetails(db, {
    employerId: clinique.id,
    title: 'Alternance – Secrétaire médical',
    description: 'Accueil des patients au standard et au guichet, prise de rendez-vous.',
    contractType: 'ALTERNANCE',
    city: 'Toulouse',
    department: '31',
    sector: 'Santé – Social',
    remote: true,
    publishedAt: daysAgo(2),
    startDate: inDays(60),
  })
  o.civicService = await createOfferWithDetails(db, {
    employerId: garonne.id,
    title: 'Service civique – médiation numérique',
    description: 'Vous aidez les habitants à faire leurs démarches en ligne.',
    contractType: 'SERVICE_CIVIQUE',
    city: 'Nîmes',
    department: '30',
    sector: 'Associatif – Solidarité',
    publishedAt: daysAgo(5),
  })
  o.reception = await createOfferWithDetails(db, {
    employerId: clinique.id,
    title: 'Chargé d’accueil',
    description: 'Vous orientez les visiteurs de la clinique.',
    contractType: 'CDI',
    city: 'Toulouse',
    department: '31',
    sector: 'Santé – Social',
    publishedAt: daysAgo(60),
    startDate: inDays(5),
  })

  hidden.draft = await createOfferWithDetails(db, { employerId: garonne.id, title: 'Développeur mobile (brouillon)', status: 'DRAFT' })
  hidden.closed = await createOfferWithDetails(db, { employerId: garonne.id, title: 'Développeur back-end (clôturée)', status: 'CLOSED', closedAt: daysAgo(3) })
  hidden.expired = await createOfferWithDetails(db, { employerId: garonne.id, title: 'Développeur front-end (expirée)', endDate: daysAgo(1) })
  hidden.otherConvention = await createOfferWithDetails(db, { employerId: otherConventionEmployer.id, title: 'Développeur libraire (autre convention)' })
  hidden.nonPartner = await createOfferWithDetails(db, { employerId: nonPartner.id, title: 'Développeur consultant (non partenaire)' })

  const candidate = await createCandidate(db, { establishmentId: establishment.id })
  actor = (await loadSessionUser(db, candidate.user.id))!
  agent = await signIn(ctx.app, candidate.user.email)
})
afterAll(async () => ctx.cleanup())

const visibleIds = () => sorted(Object.values(o).map((offer) => offer.id))

describe('the search without filters', () => {
  it('when a candidate searches without filters, then they get every visible offer, the most recent first', async () => {
    const result = await search({})
    expect(result.total).toBe(6)
    expect(result.offers.map((offer) => offer.id)).toEqual(
      [o.developer, o.medicalSecretary, o.civicService, o.projectIntern, o.careAssistant, o.reception].map((offer) => offer.id),
    )
    expect(result.offers[0]).toMatchObject({ title: 'Développeur web junior (H/F)', employerName: 'Garonne Numérique', city: 'Toulouse', contractType: 'CDI' })
  })

  it('when the list is shown, then the count is written as text and each result has its "…" menu', async () => {
    const response = await agent.get('/offres')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Offres – Atouts pour tous</title>')
    expect(response.text.match(/<h1[ >]/g)).toHaveLength(1)
    expect(response.text).toContain('<strong>6 offres</strong>')
    expect(response.text).toContain(`<a href="/offres/${o.developer.id}">Développeur web junior (H/F)</a>`)
    expect(response.text).toContain('<details class="action-menu">')
    expect(response.text).toMatch(new RegExp(`<a href="/offres/${o.developer.id}">Voir l’offre`))
    expect(response.text).toMatch(new RegExp(`<a href="/offres/${o.developer.id}/candidature">Envoyer une candidature`))
  })

  it('when the search form is shown, then each filter has its label, and the contract types are check boxes in a fieldset', async () => {
    const response = await agent.get('/offres')
    for (const label of ['Mots-clés', 'Ville ou département', 'Secteur', 'Télétravail possible', 'Publiée depuis', 'Employeur']) {
      expect(response.text).toMatch(new RegExp(`<label for="field-[a-z]+">${label}`))
    }
    expect(response.text).toMatch(/<fieldset[^>]*>\s*<legend>Type de contrat<\/legend>/)
    for (const [slug, label] of [
      ['stage', 'Stage'],
      ['alternance', 'Alternance'],
      ['cdd', 'CDD'],
      ['cdi', 'CDI'],
      ['saisonnier', 'Emploi saisonnier'],
      ['service-civique', 'Service civique'],
    ]) {
      expect(response.text).toContain(`<input type="checkbox" id="contrat-${slug}" name="contrat" value="${slug}">`)
      expect(response.text).toContain(`<label for="contrat-${slug}">${label}</label>`)
    }
    expect(response.text).toMatch(/<form method="get" action="\/offres"/)
    expect(response.text).toContain('>Rechercher</button>')
    // the employer list holds the partners of the convention only
    expect(response.text).toContain(`<option value="${garonne.id}">Garonne Numérique</option>`)
    expect(response.text).not.toContain('Estuaire Conseil')
    expect(response.text).not.toContain('Librairies Rhin')
  })
})

describe('each filter', () => {
  it('when searching by keywords, then the title, the text and the employer are searched, without accents or case, by word prefix', async () => {
    expect(await idsOf({ keywords: 'developpeur' })).toEqual([o.developer.id])
    expect(await idsOf({ keywords: 'DÉVELOPPEUR Web' })).toEqual([o.developer.id])
    expect(await idsOf({ keywords: 'dével' })).toEqual([o.developer.id])
    expect(await idsOf({ keywords: 'typescript' })).toEqual([o.developer.id])
    expect(sorted(await idsOf({ keywords: 'patients' }))).toEqual(sorted([o.careAssistant.id, o.medicalSecretary.id]))
    expect(sorted(await idsOf({ keywords: 'garonne' }))).toEqual(sorted([o.developer.id, o.projectIntern.id, o.civicService.id]))
    // every word must be found, in any of the fields
    expect(await idsOf({ keywords: 'garonne stage' })).toEqual([o.projectIntern.id])
    expect(await idsOf({ keywords: 'introuvable' })).toEqual([])
  })

  it('when keywords hold only common words or punctuation, then they do not filter', async () => {
    expect(keywordTerms('le stage de développeur à Toulouse')).toEqual(['stage', 'developpeur', 'toulouse'])
    expect(keywordTerms('« » - / l’ d’')).toEqual([])
    expect((await search({ keywords: '« de » !' })).total).toBe(6)
  })

  it('when keywords look like query syntax or SQL, then they are plain words and nothing breaks', async () => {
    for (const keywords of ['"', "' OR 1=1 --", 'NEAR(a b)', 'dev*', 'a:* | b', '); DROP TABLE "Offer"; --', '\\']) {
      const result = await search({ keywords })
      expect(result.total).toBeGreaterThanOrEqual(0)
    }
    expect(await idsOf({ keywords: 'dev*' })).toEqual([o.developer.id])
    expect((await agent.get('/offres').query({ motscles: '"NEAR(* OR' }).redirects(1)).status).toBe(200)
    expect(await ctx.db.offer.count()).toBe(11)
  })

  it('when contract types are checked, then only offers of these types are found', async () => {
    expect(sorted(await idsOf({ contractTypes: ['STAGE', 'CDI'] }))).toEqual(sorted([o.developer.id, o.projectIntern.id, o.reception.id]))
    expect(await idsOf({ contractTypes: ['SERVICE_CIVIQUE'] })).toEqual([o.civicService.id])
    expect(await idsOf({ contractTypes: ['SAISONNIER'] })).toEqual([])
  })

  it('when a city or a département is given, then it matches by name, number, postal code, without accents', async () => {
    const albi = sorted([o.projectIntern.id, o.careAssistant.id])
    expect(sorted(await idsOf({ place: 'Albi' }))).toEqual(albi)
    expect(sorted(await idsOf({ place: 'ALBI ' }))).toEqual(albi)
    expect(sorted(await idsOf({ place: '81' }))).toEqual(albi)
    expect(sorted(await idsOf({ place: 'Tarn' }))).toEqual(albi)
    const toulouse = sorted([o.developer.id, o.medicalSecretary.id, o.reception.id])
    expect(sorted(await idsOf({ place: 'haute garonne' }))).toEqual(toulouse)
    expect(sorted(await idsOf({ place: '31000' }))).toEqual(toulouse)
    expect(await idsOf({ place: 'nimes' })).toEqual([o.civicService.id])
    const unknown = await search({ place: 'Atlantide' })
    expect(unknown).toMatchObject({ total: 0, unknownPlace: true })
  })

  it('when a sector is chosen, then only its offers are found', async () => {
    expect(sorted(await idsOf({ sector: 'Santé – Social' }))).toEqual(sorted([o.careAssistant.id, o.medicalSecretary.id, o.reception.id]))
    expect(await idsOf({ sector: 'Énergie' })).toEqual([])
  })

  it('when "Télétravail possible" is checked, then only remote-friendly offers are found', async () => {
    expect(sorted(await idsOf({ remote: true }))).toEqual(sorted([o.developer.id, o.medicalSecretary.id]))
  })

  it('when "Publiée depuis" is chosen, then older offers are left out', async () => {
    expect(await idsOf({ publishedWithinDays: 7 })).toEqual([o.developer.id, o.medicalSecretary.id, o.civicService.id])
    expect(await idsOf({ publishedWithinDays: 1 })).toEqual([])
    expect((await search({ publishedWithinDays: 30 })).total).toBe(4)
  })

  it('when an employer is chosen, then only its offers are found', async () => {
    expect(await idsOf({ employerId: clinique.id })).toEqual([o.medicalSecretary.id, o.careAssistant.id, o.reception.id])
  })

  it('when an employer of another convention or a non-partner is chosen, then none of its offers are found', async () => {
    expect(await idsOf({ employerId: otherConventionEmployer.id })).toEqual([])
    expect(await idsOf({ employerId: nonPartner.id })).toEqual([])
  })

  it('when filters are combined, then every one applies (contract type and city)', async () => {
    expect(await idsOf({ contractTypes: ['CDI', 'ALTERNANCE'], place: 'Toulouse' })).toEqual([o.developer.id, o.medicalSecretary.id, o.reception.id])
    expect(await idsOf({ contractTypes: ['CDI'], place: 'Toulouse', remote: true })).toEqual([o.developer.id])
    expect(await idsOf({ sector: 'Santé – Social', remote: true, keywords: 'patients' })).toEqual([o.medicalSecretary.id])
  })

  it('when the search is sent from the form, then every filter is in the address and kept in the form', async () => {
    const sent = {
      motscles: 'patients',
      contrat: ['alternance', 'cdd'],
      lieu: 'Toulouse',
      secteur: 'Santé – Social',
      teletravail: 'on',
      depuis: '7',
      employeur: String(clinique.id),
      tri: 'recent',
    }
    const response = await agent.get('/offres').query(sent).redirects(1)
    expect(response.status).toBe(200)
    expect(response.text).toContain('<strong>1 offre</strong>')
    expect(response.text).toContain('<title>Offres – résultats de la recherche – Atouts pour tous</title>')
    expect(response.text).toContain('value="patients"')
    expect(response.text).toContain('value="alternance" checked')
    expect(response.text).toContain('value="cdd" checked')
    expect(response.text).toContain('value="stage">')
    expect(response.text).toContain('value="Toulouse"')
    expect(response.text).toContain('<option value="Santé – Social" selected>')
    expect(response.text).toMatch(/id="field-teletravail" name="teletravail" value="on" checked/)
    expect(response.text).toContain('<option value="7" selected>')
    expect(response.text).toContain(`<option value="${clinique.id}" selected>`)
  })
})

describe('the address of a search', () => {
  it('when the form sends its empty fields, then the same search is shown at its short address', async () => {
    const response = await agent.get('/offres?motscles=&contrat=stage&lieu=Albi&secteur=&depuis=&employeur=&tri=recent&page=1')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/offres?contrat=stage&lieu=Albi')
    const shown = await agent.get(response.headers.location)
    expect(shown.status).toBe(200)
    expect(shown.text).toContain('<strong>1 offre</strong>')
    // an address with a value that is not understood is shown as is, with the message
    expect((await agent.get('/offres?contrat=pilote&motscles=')).status).toBe(200)
  })
})

describe('sorting', () => {
  it('when sorted by start date, then the nearest start comes first and offers without one come last', async () => {
    const ids = await idsOf({ sort: 'start' })
    expect(ids.slice(0, 4)).toEqual([o.reception.id, o.projectIntern.id, o.developer.id, o.medicalSecretary.id])
    expect(sorted(ids.slice(4))).toEqual(sorted([o.careAssistant.id, o.civicService.id]))
  })

  it('when sorted by relevance, then an offer with the word in its title comes before one with it in its text', async () => {
    expect(await idsOf({ keywords: 'accueil' })).toEqual([o.medicalSecretary.id, o.reception.id])
    expect(await idsOf({ keywords: 'accueil', sort: 'relevance' })).toEqual([o.reception.id, o.medicalSecretary.id])
    // without keywords, relevance falls back to the most recent first
    expect((await idsOf({ sort: 'relevance' }))[0]).toBe(o.developer.id)
  })
})

describe('visibility', () => {
  it('when the candidate searches, then drafts, closed, expired, other conventions’ and non-partners’ offers are never found', async () => {
    expect(sorted((await search({})).offers.map((offer) => offer.id))).toEqual(visibleIds())
    const found = (await search({ keywords: 'developpeur' })).offers.map((offer) => offer.id)
    for (const offer of Object.values(hidden)) expect(found).not.toContain(offer.id)
    const page = await agent.get('/offres').query({ motscles: 'développeur' })
    for (const offer of Object.values(hidden)) expect(page.text).not.toContain(offer.title)
  })

  it('when the candidate opens a hidden offer by its address, then it is a 404, and so is its application link', async () => {
    for (const offer of Object.values(hidden)) {
      expect((await agent.get(`/offres/${offer.id}`)).status).toBe(404)
      expect((await agent.get(`/offres/${offer.id}/candidature`)).status).toBe(404)
    }
    expect((await agent.get('/offres/999999')).status).toBe(404)
    expect((await agent.get('/offres/abc')).status).toBe(404)
  })

  it('when an offer’s end date passes, then it disappears from the search at once (before any job closes it)', async () => {
    const soon = await createOfferWithDetails(ctx.db, { employerId: garonne.id, title: 'Plombier chauffagiste', endDate: new Date(Date.now() + 60_000) })
    expect(await idsOf({ keywords: 'plombier' })).toEqual([soon.id])
    const later = new Date(Date.now() + 120_000)
    const result = await searchOffers(ctx.db, actor, { ...EMPTY_SEARCH, keywords: 'plombier' }, '1', later)
    expect(result.total).toBe(0)
    await ctx.db.offer.delete({ where: { id: soon.id } })
  })

  it('when a référent of the convention opens the offers, then they see what their candidates see, without the application links', async () => {
    const establishment = await createEstablishment(ctx.db, { conventionId: actor.conventionId! })
    const referent = await createReferent(ctx.db, { establishmentId: establishment.id })
    const agentOfReferent = await signIn(ctx.app, referent.user.email)
    const list = await agentOfReferent.get('/offres').query({ motscles: 'développeur' })
    expect(list.status).toBe(200)
    expect(list.text).toContain(o.developer.title)
    for (const offer of Object.values(hidden)) expect(list.text).not.toContain(offer.title)
    expect(list.text).not.toContain(`/offres/${o.developer.id}/candidature`)
    const page = await agentOfReferent.get(`/offres/${o.developer.id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain(o.developer.title)
    expect(page.text).not.toContain('Envoyer une candidature')
    expect(page.text).not.toContain(`/employeurs/${garonne.id}`)
    for (const offer of Object.values(hidden)) expect((await agentOfReferent.get(`/offres/${offer.id}`)).status).toBe(404)
    expect((await agentOfReferent.get(`/offres/${o.developer.id}/candidature`)).status).toBe(403)
  })

  it('when a référent of another convention opens an offer of this convention’s partner, then it is a 404', async () => {
    const referent = await createReferent(ctx.db)
    const other = await signIn(ctx.app, referent.user.email)
    expect((await other.get(`/offres/${o.developer.id}`)).status).toBe(404)
    expect((await other.get('/offres').query({ motscles: 'développeur' })).text).not.toContain(o.developer.title)
  })

  it('when a recruiter or an administrator opens the offers or an offer, then it is refused (403)', async () => {
    const recruiter = await createRecruiter(ctx.db, { employerId: garonne.id })
    const admin = await createAdmin(ctx.db)
    for (const email of [recruiter.user.email, admin.user.email]) {
      const other = await signIn(ctx.app, email)
      expect((await other.get('/offres')).status).toBe(403)
      expect((await other.get(`/offres/${o.developer.id}`)).status).toBe(403)
    }
    expect((await request(ctx.app).get('/offres')).headers.location).toBe('/connexion')
  })
})

describe('the search index follows the offers and the employers', () => {
  it('when an offer’s title changes, then the new words are found and the old ones are not', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: garonne.id, title: 'Boulanger de nuit' })
    expect(await idsOf({ keywords: 'boulanger' })).toEqual([offer.id])
    await ctx.db.offer.update({ where: { id: offer.id }, data: { title: 'Pâtissier de jour' } })
    expect(await idsOf({ keywords: 'boulanger' })).toEqual([])
    expect(await idsOf({ keywords: 'patissier' })).toEqual([offer.id])
    await ctx.db.offer.delete({ where: { id: offer.id } })
    expect(await idsOf({ keywords: 'patissier' })).toEqual([])
  })

  it('when an employer is renamed, then its offers are found by the new name', async () => {
    await ctx.db.employer.update({ where: { id: clinique.id }, data: { name: 'Polyclinique du Lauragais' } })
    expect(await idsOf({ keywords: 'lauragais' })).toEqual([o.medicalSecretary.id, o.careAssistant.id, o.reception.id])
    expect(await idsOf({ keywords: 'coteaux' })).toEqual([])
    await ctx.db.employer.update({ where: { id: clinique.id }, data: { name: 'Clinique des Coteaux' } })
    expect(await idsOf({ keywords: 'coteaux' })).toHaveLength(3)
  })
})

describe('bad input', () => {
  it('when filter values are unknown, then they are ignored with a message, never an error', async () => {
    const response = await agent
      .get('/offres')
      .query({ contrat: ['stage', 'pilote'], secteur: 'Astronautique', depuis: '99', tri: 'hasard', teletravail: 'peut-être' })
    expect(response.status).toBe(200)
    expect(response.text).toContain('n’a pas été comprise')
    expect(response.text).toContain('le type de contrat « pilote » n’existe pas')
    expect(response.text).toContain('le secteur « Astronautique » n’existe pas')
    expect(response.text).toContain('<strong>1 offre</strong>')
    for (const query of [
      { employeur: 'abc' },
      { employeur: String(nonPartner.id) },
      { employeur: '-3' },
      { page: '-1' },
      { page: ['2', '3'] },
      { contrat: ['', ''] },
      { motscles: 'x'.repeat(5000) },
    ]) {
      const bad = await agent.get('/offres').query(query).redirects(1)
      expect(bad.status, JSON.stringify(query).slice(0, 80)).toBe(200)
    }
    const partner = await agent.get('/offres').query({ employeur: String(nonPartner.id) })
    expect(partner.text).toContain('ne fait pas partie des partenaires de votre convention')
    expect(partner.text).toContain('<strong>6 offres</strong>')
  })

  it('when nothing matches, then a helpful message is shown', async () => {
    const response = await agent.get('/offres').query({ motscles: 'astronaute' })
    expect(response.text).toContain('<strong>Aucune offre</strong>')
    expect(response.text).toContain('Aucune offre ne correspond à votre recherche.')
    expect(response.text).toContain('href="/employeurs"')
    const place = await agent.get('/offres').query({ lieu: 'Atlantide' })
    expect(place.text).toContain('Aucune offre publiée ne se situe à « Atlantide »')
  })
})

describe('pages', () => {
  let pagedActor: SessionUser
  let pagedAgent: Agent
  beforeAll(async () => {
    const convention = await createConvention(ctx.db)
    const employer = await createEmployer(ctx.db, { partnerOf: [convention.id] })
    for (let i = 0; i < 45; i++) {
      await createOfferWithDetails(ctx.db, {
        employerId: employer.id,
        title: `Offre numéro ${i + 1}`,
        contractType: i % 2 === 0 ? 'STAGE' : 'CDI',
        publishedAt: new Date(Date.now() - (i + 1) * 60_000),
      })
    }
    const candidate = await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: convention.id })).id })
    pagedActor = (await loadSessionUser(ctx.db, candidate.user.id))!
    pagedAgent = await signIn(ctx.app, candidate.user.email)
  })

  it('when there are 45 offers, then they come 20 a page and the last page holds 5', async () => {
    const first = await searchOffers(ctx.db, pagedActor, EMPTY_SEARCH, undefined)
    expect(first).toMatchObject({ total: 45, page: { current: 1, last: 3 } })
    expect(first.offers.map((offer) => offer.title).slice(0, 2)).toEqual(['Offre numéro 1', 'Offre numéro 2'])
    const third = await searchOffers(ctx.db, pagedActor, EMPTY_SEARCH, '3')
    expect(third.offers.map((offer) => offer.title)).toEqual(['Offre numéro 41', 'Offre numéro 42', 'Offre numéro 43', 'Offre numéro 44', 'Offre numéro 45'])
  })

  it('when a page is read down the publication dates or from the partners, then it holds the same offers in the same order', async () => {
    const searches: Partial<TOfferSearch>[] = [{}, { contractTypes: ['STAGE'] }, { keywords: 'numéro' }, { publishedWithinDays: 1 }]
    for (const filters of searches) {
      for (const page of ['1', '2', '3']) {
        const byDates = await searchOffers(ctx.db, pagedActor, { ...EMPTY_SEARCH, ...filters }, page, undefined, 'dates')
        const byPartners = await searchOffers(ctx.db, pagedActor, { ...EMPTY_SEARCH, ...filters }, page, undefined, 'partners')
        expect(byDates.offers.length).toBeGreaterThan(0)
        expect(byDates).toEqual(byPartners)
      }
    }
    // the other candidates' offers (other conventions) never come in, whichever way
    const everyTitle = (await searchOffers(ctx.db, pagedActor, EMPTY_SEARCH, '1', undefined, 'dates')).offers.map((offer) => offer.title)
    expect(everyTitle.every((title) => title.startsWith('Offre numéro'))).toBe(true)
  })

  it('when choosing how to read a page, then the walk down the dates is kept for first pages of broad searches', () => {
    // a regional candidate: 5,500 of 45,000 published offers
    expect(readsDownThePublicationDates(5500, 45000, 0)).toBe(true)
    expect(readsDownThePublicationDates(5500, 45000, 980)).toBe(false)
    // a narrow search or a small convention: sorting its few offers is cheaper
    expect(readsDownThePublicationDates(300, 45000, 0)).toBe(false)
    expect(readsDownThePublicationDates(0, 45000, 0)).toBe(false)
    // every offer visible: the walk reads the page and little more
    expect(readsDownThePublicationDates(45000, 45000, 20 * 100)).toBe(true)
  })

  it('when the page number is past the last page, then the last page is shown; when it is unreadable, the first', async () => {
    expect((await searchOffers(ctx.db, pagedActor, EMPTY_SEARCH, '99')).page.current).toBe(3)
    expect((await searchOffers(ctx.db, pagedActor, EMPTY_SEARCH, 'abc')).page.current).toBe(1)
    const response = await pagedAgent.get('/offres?page=99')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<span aria-current="page">Page 3 sur 3</span>')
    expect(response.text).toContain('Offre numéro 45')
    expect(response.text).toContain('<title>Offres – page 3 – Atouts pour tous</title>')
  })

  it('when a keyword search spans pages, then each page, the count and a page past the last are those of the same offers without the keyword', async () => {
    // every offer this candidate sees is an « Offre numéro … »: the keyword finds them all, in the same order
    const byKeyword = { ...EMPTY_SEARCH, keywords: 'numero' }
    for (const page of ['1', '2', '3', '99']) {
      const found = await searchOffers(ctx.db, pagedActor, byKeyword, page)
      const all = await searchOffers(ctx.db, pagedActor, EMPTY_SEARCH, page)
      expect(found.offers.length).toBeGreaterThan(0)
      expect(found).toEqual(all)
    }
    expect((await searchOffers(ctx.db, pagedActor, byKeyword, '99')).page).toEqual({ current: 3, last: 3, size: 20 })
    expect(await searchOffers(ctx.db, pagedActor, { ...EMPTY_SEARCH, keywords: 'introuvablemot' }, '2')).toMatchObject({
      total: 0,
      offers: [],
      page: { current: 1, last: 1 },
    })
  })

  it('when filtered results span pages, then the page links keep the filters', async () => {
    const response = await pagedAgent.get('/offres').query({ contrat: 'stage', page: '1' }).redirects(1)
    expect(response.text).toContain('<strong>23 offres</strong>')
    expect(response.text).toContain('href="/offres?contrat=stage&amp;page=2">Page suivante</a>')
    const second = await pagedAgent.get('/offres?contrat=stage&page=2')
    expect(second.text).toContain('href="/offres?contrat=stage">Page précédente</a>')
    expect(second.text).toContain('<span aria-current="page">Page 2 sur 2</span>')
  })
})

describe('"Retour" on the offer page', () => {
  it('when an offer is opened from a filtered page, then "Retour" leads back to the same search and page', async () => {
    const list = await agent.get('/offres?contrat=cdi&lieu=Toulouse&tri=start')
    const expected = '/offres?contrat=cdi&lieu=Toulouse&tri=start'
    const link = `/offres/${o.developer.id}?retour=${encodeURIComponent(expected)}`
    expect(list.text).toContain(`href="${link.replaceAll('&', '&amp;')}"`)
    const page = await agent.get(link)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>Développeur web junior (H/F)</h1>')
    expect(page.text).toContain('<title>Développeur web junior (H/F) – Garonne Numérique – Atouts pour tous</title>')
    expect(page.text).toContain(`<a class="button button-secondary" href="${expected.replaceAll('&', '&amp;')}">Retour</a>`)
    expect(page.text).toContain(`<a class="button" href="/offres/${o.developer.id}/candidature">Envoyer une candidature</a>`)
  })

  it('when "retour" is not a search of the offers, then "Retour" goes to the offers', async () => {
    for (const retour of ['//evil.example/offres', 'https://evil.example', '/admin/utilisateurs', '/offres/../admin', '/offresX', 'javascript:alert(1)']) {
      const page = await agent.get(`/offres/${o.developer.id}`).query({ retour })
      expect(page.text, retour).toContain('<a class="button button-secondary" href="/offres">Retour</a>')
    }
  })

  it('when the offer page is shown, then it holds every detail of the offer', async () => {
    const page = await agent.get(`/offres/${o.projectIntern.id}`)
    for (const text of [
      'Stage – Assistant chef de projet digital',
      'Garonne Numérique',
      'Albi – Tarn (81)',
      'Stage',
      'Date de début',
      'Visible jusqu’au',
      'Télétravail',
      'Description',
      'Accessibilité et aménagements du poste',
    ]) {
      expect(page.text).toContain(text)
    }
    const withMissions = await agent.get(`/offres/${o.developer.id}`)
    expect(withMissions.text).toContain('<li>Développer en TypeScript.</li>')
  })
})

describe('"Envoyer une candidature"', () => {
  it('when a candidate follows "Envoyer une candidature" from a result or an offer, then the application form answers', async () => {
    const response = await agent.get(`/offres/${o.developer.id}/candidature`)
    expect(response.status).toBe(200)
  })
})
