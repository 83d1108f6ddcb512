import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ageOn, isUnder18, todayInFrance } from '../../src/modules/candidates/age.ts'
import { createAdmin, createCandidate, createRecruiter, createReferent, TEST_PASSWORD } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const PROFILE = '/mon-compte/informations'

/** A birth date `years` years (and `days` days) before today in France, as the form sends it. */
function birthDateYearsAgo(years: number, days = 0): string {
  const [year, month, day] = todayInFrance().split('-').map(Number)
  return new Date(Date.UTC(year - years, month - 1, day - days)).toISOString().slice(0, 10)
}

const completeProfile = {
  civility: 'Mme',
  lastName: 'Martin',
  firstName: 'Camille',
  birthDate: birthDateYearsAgo(21, 40),
  phone: '06 12 34 56 78',
  address: '12 rue des Lois',
  postalCode: '31000',
  city: 'Toulouse',
  familyContactName: '',
  familyRelation: '',
  familyPhone: '',
  familyEmail: '',
  soughtContracts: ['STAGE', 'ALTERNANCE'],
  sectors: 'Banque – Assurance',
  desiredPlaces: 'Toulouse et agglomération',
  availableFrom: '2026-09-01',
  studyLevel: 'Bac+3',
  currentTraining: 'Licence 3 Économie',
  professionalProject: 'Chargée d’études en alternance.\nPuis un master.',
  rqth: 'IN_PROGRESS',
  accommodations: 'Écran de grande taille',
}

describe('Mon compte', () => {
  it('when a candidate opens Mon compte, then the tutorial’s four entries are there', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const page = await agent.get('/mon-compte')
    for (const [href, label] of [
      ['/mon-compte/informations', 'Modifier mes informations'],
      ['/mon-compte/documents', 'Mes documents'],
      ['/mon-compte/alertes', 'Alertes et notifications'],
      ['/mon-compte/mot-de-passe', 'Modifier mon mot de passe'],
    ]) {
      expect(page.text).toContain(`<a href="${href}">${label}</a>`)
    }
  })

  it('when a référent, a recruiter or an administrator opens Mon compte, then there is no profile nor documents entry', async () => {
    const people = [await createReferent(ctx.db), await createRecruiter(ctx.db), await createAdmin(ctx.db)]
    for (const { user } of people) {
      const page = await (await signIn(ctx.app, user.email)).get('/mon-compte')
      expect(page.status).toBe(200)
      expect(page.text).toContain('Modifier mon mot de passe')
      expect(page.text).not.toContain('Modifier mes informations')
      expect(page.text).not.toContain('href="/mon-compte/documents"')
    }
  })
})

describe('Modifier mes informations', () => {
  it('shows the three fieldsets with their legends, the "Date de naissance" field and says who sees the details', async () => {
    const { user } = await createCandidate(ctx.db, { firstName: 'Inès', lastName: 'Lefèvre' })
    const page = await (await signIn(ctx.app, user.email)).get(PROFILE)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Modifier mes informations – Atouts pour tous</title>')
    for (const legend of ['Informations générales', 'Contact famille', 'Informations complémentaires'])
      expect(page.text).toContain(`<legend>${legend}</legend>`)
    expect(page.text).toMatch(/<label for="field-birthDate">Date de naissance/)
    expect(page.text).toContain('visibles <strong>uniquement par votre référent</strong>. Les employeurs n’y ont jamais accès.')
    expect(page.text).toContain('value="Lefèvre"')
    expect(page.text).toContain('>Enregistrer</button>')
  })

  it('when the candidate fills the three sections, then everything is stored as entered and shown again', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, PROFILE, { ...completeProfile, email: user.email })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(PROFILE)
    const saved = await ctx.db.candidate.findUniqueOrThrow({ where: { id: candidate.id }, include: { user: true } })
    expect(saved).toMatchObject({
      civility: 'Mme',
      phone: '06 12 34 56 78',
      postalCode: '31000',
      soughtContracts: 'STAGE,ALTERNANCE',
      studyLevel: 'Bac+3',
      professionalProject: 'Chargée d’études en alternance.\nPuis un master.',
      rqth: 'IN_PROGRESS',
      familyContactName: null,
    })
    expect(saved.birthDate?.toISOString().slice(0, 10)).toBe(completeProfile.birthDate)
    expect(saved.availableFrom?.toISOString().slice(0, 10)).toBe('2026-09-01')
    expect(saved.user).toMatchObject({ lastName: 'Martin', firstName: 'Camille', searchText: `martin camille ${user.email}` })

    const page = await agent.get(PROFILE)
    expect(page.text).toContain('Vos informations sont enregistrées.')
    expect(page.text).toMatch(/value="STAGE" checked/)
    expect(page.text).toMatch(/value="ALTERNANCE" checked/)
    expect(page.text).not.toMatch(/value="CDI" checked/)
    expect(page.text).toMatch(/name="rqth" value="IN_PROGRESS" checked/)
    expect(page.text).toContain(`value="${completeProfile.birthDate}"`)
  })

  it('when the changes are saved, then the audit log names the changed fields but never their values', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    await submitForm(agent, PROFILE, { ...completeProfile, email: user.email })
    const entry = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'candidate.update_profile', targetId: String(candidate.id) } })
    expect(entry.actorUserId).toBe(user.id)
    const details = JSON.parse(entry.details ?? '{}') as { fields: string[] }
    expect(details.fields).toEqual(expect.arrayContaining(['rqth', 'accommodations', 'phone']))
    expect(entry.details).not.toContain('Écran')
    expect(entry.details).not.toContain('IN_PROGRESS')
  })

  it('when a field is wrong, then the form comes back with 422, a message next to each field, the summary and the values kept', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, PROFILE, {
      ...completeProfile,
      email: user.email,
      lastName: '',
      postalCode: '3100',
      phone: 'appelez-moi',
      birthDate: '2999-01-01',
    })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Le formulaire contient 4 erreurs')
    expect(response.text).toContain('Saisissez votre nom.')
    expect(response.text).toContain('Saisissez un code postal à 5 chiffres')
    expect(response.text).toContain('Saisissez un numéro de téléphone valide')
    expect(response.text).toContain('La date de naissance doit être une date passée.')
    expect(response.text).toContain('href="#field-postalCode"')
    expect(response.text).toContain('value="appelez-moi"')
    expect(response.text).toContain('Écran de grande taille')
    expect(response.text).toMatch(/value="ALTERNANCE" checked/)
  })
})

describe('the under-18 rule', () => {
  it('computes the age on the calendar day in France', () => {
    expect(ageOn(new Date('2008-06-15T00:00:00Z'), '2026-06-14')).toBe(17)
    expect(ageOn(new Date('2008-06-15T00:00:00Z'), '2026-06-15')).toBe(18)
    // born on 29 February: 18 on 1 March of a common year
    expect(ageOn(new Date('2008-02-29T00:00:00Z'), '2026-02-28')).toBe(17)
    expect(ageOn(new Date('2008-02-29T00:00:00Z'), '2026-03-01')).toBe(18)
    expect(isUnder18(null)).toBe(false)
  })

  it('when the birth date makes the candidate under 18 and the family contact is empty, then each missing part is asked for, saying why', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, PROFILE, { ...completeProfile, email: user.email, birthDate: birthDateYearsAgo(17, 200) })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Vous avez moins de 18 ans : indiquez le nom et le prénom de votre contact famille (tuteur légal).')
    expect(response.text).toContain('Vous avez moins de 18 ans : indiquez le lien de votre contact famille avec vous')
    expect(response.text).toContain('Vous avez moins de 18 ans : indiquez le téléphone ou l’adresse e-mail de votre contact famille.')
    expect(response.text).toContain('aria-describedby="field-familyContactName-error"')
    expect((await ctx.db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).birthDate).toBeNull()
  })

  it('when the candidate turns 18 tomorrow, then the family contact is still required; on their 18th birthday it is not', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const dayBefore = new Date(`${birthDateYearsAgo(18)}T00:00:00Z`)
    dayBefore.setUTCDate(dayBefore.getUTCDate() + 1)
    const stillMinor = await submitForm(agent, PROFILE, { ...completeProfile, email: user.email, birthDate: dayBefore.toISOString().slice(0, 10) })
    expect(stillMinor.status).toBe(422)
    const adult = await submitForm(agent, PROFILE, { ...completeProfile, email: user.email, birthDate: birthDateYearsAgo(18) })
    expect(adult.status).toBe(302)
  })

  it('when a minor gives the name, the relation and a phone or an email, then the profile is saved as entered', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, PROFILE, {
      ...completeProfile,
      email: user.email,
      birthDate: birthDateYearsAgo(16),
      familyContactName: 'Nathalie Bernard',
      familyRelation: 'Mère',
      familyEmail: 'Nathalie.Bernard@Exemple.fr',
    })
    expect(response.status).toBe(302)
    expect(await ctx.db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).toMatchObject({
      familyContactName: 'Nathalie Bernard',
      familyRelation: 'Mère',
      familyEmail: 'Nathalie.Bernard@Exemple.fr',
      familyPhone: null,
    })
  })
})

describe('changing the email', () => {
  it('when the new address belongs to another account, then the form says so and nothing changes', async () => {
    const other = await createCandidate(ctx.db)
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, PROFILE, { ...completeProfile, email: other.user.email.toUpperCase() })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Cette adresse e-mail est déjà utilisée par un autre compte.')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email)
  })

  it('when the address changes, then it is the new sign-in, the search text follows and the old address is told', async () => {
    const { user } = await createCandidate(ctx.db, { firstName: 'Hugo', lastName: 'Petit' })
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(agent, PROFILE, { ...completeProfile, lastName: 'Petit', firstName: 'Hugo', email: 'Hugo.Nouveau@Exemple.fr' })
    expect(response.status).toBe(302)
    const updated = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(updated.email).toBe('hugo.nouveau@exemple.fr')
    expect(updated.searchText).toBe('petit hugo hugo.nouveau@exemple.fr')
    const notice = await ctx.db.outboxEmail.findFirstOrThrow({ where: { to: user.email, template: 'candidates/email-changed' } })
    expect(notice.text).toContain('hugo.nouveau@exemple.fr')
    expect((await agent.get('/mon-compte')).text).toContain('hugo.nouveau@exemple.fr')
    await expect(signIn(ctx.app, 'hugo.nouveau@exemple.fr', TEST_PASSWORD)).resolves.toBeDefined()
    await expect(signIn(ctx.app, user.email, TEST_PASSWORD)).rejects.toThrow()
  })
})

describe('who can open the profile pages', () => {
  it('when a référent, a recruiter or an administrator opens "Modifier mes informations", then it is refused (403); a visitor is sent to sign in', async () => {
    for (const { user } of [await createReferent(ctx.db), await createRecruiter(ctx.db), await createAdmin(ctx.db)]) {
      const agent = await signIn(ctx.app, user.email)
      expect((await agent.get(PROFILE)).status).toBe(403)
      expect((await submitForm(agent, PROFILE, { lastName: 'X' }, '/mon-compte')).status).toBe(403)
    }
    expect((await request(ctx.app).get(PROFILE)).headers.location).toBe('/connexion')
  })
})
