// "Établissements" for an administrator: the list filtered by convention, searched by name or city
// and paged; "Ajouter un établissement" (then offered on the sign-up page of its convention); its edit
// page; deactivation — each change in the audit log — and nobody else may touch them.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createConvention, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
let admin: Agent
let adminId: number

beforeAll(async () => {
  ctx = await createTestContext()
  const { user } = await createAdmin(ctx.db)
  adminId = user.id
  admin = await signIn(ctx.app, user.email)
})
afterAll(async () => ctx.cleanup())

const auditRows = (action: string, targetId: number) => ctx.db.auditLog.findMany({ where: { action, targetType: 'Establishment', targetId: String(targetId) } })
const detailsOf = (row: { details: string | null }) => JSON.parse(row.details ?? 'null') as unknown
const fields = (data: Partial<Record<'name' | 'kind' | 'city' | 'conventionId', string>>) => ({
  name: 'Établissement',
  kind: 'LYCEE',
  city: 'Toulouse',
  conventionId: '',
  ...data,
})

describe('"Établissements"', () => {
  it('when an administrator opens the list, then each établissement shows its type, city, convention, status and people counted', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Liste' })
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Cap emploi Gers', kind: 'CAP_EMPLOI', city: 'Auch' })
    await createReferent(ctx.db, { establishmentId: establishment.id })
    await createCandidate(ctx.db, { establishmentId: establishment.id })
    await createCandidate(ctx.db, { establishmentId: establishment.id })

    const response = await admin.get('/admin/etablissements')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Établissements – Atouts pour tous</title>')
    expect(response.text).toContain('href="/admin/etablissements/nouveau">Ajouter un établissement</a>')
    expect(response.text).toMatch(/<label for="field-q">Rechercher un établissement<\/label>/)
    expect(response.text).toMatch(/<label for="field-convention">Convention<\/label>/)
    for (const column of ['Établissement', 'Type', 'Ville', 'Convention', 'Statut', 'Référents', 'Candidats'])
      expect(response.text).toContain(`<th scope="col">${column}</th>`)
    expect(response.text).toMatch(
      new RegExp(
        `<a href="/admin/etablissements/${establishment.id}">Cap emploi Gers</a></th>\\s*<td>Cap emploi</td>\\s*<td>Auch</td>\\s*<td>Convention Liste</td>\\s*` +
          '<td><span class="badge badge-ok">Actif</span></td>\\s*<td>1</td>\\s*<td>2</td>',
      ),
    )
  })

  it('when the administrator filters by convention and searches by city, then only those are listed, 20 a page', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Nombreuse' })
    const other = await createConvention(ctx.db, { name: 'Convention Voisine' })
    for (let i = 0; i < 26; i++)
      await createEstablishment(ctx.db, { conventionId: convention.id, name: `Lycée n° ${String(i).padStart(2, '0')}`, city: i < 24 ? 'Béziers' : 'Sète' })
    await createEstablishment(ctx.db, { conventionId: other.id, name: 'Lycée voisin', city: 'Béziers' })

    const first = await admin.get('/admin/etablissements').query({ convention: String(convention.id) })
    expect(first.text).toContain('<strong>26 établissements</strong> dans la convention Convention Nombreuse')
    expect(first.text).toContain(`<option value="${convention.id}" selected>`)
    expect(first.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(20)
    expect(first.text).toContain('Page 1 sur 2')
    expect(first.text).not.toContain('Lycée voisin')
    expect(first.text).toContain(`href="/admin/etablissements?convention=${convention.id}&amp;page=2">Page suivante</a>`)
    const second = await admin.get('/admin/etablissements').query({ convention: String(convention.id), page: '2' })
    expect(second.text).toContain('<title>Établissements – page 2 – Atouts pour tous</title>')
    expect(second.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(6)
    expect(second.text).toContain('Lycée n° 25')
    expect(second.text).not.toContain('Lycée n° 00')

    const byCity = await admin.get('/admin/etablissements').query({ q: 'BEZIERS' })
    expect(byCity.text).toContain('<strong>25 établissements</strong> pour « BEZIERS »')
    expect((await admin.get('/admin/etablissements').query({ q: 'BEZIERS', page: '2' })).text).toContain('Lycée voisin')
    const both = await admin.get('/admin/etablissements').query({ q: 'sete', convention: String(convention.id) })
    expect(both.text).toContain('<strong>2 établissements</strong>')
    expect(both.text).toContain('Lycée n° 24')
    // an unknown convention is no filter
    expect((await admin.get('/admin/etablissements').query({ convention: '999999', q: 'sete' })).text).toContain(
      '<strong>2 établissements</strong> pour « sete »',
    )
  })
})

describe('"Ajouter un établissement"', () => {
  it('when an administrator adds an établissement, then it is offered on the sign-up page of its convention, and the audit log says what was added', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Inscription' })
    await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Université déjà là' })
    const form = await admin.get('/admin/etablissements/nouveau').query({ convention: String(convention.id) })
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Ajouter un établissement – Atouts pour tous</title>')
    for (const [name, label] of [
      ['name', 'Nom'],
      ['kind', 'Type'],
      ['city', 'Ville'],
      ['conventionId', 'Convention'],
    ]) {
      expect(form.text).toMatch(new RegExp(`<label for="field-${name}">${label} <span class="required" aria-hidden="true">\\*</span></label>`))
    }
    for (const kind of ['Lycée / BTS', 'Université / école', 'Cap emploi', 'Mission locale', 'Autre']) expect(form.text).toContain(`>${kind}</option>`)
    expect(form.text).toContain(`<option value="${convention.id}" selected>Convention Inscription</option>`)

    const response = await submitForm(
      admin,
      '/admin/etablissements/nouveau',
      fields({ name: 'Mission locale du Lauragais', kind: 'MISSION_LOCALE', city: 'Castelnaudary', conventionId: String(convention.id) }),
    )
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(`/admin/etablissements?convention=${convention.id}`)
    const list = await admin.get(response.headers.location)
    expect(list.text).toContain('L’établissement Mission locale du Lauragais est ajouté.')
    const establishment = await ctx.db.establishment.findFirstOrThrow({ where: { name: 'Mission locale du Lauragais' } })
    expect(establishment).toMatchObject({ kind: 'MISSION_LOCALE', city: 'Castelnaudary', conventionId: convention.id, active: true })
    const [row] = await auditRows('establishment.create', establishment.id)
    expect(row.actorUserId).toBe(adminId)
    expect(detailsOf(row)).toEqual({ name: 'Mission locale du Lauragais', kind: 'MISSION_LOCALE', city: 'Castelnaudary', conventionId: convention.id })

    const signUp = await request(ctx.app)
      .get('/inscription')
      .query({ convention: String(convention.id) })
    expect(signUp.text).toContain(`<option value="${establishment.id}">Mission locale du Lauragais (Castelnaudary)</option>`)
  })

  it('when the name is taken in the same convention, then the message is next to "Nom"; the same name in another convention is fine', async () => {
    const convention = await createConvention(ctx.db)
    const other = await createConvention(ctx.db)
    await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée Jean-Jaurès' })
    const taken = await submitForm(admin, '/admin/etablissements/nouveau', fields({ name: 'lycee  JEAN-JAURES', conventionId: String(convention.id) }))
    expect(taken.status).toBe(422)
    expect(taken.text).toMatch(
      /<p class="error-message" id="field-name-error"><span class="visually-hidden">Erreur : <\/span>Un établissement de cette convention porte déjà ce nom\./,
    )
    expect(taken.text).toContain('<a href="#field-name">Un établissement de cette convention porte déjà ce nom.')
    expect(taken.text).toContain('value="lycee  JEAN-JAURES"')
    expect(await ctx.db.establishment.count({ where: { conventionId: convention.id } })).toBe(1)
    const elsewhere = await submitForm(admin, '/admin/etablissements/nouveau', fields({ name: 'Lycée Jean-Jaurès', conventionId: String(other.id) }))
    expect(elsewhere.status).toBe(302)
    expect(await ctx.db.establishment.count({ where: { conventionId: other.id, name: 'Lycée Jean-Jaurès' } })).toBe(1)
  })

  it('when fields are missing, the type is unknown or the convention does not exist, then 422 names each problem and nothing is added', async () => {
    const before = await ctx.db.establishment.count()
    const empty = await submitForm(admin, '/admin/etablissements/nouveau', { name: '', kind: '', city: '', conventionId: '' })
    expect(empty.status).toBe(422)
    for (const [field, message] of [
      ['name', 'Saisissez le nom de l’établissement.'],
      ['kind', 'Choisissez le type d’établissement.'],
      ['city', 'Saisissez la ville de l’établissement.'],
      ['conventionId', 'Choisissez la convention de l’établissement.'],
    ]) {
      expect(empty.text).toContain(`<a href="#field-${field}">${message}</a>`)
    }
    const badKind = await submitForm(
      admin,
      '/admin/etablissements/nouveau',
      fields({ kind: 'ECOLE', conventionId: String((await createConvention(ctx.db)).id) }),
    )
    expect(badKind.status).toBe(422)
    expect(badKind.text).toContain('Choisissez le type d’établissement.')
    const unknown = await submitForm(admin, '/admin/etablissements/nouveau', fields({ name: 'Lycée fantôme', conventionId: '999999' }))
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain('<a href="#field-conventionId">Choisissez la convention dans la liste.</a>')
    expect(await ctx.db.establishment.count()).toBe(before)
    expect(await ctx.db.auditLog.count({ where: { action: 'establishment.create', details: { contains: 'fantôme' } } })).toBe(0)
  })
})

describe('"Modifier l’établissement"', () => {
  it('when an administrator changes the city and the convention, then it is saved with both changes in the audit log', async () => {
    const from = await createConvention(ctx.db, { name: 'Convention Départ' })
    const to = await createConvention(ctx.db, { name: 'Convention Arrivée' })
    const establishment = await createEstablishment(ctx.db, { conventionId: from.id, name: 'Université du Midi', kind: 'UNIVERSITE', city: 'Nîmes' })
    const page = `/admin/etablissements/${establishment.id}`
    const form = await admin.get(page)
    expect(form.status).toBe(200)
    expect(form.text).toContain('<title>Modifier l’établissement Université du Midi – Atouts pour tous</title>')
    expect(form.text).toContain('<option value="UNIVERSITE" selected>Université / école</option>')
    expect(form.text).toContain(`<option value="${from.id}" selected>Convention Départ</option>`)

    const response = await submitForm(admin, page, fields({ name: 'Université du Midi', kind: 'UNIVERSITE', city: 'Alès', conventionId: String(to.id) }))
    expect(response.status).toBe(302)
    expect((await admin.get(response.headers.location)).text).toContain('L’établissement est enregistré.')
    expect(await ctx.db.establishment.findUniqueOrThrow({ where: { id: establishment.id } })).toMatchObject({ city: 'Alès', conventionId: to.id })
    const rows = await auditRows('establishment.update', establishment.id)
    expect(rows).toHaveLength(1)
    expect(detailsOf(rows[0])).toEqual({ changes: { city: { from: 'Nîmes', to: 'Alès' }, conventionId: { from: from.id, to: to.id } } })
  })

  it('when it would take the name of another établissement of its convention, then 422 and nothing changes; an unknown one is a 404', async () => {
    const convention = await createConvention(ctx.db)
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée A', city: 'Albi' })
    await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée B' })
    const page = `/admin/etablissements/${establishment.id}`
    const taken = await submitForm(admin, page, fields({ name: 'Lycée B', kind: 'UNIVERSITE', city: 'Albi', conventionId: String(convention.id) }))
    expect(taken.status).toBe(422)
    expect(taken.text).toContain('Un établissement de cette convention porte déjà ce nom.')
    const empty = await submitForm(admin, page, fields({ name: 'Lycée A', city: '', conventionId: String(convention.id) }))
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('Saisissez la ville de l’établissement.')
    expect(await ctx.db.establishment.findUniqueOrThrow({ where: { id: establishment.id } })).toMatchObject({
      name: 'Lycée A',
      city: 'Albi',
      kind: 'UNIVERSITE',
    })
    expect(await auditRows('establishment.update', establishment.id)).toHaveLength(0)
    expect((await admin.get('/admin/etablissements/999999')).status).toBe(404)
    expect((await submitForm(admin, '/admin/etablissements/999999/desactiver', {}, '/admin/etablissements')).status).toBe(404)
  })
})

describe('deactivating an établissement', () => {
  it('when an administrator deactivates an établissement, then it leaves the sign-up page and the invitation of référents, its people keep their accounts; a second click changes nothing', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Fermeture' })
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée qui ferme', city: 'Rodez' })
    await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée qui reste' })
    const referent = await createReferent(ctx.db, { establishmentId: establishment.id })
    const page = `/admin/etablissements/${establishment.id}`
    expect((await request(ctx.app).get('/inscription')).text).toContain('Lycée qui ferme (Rodez)')

    const response = await submitForm(admin, `${page}/desactiver`, {}, page)
    expect(response.status).toBe(302)
    const after = await admin.get(page)
    expect(after.text).toContain('L’établissement Lycée qui ferme est désactivé')
    expect(after.text).toContain('<span class="badge badge-ko">Désactivé</span>')
    const signUp = await request(ctx.app).get('/inscription')
    expect(signUp.text).not.toContain('Lycée qui ferme')
    expect(signUp.text).toContain('Lycée qui reste')
    expect((await admin.get('/admin/utilisateurs/inviter')).text).not.toContain('Lycée qui ferme')
    const invite = await submitForm(admin, '/admin/utilisateurs/inviter', {
      firstName: 'A',
      lastName: 'B',
      email: 'ref.ferme@exemple.fr',
      role: 'REFERENT',
      establishmentId: String(establishment.id),
    })
    expect(invite.status).toBe(422)
    expect(await ctx.db.user.count({ where: { email: 'ref.ferme@exemple.fr' } })).toBe(0)
    // its référent still signs in
    expect((await (await signIn(ctx.app, referent.user.email)).get('/tableau-de-bord')).status).toBe(200)

    await submitForm(admin, `${page}/desactiver`, {}, page)
    expect((await admin.get(page)).text).toContain('est déjà désactivé')
    const rows = await auditRows('establishment.deactivate', establishment.id)
    expect(rows).toHaveLength(1)
    expect(detailsOf(rows[0])).toEqual({ changes: { active: { from: true, to: false } } })

    await submitForm(admin, `${page}/reactiver`, {}, page)
    expect((await ctx.db.establishment.findUniqueOrThrow({ where: { id: establishment.id } })).active).toBe(true)
    expect(await auditRows('establishment.reactivate', establishment.id)).toHaveLength(1)
    expect((await request(ctx.app).get('/inscription')).text).toContain('Lycée qui ferme (Rodez)')
  })
})

describe('who may manage établissements', () => {
  it('when a candidate, a référent or a recruiter sends the forms, then 403 and nothing changes', async () => {
    const convention = await createConvention(ctx.db)
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Lycée protégé', city: 'Foix' })
    for (const other of [await createCandidate(ctx.db), await createReferent(ctx.db, { establishmentId: establishment.id }), await createRecruiter(ctx.db)]) {
      const agent = await signIn(ctx.app, other.user.email)
      for (const path of ['/admin/etablissements', '/admin/etablissements/nouveau', `/admin/etablissements/${establishment.id}`]) {
        expect((await agent.get(path)).status, `${other.user.role} GET ${path}`).toBe(403)
      }
      const name = `Intrus ${other.user.id}`
      expect((await submitForm(agent, '/admin/etablissements/nouveau', fields({ name, conventionId: String(convention.id) }), '/tableau-de-bord')).status).toBe(
        403,
      )
      expect(
        (await submitForm(agent, `/admin/etablissements/${establishment.id}`, fields({ name, conventionId: String(convention.id) }), '/tableau-de-bord'))
          .status,
      ).toBe(403)
      expect((await submitForm(agent, `/admin/etablissements/${establishment.id}/desactiver`, {}, '/tableau-de-bord')).status).toBe(403)
      expect(await ctx.db.establishment.count({ where: { name } })).toBe(0)
    }
    expect(await ctx.db.establishment.findUniqueOrThrow({ where: { id: establishment.id } })).toMatchObject({ name: 'Lycée protégé', active: true })
    expect(await ctx.db.auditLog.count({ where: { targetType: 'Establishment', targetId: String(establishment.id) } })).toBe(0)
  })
})
