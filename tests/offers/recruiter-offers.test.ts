// Recruiters' offers ("Mes offres"): create, edit, publish, close; validation; another employer's
// offers; wrong roles; administrators acting for an employer; offers closing themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicationEndFromLastDay } from '../../src/modules/offers/dates.ts'
import { startExpiredOffersJob } from '../../src/modules/offers/jobs.ts'
import { vacuumAfterChanges } from '../../src/lib/db.ts'
import { closeExpiredOffers } from '../../src/modules/offers/service.ts'
import type { Logger } from '../../src/lib/logger.ts'
import {
  createAdmin,
  createApplication,
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createOfferWithDetails,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'

const DAY = 24 * 60 * 60 * 1000
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10)

let ctx: TestContext
let employer: { id: number; name: string }
let otherEmployer: { id: number; name: string }
let recruiterAgent: Agent
let otherRecruiterAgent: Agent
let candidateAgent: Agent
let adminAgent: Agent
let referentAgent: Agent
let candidateId: number

const validOffer = (overrides: Record<string, string> = {}) => ({
  title: 'Chargé de communication (H/F)',
  description: 'Vous animez nos réseaux sociaux et notre site.',
  missions: 'Rédiger les publications.\nSuivre les statistiques.',
  profileSought: 'Bac+2 en communication.',
  contractType: 'CDD',
  city: 'Toulouse',
  department: '31',
  sector: 'Numérique',
  duration: '12 mois',
  startDate: day(30),
  endDate: day(45),
  remote: 'on',
  accessibility: 'Locaux de plain-pied.',
  contactEmail: 'rh@exemple.fr',
  action: 'brouillon',
  ...overrides,
})

beforeAll(async () => {
  ctx = await createTestContext()
  const convention = await createConvention(ctx.db)
  employer = await createEmployer(ctx.db, { name: 'Garonne Numérique', partnerOf: [convention.id] })
  otherEmployer = await createEmployer(ctx.db, { name: 'Transports Pastel', partnerOf: [convention.id] })
  const recruiter = await createRecruiter(ctx.db, { employerId: employer.id })
  const otherRecruiter = await createRecruiter(ctx.db, { employerId: otherEmployer.id })
  const candidate = await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: convention.id })).id })
  candidateId = candidate.candidate.id
  recruiterAgent = await signIn(ctx.app, recruiter.user.email)
  otherRecruiterAgent = await signIn(ctx.app, otherRecruiter.user.email)
  candidateAgent = await signIn(ctx.app, candidate.user.email)
  adminAgent = await signIn(ctx.app, (await createAdmin(ctx.db)).user.email)
  referentAgent = await signIn(ctx.app, (await createReferent(ctx.db)).user.email)
})
afterAll(async () => ctx.cleanup())

const latestOffer = () => ctx.db.offer.findFirstOrThrow({ orderBy: { id: 'desc' } })
const candidateFinds = async (keywords: string) => (await candidateAgent.get('/offres').query({ motscles: keywords })).text

describe('creating an offer', () => {
  it('when the recruiter opens "Créer une offre", then the form has every field and the two buttons', async () => {
    const response = await recruiterAgent.get('/recruteur/offres/nouvelle')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Créer une offre – Atouts pour tous</title>')
    for (const label of [
      'Intitulé du poste',
      'Description',
      'Missions',
      'Profil recherché',
      'Type de contrat',
      'Ville',
      'Département',
      'Secteur',
      'Durée',
      'Date de début',
      'Date de fin de publication',
      'Télétravail possible',
      'Accessibilité et aménagements du poste',
      'Adresse e-mail de contact (facultatif)',
    ]) {
      expect(response.text).toMatch(new RegExp(`<label for="field-[A-Za-z]+">${label.replace(/[()]/g, '\\$&')}`))
    }
    expect(response.text).toContain('value="brouillon" class="button-secondary">Enregistrer le brouillon</button>')
    expect(response.text).toContain('value="publier">Publier</button>')
    // the employer's sector is chosen first
    expect(response.text).toContain('<option value="Numérique" selected>')
  })

  it('when "Enregistrer le brouillon" is pressed, then a draft is saved that candidates do not see', async () => {
    const response = await submitForm(recruiterAgent, '/recruteur/offres/nouvelle', validOffer({ title: 'Graphiste brouillon' }))
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/recruteur/offres')
    const offer = await latestOffer()
    expect(offer).toMatchObject({
      title: 'Graphiste brouillon',
      status: 'DRAFT',
      publishedAt: null,
      employerId: employer.id,
      contractType: 'CDD',
      remote: true,
      department: '31',
    })
    expect(offer.endDate?.getTime()).toBe(publicationEndFromLastDay(day(45)).getTime())
    expect(await candidateFinds('graphiste')).toContain('<strong>Aucune offre</strong>')
    expect((await candidateAgent.get(`/offres/${offer.id}`)).status).toBe(404)
    const list = await recruiterAgent.get('/recruteur/offres')
    expect(list.text).toContain('Le brouillon de l’offre est enregistré.')
    expect(list.text).toMatch(/Graphiste brouillon[\s\S]*?Brouillon/)
  })

  it('when "Publier" is pressed, then the offer is published and the candidate finds it by keyword', async () => {
    const response = await submitForm(recruiterAgent, '/recruteur/offres/nouvelle', validOffer({ title: 'Webmestre éditorial', action: 'publier' }))
    expect(response.status).toBe(302)
    const offer = await latestOffer()
    expect(offer.status).toBe('PUBLISHED')
    expect(offer.publishedAt).not.toBeNull()
    expect(await candidateFinds('webmestre')).toContain(`href="/offres/${offer.id}?retour=`)
    const page = await candidateAgent.get(`/offres/${offer.id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<li>Suivre les statistiques.</li>')
    // the contact address is for applications, not shown to candidates
    expect(page.text).not.toContain('rh@exemple.fr')
  })

  it('when required fields are missing, then 422 with a message for each, the error summary, and the values kept', async () => {
    const response = await submitForm(
      recruiterAgent,
      '/recruteur/offres/nouvelle',
      validOffer({ title: '', description: '  ', contractType: '', city: '', department: '', missions: 'Une mission gardée', action: 'publier' }),
    )
    expect(response.status).toBe(422)
    expect(response.text).toContain('<title>Erreur – Créer une offre – Atouts pour tous</title>')
    expect(response.text).toContain('Le formulaire contient 5 erreurs')
    for (const message of [
      'Saisissez l’intitulé du poste.',
      'Saisissez la description de l’offre.',
      'Choisissez le type de contrat.',
      'Saisissez la ville du poste.',
      'Choisissez le département du poste.',
    ]) {
      expect(response.text).toContain(message)
    }
    expect(response.text).toContain('href="#field-title"')
    expect(response.text).toContain('aria-describedby="field-title-hint field-title-error"')
    expect(response.text).toContain('Une mission gardée</textarea>')
    expect(response.text).toContain('value="rh@exemple.fr"')
    expect(response.text).toMatch(/name="remote" value="on" checked/)
  })

  it('when the end of publication is not after the start date, then 422 with a clear message', async () => {
    for (const [startDate, endDate] of [
      [day(30), day(10)],
      [day(30), day(30)],
    ]) {
      const response = await submitForm(recruiterAgent, '/recruteur/offres/nouvelle', validOffer({ startDate, endDate }))
      expect(response.status).toBe(422)
      expect(response.text).toContain('La date de fin de publication doit être après la date de début.')
      expect(response.text).toContain(`value="${endDate}"`)
    }
  })

  it('when values are malformed (unknown contract, département or sector, bad dates or email), then 422', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ contractType: 'FREELANCE' }, 'Choisissez le type de contrat.'],
      [{ department: '00' }, 'Choisissez le département du poste dans la liste.'],
      [{ sector: 'Astronautique' }, 'Choisissez le secteur dans la liste.'],
      [{ startDate: '2027-02-30' }, 'Saisissez la date de début au format jj/mm/aaaa'],
      [{ contactEmail: 'pas-une-adresse' }, 'Saisissez une adresse e-mail valide'],
      [{ title: 'x'.repeat(151) }, 'au plus 150 caractères'],
    ]
    for (const [fields, message] of cases) {
      const response = await submitForm(recruiterAgent, '/recruteur/offres/nouvelle', validOffer(fields))
      expect(response.status, JSON.stringify(fields)).toBe(422)
      expect(response.text).toContain(message)
    }
  })

  it('when publishing with an end of publication in the past, then 422: it would be closed at once', async () => {
    const response = await submitForm(recruiterAgent, '/recruteur/offres/nouvelle', validOffer({ startDate: day(-30), endDate: day(-1), action: 'publier' }))
    expect(response.status).toBe(422)
    expect(response.text).toContain('La date de fin de publication est passée')
  })
})

describe('editing, publishing and closing', () => {
  it('when the recruiter edits a published offer, then candidates see the change', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Technicien réseau', contractType: 'CDI' })
    const form = await recruiterAgent.get(`/recruteur/offres/${offer.id}`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('value="Technicien réseau"')
    expect(form.text).toContain('<option value="CDI" selected>')
    expect(form.text).toContain('>Enregistrer les modifications</button>')
    expect(form.text).toContain('>Clôturer</button>')
    expect(form.text).not.toContain('Enregistrer le brouillon')
    const response = await submitForm(
      recruiterAgent,
      `/recruteur/offres/${offer.id}`,
      validOffer({ title: 'Technicien systèmes et réseaux', action: 'enregistrer', endDate: '', startDate: '' }),
    )
    expect(response.status).toBe(302)
    const saved = await ctx.db.offer.findUniqueOrThrow({ where: { id: offer.id } })
    expect(saved).toMatchObject({ title: 'Technicien systèmes et réseaux', status: 'PUBLISHED', endDate: null, startDate: null })
    expect(await candidateFinds('systemes')).toContain('Technicien systèmes et réseaux')
  })

  it('when a draft is published from its form, then it becomes visible', async () => {
    const draft = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Archiviste', status: 'DRAFT' })
    const response = await submitForm(recruiterAgent, `/recruteur/offres/${draft.id}`, validOffer({ title: 'Archiviste numérique', action: 'publier' }))
    expect(response.status).toBe(302)
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: 'PUBLISHED', title: 'Archiviste numérique' })
    expect((await candidateAgent.get(`/offres/${draft.id}`)).status).toBe(200)
  })

  it('when the recruiter presses "Clôturer", then candidates no longer find or open the offer', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Magasinier cariste' })
    expect(await candidateFinds('cariste')).toContain('Magasinier cariste')
    const response = await submitForm(recruiterAgent, `/recruteur/offres/${offer.id}/cloturer`, {}, `/recruteur/offres/${offer.id}`)
    expect(response.status).toBe(302)
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ status: 'CLOSED' })
    expect(await candidateFinds('cariste')).toContain('<strong>Aucune offre</strong>')
    expect((await candidateAgent.get(`/offres/${offer.id}`)).status).toBe(404)
    expect((await recruiterAgent.get('/recruteur/offres')).text).toContain('L’offre est clôturée')
    // a closed offer can be published again
    const form = await recruiterAgent.get(`/recruteur/offres/${offer.id}`)
    expect(form.text).toContain('>Publier à nouveau</button>')
    expect(form.text).not.toContain('>Clôturer</button>')
    await submitForm(
      recruiterAgent,
      `/recruteur/offres/${offer.id}`,
      validOffer({ title: 'Magasinier cariste', action: 'publier', startDate: '', endDate: '' }),
    )
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ status: 'PUBLISHED', closedAt: null })
  })

  it('when a draft is "closed", then nothing changes and the recruiter is told why', async () => {
    const draft = await createOfferWithDetails(ctx.db, { employerId: employer.id, status: 'DRAFT' })
    await submitForm(recruiterAgent, `/recruteur/offres/${draft.id}/cloturer`, {}, '/recruteur/offres')
    expect((await ctx.db.offer.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('DRAFT')
    expect((await recruiterAgent.get('/recruteur/offres')).text).toContain('Seule une offre publiée peut être clôturée.')
  })
})

describe('"Mes offres"', () => {
  it('when the list is shown, then each offer has its status, dates and only the applications sent to the employer', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Comptable junior' })
    for (const status of ['SENT', 'IN_REVIEW', 'PENDING_REFERENT', 'RETURNED', 'WITHDRAWN'] as const) {
      await createApplication(ctx.db, { candidateId, offerId: offer.id, status })
    }
    const response = await recruiterAgent.get('/recruteur/offres')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Mes offres – Atouts pour tous</title>')
    const row = /Comptable junior[\s\S]*?<span class="badge badge-ok">Publiée<\/span>[\s\S]*?Publiée le [^<]+[\s\S]*?<td>2<\/td>/
    expect(response.text).toMatch(row)
    // another employer's offers are not listed
    const other = await createOfferWithDetails(ctx.db, { employerId: otherEmployer.id, title: 'Chauffeur poids lourd' })
    expect((await recruiterAgent.get('/recruteur/offres')).text).not.toContain(other.title)
  })

  it('when an offer is past its end date, then its recruiter sees it closed, and closeExpiredOffers marks it closed at that date', async () => {
    const endDate = new Date(Date.now() - 2 * DAY)
    const expired = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Offre expirée', endDate })
    const future = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Offre à venir', endDate: new Date(Date.now() + DAY) })
    const list = await recruiterAgent.get('/recruteur/offres')
    expect(list.text).toMatch(/Offre expirée[\s\S]*?Clôturée \(date de fin dépassée\)/)
    expect((await candidateAgent.get(`/offres/${expired.id}`)).status).toBe(404)

    const closed = await closeExpiredOffers(ctx.db)
    expect(closed).toBeGreaterThanOrEqual(1)
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ status: 'CLOSED', closedAt: endDate })
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: future.id } })).toMatchObject({ status: 'PUBLISHED', closedAt: null })
    expect(await closeExpiredOffers(ctx.db)).toBe(0)
    // a day later, the other one closes too
    expect(await closeExpiredOffers(ctx.db, new Date(Date.now() + 2 * DAY))).toBeGreaterThanOrEqual(1)
    expect((await ctx.db.offer.findUniqueOrThrow({ where: { id: future.id } })).status).toBe('CLOSED')
  })

  it('when the server starts the job, then expired offers are closed at once and it stops cleanly', async () => {
    const expired = await createOfferWithDetails(ctx.db, { employerId: employer.id, endDate: new Date(Date.now() - 1000) })
    const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} }
    const job = startExpiredOffersJob({ db: ctx.db, logger: silent, intervalMs: 60_000 })
    await job.stop()
    expect((await ctx.db.offer.findUniqueOrThrow({ where: { id: expired.id } })).status).toBe('CLOSED')
  })

  it('when the job has closed offers on PostgreSQL, then it vacuums the offers, so that the search keeps counting from its index', async () => {
    const postgres = Boolean(process.env.TEST_PG_URL)
    const vacuums = async () =>
      postgres
        ? Number(
            (await ctx.db.$queryRawUnsafe<{ count: bigint | number }[]>(`SELECT vacuum_count AS "count" FROM pg_stat_user_tables WHERE relname = 'Offer'`))[0]
              .count,
          )
        : 0
    const before = await vacuums()
    await createOfferWithDetails(ctx.db, { employerId: employer.id, endDate: new Date(Date.now() - 1000) })
    const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} }
    // a period after the previous test's run (the job runs once per period: src/lib/jobs.ts)
    await ctx.db.scheduledJob.updateMany({ where: { name: 'expired-offers' }, data: { lastRunAt: new Date(Date.now() - 60_000) } })
    await startExpiredOffersJob({ db: ctx.db, logger: silent, intervalMs: 60_000 }).stop()
    if (!postgres) {
      expect(await vacuumAfterChanges(ctx.db, 'Offer', 1)).toBe(false) // SQLite: nothing to do
      return
    }
    // the statistics views are updated a moment after the vacuum
    for (let waited = 0; waited < 5000 && (await vacuums()) === before; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await vacuums()).toBeGreaterThan(before)
  })
})

describe('another employer’s offers and wrong roles', () => {
  it('when a recruiter opens, edits, publishes or closes another employer’s offer, then 404 and nothing changes', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Offre protégée' })
    const draft = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Brouillon protégé', status: 'DRAFT' })
    expect((await otherRecruiterAgent.get(`/recruteur/offres/${offer.id}`)).status).toBe(404)
    const edit = await submitForm(
      otherRecruiterAgent,
      `/recruteur/offres/${offer.id}`,
      validOffer({ title: 'Piratée', action: 'enregistrer' }),
      '/recruteur/offres',
    )
    expect(edit.status).toBe(404)
    const publish = await submitForm(
      otherRecruiterAgent,
      `/recruteur/offres/${draft.id}`,
      validOffer({ title: 'Piratée', action: 'publier' }),
      '/recruteur/offres',
    )
    expect(publish.status).toBe(404)
    const close = await submitForm(otherRecruiterAgent, `/recruteur/offres/${offer.id}/cloturer`, {}, '/recruteur/offres')
    expect(close.status).toBe(404)
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ title: 'Offre protégée', status: 'PUBLISHED' })
    expect(await ctx.db.offer.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ title: 'Brouillon protégé', status: 'DRAFT' })
  })

  it('when a candidate, a referent or an administrator opens the recruiter pages, then 403', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: employer.id })
    for (const agent of [candidateAgent, referentAgent, adminAgent]) {
      expect((await agent.get('/recruteur/offres')).status).toBe(403)
      expect((await agent.get('/recruteur/offres/nouvelle')).status).toBe(403)
      expect((await agent.get(`/recruteur/offres/${offer.id}`)).status).toBe(403)
      expect((await submitForm(agent, '/recruteur/offres/nouvelle', validOffer(), '/tableau-de-bord')).status).toBe(403)
      expect((await submitForm(agent, `/recruteur/offres/${offer.id}/cloturer`, {}, '/tableau-de-bord')).status).toBe(403)
    }
  })

  it('when a recruiter or a candidate opens an administrator’s employer pages, then 403', async () => {
    for (const agent of [recruiterAgent, candidateAgent]) {
      expect((await agent.get(`/admin/employeurs/${employer.id}/offres`)).status).toBe(403)
      expect((await submitForm(agent, `/admin/employeurs/${employer.id}/offres/nouvelle`, validOffer(), '/tableau-de-bord')).status).toBe(403)
    }
  })
})

describe('administrators, for any employer', () => {
  it('when an administrator manages an employer’s offers, then they list, create, edit and close them there', async () => {
    const list = await adminAgent.get(`/admin/employeurs/${otherEmployer.id}/offres`)
    expect(list.status).toBe(200)
    expect(list.text).toContain('<title>Offres de Transports Pastel – Atouts pour tous</title>')
    const created = await submitForm(
      adminAgent,
      `/admin/employeurs/${otherEmployer.id}/offres/nouvelle`,
      validOffer({ title: 'Préparateur de commandes', action: 'publier' }),
    )
    expect(created.status).toBe(302)
    expect(created.headers.location).toBe(`/admin/employeurs/${otherEmployer.id}/offres`)
    const offer = await latestOffer()
    expect(offer).toMatchObject({ employerId: otherEmployer.id, status: 'PUBLISHED', title: 'Préparateur de commandes' })
    const form = await adminAgent.get(`/admin/employeurs/${otherEmployer.id}/offres/${offer.id}`)
    expect(form.text).toContain('<title>Modifier l’offre « Préparateur de commandes » – Transports Pastel – Atouts pour tous</title>')
    await submitForm(adminAgent, `/admin/employeurs/${otherEmployer.id}/offres/${offer.id}/cloturer`, {}, `/admin/employeurs/${otherEmployer.id}/offres`)
    expect((await ctx.db.offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('CLOSED')
  })

  it('when an administrator reaches an offer through the wrong employer, or an unknown employer, then 404', async () => {
    const offer = await createOfferWithDetails(ctx.db, { employerId: employer.id })
    expect((await adminAgent.get(`/admin/employeurs/${otherEmployer.id}/offres/${offer.id}`)).status).toBe(404)
    expect((await adminAgent.get('/admin/employeurs/999999/offres')).status).toBe(404)
    expect((await adminAgent.get('/admin/employeurs/abc/offres')).status).toBe(404)
  })
})
