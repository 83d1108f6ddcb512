// "Conventions" for an administrator: the list with its search and pagination, "Ajouter une
// convention", its edit page, deactivation (its établissements leave the sign-up page) — each change
// in the audit log — and nobody else may touch them.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createConvention, createEmployer, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
let admin: Agent
let adminId: number

beforeAll(async () => {
  ctx = await createTestContext()
  const { user } = await createAdmin(ctx.db, { firstName: 'Claire', lastName: 'Moreau' })
  adminId = user.id
  admin = await signIn(ctx.app, user.email)
})
afterAll(async () => ctx.cleanup())

const auditRows = (action: string, targetId: number) => ctx.db.auditLog.findMany({ where: { action, targetType: 'Convention', targetId: String(targetId) } })
const detailsOf = (row: { details: string | null }) => JSON.parse(row.details ?? 'null') as unknown

describe('"Conventions"', () => {
  it('when an administrator opens the list, then each convention shows its region, status and its établissements and partners counted', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Bretagne', region: 'Bretagne' })
    await createEstablishment(ctx.db, { conventionId: convention.id })
    await createEstablishment(ctx.db, { conventionId: convention.id })
    await createEmployer(ctx.db, { partnerOf: [convention.id] })
    const closed = await createConvention(ctx.db, { name: 'Convention Corse', region: 'Corse' })
    await ctx.db.convention.update({ where: { id: closed.id }, data: { active: false } })

    const response = await admin.get('/admin/conventions')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Conventions – Atouts pour tous</title>')
    expect(response.text).toContain('<h1>Conventions</h1>')
    expect(response.text).toContain('href="/admin/conventions/nouvelle">Ajouter une convention</a>')
    expect(response.text).toMatch(/<label for="field-q">Rechercher une convention<\/label>/)
    expect(response.text).toContain('>Rechercher</button>')
    for (const column of ['Convention', 'Région', 'Statut', 'Établissements', 'Employeurs partenaires'])
      expect(response.text).toContain(`<th scope="col">${column}</th>`)
    expect(response.text).toMatch(
      new RegExp(
        `<a href="/admin/conventions/${convention.id}">Convention Bretagne</a></th>\\s*<td>Bretagne</td>\\s*<td><span class="badge badge-ok">Active</span></td>\\s*` +
          `<td><a href="/admin/etablissements\\?convention=${convention.id}">2<span class="visually-hidden"> établissements de Convention Bretagne</span></a></td>\\s*` +
          `<td><a href="/admin/employeurs\\?convention=${convention.id}">1<span class="visually-hidden"> employeur partenaire de Convention Bretagne</span></a></td>`,
      ),
    )
    expect(response.text).toMatch(/Convention Corse<\/a><\/th>\s*<td>Corse<\/td>\s*<td><span class="badge badge-ko">Désactivée<\/span>/)
  })

  it('when the administrator searches by name or region, accents and case aside, then only the matching conventions are listed, 20 a page', async () => {
    for (let i = 0; i < 23; i++) await createConvention(ctx.db, { name: `Réseau Pagé ${String(i).padStart(2, '0')}`, region: 'Normandie' })
    await createConvention(ctx.db, { name: 'Réseau Île-de-France', region: 'Île-de-France' })

    const byRegion = await admin.get('/admin/conventions').query({ q: 'ILE DE' })
    expect(byRegion.text).toContain('<strong>1 convention</strong> pour « ILE DE »')
    expect(byRegion.text).toContain('Réseau Île-de-France')
    expect(byRegion.text).toContain('value="ILE DE"')

    const first = await admin.get('/admin/conventions').query({ q: 'reseau page' })
    expect(first.text).toContain('<strong>23 conventions</strong>')
    expect(first.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(20)
    expect(first.text).toContain('Page 1 sur 2')
    expect(first.text).toContain('href="/admin/conventions?q=reseau+page&amp;page=2">Page suivante</a>')
    expect(first.text).not.toContain('Réseau Île-de-France')
    const second = await admin.get('/admin/conventions').query({ q: 'reseau page', page: '2' })
    expect(second.text).toContain('<title>Conventions – page 2 – Atouts pour tous</title>')
    expect(second.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(3)
    expect(second.text).toContain('Réseau Pagé 22')
    expect(second.text).not.toContain('Réseau Pagé 00')

    const none = await admin.get('/admin/conventions').query({ q: 'introuvable' })
    expect(none.text).toContain('<strong>Aucune convention</strong>')
    expect(none.text).not.toContain('<table>')
  })
})

describe('"Ajouter une convention"', () => {
  it('when an administrator adds a convention, then it is listed, active, and the audit log says who added what', async () => {
    const form = await admin.get('/admin/conventions/nouvelle')
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Ajouter une convention – Atouts pour tous</title>')
    expect(form.text).toMatch(/<label for="field-name">Nom <span class="required" aria-hidden="true">\*<\/span><\/label>/)
    expect(form.text).toMatch(/<label for="field-region">Région <span class="required"/)

    const response = await submitForm(admin, '/admin/conventions/nouvelle', { name: '  Atouts pour tous   Hauts-de-France ', region: 'Hauts-de-France' })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/admin/conventions')
    const convention = await ctx.db.convention.findUniqueOrThrow({ where: { name: 'Atouts pour tous Hauts-de-France' } })
    expect(convention).toMatchObject({ region: 'Hauts-de-France', active: true })
    const list = await admin.get('/admin/conventions')
    expect(list.text).toContain('La convention Atouts pour tous Hauts-de-France est ajoutée.')
    expect(list.text).toContain(`<a href="/admin/conventions/${convention.id}">Atouts pour tous Hauts-de-France</a>`)
    const [row] = await auditRows('convention.create', convention.id)
    expect(row.actorUserId).toBe(adminId)
    expect(detailsOf(row)).toEqual({ name: 'Atouts pour tous Hauts-de-France', region: 'Hauts-de-France' })
  })

  it('when a field is missing or the name is already taken (case and accents aside), then 422 with the message next to the field, and nothing is added', async () => {
    await createConvention(ctx.db, { name: 'Convention Pays de la Loire' })
    const before = await ctx.db.convention.count()
    const empty = await submitForm(admin, '/admin/conventions/nouvelle', { name: ' ', region: '' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('<title>Erreur – Ajouter une convention – Atouts pour tous</title>')
    expect(empty.text).toContain('<a href="#field-name">Saisissez le nom de la convention.</a>')
    expect(empty.text).toContain('<a href="#field-region">Saisissez la région de la convention.</a>')

    const taken = await submitForm(admin, '/admin/conventions/nouvelle', { name: 'CONVENTION PAYS DE LA LOIRÉ', region: 'Pays de la Loire' })
    expect(taken.status).toBe(422)
    expect(taken.text).toMatch(
      /<p class="error-message" id="field-name-error"><span class="visually-hidden">Erreur : <\/span>Une convention porte déjà ce nom\./,
    )
    expect(taken.text).toContain('value="Pays de la Loire"')
    const tooLong = await submitForm(admin, '/admin/conventions/nouvelle', { name: 'x'.repeat(151), region: 'Bretagne' })
    expect(tooLong.status).toBe(422)
    expect(tooLong.text).toContain('Le nom doit compter au plus 150 caractères.')
    expect(await ctx.db.convention.count()).toBe(before)
    expect(await ctx.db.auditLog.count({ where: { action: 'convention.create', details: { contains: 'LOIR' } } })).toBe(0)
  })
})

describe('"Modifier la convention"', () => {
  it('when an administrator changes the region, then it is saved and the audit log keeps the old and new values', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Auvergne', region: 'Auvergne' })
    const form = await admin.get(`/admin/conventions/${convention.id}`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Modifier la convention Convention Auvergne – Atouts pour tous</title>')
    expect(form.text).toContain('value="Auvergne"')
    expect(form.text).toContain('>Désactiver la convention</button>')

    const response = await submitForm(admin, `/admin/conventions/${convention.id}`, { name: 'Convention Auvergne', region: 'Auvergne-Rhône-Alpes' })
    expect(response.status).toBe(302)
    expect((await admin.get('/admin/conventions')).text).toContain('La convention est enregistrée.')
    expect(await ctx.db.convention.findUniqueOrThrow({ where: { id: convention.id } })).toMatchObject({
      name: 'Convention Auvergne',
      region: 'Auvergne-Rhône-Alpes',
    })
    const rows = await auditRows('convention.update', convention.id)
    expect(rows).toHaveLength(1)
    expect(detailsOf(rows[0])).toEqual({ changes: { region: { from: 'Auvergne', to: 'Auvergne-Rhône-Alpes' } } })

    // the same form again: nothing changes, nothing is logged
    await submitForm(admin, `/admin/conventions/${convention.id}`, { name: 'Convention Auvergne', region: 'Auvergne-Rhône-Alpes' })
    expect((await admin.get('/admin/conventions')).text).toContain('Aucune modification : la convention est inchangée.')
    expect(await auditRows('convention.update', convention.id)).toHaveLength(1)
  })

  it('when the new name is another convention’s or a field is empty, then 422 and nothing changes; an unknown convention is a 404', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Provence', region: 'PACA' })
    await createConvention(ctx.db, { name: 'Convention Alpes' })
    const taken = await submitForm(admin, `/admin/conventions/${convention.id}`, { name: 'convention alpes', region: 'PACA' })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain('Une convention porte déjà ce nom.')
    expect(taken.text).toContain('value="convention alpes"')
    const empty = await submitForm(admin, `/admin/conventions/${convention.id}`, { name: 'Convention Provence', region: '' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('Saisissez la région de la convention.')
    expect(await ctx.db.convention.findUniqueOrThrow({ where: { id: convention.id } })).toMatchObject({ name: 'Convention Provence', region: 'PACA' })
    expect(await auditRows('convention.update', convention.id)).toHaveLength(0)
    expect((await admin.get('/admin/conventions/999999')).status).toBe(404)
    expect((await admin.get('/admin/conventions/abc')).status).toBe(404)
    expect((await submitForm(admin, '/admin/conventions/999999', { name: 'X', region: 'Y' }, '/admin/conventions')).status).toBe(404)
  })
})

describe('deactivating a convention', () => {
  it('when an administrator deactivates a convention, then its établissements leave the sign-up page; a second click changes nothing; reactivating brings them back', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Éphémère' })
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée Éphémère – BTS' })
    const signUpBefore = await request(ctx.app).get('/inscription')
    expect(signUpBefore.text).toContain(`<option value="${convention.id}">Convention Éphémère</option>`)
    expect(signUpBefore.text).toContain('Lycée Éphémère – BTS')

    const page = `/admin/conventions/${convention.id}`
    const response = await submitForm(admin, `${page}/desactiver`, {}, page)
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(page)
    const after = await admin.get(page)
    expect(after.text).toContain('La convention Convention Éphémère est désactivée')
    expect(after.text).toContain('<span class="badge badge-ko">Désactivée</span>')
    expect(after.text).toContain('>Réactiver la convention</button>')
    expect((await ctx.db.convention.findUniqueOrThrow({ where: { id: convention.id } })).active).toBe(false)
    const signUp = await request(ctx.app).get('/inscription')
    expect(signUp.text).not.toContain('Convention Éphémère')
    expect(signUp.text).not.toContain('Lycée Éphémère – BTS')
    expect((await admin.get('/admin/utilisateurs/inviter')).text).not.toContain('Lycée Éphémère – BTS')
    const invite = await submitForm(admin, '/admin/utilisateurs/inviter', {
      firstName: 'A',
      lastName: 'B',
      email: 'ref.ephemere@exemple.fr',
      role: 'REFERENT',
      establishmentId: String(establishment.id),
    })
    expect(invite.status).toBe(422)
    expect(invite.text).toContain('Choisissez l’établissement du référent dans la liste.')
    expect(await ctx.db.user.count({ where: { email: 'ref.ephemere@exemple.fr' } })).toBe(0)

    // the form of the page as it was before: a second click
    const again = await admin
      .post(`${page}/desactiver`)
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(after.text)![1] })
    expect(again.status).toBe(302)
    expect((await admin.get(page)).text).toContain('est déjà désactivée')
    const rows = await auditRows('convention.deactivate', convention.id)
    expect(rows).toHaveLength(1)
    expect(detailsOf(rows[0])).toEqual({ changes: { active: { from: true, to: false } } })

    await submitForm(admin, `${page}/reactiver`, {}, page)
    expect((await ctx.db.convention.findUniqueOrThrow({ where: { id: convention.id } })).active).toBe(true)
    expect(await auditRows('convention.reactivate', convention.id)).toHaveLength(1)
    expect((await request(ctx.app).get('/inscription')).text).toContain('Lycée Éphémère – BTS')
    // the établissement itself was never deactivated
    expect((await ctx.db.establishment.findUniqueOrThrow({ where: { id: establishment.id } })).active).toBe(true)
  })
})

describe('who may manage conventions', () => {
  it('when a candidate, a référent or a recruiter sends the forms, then 403 and nothing changes', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Protégée', region: 'Bourgogne' })
    for (const other of [await createCandidate(ctx.db), await createReferent(ctx.db), await createRecruiter(ctx.db)]) {
      const agent = await signIn(ctx.app, other.user.email)
      for (const path of ['/admin/conventions', '/admin/conventions/nouvelle', `/admin/conventions/${convention.id}`]) {
        expect((await agent.get(path)).status, `${other.user.role} GET ${path}`).toBe(403)
      }
      const name = `Intruse ${other.user.id}`
      expect((await submitForm(agent, '/admin/conventions/nouvelle', { name, region: 'Bretagne' }, '/tableau-de-bord')).status).toBe(403)
      expect((await submitForm(agent, `/admin/conventions/${convention.id}`, { name, region: 'Bretagne' }, '/tableau-de-bord')).status).toBe(403)
      expect((await submitForm(agent, `/admin/conventions/${convention.id}/desactiver`, {}, '/tableau-de-bord')).status).toBe(403)
      expect(await ctx.db.convention.count({ where: { name } })).toBe(0)
    }
    expect(await ctx.db.convention.findUniqueOrThrow({ where: { id: convention.id } })).toMatchObject({ name: 'Convention Protégée', active: true })
    expect(await ctx.db.auditLog.count({ where: { targetType: 'Convention', targetId: String(convention.id) } })).toBe(0)
  })
})
