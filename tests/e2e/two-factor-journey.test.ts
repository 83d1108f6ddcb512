// « Double authentification » in a real Chromium, keyboard only, without JavaScript: the demo référent
// turns it on from « Mon compte », notes the recovery codes, signs out, and signs in again with the
// code of the app (made here with otplib). Every page reached passes axe-core (WCAG 2.1 A and AA).
import { generate } from 'otplib'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPageChecker, DEMO, field, pressAndWaitForPage, startBrowserContext, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
})
afterAll(async () => bt?.close())

/** Focus a field by its label, type, and submit its form with Enter. */
async function typeAndSubmit(page: Page, label: string, text: string) {
  await field(page, label).focus()
  await page.keyboard.type(text)
  await pressAndWaitForPage(page, 'Enter')
}

describe('double authentification, with the keyboard', () => {
  it('when the référent turns it on and signs in again, then each page passes axe, and the code is asked after the password', async () => {
    const checker = createPageChecker(() => bt)
    const page = await bt.newPage()
    await bt.signInAs(page, DEMO.referent)

    await page.goto('/mon-compte')
    await page.getByRole('link', { name: 'Double authentification' }).focus()
    await pressAndWaitForPage(page, 'Enter')
    await checker.check(page)
    await page.getByRole('link', { name: 'Activer la double authentification' }).focus()
    await pressAndWaitForPage(page, 'Enter')
    expect(new URL(page.url()).pathname).toBe('/mon-compte/double-authentification/activer')
    await checker.check(page)
    await expect(page.getByRole('img', { name: /QR code à scanner/ }).isVisible()).resolves.toBe(true)
    const secret = (await page.locator('.secret-code code').innerText()).replaceAll(' ', '')

    await typeAndSubmit(page, 'Code de vérification', '000000' === (await generate({ secret })) ? '111111' : '000000')
    await checker.check(page)
    expect(await page.locator('.error-summary').innerText()).toContain('Ce code ne correspond pas.')

    await typeAndSubmit(page, 'Code de vérification', await generate({ secret }))
    await checker.check(page)
    expect(await page.locator('ol.recovery-codes li').count()).toBe(10)

    await page.goto('/mon-compte/double-authentification/codes-de-secours')
    await checker.check(page)
    await page.goto('/mon-compte/double-authentification/desactiver')
    await checker.check(page)

    const other = await bt.newPage()
    await bt.signInAs(other, DEMO.referent)
    expect(new URL(other.url()).pathname).toBe('/connexion/verification')
    await checker.check(other)
    // the next step's code: the current one served for the enrolment (no replay)
    await typeAndSubmit(other, 'Code de vérification', await generate({ secret, epoch: (Math.floor(Date.now() / 30_000) + 1) * 30 }))
    expect(new URL(other.url()).pathname).toBe('/tableau-de-bord')

    expect(checker.problems).toEqual([])
  })
})
