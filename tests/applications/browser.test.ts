// The "Done when", in a real Chromium without JavaScript, on the demo data, with a real SMTP
// server; and axe-core (WCAG 2.1 A and AA) on every page of the applications domain.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_EMPLOYER_NAME } from '../../src/seed/demo-data.ts'
import { createDocument } from '../factories/index.ts'
import { createPageChecker, DEMO, field, useBrowserWithMail } from '../helpers/browser.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'

const started = useBrowserWithMail()

const { problems, check } = createPageChecker(() => started.bt)

async function click(page: Page, role: 'link' | 'button', name: string | RegExp) {
  await Promise.all([
    page.waitForLoadState('load'),
    page
      .getByRole(role, { name, exact: typeof name === 'string' })
      .first()
      .click(),
  ])
}

async function mailsTo(email: string, from: number) {
  await deliverEmails(started.bt.ctx)
  return started.smtp.messages.slice(from).filter((message) => recipientsOf(message).includes(email))
}

describe('applications in a real browser, without JavaScript', () => {
  it('the candidate applies with a CV; nothing reaches the employer until the référent validates; the employer answers; the candidate follows', async () => {
    const { db, config } = started.bt.ctx
    const demoCandidate = await db.user.findUniqueOrThrow({ where: { email: DEMO.candidate }, include: { candidate: true } })
    const cv = await createDocument(db, config.uploadDir, { candidateId: demoCandidate.candidate!.id, name: 'CV_MartinCamille_Developpeuse', type: 'CV' })
    const offer = await db.offer.findFirstOrThrow({ where: { status: 'PUBLISHED', employer: { name: DEMO_EMPLOYER_NAME } }, orderBy: { id: 'asc' } })
    const start = started.smtp.messages.length

    // the candidate: offer page → "Envoyer une candidature" → the form
    const candidate = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(candidate, DEMO.candidate)
    await candidate.goto(`/offres/${offer.id}`)
    await click(candidate, 'link', 'Envoyer une candidature')
    expect(new URL(candidate.url()).pathname).toBe(`/offres/${offer.id}/candidature`)
    await check(candidate)
    await click(candidate, 'button', 'Envoyer la candidature')
    expect(await candidate.locator('.error-summary').innerText()).toContain('Écrivez un message pour l’employeur.')
    await check(candidate)
    await field(candidate, 'Message pour l’employeur').fill('Madame, Monsieur, je vous prie de trouver ci-joint mon dossier de candidature.')
    await candidate.getByLabel(cv.name).check()
    await field(candidate, 'Message pour votre référent').fill('Pouvez-vous relire mon message ?')
    await click(candidate, 'button', 'Envoyer la candidature')
    const applicationPath = new URL(candidate.url()).pathname
    expect(applicationPath).toMatch(/^\/candidatures\/\d+$/)
    expect(await candidate.locator('main').innerText()).toContain('En attente de validation par le référent')
    await check(candidate)

    // the employer: not in the inbox (only the demo's applications of other candidates), no email
    const employer = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(employer, DEMO.employer)
    await click(employer, 'link', 'Candidatures reçues')
    expect(await employer.locator('main').innerText()).not.toContain('Camille Martin')
    await check(employer)
    expect(await mailsTo(DEMO.employer, start)).toHaveLength(0)

    // the référent returns it with a comment
    const referent = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(referent, DEMO.referent)
    await click(referent, 'link', 'Candidatures à valider')
    await check(referent)
    await click(referent, 'link', /^Consulter/)
    await check(referent)
    await click(referent, 'button', 'Renvoyer au candidat')
    expect(await referent.locator('.error-summary').innerText()).toContain('Écrivez un commentaire pour le candidat')
    await check(referent)
    await field(referent, 'Commentaire pour le candidat').fill('Précisez les dates de votre stage.')
    await click(referent, 'button', 'Renvoyer au candidat')
    expect(await referent.locator('main').innerText()).toContain('À revoir')

    // the candidate edits and resubmits
    await candidate.goto(applicationPath)
    expect(await candidate.locator('main').innerText()).toContain('Précisez les dates de votre stage.')
    await click(candidate, 'link', 'Modifier la candidature')
    await check(candidate)
    await field(candidate, 'Message pour l’employeur').fill('Madame, Monsieur, je cherche un stage du 1er mars au 30 avril. Cordialement.')
    await click(candidate, 'button', 'Envoyer la candidature')
    expect(await candidate.locator('main').innerText()).toContain('En attente de validation par le référent')

    // the référent validates: exactly one email to the employer, with the CV attached
    await referent.goto(`/referent${applicationPath}`)
    await click(referent, 'button', 'Valider et envoyer à l’employeur')
    expect(await referent.locator('main').innerText()).toContain('La candidature est validée et envoyée à l’employeur.')
    const received = await mailsTo(DEMO.employer, start)
    expect(received).toHaveLength(1)
    expect(received[0].attachments.map((attachment) => attachment.filename)).toEqual(['CV_MartinCamille_Developpeuse.pdf'])
    expect(received[0].text).toContain('du 1er mars au 30 avril')
    expect(received[0].text).not.toContain('Pouvez-vous relire')

    // the employer sets "Entretien"
    await employer.goto('/recruteur/candidatures')
    await check(employer)
    await click(employer, 'link', 'Consulter la candidature de Camille Martin')
    await check(employer)
    const download = await employer.request.get(`${new URL(employer.url()).pathname}/documents/${cv.id}`)
    expect(download.status()).toBe(200)
    await employer.getByLabel('Statut').selectOption({ label: 'Entretien' })
    await employer.getByLabel('Message au candidat (facultatif)').fill('Entretien le 12 mars à 10 h.')
    await click(employer, 'button', 'Enregistrer')
    expect(await employer.locator('main').innerText()).toContain('Le statut de la candidature est enregistré : Entretien.')

    // the candidate sees the new status and the timeline, and gets an alert email
    await candidate.goto(applicationPath)
    const followUp = await candidate.locator('main').innerText()
    expect(followUp).toContain('Entretien le 12 mars à 10 h.')
    expect(followUp).toContain('Nouveau statut donné par l’employeur : Entretien')
    expect(followUp).toContain('Validée par le référent et envoyée à l’employeur')
    expect(followUp).toContain('Renvoyée au candidat par le référent : à revoir')
    const alerts = (await mailsTo(DEMO.candidate, start)).filter((message) => message.subject === 'Votre candidature : Entretien')
    expect(alerts).toHaveLength(1)
    await click(candidate, 'link', 'Mes candidatures')
    expect(await candidate.locator('main').innerText()).toContain('Consulter la candidature')
    await check(candidate)
    await candidate.goto(applicationPath)
    await click(candidate, 'link', 'Retirer la candidature')
    await check(candidate)
  }, 180_000)

  it('a spontaneous application works the same, from the employer page', async () => {
    const { db } = started.bt.ctx
    const employerRow = await db.employer.findFirstOrThrow({ where: { name: DEMO_EMPLOYER_NAME } })
    const start = started.smtp.messages.length
    const candidate = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(candidate, DEMO.candidate)
    await candidate.goto(`/employeurs/${employerRow.id}`)
    await click(candidate, 'link', 'Envoyer une candidature spontanée')
    await check(candidate)
    await field(candidate, 'Message pour l’employeur').fill('Je souhaiterais rejoindre votre équipe support.')
    await candidate.getByLabel('Mentionner ma RQTH et mes besoins d’aménagement à l’employeur').check()
    await click(candidate, 'button', 'Envoyer la candidature')
    const applicationPath = new URL(candidate.url()).pathname
    expect(await candidate.locator('h1').innerText()).toBe(`Candidature spontanée : ${DEMO_EMPLOYER_NAME}`)

    const referent = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(referent, DEMO.referent)
    await referent.goto(`/referent${applicationPath}`)
    await click(referent, 'button', 'Valider et envoyer à l’employeur')
    await click(referent, 'link', 'Candidatures à valider')
    await click(referent, 'link', 'Voir toutes les candidatures de vos candidats')
    await check(referent)

    const received = await mailsTo(DEMO.employer, start)
    expect(received).toHaveLength(1)
    expect(received[0].subject).toContain('Nouvelle candidature spontanée')
    expect(received[0].text).toContain('RQTH')
  }, 120_000)

  it('every page of the domain passes axe and the page checks', () => {
    expect(problems).toEqual([])
  })
})
