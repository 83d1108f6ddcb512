// A person who uses only the keyboard, on the demo data: Tab, Shift+Tab, Enter, Space and typing —
// never a click. Also the skip link, and the layout at 320 px wide (a phone, or 400 % zoom).
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../src/lib/passwords.ts'
import { DEMO_PASSWORD } from '../../src/seed/demo.ts'
import { DEMO, describeFocus, field, isFocused, pressAndWaitForPage, startBrowserContext, tabTo, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
})
afterAll(async () => bt?.close())

const h1Of = (page: Page) => page.locator('h1').innerText()
const pathOf = (page: Page) => new URL(page.url()).pathname

/** The focused element shows a focus indicator (an outline or a box shadow). */
async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const element = document.activeElement
    if (!element || element === document.body) return false
    const style = getComputedStyle(element)
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
  })
}

async function expectFocusOn(page: Page, label: string, target = field(page, label)) {
  expect(await isFocused(target), `focus should be on "${label}", is on ${await describeFocus(page)}`).toBe(true)
}

describe('keyboard only', () => {
  it('the demo candidate changes their password from "Mon compte" with the keyboard, signs out, and signs in with the new one', {
    timeout: 60_000,
  }, async () => {
    const page = await bt.newPage()
    const newPassword = 'Une phrase assez longue 2026'

    await bt.signInAs(page, DEMO.candidate)
    expect(pathOf(page)).toBe('/tableau-de-bord')
    expect(await h1Of(page)).toBe('Tableau de bord')

    // "Mon compte" in the main menu (the dashboard has a link with the same name further down)
    const menu = page.getByRole('navigation', { name: 'Menu principal' })
    const myAccountInMenu = menu.getByRole('link', { name: 'Mon compte' })
    await tabTo(page, myAccountInMenu)
    expect(await focusIsVisible(page), 'the focused menu link shows a focus indicator').toBe(true)
    await pressAndWaitForPage(page, 'Enter')
    expect(pathOf(page)).toBe('/mon-compte')
    expect(await h1Of(page)).toBe('Mon compte')
    expect(await myAccountInMenu.getAttribute('aria-current')).toBe('page')

    await tabTo(page, page.getByRole('link', { name: 'Modifier mon mot de passe' }))
    await pressAndWaitForPage(page, 'Enter')
    expect(pathOf(page)).toBe('/mon-compte/mot-de-passe')
    expect(await h1Of(page)).toBe('Modifier mon mot de passe')

    // the three fields follow each other in the Tab order
    await tabTo(page, field(page, 'Mot de passe actuel'))
    expect(await focusIsVisible(page), 'the focused field shows a focus indicator').toBe(true)
    await page.keyboard.type(DEMO_PASSWORD)
    await page.keyboard.press('Tab')
    await expectFocusOn(page, 'Nouveau mot de passe')
    await page.keyboard.type(newPassword)
    await page.keyboard.press('Tab')
    await expectFocusOn(page, 'Confirmer le mot de passe')
    await page.keyboard.type(newPassword)
    // Shift+Tab goes back, Tab forward again: nothing is lost
    await page.keyboard.press('Shift+Tab')
    await expectFocusOn(page, 'Nouveau mot de passe')
    await page.keyboard.press('Tab')
    // and the "Enregistrer" button is the next stop
    await page.keyboard.press('Tab')
    await expectFocusOn(page, 'Enregistrer', page.getByRole('button', { name: 'Enregistrer' }))
    await pressAndWaitForPage(page, 'Enter')
    expect(pathOf(page)).toBe('/mon-compte')
    await expect(page.getByRole('status').filter({ hasText: 'Votre mot de passe a été modifié.' }).count()).resolves.toBe(1)

    await tabTo(page, page.getByRole('button', { name: 'Se déconnecter', exact: true }))
    await pressAndWaitForPage(page, 'Space')
    expect(pathOf(page)).toBe('/connexion')
    expect(await page.getByRole('status').innerText()).toContain('Vous êtes déconnecté')

    // the old password no longer works, the new one does
    await expect(bt.signInAs(page, DEMO.candidate, DEMO_PASSWORD)).rejects.toThrow('Adresse e-mail ou mot de passe incorrect.')
    await bt.signInAs(page, DEMO.candidate, newPassword)
    expect(pathOf(page)).toBe('/tableau-de-bord')
    expect(await h1Of(page)).toBe('Tableau de bord')
    await page.context().close()
    // the other tests of this file sign in with the demo password
    await bt.ctx.db.user.update({ where: { email: DEMO.candidate }, data: { passwordHash: await hashPassword(DEMO_PASSWORD) } })
  })

  it('the skip link is the first Tab stop, is visible when focused, and moves the focus to the main content', { timeout: 30_000 }, async () => {
    const visitor = await bt.newPage()
    const signedIn = await bt.newPage()
    await bt.signInAs(signedIn, DEMO.referent)
    for (const [page, path] of [
      [visitor, '/connexion'],
      [visitor, '/'],
      [signedIn, '/tableau-de-bord'],
      [signedIn, '/mon-compte'],
    ] as const) {
      await page.goto(path)
      await page.keyboard.press('Tab')
      const skipLink = page.getByRole('link', { name: 'Aller au contenu' })
      expect(await isFocused(skipLink), `${path}: first Tab stop is ${await describeFocus(page)}`).toBe(true)
      // visible on screen once focused (it is moved off-screen otherwise)
      const box = await skipLink.boundingBox()
      expect(box && box.y >= 0 && box.height > 0, `${path}: the focused skip link is on screen`).toBe(true)
      expect(await focusIsVisible(page)).toBe(true)

      await page.keyboard.press('Enter')
      expect(new URL(page.url()).hash).toBe('#contenu')
      expect(await isFocused(page.locator('main#contenu')), `${path}: focus after the skip link is on ${await describeFocus(page)}`).toBe(true)
      // the next Tab stop is inside the main content, past the header and menu
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.closest('main') !== null), `${path}: next Tab stop ${await describeFocus(page)}`).toBe(true)
    }
    await visitor.context().close()
    await signedIn.context().close()
  })

  it('at 320 px wide (a phone, or 400 % zoom), pages do not scroll sideways', { timeout: 30_000 }, async () => {
    const viewport = { width: 320, height: 640 }
    const noHorizontalScroll = (page: Page) =>
      page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }))
    const visitor = await bt.newPage({ viewport })
    const candidate = await bt.newPage({ viewport })
    await bt.signInAs(candidate, DEMO.candidate)
    const pages: [Page, string][] = [
      [visitor, '/connexion'],
      [visitor, '/'],
      [candidate, '/tableau-de-bord'],
      [candidate, '/offres'],
      [candidate, '/mon-compte'],
      [candidate, '/mon-compte/mot-de-passe'],
    ]
    const overflowing: string[] = []
    for (const [page, path] of pages) {
      await page.goto(path)
      const { scrollWidth, clientWidth } = await noHorizontalScroll(page)
      if (scrollWidth > clientWidth) overflowing.push(`${path}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`)
    }
    expect(overflowing).toEqual([])
    await visitor.context().close()
    await candidate.context().close()
  })
})
