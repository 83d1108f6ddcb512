// "Employeurs" for candidates (partners of their convention, company pages), the employer page
// that recruiters and administrators edit, and the invitation of a colleague.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
let partner: { id: number; name: string }
let partnerOfBoth: { id: number; name: string }
let otherConventionPartner: { id: number; name: string }
let nonPartner: { id: number; name: string }
let candidateAgent: Agent
let recruiterAgent: Agent
let otherRecruiterAgent: Agent
let adminAgent: Agent
let referentAgent: Agent

beforeAll(async () => {
  ctx = await createTestContext()
  const convention = await createConvention(ctx.db)
  const otherConvention = await createConvention(ctx.db)
  partner = await createEmployer(ctx.db, { name: 'Garonne Numérique', partnerOf: [convention.id], sector: 'Numérique', city: 'Toulouse' })
  partnerOfBoth = await createEmployer(ctx.db, { name: 'AéroComposites Sud', partnerOf: [convention.id, otherConvention.id], sector: 'Industrie' })
  otherConventionPartner = await createEmployer(ctx.db, { name: 'Librairies Rhin', partnerOf: [otherConvention.id] })
  nonPartner = await createEmployer(ctx.db, { name: 'Estuaire Conseil' })
  await ctx.db.employer.update({ where: { id: partner.id }, data: { places: 'Albi, Toulouse', website: 'https://www.garonne.example' } })

  await createOfferWithDetails(ctx.db, { employerId: partner.id, title: 'Développeur web' })
  await createOfferWithDetails(ctx.db, { employerId: partner.id, title: 'Testeur accessibilité' })
  await createOfferWithDetails(ctx.db, { employerId: partner.id, title: 'Brouillon caché', status: 'DRAFT' })
  await createOfferWithDetails(ctx.db, { employerId: partner.id, title: 'Offre expirée cachée', endDate: new Date(Date.now() - 1000) })
  await createOfferWithDetails(ctx.db, { employerId: partner.id, title: 'Offre clôturée cachée', status: 'CLOSED' })

  const candidate = await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: convention.id })).id })
  candidateAgent = await signIn(ctx.app, candidate.user.email)
  recruiterAgent = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: partner.id, firstName: 'Julien', lastName: 'Roux' })).user.email)
  otherRecruiterAgent = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: partnerOfBoth.id })).user.email)
  adminAgent = await signIn(ctx.app, (await createAdmin(ctx.db)).user.email)
  referentAgent = await signIn(ctx.app, (await createReferent(ctx.db)).user.email)
})
afterAll(async () => ctx.cleanup())

describe('"Employeurs" for a candidate', () => {
  it('when the candidate opens "Employeurs", then they see the partners of their convention with their open offers counted', async () => {
    const response = await candidateAgent.get('/employeurs')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Employeurs – Atouts pour tous</title>')
    expect(response.text).toContain('<strong>2 employeurs partenaires</strong>')
    expect(response.text).toContain(`<a href="/employeurs/${partner.id}">Garonne Numérique</a>`)
    expect(response.text).toMatch(/Garonne Numérique<\/a><\/h2>\s*<p class="meta">Numérique · Toulouse<\/p>\s*<p>2 offres ouvertes<\/p>/)
    expect(response.text).toMatch(/AéroComposites Sud<\/a><\/h2>[\s\S]*?Aucune offre ouverte/)
    expect(response.text).not.toContain('Librairies Rhin')
    expect(response.text).not.toContain('Estuaire Conseil')
  })

  it('when the candidate opens a company page, then it shows its description, places, website, open offers and the spontaneous application button', async () => {
    const response = await candidateAgent.get(`/employeurs/${partner.id}`)
    expect(response.status).toBe(200)
    expect(response.text).toContain('<h1>Garonne Numérique</h1>')
    expect(response.text).toContain('<title>Garonne Numérique – Atouts pour tous</title>')
    expect(response.text).toContain('Garonne Numérique accueille des jeunes en stage et en alternance.')
    expect(response.text).toContain('<dd>Toulouse, Albi</dd>')
    expect(response.text).toContain('href="https://www.garonne.example"')
    expect(response.text).toContain('Développeur web</a>')
    expect(response.text).toContain('Testeur accessibilité</a>')
    expect(response.text).not.toContain('cachée')
    expect(response.text).not.toContain('Brouillon caché')
    expect(response.text).toContain(`<a class="button" href="/employeurs/${partner.id}/candidature">Envoyer une candidature spontanée</a>`)
  })

  it('when the candidate opens a non-partner’s or another convention’s company page, then 404', async () => {
    for (const employer of [nonPartner, otherConventionPartner]) {
      expect((await candidateAgent.get(`/employeurs/${employer.id}`)).status).toBe(404)
    }
    expect((await candidateAgent.get('/employeurs/999999')).status).toBe(404)
    expect((await candidateAgent.get('/employeurs/nom')).status).toBe(404)
  })

  it('when someone who is not a candidate opens "Employeurs" or a company page, then 403', async () => {
    for (const agent of [recruiterAgent, adminAgent, referentAgent]) {
      expect((await agent.get('/employeurs')).status).toBe(403)
      expect((await agent.get(`/employeurs/${partner.id}`)).status).toBe(403)
    }
  })
})

describe('"Page employeur" for a recruiter', () => {
  const page = (overrides: Record<string, string> = {}) => ({
    description: 'Entreprise de services numériques, spécialiste de l’accessibilité.',
    sector: 'Numérique',
    city: 'Toulouse',
    places: 'Albi, Montauban',
    website: 'www.garonne-numerique.example',
    ...overrides,
  })

  it('when the recruiter edits their employer page, then candidates read the new presentation', async () => {
    const form = await recruiterAgent.get('/recruteur/employeur')
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Page employeur – Atouts pour tous</title>')
    expect(form.text).toContain('Garonne Numérique accueille des jeunes')
    const response = await submitForm(recruiterAgent, '/recruteur/employeur', page())
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/recruteur/employeur')
    expect(await ctx.db.employer.findUniqueOrThrow({ where: { id: partner.id } })).toMatchObject({
      description: 'Entreprise de services numériques, spécialiste de l’accessibilité.',
      places: 'Albi, Montauban',
      website: 'https://www.garonne-numerique.example',
      name: 'Garonne Numérique',
    })
    const company = await candidateAgent.get(`/employeurs/${partner.id}`)
    expect(company.text).toContain('spécialiste de l’accessibilité')
    expect(company.text).toContain('<dd>Toulouse, Albi, Montauban</dd>')
  })

  it('when the page form is invalid, then 422 with messages and the values kept', async () => {
    const response = await submitForm(
      recruiterAgent,
      '/recruteur/employeur',
      page({ description: '', sector: 'Astronautique', website: 'pas une adresse', places: 'Nîmes' }),
    )
    expect(response.status).toBe(422)
    expect(response.text).toContain('Saisissez la présentation de l’employeur.')
    expect(response.text).toContain('Choisissez le secteur dans la liste.')
    expect(response.text).toContain('Saisissez l’adresse complète du site')
    expect(response.text).toContain('value="Nîmes"')
    for (const website of ['javascript:alert(1)', 'ftp://exemple.fr']) {
      expect((await submitForm(recruiterAgent, '/recruteur/employeur', page({ website }))).status).toBe(422)
    }
  })

  it('when another role opens the recruiter’s employer page, then 403', async () => {
    for (const agent of [candidateAgent, adminAgent, referentAgent]) {
      expect((await agent.get('/recruteur/employeur')).status).toBe(403)
      expect((await submitForm(agent, '/recruteur/employeur', page(), '/tableau-de-bord')).status).toBe(403)
      expect((await agent.get('/recruteur/employeur/equipe')).status).toBe(403)
    }
  })

  it('when a recruiter edits "their" page, then only their own employer changes', async () => {
    await submitForm(otherRecruiterAgent, '/recruteur/employeur', page({ description: 'Pièces composites.', sector: 'Industrie' }))
    expect((await ctx.db.employer.findUniqueOrThrow({ where: { id: partnerOfBoth.id } })).description).toBe('Pièces composites.')
    expect((await ctx.db.employer.findUniqueOrThrow({ where: { id: partner.id } })).description).not.toBe('Pièces composites.')
  })
})

describe('inviting a colleague', () => {
  it('when a recruiter invites a colleague, then an invited recruiter of the same employer gets the choose-your-password email', async () => {
    const team = await recruiterAgent.get('/recruteur/employeur/equipe')
    expect(team.status).toBe(200)
    expect(team.text).toContain('Julien Roux')
    const response = await submitForm(recruiterAgent, '/recruteur/employeur/equipe', {
      lastName: 'Martin',
      firstName: 'Léa',
      email: 'Lea.Martin@Garonne.example',
    })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/recruteur/employeur/equipe')
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email: 'lea.martin@garonne.example' }, include: { recruiter: true } })
    expect(user).toMatchObject({ role: 'RECRUITER', status: 'INVITED', passwordHash: null, firstName: 'Léa' })
    expect(user.recruiter?.employerId).toBe(partner.id)
    expect(await ctx.db.authToken.count({ where: { userId: user.id, purpose: 'INVITATION' } })).toBe(1)
    const email = await ctx.db.outboxEmail.findFirstOrThrow({ where: { to: 'lea.martin@garonne.example' } })
    expect(email.text).toContain('http://atouts.test/activation/')
    expect(email.text).toContain('Garonne Numérique')
    const after = await recruiterAgent.get('/recruteur/employeur/equipe')
    expect(after.text).toContain('L’invitation est envoyée à lea.martin@garonne.example')
    expect(after.text).toMatch(/Léa Martin[\s\S]*?Invité – mot de passe pas encore choisi/)
  })

  it('when the address already has an account, or fields are missing, then 422 and no account is created', async () => {
    const taken = await submitForm(recruiterAgent, '/recruteur/employeur/equipe', { lastName: 'Martin', firstName: 'Léa', email: 'lea.martin@garonne.example' })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain('Un compte existe déjà avec cette adresse e-mail.')
    const missing = await submitForm(recruiterAgent, '/recruteur/employeur/equipe', { lastName: '', firstName: 'Paul', email: 'pas-une-adresse' })
    expect(missing.status).toBe(422)
    expect(missing.text).toContain('Saisissez le nom de votre collègue.')
    expect(missing.text).toContain('Saisissez une adresse e-mail valide')
    expect(missing.text).toContain('value="Paul"')
    expect(await ctx.db.user.count({ where: { firstName: 'Paul' } })).toBe(0)
  })
})

describe('employers for an administrator', () => {
  it('when an administrator opens "Employeurs", then every employer is listed and can be searched by name', async () => {
    const response = await adminAgent.get('/admin/employeurs')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Gestion des employeurs – Atouts pour tous</title>')
    for (const employer of [partner, partnerOfBoth, otherConventionPartner, nonPartner])
      expect(response.text).toContain(`<a href="/admin/employeurs/${employer.id}">${employer.name}</a>`)
    expect(response.text).toContain('Aucune convention')
    const found = await adminAgent.get('/admin/employeurs').query({ q: 'aerocomposites' })
    expect(found.text).toContain('<strong>1 employeur</strong>')
    expect(found.text).toContain('AéroComposites Sud')
  })

  it('when an administrator edits any employer’s page, then it is saved; an unknown employer is a 404', async () => {
    const form = await adminAgent.get(`/admin/employeurs/${nonPartner.id}`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Page employeur : Estuaire Conseil – Atouts pour tous</title>')
    expect(form.text).toContain(`href="/admin/employeurs/${nonPartner.id}/offres"`)
    const response = await submitForm(adminAgent, `/admin/employeurs/${nonPartner.id}`, {
      description: 'Cabinet de conseil.',
      sector: 'Conseil',
      city: 'Bordeaux',
      places: '',
      website: '',
    })
    expect(response.status).toBe(302)
    expect(await ctx.db.employer.findUniqueOrThrow({ where: { id: nonPartner.id } })).toMatchObject({
      description: 'Cabinet de conseil.',
      website: null,
      places: null,
    })
    expect((await adminAgent.get('/admin/employeurs/999999')).status).toBe(404)
  })

  it('when someone else opens the administrator’s employer pages, then 403', async () => {
    for (const agent of [recruiterAgent, candidateAgent, referentAgent]) {
      expect((await agent.get('/admin/employeurs')).status).toBe(403)
      expect((await agent.get(`/admin/employeurs/${partner.id}`)).status).toBe(403)
    }
  })
})
