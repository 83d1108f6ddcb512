// The offers' "done when", in a real Chromium on the demo data, with the keyboard only (Tab,
// Shift+Tab, Enter, Space, typing) and, for the candidate, without JavaScript.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, describeFocus, field, isFocused, pressAndWaitForPage, startBrowserContext, tabTo, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
})
afterAll(async () => bt?.close())

const pathOf = (page: Page) => new URL(page.url()).pathname
const addressOf = (page: Page) => {
  const url = new URL(page.url())
  return url.pathname + url.search
}
const h1Of = (page: Page) => page.locator('h1').innerText()
const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' })

async function followMenu(page: Page, label: string) {
  await tabTo(page, menu(page).getByRole('link', { name: label, exact: true }))
  await pressAndWaitForPage(page, 'Enter')
}

/** Types into the field with this label, reached with Tab. */
async function typeInto(page: Page, label: string, text: string) {
  await tabTo(page, field(page, label), { max: 120 })
  await page.keyboard.type(text)
}

describe('offers, by keyboard', () => {
  it('the demo candidate filters by contract type and city, opens an offer through "…", comes back with "Retour", then opens a company page (no JavaScript)', {
    timeout: 90_000,
  }, async () => {
    const page = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(page, DEMO.candidate)
    await followMenu(page, 'Offres')
    expect(pathOf(page)).toBe('/offres')
    expect(await h1Of(page)).toBe('Offres')

    await tabTo(page, page.getByRole('checkbox', { name: 'Stage' }))
    await page.keyboard.press('Space')
    expect(await page.getByRole('checkbox', { name: 'Stage' }).isChecked()).toBe(true)
    await typeInto(page, 'Ville ou département', 'Toulouse')
    await tabTo(page, page.getByRole('button', { name: 'Rechercher' }))
    await pressAndWaitForPage(page, 'Enter')
    // the form's empty fields are left out of the address
    const searchAddress = addressOf(page)
    expect(searchAddress).toBe('/offres?contrat=stage&lieu=Toulouse')
    const count = await page.locator('.result-count').innerText()
    expect(count).toMatch(/^\d+ offres?/)

    // the "…" menu of the first result: a disclosure opened with Enter, then "Voir l’offre"
    const firstResult = page.locator('.offer-card').first()
    const title = (await firstResult.locator('h3').innerText()).trim()
    const summary = firstResult.locator('summary')
    await tabTo(page, summary)
    await page.keyboard.press('Enter')
    expect(await firstResult.locator('details').getAttribute('open')).not.toBeNull()
    await page.keyboard.press('Tab')
    expect(await isFocused(firstResult.getByRole('link', { name: /^Voir l’offre/ })), `focus is on ${await describeFocus(page)}`).toBe(true)
    await pressAndWaitForPage(page, 'Enter')
    expect(pathOf(page)).toMatch(/^\/offres\/\d+$/)
    expect(await h1Of(page)).toBe(title)
    expect(await page.getByRole('link', { name: 'Envoyer une candidature', exact: true }).count()).toBeGreaterThan(0)

    await tabTo(page, page.getByRole('link', { name: 'Retour', exact: true }).first())
    await pressAndWaitForPage(page, 'Enter')
    expect(addressOf(page)).toBe(searchAddress)
    expect(await page.getByRole('checkbox', { name: 'Stage' }).isChecked()).toBe(true)
    expect(await field(page, 'Ville ou département').inputValue()).toBe('Toulouse')

    await followMenu(page, 'Employeurs')
    expect(await h1Of(page)).toBe('Employeurs')
    const company = page.locator('.cards h2 a').first()
    const companyName = (await company.innerText()).trim()
    await tabTo(page, company)
    await pressAndWaitForPage(page, 'Enter')
    expect(pathOf(page)).toMatch(/^\/employeurs\/\d+$/)
    expect(await h1Of(page)).toBe(companyName)
    await tabTo(page, page.getByRole('link', { name: 'Envoyer une candidature spontanée' }))
    await pressAndWaitForPage(page, 'Enter')
    expect(pathOf(page)).toMatch(/^\/employeurs\/\d+\/candidature$/)
    await page.context().close()
  })

  it('the demo employer creates and publishes an offer, the candidate finds it by keyword; once closed, it is gone', { timeout: 120_000 }, async () => {
    const employer = await bt.newPage()
    await bt.signInAs(employer, DEMO.employer)
    await followMenu(employer, 'Mes offres')
    expect(await h1Of(employer)).toBe('Mes offres')
    await tabTo(employer, employer.getByRole('link', { name: 'Créer une offre' }))
    await pressAndWaitForPage(employer, 'Enter')
    expect(await h1Of(employer)).toBe('Créer une offre')

    await typeInto(employer, 'Intitulé du poste', 'Cartographe numérique (H/F)')
    await typeInto(employer, 'Description', 'Vous réalisez des cartes interactives accessibles pour les collectivités.')
    await tabTo(employer, field(employer, 'Type de contrat'))
    await employer.keyboard.type('CDD')
    await typeInto(employer, 'Ville', 'Toulouse')
    await tabTo(employer, field(employer, 'Département'))
    await employer.keyboard.type('31')
    expect(await field(employer, 'Type de contrat').inputValue()).toBe('CDD')
    expect(await field(employer, 'Département').inputValue()).toBe('31')
    await tabTo(employer, employer.getByRole('button', { name: 'Publier', exact: true }))
    await pressAndWaitForPage(employer, 'Enter')
    expect(pathOf(employer)).toBe('/recruteur/offres')
    expect(await employer.getByRole('status').first().innerText()).toContain('L’offre est publiée')

    const candidate = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(candidate, DEMO.candidate)
    await candidate.goto('/offres')
    await typeInto(candidate, 'Mots-clés', 'cartographe')
    await pressAndWaitForPage(candidate, 'Enter')
    expect(await candidate.locator('.result-count').innerText()).toMatch(/^1 offre/)
    expect(await candidate.locator('.offer-card h3').innerText()).toBe('Cartographe numérique (H/F)')

    // the employer closes it from its form
    await tabTo(employer, employer.getByRole('link', { name: 'Cartographe numérique (H/F)', exact: true }))
    await pressAndWaitForPage(employer, 'Enter')
    await tabTo(employer, employer.getByRole('button', { name: 'Clôturer' }), { max: 150 })
    await pressAndWaitForPage(employer, 'Space')
    expect(await employer.getByRole('status').first().innerText()).toContain('L’offre est clôturée')

    await candidate.reload()
    expect(await candidate.locator('.result-count').innerText()).toMatch(/^Aucune offre/)
    await employer.context().close()
    await candidate.context().close()
  })
})
