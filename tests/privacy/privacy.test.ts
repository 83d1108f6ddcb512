// "Mes données personnelles" (SPEC §10): a candidate downloads their data and deletes their account.
import { existsSync } from 'node:fs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storedFilePath } from '../../src/lib/storage.ts'
import {
  createApplication,
  createAppointment,
  createCandidate,
  createDocument,
  createEmployer,
  createReferent,
  createSponsorshipRequest,
  TEST_PASSWORD,
} from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

/** A candidate with a bit of everything: a CV, an application with it, a parrainage, an appointment. */
async function candidateWithData() {
  const { user, candidate } = await createCandidate(ctx.db, { firstName: 'Inès', lastName: 'Moreau' })
  await ctx.db.candidate.update({ where: { id: candidate.id }, data: { phone: '06 12 34 56 78', rqth: 'YES', accommodations: 'Poste adapté' } })
  const employer = await createEmployer(ctx.db, { name: `Cabinet Lumière ${user.id}` })
  const cv = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, name: 'CV_MoreauInes' })
  const application = await createApplication(ctx.db, {
    candidateId: candidate.id,
    employerId: employer.id,
    status: 'SENT',
    documentIds: [cv.id],
    messageToEmployer: 'Je souhaite rejoindre votre cabinet.',
    messageToReferent: 'Merci de relire.',
  })
  await createSponsorshipRequest(ctx.db, { candidateId: candidate.id, employerId: employer.id, motivation: 'Découvrir le métier de comptable.' })
  const { referent } = await createReferent(ctx.db, { establishmentId: candidate.establishmentId })
  await createAppointment(ctx.db, { candidateId: candidate.id, referentId: referent.id, subject: 'Préparer l’entretien' })
  return { user, candidate, employer, cv, application, agent: await signIn(ctx.app, user.email) }
}

describe('Mes données personnelles', () => {
  it('when a candidate opens Mon compte, then "Mes données personnelles" leads to the export and the deletion', async () => {
    const { agent } = await candidateWithData()
    const account = await agent.get('/mon-compte')
    expect(account.text).toContain('<a href="/mon-compte/donnees">Mes données personnelles</a>')
    const page = await agent.get('/mon-compte/donnees')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>Mes données personnelles</h1>')
    expect(page.text).toContain('href="/mon-compte/donnees/export"')
    expect(page.text).toContain('href="/mon-compte/donnees/supprimer"')
  })

  it('when a candidate downloads their data, then the JSON file holds their profile, documents, applications, parrainages and appointments, and nobody else’s', async () => {
    const other = await candidateWithData()
    const { agent, user, employer } = await candidateWithData()
    const response = await agent
      .get('/mon-compte/donnees/export')
      .buffer(true)
      .parse((res, callback) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => callback(null, body))
      })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?mes-donnees-atouts-\d{4}-\d{2}-\d{2}\.json"?$/)
    const data = JSON.parse(response.body as string)
    expect(data.account).toMatchObject({ email: user.email, firstName: 'Inès', lastName: 'Moreau' })
    expect(data.account.passwordHash).toBeUndefined()
    expect(data.profile).toMatchObject({ phone: '06 12 34 56 78', rqth: 'YES', accommodations: 'Poste adapté' })
    expect(data.documents.map((document: { name: string }) => document.name)).toEqual(['CV_MoreauInes'])
    expect(data.applications).toHaveLength(1)
    expect(data.applications[0]).toMatchObject({
      employer: employer.name,
      messageToEmployer: 'Je souhaite rejoindre votre cabinet.',
      messageToReferent: 'Merci de relire.',
      documents: ['CV_MoreauInes'],
    })
    expect(data.sponsorships[0]).toMatchObject({ employer: employer.name, motivation: 'Découvrir le métier de comptable.' })
    expect(data.appointments[0]).toMatchObject({ subject: 'Préparer l’entretien' })
    expect(JSON.stringify(data)).not.toContain(other.employer.name)
    expect(JSON.stringify(data)).not.toContain(other.user.email)
    expect(await ctx.db.auditLog.count({ where: { action: 'privacy.export', actorUserId: user.id } })).toBe(1)
  })

  it('when the password is wrong or the box is not ticked, then the account stays, with the message next to the field', async () => {
    const { agent, user } = await candidateWithData()
    const wrong = await submitForm(agent, '/mon-compte/donnees/supprimer', { currentPassword: 'pas-le-bon-mot-de-passe', confirm: 'on' })
    expect(wrong.status).toBe(422)
    expect(wrong.text).toContain('Ce mot de passe n’est pas le bon.')
    expect(wrong.text).toMatch(/id="field-currentPassword"[^>]*aria-invalid="true"/)
    const unticked = await submitForm(agent, '/mon-compte/donnees/supprimer', { currentPassword: TEST_PASSWORD })
    expect(unticked.status).toBe(422)
    expect(unticked.text).toContain('Cochez la case pour confirmer')
    expect(await ctx.db.user.count({ where: { id: user.id } })).toBe(1)
    expect(await ctx.db.application.count({ where: { candidate: { userId: user.id } } })).toBe(1)
    expect((await agent.get('/mon-compte')).status).toBe(200)
  })

  it('when the candidate confirms with their password, then the account, its rows and its files are gone, the session ends and they cannot sign in', async () => {
    const other = await candidateWithData()
    const { agent, user, candidate, cv } = await candidateWithData()
    await ctx.db.outboxEmail.create({ data: { to: user.email, subject: 'En attente', text: '…', template: 'test' } })
    const cvPath = storedFilePath(ctx.config.uploadDir, cv.storageKey)
    expect(existsSync(cvPath)).toBe(true)

    const response = await submitForm(agent, '/mon-compte/donnees/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on' })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/connexion')
    expect((await agent.get('/connexion')).text).toContain('Votre compte et toutes vos données ont été supprimés.')

    expect(await ctx.db.user.count({ where: { id: user.id } })).toBe(0)
    for (const count of [
      ctx.db.candidate.count({ where: { id: candidate.id } }),
      ctx.db.document.count({ where: { candidateId: candidate.id } }),
      ctx.db.application.count({ where: { candidateId: candidate.id } }),
      ctx.db.sponsorshipRequest.count({ where: { candidateId: candidate.id } }),
      ctx.db.appointment.count({ where: { candidateId: candidate.id } }),
      ctx.db.outboxEmail.count({ where: { to: user.email } }),
    ])
      expect(await count).toBe(0)
    expect(existsSync(cvPath)).toBe(false)
    const auditRow = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'account.delete', targetId: String(user.id) } })
    expect(auditRow.actorUserId).toBeNull()
    expect(JSON.parse(auditRow.details!)).toMatchObject({ role: 'CANDIDATE', documents: 1, applications: 1, sponsorships: 1, appointments: 1 })

    expect((await agent.get('/mon-compte')).headers.location).toBe('/connexion')
    const retry = await submitForm(request.agent(ctx.app), '/connexion', { email: user.email, password: TEST_PASSWORD })
    expect(retry.status).not.toBe(302)
    // the other candidate keeps everything
    expect(await ctx.db.application.count({ where: { candidateId: other.candidate.id } })).toBe(1)
    expect(existsSync(storedFilePath(ctx.config.uploadDir, other.cv.storageKey))).toBe(true)
  })

  it('when a référent opens the pages or posts the deletion, then it is refused (403) and nothing is deleted', async () => {
    const { user } = await createReferent(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/mon-compte/donnees')).status).toBe(403)
    expect((await agent.get('/mon-compte/donnees/export')).status).toBe(403)
    const post = await submitForm(agent, '/mon-compte/donnees/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on' }, '/mon-compte')
    expect(post.status).toBe(403)
    expect(await ctx.db.user.count({ where: { id: user.id } })).toBe(1)
  })
})
