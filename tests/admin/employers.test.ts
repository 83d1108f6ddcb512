// "Employeurs" for an administrator: "Ajouter un employeur" with its partner conventions (then the
// candidates of those conventions see it in "Employeurs"), changing an employer's partner conventions,
// the list filtered by convention — each change in the audit log — and nobody else may do it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createConvention, createEmployer, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
let admin: Agent
let adminId: number
let occitanie: { id: number; name: string }
let grandEst: { id: number; name: string }
let occitanieCandidate: Agent
let grandEstCandidate: Agent

beforeAll(async () => {
  ctx = await createTestContext()
  const { user } = await createAdmin(ctx.db)
  adminId = user.id
  admin = await signIn(ctx.app, user.email)
  occitanie = await createConvention(ctx.db, { name: 'Convention Occitanie' })
  grandEst = await createConvention(ctx.db, { name: 'Convention Grand Est' })
  occitanieCandidate = await signIn(
    ctx.app,
    (await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: occitanie.id })).id })).user.email,
  )
  grandEstCandidate = await signIn(
    ctx.app,
    (await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: grandEst.id })).id })).user.email,
  )
})
afterAll(async () => ctx.cleanup())

const auditRows = (action: string, targetId: number) => ctx.db.auditLog.findMany({ where: { action, targetType: 'Employer', targetId: String(targetId) } })
const detailsOf = (row: { details: string | null }) => JSON.parse(row.details ?? 'null') as unknown
const partnersOf = async (employerId: number) =>
  (await ctx.db.employerPartnership.findMany({ where: { employerId }, orderBy: { conventionId: 'asc' } })).map((partnership) => partnership.conventionId)

const newEmployer = (data: Record<string, string | string[]> = {}) => ({
  name: 'Pyrénées Solaire',
  sector: 'Énergie',
  city: 'Tarbes',
  description: 'Installateur de panneaux solaires, accueille des alternants.',
  contactEmail: 'Recrutement@Pyrenees-Solaire.example',
  ...data,
})

describe('"Ajouter un employeur"', () => {
  it('when an administrator opens the form, then it has the fields and the conventions as check boxes in a "Conventions partenaires" group', async () => {
    const list = await admin.get('/admin/employeurs')
    expect(list.text).toContain('href="/admin/employeurs/nouveau">Ajouter un employeur</a>')
    const form = await admin.get('/admin/employeurs/nouveau')
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Ajouter un employeur – Atouts pour tous</title>')
    for (const [name, label] of [
      ['name', 'Nom'],
      ['sector', 'Secteur'],
      ['city', 'Ville du siège'],
      ['description', 'Présentation'],
    ]) {
      expect(form.text).toMatch(new RegExp(`<label for="field-${name}">${label} <span class="required" aria-hidden="true">\\*</span></label>`))
    }
    expect(form.text).toContain('<label for="field-contactEmail">Adresse e-mail de contact (facultatif)</label>')
    expect(form.text).toContain('<option value="Énergie">Énergie</option>')
    expect(form.text).toMatch(/<fieldset class="field" aria-describedby="field-conventionIds-hint">\s*<legend>Conventions partenaires<\/legend>/)
    expect(form.text).toContain(`<input type="checkbox" id="field-conventionIds" name="conventionIds" value="${grandEst.id}">`)
    expect(form.text).toContain(`<label for="field-conventionIds-${occitanie.id}">Convention Occitanie</label>`)
    expect(form.text).toContain('>Ajouter l’employeur</button>')
  })

  it('when an administrator adds an employer partner of a convention, then its candidates see it in "Employeurs" and the others do not', async () => {
    const response = await submitForm(admin, '/admin/employeurs/nouveau', newEmployer({ conventionIds: String(occitanie.id) }))
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/admin/employeurs?q=Pyr%C3%A9n%C3%A9es%20Solaire')
    const list = await admin.get(response.headers.location)
    expect(list.text).toContain('L’employeur Pyrénées Solaire est ajouté.')
    expect(list.text).toContain('<strong>1 employeur</strong>')
    const employer = await ctx.db.employer.findUniqueOrThrow({ where: { name: 'Pyrénées Solaire' } })
    expect(employer).toMatchObject({ searchName: 'pyrenees solaire', sector: 'Énergie', city: 'Tarbes', contactEmail: 'recrutement@pyrenees-solaire.example' })
    expect(list.text).toMatch(new RegExp(`<a href="/admin/employeurs/${employer.id}">Pyrénées Solaire</a></th>[\\s\\S]*?<td>Convention Occitanie<br>`))
    expect(await partnersOf(employer.id)).toEqual([occitanie.id])
    const [row] = await auditRows('employer.create', employer.id)
    expect(row.actorUserId).toBe(adminId)
    expect(detailsOf(row)).toEqual({
      name: 'Pyrénées Solaire',
      sector: 'Énergie',
      city: 'Tarbes',
      contactEmail: 'recrutement@pyrenees-solaire.example',
      conventionIds: [occitanie.id],
    })

    expect((await occitanieCandidate.get('/employeurs')).text).toContain(`<a href="/employeurs/${employer.id}">Pyrénées Solaire</a>`)
    expect((await occitanieCandidate.get(`/employeurs/${employer.id}`)).status).toBe(200)
    expect((await grandEstCandidate.get('/employeurs')).text).not.toContain('Pyrénées Solaire')
    expect((await grandEstCandidate.get(`/employeurs/${employer.id}`)).status).toBe(404)
  })

  it('when several conventions are checked, or none, then the employer is partner of exactly those', async () => {
    await submitForm(
      admin,
      '/admin/employeurs/nouveau',
      newEmployer({ name: 'Deux Régions', contactEmail: '', conventionIds: [String(occitanie.id), String(grandEst.id)] }),
    )
    const both = await ctx.db.employer.findUniqueOrThrow({ where: { name: 'Deux Régions' } })
    expect(both.contactEmail).toBeNull()
    expect(await partnersOf(both.id)).toEqual([occitanie.id, grandEst.id].sort((a, b) => a - b))
    expect((await grandEstCandidate.get('/employeurs')).text).toContain('Deux Régions')
    await submitForm(admin, '/admin/employeurs/nouveau', newEmployer({ name: 'Sans Partenaire' }))
    const none = await ctx.db.employer.findUniqueOrThrow({ where: { name: 'Sans Partenaire' } })
    expect(await partnersOf(none.id)).toEqual([])
    expect((await occitanieCandidate.get('/employeurs')).text).not.toContain('Sans Partenaire')
  })

  it('when fields are missing or wrong, the name is taken or a convention does not exist, then 422, the boxes stay checked and nothing is added', async () => {
    await createEmployer(ctx.db, { name: 'Garonne Numérique' })
    const before = await ctx.db.employer.count()
    const empty = await submitForm(admin, '/admin/employeurs/nouveau', {
      name: '',
      sector: '',
      city: '',
      description: '',
      contactEmail: 'pas-une-adresse',
      conventionIds: String(grandEst.id),
    })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('<title>Erreur – Ajouter un employeur – Atouts pour tous</title>')
    for (const [field, message] of [
      ['name', 'Saisissez le nom de l’employeur.'],
      ['sector', 'Choisissez le secteur.'],
      ['city', 'Saisissez la ville du siège.'],
      ['description', 'Saisissez la présentation de l’employeur.'],
      ['contactEmail', 'Saisissez une adresse e-mail valide, par exemple recrutement@exemple.fr.'],
    ]) {
      expect(empty.text).toContain(`<a href="#field-${field}">${message}</a>`)
    }
    expect(empty.text).toContain(`name="conventionIds" value="${grandEst.id}" checked>`)
    expect(empty.text).toContain(`name="conventionIds" value="${occitanie.id}">`)

    const taken = await submitForm(admin, '/admin/employeurs/nouveau', newEmployer({ name: 'GARONNE  numerique', conventionIds: String(occitanie.id) }))
    expect(taken.status).toBe(422)
    expect(taken.text).toMatch(/id="field-name-error"><span class="visually-hidden">Erreur : <\/span>Un employeur porte déjà ce nom\./)
    const badSector = await submitForm(admin, '/admin/employeurs/nouveau', newEmployer({ name: 'Secteur Inconnu', sector: 'Astronautique' }))
    expect(badSector.status).toBe(422)
    expect(badSector.text).toContain('Choisissez le secteur dans la liste.')
    const unknown = await submitForm(admin, '/admin/employeurs/nouveau', newEmployer({ name: 'Convention Fantôme', conventionIds: ['999999'] }))
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain('<a href="#field-conventionIds">Choisissez les conventions dans la liste.</a>')
    expect(unknown.text).toContain('id="field-conventionIds-error"')
    const notANumber = await submitForm(admin, '/admin/employeurs/nouveau', newEmployer({ name: 'Convention Texte', conventionIds: ['abc'] }))
    expect(notANumber.status).toBe(422)
    expect(await ctx.db.employer.count()).toBe(before)
    expect(await ctx.db.auditLog.count({ where: { action: 'employer.create', details: { contains: 'Fantôme' } } })).toBe(0)
  })
})

describe('"Conventions partenaires" of an employer', () => {
  it('when an administrator changes them, then candidates of the added convention see the employer, those of the removed one no longer do, and the audit log says which', async () => {
    const employer = await createEmployer(ctx.db, { name: 'Transports Pastel', partnerOf: [occitanie.id] })
    const page = `/admin/employeurs/${employer.id}/conventions`
    expect((await admin.get(`/admin/employeurs/${employer.id}`)).text).toContain(`<a href="${page}">Conventions partenaires de Transports Pastel</a>`)
    const form = await admin.get(page)
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Conventions partenaires : Transports Pastel – Atouts pour tous</title>')
    expect(form.text).toContain(`name="conventionIds" value="${occitanie.id}" checked>`)
    expect(form.text).toContain(`name="conventionIds" value="${grandEst.id}">`)

    const response = await submitForm(admin, page, { conventionIds: String(grandEst.id) })
    expect(response.status).toBe(302)
    expect((await admin.get(response.headers.location)).text).toContain('Les conventions partenaires de Transports Pastel sont enregistrées.')
    expect(await partnersOf(employer.id)).toEqual([grandEst.id])
    expect((await grandEstCandidate.get('/employeurs')).text).toContain('Transports Pastel')
    expect((await occitanieCandidate.get('/employeurs')).text).not.toContain('Transports Pastel')
    const rows = await auditRows('employer.update_partnerships', employer.id)
    expect(rows).toHaveLength(1)
    expect(detailsOf(rows[0])).toEqual({ added: [grandEst.id], removed: [occitanie.id] })

    // the same form again changes nothing and logs nothing; no box checked removes every partnership
    await submitForm(admin, page, { conventionIds: String(grandEst.id) })
    expect(await auditRows('employer.update_partnerships', employer.id)).toHaveLength(1)
    await submitForm(admin, page, {})
    expect(await partnersOf(employer.id)).toEqual([])
    expect(detailsOf((await auditRows('employer.update_partnerships', employer.id))[1])).toEqual({ added: [], removed: [grandEst.id] })
  })

  it('when a convention does not exist, then 422 and nothing changes; an unknown employer is a 404', async () => {
    const employer = await createEmployer(ctx.db, { partnerOf: [occitanie.id] })
    const page = `/admin/employeurs/${employer.id}/conventions`
    const response = await submitForm(admin, page, { conventionIds: [String(grandEst.id), '999999'] })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Choisissez les conventions dans la liste.')
    expect(await partnersOf(employer.id)).toEqual([occitanie.id])
    expect((await admin.get('/admin/employeurs/999999/conventions')).status).toBe(404)
    expect((await submitForm(admin, '/admin/employeurs/999999/conventions', { conventionIds: String(occitanie.id) }, '/admin/employeurs')).status).toBe(404)
  })

  it('when the list is filtered by a convention, then only its partners are shown', async () => {
    const only = await createEmployer(ctx.db, { name: 'Seulement Grand Est', partnerOf: [grandEst.id] })
    const response = await admin.get('/admin/employeurs').query({ convention: String(grandEst.id) })
    expect(response.text).toContain(`<option value="${grandEst.id}" selected>Convention Grand Est</option>`)
    expect(response.text).toContain(`<a href="/admin/employeurs/${only.id}">Seulement Grand Est</a>`)
    expect(response.text).not.toContain('Pyrénées Solaire')
    expect(response.text).toMatch(/<strong>\d+ employeurs?<\/strong> partenaires? de Convention Grand Est/)
  })

  it('when an administrator edits an employer’s page, then the audit log names the fields that changed', async () => {
    const employer = await createEmployer(ctx.db, { name: 'Page Auditée', city: 'Albi' })
    await submitForm(admin, `/admin/employeurs/${employer.id}`, {
      description: 'Nouvelle présentation.',
      sector: 'Numérique',
      city: 'Albi',
      places: '',
      website: '',
    })
    const [row] = await auditRows('employer.update_page', employer.id)
    expect(detailsOf(row)).toEqual({ fields: ['description'] })
  })

  it('when an administrator sets, then clears the contact address, then validated applications would go there, and a wrong address changes nothing', async () => {
    const employer = await createEmployer(ctx.db, { name: 'Sans Recruteur', city: 'Albi' })
    const page = `/admin/employeurs/${employer.id}`
    expect((await admin.get(page)).text).toMatch(/<label for="field-contactEmail">Adresse e-mail de contact \(facultatif\)/)
    const fields = { description: employer.description, sector: 'Numérique', city: 'Albi', places: '', website: '' }
    const wrong = await submitForm(admin, page, { ...fields, contactEmail: 'pas-une-adresse' })
    expect(wrong.status).toBe(422)
    expect(wrong.text).toContain('Saisissez une adresse e-mail valide')
    expect((await ctx.db.employer.findUniqueOrThrow({ where: { id: employer.id } })).contactEmail).toBeNull()
    await submitForm(admin, page, { ...fields, contactEmail: ' RH@Sans-Recruteur.example ' })
    expect((await ctx.db.employer.findUniqueOrThrow({ where: { id: employer.id } })).contactEmail).toBe('rh@sans-recruteur.example')
    expect((await admin.get(page)).text).toContain('value="rh@sans-recruteur.example"')
    expect(detailsOf((await auditRows('employer.update_page', employer.id)).at(-1)!)).toEqual({ fields: ['contactEmail'] })
    await submitForm(admin, page, { ...fields, contactEmail: '' })
    expect((await ctx.db.employer.findUniqueOrThrow({ where: { id: employer.id } })).contactEmail).toBeNull()
  })
})

describe('who may add employers and change partnerships', () => {
  it('when a candidate, a référent or a recruiter sends the forms, then 403 and nothing changes', async () => {
    const employer = await createEmployer(ctx.db, { partnerOf: [occitanie.id] })
    for (const other of [await createCandidate(ctx.db), await createReferent(ctx.db), await createRecruiter(ctx.db, { employerId: employer.id })]) {
      const agent = await signIn(ctx.app, other.user.email)
      for (const path of ['/admin/employeurs/nouveau', `/admin/employeurs/${employer.id}/conventions`]) {
        expect((await agent.get(path)).status, `${other.user.role} GET ${path}`).toBe(403)
      }
      const name = `Intrus ${other.user.id}`
      expect(
        (await submitForm(agent, '/admin/employeurs/nouveau', newEmployer({ name, conventionIds: String(occitanie.id) }), '/tableau-de-bord')).status,
      ).toBe(403)
      expect((await submitForm(agent, `/admin/employeurs/${employer.id}/conventions`, { conventionIds: String(grandEst.id) }, '/tableau-de-bord')).status).toBe(
        403,
      )
      expect(await ctx.db.employer.count({ where: { name } })).toBe(0)
    }
    expect(await partnersOf(employer.id)).toEqual([occitanie.id])
    expect(await auditRows('employer.update_partnerships', employer.id)).toHaveLength(0)
  })
})
