// The "Done when" for saved searches, in a real Chromium without JavaScript, on the demo data,
// with axe-core (WCAG 2.1 A and AA) on each page: the demo candidate saves a search with « Dès la
// publication », the demo recruiter publishes a matching offer, the alert e-mail arrives (real SMTP
// server) with the offer and a one-click stop link that works without signing in.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { sendSavedSearchAlerts } from '../../src/modules/offers/saved-searches.ts'
import { createPageChecker, DEMO, field, useBrowserWithMail } from '../helpers/browser.ts'
import { deliverEmails, linkIn, sentTo } from '../helpers/mail.ts'

const started = useBrowserWithMail()
const { problems, check } = createPageChecker(() => started.bt, { uniqueTitles: false })

async function click(page: Page, role: 'link' | 'button', name: string) {
  await Promise.all([page.waitForLoadState('load'), page.locator('main').getByRole(role, { name, exact: true }).first().click()])
}
const pathOf = (page: Page) => new URL(page.url()).pathname

describe('saved searches in a real browser, without JavaScript', () => {
  it('the candidate saves a search « Dès la publication », a matching offer is published, the alert arrives and its stop link works', {
    timeout: 180_000,
  }, async () => {
    const { bt, smtp } = started
    const candidate = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(candidate, DEMO.candidate)
    await candidate.goto('/offres?motscles=cartographe')
    await check(candidate)
    expect(await field(candidate, 'Nom de la recherche').inputValue()).toBe('cartographe')
    // a name too long: the same page again, the reason next to the field (and in the summary at the top)
    await field(candidate, 'Nom de la recherche').fill(`Cartographie ${'x'.repeat(100)}`)
    await click(candidate, 'button', 'Enregistrer cette recherche')
    await check(candidate)
    const name = field(candidate, 'Nom de la recherche')
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    expect((await name.getAttribute('aria-describedby'))?.split(' ')).toContain('field-nom-error')
    expect(await candidate.locator('#field-nom-error').innerText()).toContain('Le nom de la recherche doit compter au plus 100 caractères.')
    expect(await candidate.locator('.error-summary').innerText()).toContain('Le nom de la recherche doit compter au plus 100 caractères.')
    await name.fill('Cartographie')
    await field(candidate, 'Fréquence des alertes').selectOption({ label: 'Dès la publication' })
    await click(candidate, 'button', 'Enregistrer cette recherche')
    expect(pathOf(candidate)).toBe('/mon-compte/recherches')
    const list = await candidate.locator('main').innerText()
    expect(list).toContain('Cartographie')
    expect(list).toContain('Mots-clés : cartographe')
    expect(list).toContain('Fréquence des alertes : Dès la publication')
    await check(candidate)
    await click(candidate, 'link', 'Modifier « Cartographie »')
    await check(candidate)

    const recruiter = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(recruiter, DEMO.employer)
    await recruiter.goto('/recruteur/offres/nouvelle')
    await field(recruiter, 'Intitulé du poste').fill('Cartographe junior')
    await field(recruiter, 'Description').fill('Vous dessinez nos cartes interactives.')
    await field(recruiter, 'Type de contrat').selectOption({ label: 'Stage' })
    await field(recruiter, 'Ville').fill('Toulouse')
    await field(recruiter, 'Département').selectOption('31')
    await click(recruiter, 'button', 'Publier')
    expect(pathOf(recruiter)).toBe('/recruteur/offres')

    // the job's next run, then the outbox
    await sendSavedSearchAlerts(bt.ctx.db, bt.ctx.config, new Date(Date.now() + 1000))
    await deliverEmails(bt.ctx)
    const mail = await smtp.waitFor((message) => sentTo(DEMO.candidate)(message) && message.subject === '1 nouvelle offre pour « Cartographie »')
    expect(mail.text).toContain('Cartographe junior')
    const stop = linkIn(mail, `${bt.baseUrl}/alertes-offres/arreter/`)
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe')?.line).toContain(stop)
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line).toContain('List-Unsubscribe=One-Click')

    // the stop link, in a browser that is not signed in
    const reader = await bt.newPage({ javaScriptEnabled: false })
    await reader.goto(stop)
    expect(await reader.locator('h1').innerText()).toBe('Arrêter l’alerte')
    await check(reader)
    await click(reader, 'button', 'Arrêter cette alerte')
    expect(await reader.locator('main').innerText()).toContain('Vous ne recevrez plus d’e-mail pour la recherche « Cartographie »')
    await check(reader)

    await candidate.goto('/mon-compte/recherches')
    expect(await candidate.locator('main').innerText()).toContain('Fréquence des alertes : Jamais')
    expect(problems).toEqual([])
  })
})
