import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAdmin,
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createRecruiter,
  createReferent,
  TEST_PASSWORD,
} from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'

let ctx: MailTestContext
let admin: Agent
let adminId: number

beforeAll(async () => {
  ctx = await createMailTestContext()
  const { user } = await createAdmin(ctx.db, { firstName: 'Claire', lastName: 'Moreau' })
  adminId = user.id
  admin = await signIn(ctx.app, user.email)
})
afterAll(() => ctx?.cleanup())

const invite = (fields: Record<string, string>) => submitForm(admin, '/admin/utilisateurs/inviter', fields)

async function activate(email: string) {
  await deliverEmails(ctx)
  const mail = await ctx.smtp.waitFor(sentTo(email))
  const link = linkIn(mail, 'http://atouts.test/activation/')
  const agent = request.agent(ctx.app)
  const password = 'Une phrase de passe bien longue'
  const response = await submitForm(agent, pathOf(link), { password, passwordConfirmation: password })
  expect(response.headers.location).toBe('/tableau-de-bord')
  return { mail, agent }
}

describe('"Utilisateurs"', () => {
  it('when an administrator opens the list, then every account is shown with its role, organisation and status', async () => {
    const establishment = await createEstablishment(ctx.db, { name: 'Cap emploi Hérault' })
    const employer = await createEmployer(ctx.db, { name: 'Airbus Occitanie' })
    const referent = await createReferent(ctx.db, { establishmentId: establishment.id, lastName: 'Zidane' })
    const recruiter = await createRecruiter(ctx.db, { employerId: employer.id, status: 'INVITED', password: null })
    const response = await admin.get('/admin/utilisateurs')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>Utilisateurs – Atouts pour tous</title>')
    for (const column of ['Nom', 'Adresse e-mail', 'Rôle', 'Organisation', 'Statut']) expect(response.text).toContain(`<th scope="col">${column}</th>`)
    expect(response.text).toContain('href="/admin/utilisateurs/inviter">Inviter un utilisateur</a>')
    expect(response.text).toMatch(/<label for="field-role">Rôle<\/label>/)
    expect(response.text).toMatch(
      new RegExp(`${referent.user.email}</td>\\s*<td>Référent</td>\\s*<td>Cap emploi Hérault</td>\\s*<td><span class="badge badge-ok">Actif</span>`),
    )
    expect(response.text).toMatch(
      new RegExp(
        `${recruiter.user.email}</td>\\s*<td>Employeur \\(recruteur\\)</td>\\s*<td>Airbus Occitanie</td>\\s*<td><span class="badge badge-waiting">Invité – mot de passe non choisi</span>`,
      ),
    )
    expect(response.text).toContain(`action="/admin/utilisateurs/${recruiter.user.id}/renvoyer-invitation"`)
    expect(response.text).not.toContain(`action="/admin/utilisateurs/${referent.user.id}/renvoyer-invitation"`)
  })

  it('when the administrator searches and filters by role, then only the matching accounts are listed', async () => {
    const candidate = await createCandidate(ctx.db, { firstName: 'Anaïs', lastName: 'Quéré' })
    const referent = await createReferent(ctx.db, { firstName: 'Anaïs', lastName: 'Quéré' })
    const other = await createCandidate(ctx.db, { lastName: 'Dupont' })
    const search = await admin.get('/admin/utilisateurs?q=anais+quere')
    expect(search.text).toContain(candidate.user.email)
    expect(search.text).toContain(referent.user.email)
    expect(search.text).not.toContain(other.user.email)
    expect(search.text).toContain('value="anais quere"')
    const filtered = await admin.get('/admin/utilisateurs?q=quere&role=REFERENT')
    expect(filtered.text).toContain(referent.user.email)
    expect(filtered.text).not.toContain(candidate.user.email)
    expect(filtered.text).toContain('<option value="REFERENT" selected>')
    expect(filtered.text).toContain('1 utilisateur')
  })

  it('when there are more than 50 accounts, then they are shown 50 per page with the pagination', async () => {
    for (let i = 0; i < 55; i++) await createCandidate(ctx.db, { lastName: `Paginé${String(i).padStart(2, '0')}` })
    const first = await admin.get('/admin/utilisateurs?q=pagine')
    expect(first.text).toContain('55 utilisateurs')
    expect(first.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(50)
    expect(first.text).toContain('Page 1 sur 2')
    expect(first.text).toContain('href="/admin/utilisateurs?q=pagine&amp;page=2">Page suivante</a>')
    const second = await admin.get('/admin/utilisateurs?q=pagine&page=2')
    expect(second.text).toContain('<title>Utilisateurs – page 2 – Atouts pour tous</title>')
    expect(second.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(5)
    expect(second.text).toContain('Paginé54')
  })
})

describe('"Utilisateurs": filter by status', () => {
  it('when the administrator filters by status, then only the accounts in that status are listed, and the filter stays in the pagination', async () => {
    const disabled = await createCandidate(ctx.db, { lastName: 'Filtré', status: 'DISABLED' })
    const active = await createCandidate(ctx.db, { lastName: 'Filtré' })
    const response = await admin.get('/admin/utilisateurs').query({ q: 'filtre', status: 'DISABLED' })
    expect(response.text).toMatch(/<label for="field-status">Statut<\/label>/)
    expect(response.text).toContain('<option value="DISABLED" selected>Désactivé</option>')
    expect(response.text).toContain('<strong>1 utilisateur</strong>')
    expect(response.text).toContain(disabled.user.email)
    expect(response.text).not.toContain(active.user.email)
    // an unknown status is no filter
    expect((await admin.get('/admin/utilisateurs').query({ q: 'filtre', status: 'SUSPENDU' })).text).toContain('<strong>2 utilisateurs</strong>')
  })
})

describe('"Désactiver" and "Réactiver" an account', () => {
  const disablePage = (userId: number) => `/admin/utilisateurs/${userId}/desactiver`

  it('when an administrator disables an account, then its open session stops at the next request, it cannot sign in, and the audit log says so', async () => {
    const referent = await createReferent(ctx.db, { firstName: 'Sandrine', lastName: 'Vidal' })
    const referentAgent = await signIn(ctx.app, referent.user.email)
    expect((await referentAgent.get('/tableau-de-bord')).status).toBe(200)

    const list = await admin.get('/admin/utilisateurs').query({ q: 'vidal' })
    const link = `${disablePage(referent.user.id)}?retour=${encodeURIComponent('/admin/utilisateurs?q=vidal')}`
    expect(list.text).toContain(`<a href="${link.replaceAll('&', '&amp;')}">Désactiver<span class="visually-hidden"> le compte de Sandrine Vidal</span></a>`)
    const confirm = await admin.get(link)
    expect(confirm.status).toBe(200)
    expect(confirm.text).toContain('<title>Désactiver le compte de Sandrine Vidal – Atouts pour tous</title>')
    expect(confirm.text).toContain('<input type="hidden" name="retour" value="/admin/utilisateurs?q=vidal">')

    const response = await submitForm(admin, disablePage(referent.user.id), { retour: '/admin/utilisateurs?q=vidal' }, link)
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/admin/utilisateurs?q=vidal')
    const after = await admin.get(response.headers.location)
    expect(after.text).toContain('Le compte de Sandrine Vidal est désactivé')
    expect(after.text).toContain('<span class="badge badge-ko">Désactivé</span>')
    expect(after.text).toContain(`action="/admin/utilisateurs/${referent.user.id}/reactiver"`)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: referent.user.id } })).status).toBe('DISABLED')
    const rows = await ctx.db.auditLog.findMany({ where: { action: 'user.disable', targetId: String(referent.user.id) } })
    expect(rows).toHaveLength(1)
    expect(rows[0].actorUserId).toBe(adminId)
    expect(JSON.parse(rows[0].details!)).toEqual({ changes: { status: { from: 'ACTIVE', to: 'DISABLED' } } })

    // the référent's session, opened before, no longer works
    const next = await referentAgent.get('/tableau-de-bord')
    expect(next.status).toBe(302)
    expect(next.headers.location).toBe('/connexion')
    const signInAgain = await submitForm(request.agent(ctx.app), '/connexion', { email: referent.user.email, password: TEST_PASSWORD })
    expect(signInAgain.status).not.toBe(302)
    expect(signInAgain.text).toContain('Ce compte est désactivé.')

    // a second click changes nothing
    await submitForm(admin, disablePage(referent.user.id), {}, '/admin/utilisateurs')
    expect((await admin.get('/admin/utilisateurs')).text).toContain('Le compte de Sandrine Vidal est déjà désactivé.')
    expect(await ctx.db.auditLog.count({ where: { action: 'user.disable', targetId: String(referent.user.id) } })).toBe(1)

    // "Réactiver": the person signs in again
    const enable = await submitForm(
      admin,
      `/admin/utilisateurs/${referent.user.id}/reactiver`,
      { retour: '/admin/utilisateurs?q=vidal' },
      '/admin/utilisateurs',
    )
    expect(enable.headers.location).toBe('/admin/utilisateurs?q=vidal')
    expect((await admin.get('/admin/utilisateurs')).text).toContain('Le compte de Sandrine Vidal est réactivé : cette personne peut de nouveau se connecter.')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: referent.user.id } })).status).toBe('ACTIVE')
    expect(await ctx.db.auditLog.count({ where: { action: 'user.enable', targetId: String(referent.user.id) } })).toBe(1)
    expect((await (await signIn(ctx.app, referent.user.email)).get('/tableau-de-bord')).status).toBe(200)
  })

  it('when an invited account is disabled, then its invitation link stops working; reactivated, it is invited again and can get a new link', async () => {
    const establishment = await createEstablishment(ctx.db)
    const email = 'invite.desactive@exemple.fr'
    await invite({ firstName: 'Inès', lastName: 'Invitée', email, role: 'REFERENT', establishmentId: String(establishment.id) })
    await deliverEmails(ctx)
    const link = linkIn(await ctx.smtp.waitFor(sentTo(email)), 'http://atouts.test/activation/')
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email } })

    await submitForm(admin, disablePage(user.id), {}, '/admin/utilisateurs')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('DISABLED')
    expect((await request(ctx.app).get(pathOf(link))).status).toBe(410)

    await submitForm(admin, `/admin/utilisateurs/${user.id}/reactiver`, {}, '/admin/utilisateurs')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('INVITED')
    const list = await admin.get('/admin/utilisateurs')
    expect(list.text).toContain('Cette personne n’a pas encore choisi de mot de passe')
    expect(list.text).toContain(`action="/admin/utilisateurs/${user.id}/renvoyer-invitation"`)
    expect(JSON.parse((await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user.enable', targetId: String(user.id) } })).details!)).toEqual({
      changes: { status: { from: 'DISABLED', to: 'INVITED' } },
    })
  })

  it('when an administrator tries to disable their own account or a registration waiting for its référent, then nothing changes', async () => {
    const own = await admin.get('/admin/utilisateurs').query({ q: 'moreau claire' })
    expect(own.text).toContain(`<td>${(await ctx.db.user.findUniqueOrThrow({ where: { id: adminId } })).email}</td>`)
    expect(own.text).not.toContain(`href="${disablePage(adminId)}`)
    const self = await submitForm(admin, disablePage(adminId), {}, '/admin/utilisateurs')
    expect(self.status).toBe(302)
    expect((await admin.get('/admin/utilisateurs')).text).toContain('Vous ne pouvez pas désactiver votre propre compte.')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: adminId } })).status).toBe('ACTIVE')
    expect((await admin.get(disablePage(adminId))).status).toBe(302)

    const pending = await createCandidate(ctx.db, { status: 'PENDING_VALIDATION', password: null })
    await submitForm(admin, disablePage(pending.user.id), {}, '/admin/utilisateurs')
    expect((await admin.get('/admin/utilisateurs')).text).toContain('ne peut pas être désactivé : il est « Inscription à valider par un référent »')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: pending.user.id } })).status).toBe('PENDING_VALIDATION')
    expect(await ctx.db.auditLog.count({ where: { action: 'user.disable', targetId: { in: [String(adminId), String(pending.user.id)] } } })).toBe(0)
  })

  it('when the return address is not the list of users, then it is ignored; an unknown account is a 404', async () => {
    const candidate = await createCandidate(ctx.db)
    const response = await submitForm(admin, disablePage(candidate.user.id), { retour: 'https://ailleurs.example/admin/utilisateurs' }, '/admin/utilisateurs')
    expect(response.headers.location).toBe('/admin/utilisateurs')
    const sneaky = await submitForm(admin, `/admin/utilisateurs/${candidate.user.id}/reactiver`, { retour: '//ailleurs.example' }, '/admin/utilisateurs')
    expect(sneaky.headers.location).toBe('/admin/utilisateurs')
    expect((await admin.get(disablePage(999999))).status).toBe(404)
    expect((await submitForm(admin, disablePage(999999), {}, '/admin/utilisateurs')).status).toBe(404)
    expect((await submitForm(admin, '/admin/utilisateurs/999999/reactiver', {}, '/admin/utilisateurs')).status).toBe(404)
  })
})

describe('"Inviter un utilisateur"', () => {
  it('when an administrator opens the form, then it has the expected fields, établissements grouped by convention', async () => {
    const convention = await createConvention(ctx.db, { name: 'Convention Grand Est' })
    const establishment = await createEstablishment(ctx.db, { conventionId: convention.id, name: 'Université de Strasbourg' })
    const employer = await createEmployer(ctx.db, { name: 'Crédit Mutuel Alsace' })
    const response = await admin.get('/admin/utilisateurs/inviter')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<h1>Inviter un utilisateur</h1>')
    for (const [name, label] of [
      ['firstName', 'Prénom'],
      ['lastName', 'Nom'],
      ['email', 'Adresse e-mail'],
      ['role', 'Rôle'],
      ['establishmentId', 'Établissement'],
      ['employerId', 'Employeur'],
    ]) {
      expect(response.text).toMatch(new RegExp(`<label for="field-${name}">${label}[ <]`))
    }
    for (const role of ['Référent', 'Employeur (recruteur)', 'Administrateur']) expect(response.text).toContain(`>${role}</option>`)
    expect(response.text).not.toContain('>Candidat</option>')
    expect(response.text).toContain('Obligatoire pour un référent')
    expect(response.text).toContain('Obligatoire pour un recruteur')
    expect(response.text).toMatch(new RegExp(`<optgroup label="Convention Grand Est">\\s*<option value="${establishment.id}">Université de Strasbourg`))
    expect(response.text).toContain(`<option value="${employer.id}">Crédit Mutuel Alsace</option>`)
    expect(response.text).toContain('>Envoyer l’invitation</button>')
  })

  it('when an administrator invites a référent, then the account is created at the établissement and the person can activate it', async () => {
    const establishment = await createEstablishment(ctx.db, { name: 'Lycée Déodat-de-Séverac – BTS' })
    const email = 'marc.referent@exemple.fr'
    const response = await invite({
      firstName: 'Marc',
      lastName: 'Lambert',
      email,
      role: 'REFERENT',
      establishmentId: String(establishment.id),
      employerId: '',
    })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/admin/utilisateurs')
    expect((await admin.get('/admin/utilisateurs')).text).toContain(`L’invitation a été envoyée à ${email}.`)
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email }, include: { referent: true, recruiter: true } })
    expect(user).toMatchObject({ role: 'REFERENT', status: 'INVITED', passwordHash: null, searchText: `lambert marc ${email}` })
    expect(user.referent!.establishmentId).toBe(establishment.id)
    expect(user.recruiter).toBeNull()
    const auditRow = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user.invite', targetId: String(user.id) } })
    expect(JSON.parse(auditRow.details!)).toEqual({ role: 'REFERENT', establishmentId: establishment.id })

    const { mail, agent } = await activate(email)
    expect(mail.subject).toBe('Créez votre compte Atouts pour tous en choisissant un mot de passe')
    expect(mail.text).toContain('Claire Moreau vous invite sur la plateforme Atouts pour tous en tant que référent pour Lycée Déodat-de-Séverac – BTS.')
    const dashboard = await agent.get('/tableau-de-bord')
    expect(dashboard.text).toContain('Inscriptions à valider')
    expect(dashboard.text).toContain('Lycée Déodat-de-Séverac – BTS')
  })

  it('when an administrator invites a recruiter, then the account joins the employer', async () => {
    const employer = await createEmployer(ctx.db, { name: 'Mairie de Toulouse' })
    const establishment = await createEstablishment(ctx.db)
    const email = 'julie.recrute@exemple.fr'
    // an établissement chosen by mistake is ignored for a recruiter
    const response = await invite({
      firstName: 'Julie',
      lastName: 'Fabre',
      email,
      role: 'RECRUITER',
      establishmentId: String(establishment.id),
      employerId: String(employer.id),
    })
    expect(response.status).toBe(302)
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email }, include: { referent: true, recruiter: true } })
    expect(user.role).toBe('RECRUITER')
    expect(user.recruiter!.employerId).toBe(employer.id)
    expect(user.referent).toBeNull()
    const { mail, agent } = await activate(email)
    expect(mail.text).toContain('en tant que recruteur pour Mairie de Toulouse.')
    expect((await agent.get('/tableau-de-bord')).text).toContain('Mairie de Toulouse')
  })

  it('when an administrator invites another administrator, then no organisation is needed', async () => {
    const email = 'paul.admin@exemple.fr'
    expect((await invite({ firstName: 'Paul', lastName: 'Roy', email, role: 'ADMIN', establishmentId: '', employerId: '' })).status).toBe(302)
    const { mail, agent } = await activate(email)
    expect(mail.text).toContain('Claire Moreau vous invite sur la plateforme Atouts pour tous')
    expect(mail.text).toContain('administrateur')
    expect((await agent.get('/tableau-de-bord')).text).toContain('Gérer les utilisateurs')
  })

  it('when the établissement of a référent or the employer of a recruiter is missing, then 422 and nothing is created', async () => {
    const before = await ctx.db.user.count()
    const referent = await invite({
      firstName: 'Sans',
      lastName: 'Établissement',
      email: 'sans.etab@exemple.fr',
      role: 'REFERENT',
      establishmentId: '',
      employerId: '',
    })
    expect(referent.status).toBe(422)
    expect(referent.text).toContain('Choisissez l’établissement du référent.')
    expect(referent.text).toContain('href="#field-establishmentId"')
    expect(referent.text).toContain('value="sans.etab@exemple.fr"')
    expect(referent.text).toContain('<option value="REFERENT" selected>')
    const recruiter = await invite({
      firstName: 'Sans',
      lastName: 'Employeur',
      email: 'sans.employeur@exemple.fr',
      role: 'RECRUITER',
      establishmentId: '',
      employerId: '',
    })
    expect(recruiter.status).toBe(422)
    expect(recruiter.text).toContain('Choisissez l’employeur du recruteur.')
    expect(recruiter.text).toContain('href="#field-employerId"')
    const unknown = await invite({ firstName: 'Inconnu', lastName: 'Employeur', email: 'inconnu@exemple.fr', role: 'RECRUITER', employerId: '999999' })
    expect(unknown.status).toBe(422)
    expect(unknown.text).toContain('Choisissez l’employeur du recruteur dans la liste.')
    expect(await ctx.db.user.count()).toBe(before)
  })

  it('when fields are missing, the role is not invitable or the address is taken, then 422 names each problem', async () => {
    const existing = await createCandidate(ctx.db)
    const before = await ctx.db.user.count()
    const empty = await invite({ firstName: '', lastName: '', email: '', role: '' })
    expect(empty.status).toBe(422)
    for (const message of ['Saisissez le prénom.', 'Saisissez le nom.', 'Saisissez l’adresse e-mail.', 'Choisissez le rôle de la personne.'])
      expect(empty.text).toContain(message)
    const candidateRole = await invite({ firstName: 'A', lastName: 'B', email: 'cand@exemple.fr', role: 'CANDIDATE' })
    expect(candidateRole.status).toBe(422)
    expect(candidateRole.text).toContain('Choisissez le rôle de la personne.')
    const taken = await invite({ firstName: 'A', lastName: 'B', email: existing.user.email, role: 'ADMIN' })
    expect(taken.status).toBe(422)
    expect(taken.text).toContain('Un compte existe déjà avec cette adresse e-mail.')
    expect(await ctx.db.user.count()).toBe(before)
  })
})

describe('"Renvoyer l’invitation"', () => {
  it('when an administrator sends an invitation again, then a new link arrives and the old one stops working', async () => {
    const establishment = await createEstablishment(ctx.db)
    const email = 'relance@exemple.fr'
    await invite({ firstName: 'Rémi', lastName: 'Relance', email, role: 'REFERENT', establishmentId: String(establishment.id) })
    await deliverEmails(ctx)
    const firstLink = linkIn(await ctx.smtp.waitFor(sentTo(email)), 'http://atouts.test/activation/')
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email } })

    const response = await submitForm(admin, `/admin/utilisateurs/${user.id}/renvoyer-invitation`, {}, '/admin/utilisateurs')
    expect(response.status).toBe(302)
    expect((await admin.get('/admin/utilisateurs')).text).toContain(`Une nouvelle invitation a été envoyée à ${email}.`)
    await deliverEmails(ctx)
    const mails = ctx.smtp.messages.filter(sentTo(email))
    expect(mails).toHaveLength(2)
    const secondLink = linkIn(mails[1], 'http://atouts.test/activation/')
    expect(secondLink).not.toBe(firstLink)
    expect((await request(ctx.app).get(pathOf(firstLink))).status).toBe(410)
    expect((await request(ctx.app).get(pathOf(secondLink))).status).toBe(200)
    expect(await ctx.db.auditLog.count({ where: { action: 'user.resend_invitation', targetId: String(user.id) } })).toBe(1)
  })

  it('when the account is already active, then nothing is sent; an unknown account is 404', async () => {
    const active = await createReferent(ctx.db)
    const response = await submitForm(admin, `/admin/utilisateurs/${active.user.id}/renvoyer-invitation`, {}, '/admin/utilisateurs')
    expect(response.status).toBe(302)
    expect((await admin.get('/admin/utilisateurs')).text).toContain('Ce compte n’attend pas d’activation')
    expect(await ctx.db.outboxEmail.count({ where: { to: active.user.email } })).toBe(0)
    expect((await submitForm(admin, '/admin/utilisateurs/999999/renvoyer-invitation', {}, '/admin/utilisateurs')).status).toBe(404)
  })
})

describe('who may use the administration pages', () => {
  it('when a candidate, a référent or a recruiter opens an administration page, then 403 and nothing happens', async () => {
    const invited = await createReferent(ctx.db, { status: 'INVITED', password: null })
    const target = await createCandidate(ctx.db)
    const disabled = await createCandidate(ctx.db, { status: 'DISABLED' })
    for (const other of [await createCandidate(ctx.db), await createReferent(ctx.db), await createRecruiter(ctx.db)]) {
      const agent = await signIn(ctx.app, other.user.email)
      for (const path of ['/admin/utilisateurs', '/admin/utilisateurs/inviter']) {
        expect((await agent.get(path)).status, `${other.user.role} GET ${path}`).toBe(403)
      }
      const email = `intrus-${other.user.id}@exemple.fr`
      const inviteResponse = await submitForm(agent, '/admin/utilisateurs/inviter', { firstName: 'I', lastName: 'N', email, role: 'ADMIN' }, '/tableau-de-bord')
      expect(inviteResponse.status).toBe(403)
      expect(await ctx.db.user.count({ where: { email } })).toBe(0)
      const resend = await submitForm(agent, `/admin/utilisateurs/${invited.user.id}/renvoyer-invitation`, {}, '/tableau-de-bord')
      expect(resend.status).toBe(403)
      expect((await agent.get(`/admin/utilisateurs/${target.user.id}/desactiver`)).status).toBe(403)
      expect((await submitForm(agent, `/admin/utilisateurs/${target.user.id}/desactiver`, { retour: '/admin/utilisateurs' }, '/tableau-de-bord')).status).toBe(
        403,
      )
      expect((await submitForm(agent, `/admin/utilisateurs/${disabled.user.id}/reactiver`, {}, '/tableau-de-bord')).status).toBe(403)
    }
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: target.user.id } })).status).toBe('ACTIVE')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: disabled.user.id } })).status).toBe('DISABLED')
    expect(await ctx.db.outboxEmail.count({ where: { to: invited.user.email } })).toBe(0)
  })

  it('when a signed-out visitor opens an administration page, then they are sent to the sign-in page', async () => {
    for (const path of ['/admin/utilisateurs', '/admin/utilisateurs/inviter']) {
      const response = await request(ctx.app).get(path)
      expect(response.status).toBe(302)
      expect(response.headers.location).toBe('/connexion')
    }
  })
})
