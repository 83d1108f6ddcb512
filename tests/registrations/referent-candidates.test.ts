import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCandidate, createEstablishment, createReferent } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, sentTo } from '../helpers/mail.ts'

let ctx: MailTestContext

beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

async function referentWithEstablishment() {
  const establishment = await createEstablishment(ctx.db, { name: `Mission locale de Toulouse ${Math.random().toString(36).slice(2, 7)}` })
  const referent = await createReferent(ctx.db, { establishmentId: establishment.id, firstName: 'Nadia', lastName: 'Benali' })
  return { establishment, referent, agent: await signIn(ctx.app, referent.user.email) }
}

describe('"Créer un compte candidat"', () => {
  it('when a référent opens the form, then it has the expected fields', async () => {
    const { agent, establishment } = await referentWithEstablishment()
    const response = await agent.get('/referent/candidats/nouveau')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<h1>Créer un compte candidat</h1>')
    expect(response.text).toContain(establishment.name)
    expect(response.text).toMatch(/<label for="field-lastName">Nom </)
    expect(response.text).toMatch(/<label for="field-firstName">Prénom </)
    expect(response.text).toMatch(/<label for="field-email">Adresse e-mail </)
    expect(response.text).toMatch(/<label for="field-birthDate">Date de naissance \(facultatif\)</)
    expect(response.text).toContain('>Créer le compte</button>')
  })

  it('when a référent creates a candidate, then the candidate receives the invitation and can activate the account', async () => {
    const { agent, establishment, referent } = await referentWithEstablishment()
    const email = 'sami.haddad@exemple.fr'
    const response = await submitForm(agent, '/referent/candidats/nouveau', {
      lastName: 'Haddad',
      firstName: 'Sami',
      email: 'Sami.Haddad@Exemple.fr',
      birthDate: '2002-11-03',
    })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/referent/candidats')
    const list = await agent.get('/referent/candidats')
    expect(list.text).toContain('Le compte de Sami Haddad est créé')
    expect(list.text).toContain(email)
    expect(list.text).toContain('Invité – mot de passe non choisi')

    const user = await ctx.db.user.findUniqueOrThrow({ where: { email }, include: { candidate: true } })
    expect(user).toMatchObject({ role: 'CANDIDATE', status: 'INVITED', passwordHash: null, searchText: `haddad sami ${email}` })
    expect(user.candidate).toMatchObject({ establishmentId: establishment.id, createdByUserId: referent.user.id, validatedByUserId: null })
    expect(user.candidate!.birthDate!.toISOString()).toBe('2002-11-03T00:00:00.000Z')
    expect(await ctx.db.auditLog.count({ where: { action: 'candidate.create', targetId: String(user.id), actorUserId: referent.user.id } })).toBe(1)

    await deliverEmails(ctx)
    const mail = await ctx.smtp.waitFor(sentTo(email))
    expect(mail.subject).toBe('Créez votre compte Atouts pour tous en choisissant un mot de passe')
    expect(mail.text).toContain(`Nadia Benali, votre référent à ${establishment.name}, a créé votre compte`)
    const link = linkIn(mail, 'http://atouts.test/activation/')

    const candidate = request.agent(ctx.app)
    const password = 'Le mot de passe de Sami 2026'
    const page = await candidate.get(pathOf(link))
    expect(page.text).toContain('Créer votre compte en choisissant un mot de passe')
    const chosen = await submitForm(candidate, pathOf(link), { password, passwordConfirmation: password })
    expect(chosen.headers.location).toBe('/tableau-de-bord')
    expect((await candidate.get('/tableau-de-bord')).text).toContain('<h1>Tableau de bord</h1>')
    expect((await agent.get('/referent/candidats')).text).toMatch(/sami\.haddad@exemple\.fr<\/td>\s*<td><span class="badge badge-ok">Actif<\/span>/)
  })

  it('when fields are missing or wrong, then 422 names them, keeps the values and creates nothing', async () => {
    const { agent } = await referentWithEstablishment()
    const before = await ctx.db.user.count()
    const response = await submitForm(agent, '/referent/candidats/nouveau', {
      lastName: 'Haddad',
      firstName: '',
      email: 'pas-une-adresse',
      birthDate: '2099-01-01',
    })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Le formulaire contient 3 erreurs')
    expect(response.text).toContain('Saisissez le prénom.')
    expect(response.text).toContain('Saisissez une adresse e-mail valide')
    expect(response.text).toContain('La date de naissance doit être une date passée.')
    expect(response.text).toContain('value="Haddad"')
    expect(await ctx.db.user.count()).toBe(before)
  })

  it('when the address already has an account, then 422 says so', async () => {
    const { agent } = await referentWithEstablishment()
    const existing = await createCandidate(ctx.db, { status: 'PENDING_VALIDATION' })
    const response = await submitForm(agent, '/referent/candidats/nouveau', { lastName: 'Haddad', firstName: 'Sami', email: existing.user.email })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Un compte existe déjà avec cette adresse e-mail.')
    expect(await ctx.db.user.count({ where: { email: existing.user.email } })).toBe(1)
  })
})

describe('"Candidats" of the référent', () => {
  it('when a référent opens the list, then they see the candidates of their établissement that are not pending, with their status in French', async () => {
    const { agent, establishment } = await referentWithEstablishment()
    const active = await createCandidate(ctx.db, { establishmentId: establishment.id, lastName: 'Aubert' })
    const invited = await createCandidate(ctx.db, { establishmentId: establishment.id, lastName: 'Bonnet', status: 'INVITED', password: null })
    const disabled = await createCandidate(ctx.db, { establishmentId: establishment.id, lastName: 'Colin', status: 'DISABLED' })
    const pending = await createCandidate(ctx.db, { establishmentId: establishment.id, status: 'PENDING_VALIDATION', password: null })
    const elsewhere = await createCandidate(ctx.db)
    const response = await agent.get('/referent/candidats')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<h1>Candidats</h1>')
    expect(response.text).toContain('href="/referent/candidats/nouveau">Créer un compte candidat</a>')
    for (const column of ['Nom', 'Prénom', 'Adresse e-mail', 'Statut']) expect(response.text).toContain(`<th scope="col">${column}</th>`)
    expect(response.text).toContain('3 candidats')
    for (const [candidate, label] of [
      [active, 'Actif'],
      [invited, 'Invité – mot de passe non choisi'],
      [disabled, 'Désactivé'],
    ] as const) {
      expect(response.text).toMatch(new RegExp(`${candidate.user.email}</td>\\s*<td><span class="badge [a-z-]+">${label}</span>`))
    }
    expect(response.text).not.toContain(pending.user.email)
    expect(response.text).not.toContain(elsewhere.user.email)
  })

  it('when the référent searches by name, without accents or capitals, then only matching candidates of their établissement are listed', async () => {
    const { agent, establishment } = await referentWithEstablishment()
    const eloise = await createCandidate(ctx.db, { establishmentId: establishment.id, firstName: 'Éloïse', lastName: 'Lefèvre' })
    const other = await createCandidate(ctx.db, { establishmentId: establishment.id, firstName: 'Paul', lastName: 'Girard' })
    const namesake = await createCandidate(ctx.db, { firstName: 'Éloïse', lastName: 'Lefèvre' })
    for (const q of ['lefevre', 'ÉLOÏSE', 'eloise lefevre']) {
      const response = await agent.get(`/referent/candidats?q=${encodeURIComponent(q)}`)
      expect(response.status).toBe(200)
      expect(response.text, q).toContain(eloise.user.email)
      expect(response.text, q).not.toContain(other.user.email)
      expect(response.text, q).not.toContain(namesake.user.email)
      expect(response.text, q).toContain('1 candidat')
    }
    const none = await agent.get('/referent/candidats?q=personne')
    expect(none.text).toContain('Aucun candidat')
  })
})
