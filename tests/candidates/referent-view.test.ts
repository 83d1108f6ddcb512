import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAdmin,
  createApplication,
  createCandidate,
  createDocument,
  createEmployer,
  createEstablishment,
  createOffer,
  createRecruiter,
  createReferent,
  minimalPdf,
  TEST_PASSWORD,
} from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { decodeHtml, headingsOf, sectionOf, textOf } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

/** A référent's établissement with one candidate who filled everything and has a CV, a lettre and an "Autre" document. */
async function world() {
  const establishment = await createEstablishment(ctx.db, { name: `Relais handicap ${Math.random().toString(36).slice(2, 8)}` })
  const referent = await createReferent(ctx.db, { establishmentId: establishment.id })
  const { user, candidate } = await createCandidate(ctx.db, { establishmentId: establishment.id, firstName: 'Lucas', lastName: 'Bernard' })
  await ctx.db.candidate.update({
    where: { id: candidate.id },
    data: {
      birthDate: new Date(Date.UTC(new Date().getUTCFullYear() - 17, 0, 1)),
      phone: '07 45 12 89 30',
      city: 'Toulouse',
      familyContactName: 'Nathalie Bernard',
      familyRelation: 'Mère',
      familyPhone: '06 78 45 12 30',
      soughtContracts: 'STAGE,CDD',
      professionalProject: 'Devenir technicien de maintenance.',
      rqth: 'YES',
      accommodations: 'Pauses régulières',
    },
  })
  const cv = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, name: 'CV_BernardLucas_Maintenance', type: 'CV' })
  const letter = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, name: 'Lettre_BernardLucas', type: 'COVER_LETTER' })
  const other = await createDocument(ctx.db, ctx.config.uploadDir, {
    candidateId: candidate.id,
    name: 'Notification_MDPH_Lucas',
    type: 'OTHER',
    content: minimalPdf('Notification MDPH'),
  })
  return { establishment, referent, user, candidate, documents: { cv, letter, other } }
}

describe('the référent’s page of a candidate', () => {
  it('when the référent opens a candidate of their établissement, then every section, the family contact and all documents (including "Autre") are shown', async () => {
    const { referent, candidate, documents } = await world()
    const agent = await signIn(ctx.app, referent.user.email)
    const page = await agent.get(`/referent/candidats/${candidate.id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>Lucas Bernard</h1>')
    expect(page.text).toContain('<title>Lucas Bernard – Candidats – Atouts pour tous</title>')
    for (const heading of ['Informations générales', 'Contact famille', 'Informations complémentaires', 'Documents'])
      expect(page.text).toContain(`<h2>${heading}</h2>`)
    for (const text of [
      '07 45 12 89 30',
      'Nathalie Bernard',
      'Mère',
      '06 78 45 12 30',
      'Stage, CDD',
      'Devenir technicien de maintenance.',
      'Pauses régulières',
      'a moins de 18 ans',
    ]) {
      expect(page.text).toContain(text)
    }
    for (const document of Object.values(documents)) {
      expect(page.text).toContain(document.name)
      expect(page.text).toContain(`href="/referent/candidats/${candidate.id}/documents/${document.id}/telecharger"`)
    }
    expect(page.text).toContain('<td>Autre</td>')
    expect(page.text).toContain('Désactiver le compte')
  })

  it('when the référent views the page and downloads a document, then the audit log records who, what and when', async () => {
    const { referent, candidate, documents } = await world()
    const agent = await signIn(ctx.app, referent.user.email)
    const before = new Date(Date.now() - 1000)
    await agent.get(`/referent/candidats/${candidate.id}`)
    await agent.get(`/referent/candidats/${candidate.id}`)
    const views = await ctx.db.auditLog.findMany({ where: { action: 'candidate.view', targetType: 'Candidate', targetId: String(candidate.id) } })
    expect(views).toHaveLength(2)
    for (const view of views) {
      expect(view.actorUserId).toBe(referent.user.id)
      expect(view.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime())
    }

    const download = await agent.get(`/referent/candidats/${candidate.id}/documents/${documents.other.id}/telecharger`)
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''Notification_MDPH_Lucas.pdf`)
    expect(download.headers['x-content-type-options']).toBe('nosniff')
    const entry = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'document.download', targetId: String(documents.other.id) } })
    expect(entry).toMatchObject({ actorUserId: referent.user.id, targetType: 'Document' })
    expect(JSON.parse(entry.details ?? '{}')).toEqual({ candidateId: candidate.id, type: 'OTHER' })
  })

  it('when a référent of another établissement tries the page, a download or the account actions, then every one is 404 and nothing is logged', async () => {
    const { candidate, documents, user } = await world()
    const stranger = await createReferent(ctx.db)
    const agent = await signIn(ctx.app, stranger.user.email)
    for (const url of [
      `/referent/candidats/${candidate.id}`,
      `/referent/candidats/${candidate.id}/desactiver`,
      `/referent/candidats/${candidate.id}/documents/${documents.cv.id}/telecharger`,
      `/referent/candidats/${candidate.id}/documents/${documents.other.id}/telecharger`,
    ]) {
      const response = await agent.get(url)
      expect(response.status, url).toBe(404)
      expect(response.text).not.toContain('Nathalie Bernard')
    }
    expect((await submitForm(agent, `/referent/candidats/${candidate.id}/desactiver`, {}, '/mon-compte')).status).toBe(404)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('ACTIVE')
    expect(await ctx.db.auditLog.count({ where: { actorUserId: stranger.user.id } })).toBe(0)
  })

  it('when a référent asks for a document of one of their candidates through another candidate’s URL, then it is 404', async () => {
    const first = await world()
    const other = await createCandidate(ctx.db, { establishmentId: first.establishment.id })
    const agent = await signIn(ctx.app, first.referent.user.email)
    expect((await agent.get(`/referent/candidats/${other.candidate.id}/documents/${first.documents.cv.id}/telecharger`)).status).toBe(404)
    expect((await agent.get(`/referent/candidats/${first.candidate.id}/documents/999999/telecharger`)).status).toBe(404)
    expect((await agent.get('/referent/candidats/999999')).status).toBe(404)
    expect((await agent.get('/referent/candidats/abc')).status).toBe(404)
  })

  it('when a self-registration is still waiting for validation, then its page is not shown here (404)', async () => {
    const { establishment, referent } = await world()
    const pending = await createCandidate(ctx.db, { establishmentId: establishment.id, status: 'PENDING_VALIDATION', password: null })
    const agent = await signIn(ctx.app, referent.user.email)
    expect((await agent.get(`/referent/candidats/${pending.candidate.id}`)).status).toBe(404)
  })
})

describe('the candidate’s applications on the référent’s page', () => {
  const DAY = 86_400_000

  it('when the candidate has applied, then "Candidatures" lists every application of this candidate, newest first, with its offer or "Candidature spontanée", employer, date, status and a link to it — and none of another candidate', async () => {
    const { establishment, referent, candidate } = await world()
    const employer = await createEmployer(ctx.db, { name: 'Garonne Numérique' })
    const otherEmployer = await createEmployer(ctx.db, { name: 'Pyrénées Services' })
    const offer = await createOffer(ctx.db, { employerId: employer.id, title: 'Technicien·ne de maintenance' })
    const older = await createApplication(ctx.db, {
      candidateId: candidate.id,
      offerId: offer.id,
      status: 'IN_REVIEW',
      submittedAt: new Date(Date.now() - 3 * DAY),
    })
    const newer = await createApplication(ctx.db, {
      candidateId: candidate.id,
      employerId: otherEmployer.id,
      status: 'PENDING_REFERENT',
      submittedAt: new Date(Date.now() - DAY),
    })
    const classmate = await createCandidate(ctx.db, { establishmentId: establishment.id, firstName: 'Léa', lastName: 'Roux' })
    const classmateOffer = await createOffer(ctx.db, { employerId: employer.id, title: 'Offre de Léa' })
    const notMine = await createApplication(ctx.db, { candidateId: classmate.candidate.id, offerId: classmateOffer.id, status: 'ACCEPTED' })

    const agent = await signIn(ctx.app, referent.user.email)
    const page = await agent.get(`/referent/candidats/${candidate.id}`)
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(headingsOf(html)).toContain('Candidatures')
    const section = sectionOf(html, 'Candidatures')
    expect(section).toContain('<caption>Candidatures de Lucas Bernard, de la plus récente à la plus ancienne</caption>')
    const rows = [...section.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/tr>/g)].map((match) => textOf(match[0]))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('Candidature spontanée Pyrénées Services')
    expect(rows[0]).toContain('En attente de validation par le référent')
    expect(rows[1]).toContain('Technicien·ne de maintenance Garonne Numérique')
    expect(rows[1]).toContain('En cours d’étude')
    expect(section).toContain(
      `<a href="/referent/candidatures/${newer.id}">Consulter<span class="visually-hidden"> la candidature spontanée à Pyrénées Services du `,
    )
    expect(section).toContain(
      `<a href="/referent/candidatures/${older.id}">Consulter<span class="visually-hidden"> la candidature à l’offre « Technicien·ne de maintenance » de Garonne Numérique du `,
    )
    expect(section).not.toContain('Offre de Léa')
    expect(section).not.toContain(`/referent/candidatures/${notMine.id}"`)
    // the link leads to the application's page, which this référent may open
    expect((await agent.get(`/referent/candidatures/${older.id}`)).status).toBe(200)
  })

  it('when the candidate has not applied yet, then the section says so', async () => {
    const { referent, candidate } = await world()
    const agent = await signIn(ctx.app, referent.user.email)
    const section = sectionOf(decodeHtml((await agent.get(`/referent/candidats/${candidate.id}`)).text), 'Candidatures')
    expect(section).toContain('Lucas Bernard n’a envoyé aucune candidature.')
    expect(section).not.toContain('<table>')
  })

  it('when a référent of another établissement opens the page of a candidate who has applied, then it is 404 and shows none of the applications', async () => {
    const { candidate } = await world()
    const employer = await createEmployer(ctx.db, { name: 'Comminges Logistique' })
    const application = await createApplication(ctx.db, { candidateId: candidate.id, employerId: employer.id, status: 'SENT' })
    const stranger = await createReferent(ctx.db)
    const agent = await signIn(ctx.app, stranger.user.email)
    const page = await agent.get(`/referent/candidats/${candidate.id}`)
    expect(page.status).toBe(404)
    expect(page.text).not.toContain('Comminges Logistique')
    expect(page.text).not.toContain(`/referent/candidatures/${application.id}`)
    expect((await agent.get(`/referent/candidatures/${application.id}`)).status).toBe(404)
  })
})

describe('the list of candidates leads to their pages', () => {
  it('when the référent filters the list by status, then only those candidates are listed, each row linking to the candidate’s page', async () => {
    const { establishment, referent, candidate } = await world()
    const disabled = await createCandidate(ctx.db, { establishmentId: establishment.id, lastName: 'Zola', status: 'DISABLED' })
    const agent = await signIn(ctx.app, referent.user.email)
    const all = await agent.get('/referent/candidats')
    expect(all.text).toContain(`<a href="/referent/candidats/${candidate.id}">Bernard<span class="visually-hidden"> Lucas</span></a>`)
    expect(all.text).toContain(`href="/referent/candidats/${disabled.candidate.id}"`)
    expect(all.text).toMatch(/<label for="field-statut">Statut du compte/)
    const onlyDisabled = await agent.get('/referent/candidats?statut=DISABLED')
    expect(onlyDisabled.text).toContain(disabled.user.email)
    expect(onlyDisabled.text).not.toContain(`href="/referent/candidats/${candidate.id}"`)
    expect(onlyDisabled.text).toMatch(/<option value="DISABLED" selected>/)
    const unknownStatus = await agent.get('/referent/candidats?statut=PENDING_VALIDATION')
    expect(unknownStatus.text).toContain(`href="/referent/candidats/${candidate.id}"`)
  })
})

describe('an employer never sees a profile, a family contact or a document', () => {
  it('when a recruiter tries every candidate URL, including for a CV attached to an application sent to their employer, then each is refused (403/404) without any personal data', async () => {
    const { candidate, documents } = await world()
    const recruiter = await createRecruiter(ctx.db)
    await createApplication(ctx.db, {
      candidateId: candidate.id,
      employerId: recruiter.recruiter.employerId,
      status: 'SENT',
      documentIds: [documents.cv.id, documents.letter.id],
    })
    const agent = await signIn(ctx.app, recruiter.user.email)
    const urls = [
      `/referent/candidats/${candidate.id}`,
      `/referent/candidats/${candidate.id}/desactiver`,
      '/mon-compte/informations',
      '/mon-compte/documents',
      ...Object.values(documents).flatMap((document) => [
        `/referent/candidats/${candidate.id}/documents/${document.id}/telecharger`,
        `/mon-compte/documents/${document.id}/telecharger`,
        `/mon-compte/documents/${document.id}/renommer`,
      ]),
    ]
    for (const url of urls) {
      const response = await agent.get(url)
      expect([403, 404], url).toContain(response.status)
      for (const secret of ['Nathalie Bernard', '07 45 12 89 30', 'Pauses régulières', 'Notification_MDPH_Lucas'])
        expect(response.text, url).not.toContain(secret)
      expect(response.headers['content-disposition'], url).toBeUndefined()
    }
    // a recruiter has no profile pages at all: no menu entry, no "Mon compte" entry
    const account = await agent.get('/mon-compte')
    expect(account.text).not.toContain('/mon-compte/informations')
    expect(account.text).not.toContain('/mon-compte/documents')
  })

  it('when a candidate or an administrator opens the référent’s page of a candidate, then it is refused (403)', async () => {
    const { candidate } = await world()
    const otherCandidate = await createCandidate(ctx.db)
    const admin = await createAdmin(ctx.db)
    for (const email of [otherCandidate.user.email, admin.user.email]) {
      const agent = await signIn(ctx.app, email)
      expect((await agent.get(`/referent/candidats/${candidate.id}`)).status).toBe(403)
    }
    expect((await request(ctx.app).get(`/referent/candidats/${candidate.id}`)).headers.location).toBe('/connexion')
  })
})

describe('disabling and re-activating an account', () => {
  it('when the référent confirms "Désactiver le compte", then the candidate is signed out and cannot sign in; re-activation lets them back in; both are audit-logged', async () => {
    const { referent, candidate, user } = await world()
    const candidateAgent = await signIn(ctx.app, user.email)
    const agent = await signIn(ctx.app, referent.user.email)

    const confirmation = await agent.get(`/referent/candidats/${candidate.id}/desactiver`)
    expect(confirmation.status).toBe(200)
    expect(confirmation.text).toContain('<h1>Désactiver le compte de Lucas Bernard</h1>')
    expect(confirmation.text).toContain('>Désactiver le compte</button>')
    expect(confirmation.text).toContain(`href="/referent/candidats/${candidate.id}">Annuler</a>`)

    const disabled = await submitForm(agent, `/referent/candidats/${candidate.id}/desactiver`, {})
    expect(disabled.headers.location).toBe(`/referent/candidats/${candidate.id}`)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('DISABLED')
    expect((await candidateAgent.get('/mon-compte')).headers.location).toBe('/connexion')
    await expect(signIn(ctx.app, user.email, TEST_PASSWORD)).rejects.toThrow()
    const page = await agent.get(`/referent/candidats/${candidate.id}`)
    expect(page.text).toContain('est désactivé')
    expect(page.text).toContain('>Réactiver le compte</button>')

    const enabled = await submitForm(agent, `/referent/candidats/${candidate.id}/reactiver`, {}, `/referent/candidats/${candidate.id}`)
    expect(enabled.headers.location).toBe(`/referent/candidats/${candidate.id}`)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe('ACTIVE')
    await expect(signIn(ctx.app, user.email, TEST_PASSWORD)).resolves.toBeDefined()

    const actions = await ctx.db.auditLog.findMany({
      where: { targetType: 'Candidate', targetId: String(candidate.id), action: { in: ['candidate.disable', 'candidate.enable'] } },
      orderBy: { id: 'asc' },
    })
    expect(actions.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ['candidate.disable', referent.user.id],
      ['candidate.enable', referent.user.id],
    ])
  })

  it('when an invited candidate (no password yet) is re-activated, then they are invited again, not active', async () => {
    const { establishment, referent } = await world()
    const invited = await createCandidate(ctx.db, { establishmentId: establishment.id, status: 'INVITED', password: null })
    const agent = await signIn(ctx.app, referent.user.email)
    await submitForm(agent, `/referent/candidats/${invited.candidate.id}/desactiver`, {})
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: invited.user.id } })).status).toBe('DISABLED')
    await submitForm(agent, `/referent/candidats/${invited.candidate.id}/reactiver`, {}, `/referent/candidats/${invited.candidate.id}`)
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: invited.user.id } })).status).toBe('INVITED')
  })
})
