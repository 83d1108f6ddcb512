// The parrainage "Done when", on the demo data, in a real Chromium without JavaScript and mostly by
// keyboard: the demo candidate asks Garonne Numérique (a partner of their convention) for a mentor;
// the demo employer accepts with a mentor; the candidate sees the mentor. Plus the référent's view and
// the cancellation, and axe-core (WCAG 2.1 A and AA) on every page of the domain.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_EMPLOYER_NAME } from '../../src/seed/demo-data.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'
import { createPageChecker, DEMO, describeFocus, field, isFocused, pressAndWaitForPage, tabTo, useBrowserWithMail } from '../helpers/browser.ts'

const started = useBrowserWithMail()

const { problems, check } = createPageChecker(() => started.bt)

const pathOf = (page: Page) => new URL(page.url()).pathname
const mainText = (page: Page) => page.locator('main').innerText()

/** Tab to a link or button and press Enter, as a keyboard user would. */
async function activate(page: Page, role: 'link' | 'button', name: string | RegExp, scope = page.locator('body')) {
  const target = scope.getByRole(role, { name, exact: typeof name === 'string' }).first()
  await tabTo(page, target, { max: 120 })
  await pressAndWaitForPage(page, 'Enter')
}

/** Tab to a field and type into it. */
async function typeInto(page: Page, label: string, text: string) {
  await tabTo(page, field(page, label), { max: 120 })
  expect(await isFocused(field(page, label)), `focus should be on "${label}", is on ${await describeFocus(page)}`).toBe(true)
  await page.keyboard.type(text)
}

async function mailsTo(email: string, from: number) {
  await deliverEmails(started.bt.ctx)
  return started.smtp.messages.slice(from).filter((message) => recipientsOf(message).includes(email))
}

describe('parrainage in a real browser, without JavaScript, by keyboard', () => {
  it('the candidate requests a parrainage, the employer accepts it with a mentor, the candidate sees the mentor', async () => {
    const { db } = started.bt.ctx
    const employerRow = await db.employer.findFirstOrThrow({ where: { name: DEMO_EMPLOYER_NAME } })
    const demoCandidate = await db.user.findUniqueOrThrow({ where: { email: DEMO.candidate }, include: { candidate: { include: { establishment: true } } } })
    // the demo employer is a partner of the demo candidate's convention
    expect(
      await db.employerPartnership.count({ where: { employerId: employerRow.id, conventionId: demoCandidate.candidate!.establishment.conventionId } }),
    ).toBe(1)
    const start = started.smtp.messages.length

    // the candidate: "Employeurs" → the company page → "Demander un parrainage"
    const candidate = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(candidate, DEMO.candidate)
    await activate(candidate, 'link', 'Employeurs', candidate.getByRole('navigation', { name: 'Menu principal' }))
    expect(pathOf(candidate)).toBe('/employeurs')
    await candidate.goto(`/employeurs/${employerRow.id}`)
    await activate(candidate, 'link', 'Demander un parrainage')
    expect(pathOf(candidate)).toBe(`/employeurs/${employerRow.id}/parrainage`)
    expect(await candidate.locator('h1').innerText()).toBe('Demander un parrainage')
    await check(candidate)

    // sent empty: the error summary, each field's message
    await activate(candidate, 'button', 'Envoyer la demande')
    const summary = await candidate.locator('.error-summary').innerText()
    expect(summary).toContain('Le formulaire contient 3 erreurs')
    expect(summary).toContain('Écrivez votre motivation')
    await check(candidate)

    await typeInto(candidate, 'Motivation', 'Je prépare un BTS SIO et votre métier de développeur m’intéresse beaucoup.')
    await typeInto(candidate, 'Vos attentes', 'Des conseils pour mon CV et mes entretiens.')
    await typeInto(candidate, 'Vos disponibilités', 'Le mercredi après-midi.')
    await activate(candidate, 'button', 'Envoyer la demande')
    const followUpPath = pathOf(candidate)
    expect(followUpPath).toMatch(/^\/parrainages\/\d+$/)
    const sent = await mainText(candidate)
    expect(sent).toContain(`Votre demande de parrainage est envoyée à ${DEMO_EMPLOYER_NAME}.`)
    expect(sent).toContain('Envoyée')
    expect(sent).toContain('Des conseils pour mon CV et mes entretiens.')
    await check(candidate)

    // "Mes parrainages" in the menu
    await activate(candidate, 'link', 'Mes parrainages', candidate.getByRole('navigation', { name: 'Menu principal' }))
    expect(await candidate.locator('h1').innerText()).toBe('Mes demandes de parrainage')
    expect(await mainText(candidate)).toContain(`Demande de parrainage à ${DEMO_EMPLOYER_NAME}`)
    await check(candidate)

    // the company page now tells the status
    await candidate.goto(`/employeurs/${employerRow.id}`)
    expect(await mainText(candidate)).toContain(`Votre demande de parrainage à ${DEMO_EMPLOYER_NAME} : Envoyée`)

    // the employer is told by email, and answers from "Demandes de parrainage"
    const received = await mailsTo(DEMO.employer, start)
    expect(received.map((message) => message.subject)).toContain(`Nouvelle demande de parrainage : ${demoCandidate.firstName} ${demoCandidate.lastName}`)
    const employer = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(employer, DEMO.employer)
    await activate(employer, 'link', 'Demandes de parrainage', employer.getByRole('navigation', { name: 'Menu principal' }))
    expect(pathOf(employer)).toBe('/recruteur/parrainages')
    expect(await mainText(employer)).toContain(`${demoCandidate.firstName} ${demoCandidate.lastName}`)
    await check(employer)
    await activate(employer, 'link', new RegExp(`^Répondre : demande de ${demoCandidate.firstName} ${demoCandidate.lastName}`))
    expect(await employer.locator('h1').innerText()).toBe(`Demande de parrainage de ${demoCandidate.firstName} ${demoCandidate.lastName}`)
    const request = await mainText(employer)
    expect(request).toContain('votre métier de développeur m’intéresse beaucoup')
    expect(request).not.toContain(DEMO.candidate)
    await check(employer)

    // "Accepter" without the mentor: both messages
    await activate(employer, 'button', 'Accepter')
    expect(await employer.locator('.error-summary').innerText()).toContain('Indiquez le nom du parrain ou de la marraine.')
    await check(employer)
    await typeInto(employer, 'Nom du parrain ou de la marraine', 'Léa Dupont')
    await typeInto(employer, 'Contact', 'lea.dupont@garonne-numerique.example')
    await activate(employer, 'button', 'Accepter')
    const answered = await mainText(employer)
    expect(answered).toContain('Vous avez accepté la demande de parrainage.')
    expect(answered).toContain('Acceptée')
    await check(employer)

    // the candidate sees the mentor on the follow-up page, and got the alert email
    await candidate.goto(followUpPath)
    const accepted = await mainText(candidate)
    expect(accepted).toContain('Acceptée')
    expect(accepted).toContain('Votre parrain ou votre marraine')
    expect(accepted).toContain('Léa Dupont')
    expect(accepted).toContain('lea.dupont@garonne-numerique.example')
    expect(await candidate.getByRole('link', { name: 'lea.dupont@garonne-numerique.example' }).getAttribute('href')).toBe(
      'mailto:lea.dupont@garonne-numerique.example',
    )
    await check(candidate)
    const alerts = (await mailsTo(DEMO.candidate, start)).filter((message) => message.subject === `${DEMO_EMPLOYER_NAME} a accepté votre demande de parrainage`)
    expect(alerts).toHaveLength(1)
    expect(alerts[0].text).toContain('Léa Dupont')

    // the référent sees it: the list, the request, the candidate's page
    const referent = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(referent, DEMO.referent)
    await referent.goto('/referent/parrainages')
    expect(await mainText(referent)).toContain(DEMO_EMPLOYER_NAME)
    await check(referent)
    await activate(referent, 'link', /^Consulter/)
    expect(await mainText(referent)).toContain('Léa Dupont')
    await check(referent)
    await activate(referent, 'link', `${demoCandidate.firstName} ${demoCandidate.lastName}`, referent.locator('main'))
    expect(pathOf(referent)).toBe(`/referent/candidats/${demoCandidate.candidate!.id}`)
    expect(await referent.getByRole('heading', { name: 'Parrainages', exact: true }).count()).toBe(1)
  }, 180_000)

  it('the candidate cancels a request that waits for an answer', async () => {
    const { db } = started.bt.ctx
    const demoCandidate = await db.user.findUniqueOrThrow({ where: { email: DEMO.candidate }, include: { candidate: { include: { establishment: true } } } })
    const another = await db.employer.findFirstOrThrow({
      where: { name: { not: DEMO_EMPLOYER_NAME }, partnerships: { some: { conventionId: demoCandidate.candidate!.establishment.conventionId } } },
      orderBy: { id: 'asc' },
    })
    const candidate = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(candidate, DEMO.candidate)
    await candidate.goto(`/employeurs/${another.id}/parrainage`)
    await field(candidate, 'Motivation').fill('Découvrir votre métier.')
    await field(candidate, 'Vos attentes').fill('Des conseils.')
    await field(candidate, 'Vos disponibilités').fill('Le lundi matin.')
    await activate(candidate, 'button', 'Envoyer la demande')
    await activate(candidate, 'link', 'Annuler la demande')
    expect(await candidate.locator('h1').innerText()).toBe('Annuler la demande de parrainage')
    await check(candidate)
    await activate(candidate, 'button', 'Annuler la demande')
    const cancelled = await mainText(candidate)
    expect(cancelled).toContain('Votre demande de parrainage est annulée.')
    expect(cancelled).toContain('Annulée')
    await check(candidate)
  }, 120_000)

  it('every page of the domain passes axe and the page checks', () => {
    expect(problems).toEqual([])
  })
})
