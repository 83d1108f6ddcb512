import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createConvention, createEstablishment, createReferent } from '../factories/index.ts'
import { createMailTestContext, createTestContext, signIn, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, sentTo } from '../helpers/mail.ts'
import { captchaAnswerOf, csrfOf, submitSignUp } from '../helpers/sign-up.ts'

let ctx: MailTestContext
let sequence = 0
const uniqueEmail = () => `inscription${++sequence}@exemple.fr`

beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

async function twoConventions() {
  const occitanie = await createConvention(ctx.db, { name: `Occitanie ${++sequence}` })
  const grandEst = await createConvention(ctx.db, { name: `Grand Est ${++sequence}` })
  const toulouse = await createEstablishment(ctx.db, { conventionId: occitanie.id, name: `Université de Toulouse ${sequence}` })
  const closed = await createEstablishment(ctx.db, { conventionId: occitanie.id, name: `Lycée fermé ${sequence}` })
  await ctx.db.establishment.update({ where: { id: closed.id }, data: { active: false } })
  const strasbourg = await createEstablishment(ctx.db, { conventionId: grandEst.id, name: `Université de Strasbourg ${sequence}` })
  return { occitanie, grandEst, toulouse, closed, strasbourg }
}

const validFields = (establishmentId: number, email = uniqueEmail()) => ({
  lastName: 'Durand',
  firstName: 'Éloïse',
  email,
  establishmentId: String(establishmentId),
  birthDate: '2004-05-17',
})

const usersWith = (email: string) => ctx.db.user.count({ where: { email } })

describe('sign-up page', () => {
  it('when a visitor opens "S’inscrire", then every field of the tutorial is there with a math question', async () => {
    const { occitanie, grandEst, toulouse, closed, strasbourg } = await twoConventions()
    const response = await request(ctx.app).get('/inscription')
    expect(response.status).toBe(200)
    expect(response.text).toContain('<title>S’inscrire – Atouts pour tous</title>')
    expect(response.text.match(/<h1[ >]/g)).toHaveLength(1)
    for (const [name, label] of [
      ['lastName', 'Nom'],
      ['firstName', 'Prénom'],
      ['email', 'Adresse e-mail'],
      ['convention', 'Convention'],
      ['establishmentId', 'Établissement de rattachement'],
      ['birthDate', 'Date de naissance (facultatif)'],
    ]) {
      expect(response.text).toMatch(new RegExp(`<label for="field-${name}">${label.replace(/[()]/g, '\\$&')}[ <]`))
    }
    expect(response.text).toMatch(/<label for="field-captcha">Combien font [1-9] \+ [1-9] \?/)
    // the tutorial's required fields carry the red asterisk, the birth date does not
    for (const name of ['lastName', 'firstName', 'email', 'convention', 'establishmentId']) {
      expect(response.text).toMatch(new RegExp(`<label for="field-${name}">[^<]+<span class="required" aria-hidden="true">\\*</span>`))
    }
    expect(response.text).not.toMatch(/<label for="field-birthDate">[^<]+<span class="required"/)
    expect(response.text).toContain('>Valider</button>')
    expect(response.text).toContain('>Afficher les établissements</button>')
    // without a convention chosen: every active établissement, grouped by convention
    expect(response.text).toContain(`<optgroup label="${occitanie.name}">`)
    expect(response.text).toContain(`<optgroup label="${grandEst.name}">`)
    expect(response.text).toContain(toulouse.name)
    expect(response.text).toContain(strasbourg.name)
    expect(response.text).not.toContain(closed.name)
  })

  it('when a convention is chosen with the small GET form, then only its active établissements are listed and it rides in a hidden field', async () => {
    const { occitanie, toulouse, closed, strasbourg } = await twoConventions()
    const response = await request(ctx.app).get(`/inscription?convention=${occitanie.id}`)
    expect(response.status).toBe(200)
    expect(response.text).toContain(toulouse.name)
    expect(response.text).not.toContain(strasbourg.name)
    expect(response.text).not.toContain(closed.name)
    expect(response.text).not.toContain('<optgroup')
    expect(response.text).toContain(`<input type="hidden" name="convention" value="${occitanie.id}">`)
    expect(response.text).toMatch(new RegExp(`<option value="${occitanie.id}" selected>`))
    // the GET form carries the convention only: no personal data in the URL
    const getForm = /<form method="get" action="\/inscription"[\s\S]*?<\/form>/.exec(response.text)![0]
    expect(getForm.match(/name="([^"]+)"/g)).toEqual(['name="convention"'])
  })

  it('when the convention in the URL is unknown, then all établissements are listed', async () => {
    const { toulouse, strasbourg } = await twoConventions()
    const response = await request(ctx.app).get('/inscription?convention=999999')
    expect(response.status).toBe(200)
    expect(response.text).toContain(toulouse.name)
    expect(response.text).toContain(strasbourg.name)
  })

  it('when the page is shown again, then the math question is a new one each time', async () => {
    const agent = request.agent(ctx.app)
    const questions = new Set<string>()
    for (let i = 0; i < 8; i++) questions.add(/Combien font [^?]+\?/.exec((await agent.get('/inscription')).text)![0])
    expect(questions.size).toBeGreaterThan(1)
  })

  it('when a signed-in user opens /inscription, then they go to their dashboard', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await agent.get('/inscription')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/tableau-de-bord')
  })
})

describe('signing up', () => {
  it('when the form is valid, then a pending account waits for the référents of the établissement, who get an email', async () => {
    const { occitanie, toulouse, strasbourg } = await twoConventions()
    const referent = await createReferent(ctx.db, { establishmentId: toulouse.id })
    const colleague = await createReferent(ctx.db, { establishmentId: toulouse.id })
    const invited = await createReferent(ctx.db, { establishmentId: toulouse.id, status: 'INVITED' })
    const elsewhere = await createReferent(ctx.db, { establishmentId: strasbourg.id })
    const agent = request.agent(ctx.app)
    const email = uniqueEmail()
    const response = await submitSignUp(
      agent,
      { ...validFields(toulouse.id), email: email.toUpperCase(), convention: String(occitanie.id) },
      `/inscription?convention=${occitanie.id}`,
    )
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/inscription/en-attente')

    const user = await ctx.db.user.findUniqueOrThrow({ where: { email }, include: { candidate: true } })
    expect(user).toMatchObject({ role: 'CANDIDATE', status: 'PENDING_VALIDATION', passwordHash: null, firstName: 'Éloïse', lastName: 'Durand' })
    expect(user.searchText).toBe(`durand eloise ${email}`)
    expect(user.candidate).toMatchObject({ establishmentId: toulouse.id })
    expect(user.candidate!.birthDate!.toISOString()).toBe('2004-05-17T00:00:00.000Z')
    const auditRow = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'registration.create', targetId: String(user.id) } })
    expect(auditRow.actorUserId).toBe(user.id)

    const page = await agent.get('/inscription/en-attente')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>Votre inscription est enregistrée</h1>')
    expect(page.text).toContain(toulouse.name)
    expect(page.text).toContain('un e-mail avec un lien pour choisir votre mot de passe')

    // still inactive: it cannot sign in
    expect((await ctx.db.user.findUniqueOrThrow({ where: { email } })).status).toBe('PENDING_VALIDATION')

    await deliverEmails(ctx)
    for (const { user: recipient } of [referent, colleague]) {
      const mail = await ctx.smtp.waitFor(sentTo(recipient.email))
      expect(mail.subject).toBe('Une inscription attend votre validation')
      expect(mail.text).toContain('Éloïse Durand')
      expect(mail.text).toContain(toulouse.name)
      expect(mail.text).toContain('http://atouts.test/referent/inscriptions')
    }
    expect(ctx.smtp.messages.filter(sentTo(invited.user.email))).toHaveLength(0)
    expect(ctx.smtp.messages.filter(sentTo(elsewhere.user.email))).toHaveLength(0)
    expect(ctx.smtp.messages.filter(sentTo(email))).toHaveLength(0)
  })

  it('when a référent turned the email off for new registrations, then they get the site notification only, as they chose', async () => {
    const { toulouse } = await twoConventions()
    const quiet = await createReferent(ctx.db, { establishmentId: toulouse.id })
    await ctx.db.notificationPreference.create({ data: { userId: quiet.user.id, event: 'registration.to_validate', email: false, inSite: true } })
    const response = await submitSignUp(request.agent(ctx.app), { ...validFields(toulouse.id), lastName: 'Silencieux' })
    expect(response.status).toBe(302)
    const notification = await ctx.db.notification.findFirstOrThrow({ where: { userId: quiet.user.id, event: 'registration.to_validate' } })
    expect(notification.title).toBe('Inscription à valider : Éloïse Silencieux')
    expect(notification.link).toBe('/referent/inscriptions')
    expect(await ctx.db.outboxEmail.count({ where: { to: quiet.user.email } })).toBe(0)
  })

  it('when the établissement has no active référent, then every active administrator is told, to invite one', async () => {
    const { toulouse } = await twoConventions()
    await createReferent(ctx.db, { establishmentId: toulouse.id, status: 'DISABLED' })
    const admin = await createAdmin(ctx.db)
    const disabledAdmin = await createAdmin(ctx.db, { status: 'DISABLED' })
    const response = await submitSignUp(request.agent(ctx.app), { ...validFields(toulouse.id), lastName: 'Orpheline' })
    expect(response.status).toBe(302)
    const notification = await ctx.db.notification.findFirstOrThrow({ where: { userId: admin.user.id, event: 'registration.without_referent' } })
    expect(notification.title).toBe(`Inscription sans référent actif : ${toulouse.name}`)
    expect(notification.body).toContain('Éloïse Orpheline')
    expect(await ctx.db.notification.count({ where: { userId: disabledAdmin.user.id } })).toBe(0)
    await deliverEmails(ctx)
    const mail = await ctx.smtp.waitFor(sentTo(admin.user.email))
    expect(mail.subject).toBe(`Inscription sans référent actif : ${toulouse.name}`)
    expect(mail.text).toContain('http://atouts.test/admin/utilisateurs/inviter')
    const page = await (await signIn(ctx.app, admin.user.email)).get('/notifications')
    expect(page.text).toContain(`Inscription sans référent actif : ${toulouse.name}`)
  })

  it('when required fields are missing, then 422 names each of them, keeps the values and creates nothing', async () => {
    const agent = request.agent(ctx.app)
    const response = await submitSignUp(agent, { lastName: '', firstName: '', email: '', establishmentId: '', birthDate: '' })
    expect(response.status).toBe(422)
    expect(response.text).toContain('<title>Erreur – S’inscrire – Atouts pour tous</title>')
    expect(response.text).toContain('Le formulaire contient 4 erreurs')
    for (const message of [
      'Saisissez votre nom.',
      'Saisissez votre prénom.',
      'Saisissez votre adresse e-mail.',
      'Choisissez votre établissement de rattachement.',
    ]) {
      expect(response.text).toContain(message)
    }
    for (const field of ['lastName', 'firstName', 'email', 'establishmentId']) {
      expect(response.text).toContain(`href="#field-${field}"`)
      expect(response.text).toMatch(new RegExp(`id="field-${field}" name="${field}"[^>]*aria-describedby="[^"]*field-${field}-error"`))
    }
  })

  it('when some fields are wrong, then the others are kept but never the math answer', async () => {
    const { toulouse } = await twoConventions()
    const agent = request.agent(ctx.app)
    const response = await submitSignUp(agent, { ...validFields(toulouse.id, 'pas-une-adresse'), firstName: '' })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Saisissez votre prénom.')
    expect(response.text).toContain('Saisissez une adresse e-mail valide')
    expect(response.text).toContain('value="Durand"')
    expect(response.text).toContain('value="pas-une-adresse"')
    expect(response.text).toContain('value="2004-05-17"')
    expect(response.text).toMatch(new RegExp(`<option value="${toulouse.id}" selected>`))
    expect(response.text).toMatch(/<input type="text" id="field-captcha" name="captcha" value=""/)
  })

  it('when the math answer is wrong, then 422 with a new question and no account', async () => {
    const { toulouse } = await twoConventions()
    const agent = request.agent(ctx.app)
    const form = await agent.get('/inscription')
    const wrong = captchaAnswerOf(form.text) + 1
    const fields = validFields(toulouse.id)
    const response = await agent
      .post('/inscription')
      .type('form')
      .send({ ...fields, captcha: String(wrong), _csrf: csrfOf(form.text) })
    expect(response.status).toBe(422)
    expect(response.text).toContain('La réponse au calcul est incorrecte.')
    expect(response.text).toContain('href="#field-captcha"')
    expect(response.text).toMatch(/<label for="field-captcha">Combien font [1-9] \+ [1-9] \?/)
    expect(await usersWith(fields.email)).toBe(0)
    // the new question works
    const retry = await agent
      .post('/inscription')
      .type('form')
      .send({ ...fields, captcha: String(captchaAnswerOf(response.text)), _csrf: csrfOf(response.text) })
    expect(retry.status).toBe(302)
    expect(await usersWith(fields.email)).toBe(1)
  })

  it('when the math answer is missing or not a number, then it is named', async () => {
    const { toulouse } = await twoConventions()
    const missing = await submitSignUp(request.agent(ctx.app), { ...validFields(toulouse.id), captcha: '' })
    expect(missing.status).toBe(422)
    expect(missing.text).toContain('Répondez au calcul.')
    const letters = await submitSignUp(request.agent(ctx.app), { ...validFields(toulouse.id), captcha: 'sept' })
    expect(letters.status).toBe(422)
    expect(letters.text).toContain('Répondez au calcul par un nombre écrit en chiffres')
  })

  it('when an answer is used a second time, then it is refused: every submission consumes the question', async () => {
    const { toulouse } = await twoConventions()
    const agent = request.agent(ctx.app)
    const form = await agent.get('/inscription')
    const answer = String(captchaAnswerOf(form.text))
    const first = await agent
      .post('/inscription')
      .type('form')
      .send({ ...validFields(toulouse.id), captcha: answer, _csrf: csrfOf(form.text) })
    expect(first.status).toBe(302)
    // a token from a page without a new question, and the same answer again
    const token = csrfOf((await agent.get('/connexion')).text)
    const fields = validFields(toulouse.id)
    const second = await agent
      .post('/inscription')
      .type('form')
      .send({ ...fields, captcha: answer, _csrf: token })
    expect(second.status).toBe(422)
    expect(second.text).toContain('La réponse au calcul est incorrecte.')
    expect(await usersWith(fields.email)).toBe(0)
  })

  it('when the address already has an account, then 422 says so and nothing is created', async () => {
    const { toulouse } = await twoConventions()
    const { user } = await createCandidate(ctx.db)
    const before = await ctx.db.user.count()
    const response = await submitSignUp(request.agent(ctx.app), validFields(toulouse.id, user.email.toUpperCase()))
    expect(response.status).toBe(422)
    expect(response.text).toContain('Un compte existe déjà avec cette adresse e-mail.')
    expect(response.text).toContain('href="#field-email"')
    expect(await ctx.db.user.count()).toBe(before)
  })

  it('when the établissement belongs to another convention than the chosen one, then 422 on the établissement', async () => {
    const { occitanie, strasbourg } = await twoConventions()
    const fields = { ...validFields(strasbourg.id), convention: String(occitanie.id) }
    const response = await submitSignUp(request.agent(ctx.app), fields, `/inscription?convention=${occitanie.id}`)
    expect(response.status).toBe(422)
    expect(response.text).toContain('Cet établissement ne fait pas partie de la convention choisie.')
    expect(response.text).toContain('href="#field-establishmentId"')
    // the list still follows the chosen convention
    expect(response.text).not.toContain(strasbourg.name)
    expect(await usersWith(fields.email)).toBe(0)
  })

  it('when the établissement is closed or unknown, then 422 on the établissement', async () => {
    const { closed } = await twoConventions()
    for (const establishmentId of [String(closed.id), '999999', 'abc']) {
      const fields = { ...validFields(0), establishmentId }
      const response = await submitSignUp(request.agent(ctx.app), fields)
      expect(response.status).toBe(422)
      expect(response.text).toContain('href="#field-establishmentId"')
      expect(await usersWith(fields.email)).toBe(0)
    }
  })

  it('when the birth date is not a real past date, then 422 on the birth date', async () => {
    const { toulouse } = await twoConventions()
    const nextYear = new Date().getUTCFullYear() + 1
    for (const [birthDate, message] of [
      ['2005-02-30', 'Saisissez une date de naissance valide'],
      ['hier', 'Saisissez une date de naissance valide'],
      [`${nextYear}-01-01`, 'La date de naissance doit être une date passée.'],
    ]) {
      const fields = { ...validFields(toulouse.id), birthDate }
      const response = await submitSignUp(request.agent(ctx.app), fields)
      expect(response.status).toBe(422)
      expect(response.text).toContain(message)
      expect(await usersWith(fields.email)).toBe(0)
    }
  })

  it('when the birth date is left empty, then the account is created without it', async () => {
    const { toulouse } = await twoConventions()
    const fields = { ...validFields(toulouse.id), birthDate: '' }
    expect((await submitSignUp(request.agent(ctx.app), fields)).status).toBe(302)
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email: fields.email }, include: { candidate: true } })
    expect(user.candidate!.birthDate).toBeNull()
  })

  it('when the form is posted without its CSRF token, then 403 and nothing is created', async () => {
    const { toulouse } = await twoConventions()
    const agent = request.agent(ctx.app)
    const form = await agent.get('/inscription')
    const fields = validFields(toulouse.id)
    const response = await agent
      .post('/inscription')
      .type('form')
      .send({ ...fields, captcha: String(captchaAnswerOf(form.text)) })
    expect(response.status).toBe(403)
    expect(await usersWith(fields.email)).toBe(0)
  })
})

describe('sign-up rate limit', () => {
  it('when one address signs up more than 10 × L times, then a French 429 page is shown, successes included (tests/accounts/throttle.test.ts has the rest)', async () => {
    const limited = await createTestContext({ authRateLimit: 1 })
    try {
      const establishment = await createEstablishment(limited.db)
      const statuses: number[] = []
      for (let attempt = 0; attempt < 11; attempt++) {
        statuses.push((await submitSignUp(request.agent(limited.app), validFields(establishment.id))).status)
      }
      expect(statuses).toEqual([...Array<number>(10).fill(302), 429])
    } finally {
      await limited.cleanup()
    }
  })
})
