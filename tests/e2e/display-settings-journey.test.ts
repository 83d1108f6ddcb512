// The "Done when" for « Paramètres d’affichage », in a real Chromium with JavaScript off and axe
// on each page: a visitor chooses « Très grande » and « Adaptée à la dyslexie », and the next pages come
// with them (computed font size 150 %, the font loaded from the app); a candidate's choice, made in one
// browser, follows them when they sign in on another one.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPageChecker, DEMO, startBrowserContext, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
}, 180_000)
afterAll(async () => bt?.close())

/** Chooses « Très grande » and « Adaptée à la dyslexie » with the form, as a person would, and saves. */
async function chooseLargeDyslexiaFont(page: Page) {
  await page.goto('/connexion')
  await page.getByRole('link', { name: 'Paramètres d’affichage' }).click()
  await page.getByRole('group', { name: 'Taille du texte' }).getByLabel('Très grande').check()
  await page.getByRole('group', { name: 'Police' }).getByLabel('Adaptée à la dyslexie').check()
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await page.getByText('Vos paramètres d’affichage sont enregistrés.').waitFor()
}

/** What the reader gets on the page shown: the root font size and the body's font. */
function rendered(page: Page) {
  return page.evaluate(() => ({ fontSize: getComputedStyle(document.documentElement).fontSize, bodyFont: getComputedStyle(document.body).fontFamily }))
}

/** The font files the page loaded from the app (the Content-Security-Policy allows no other origin). */
function fontRequests(page: Page): string[] {
  const loaded: string[] = []
  page.on('response', (response) => {
    if (response.url().includes('/polices/opendyslexic/') && response.status() === 200) loaded.push(new URL(response.url()).pathname)
  })
  return loaded
}

describe('« Paramètres d’affichage », JavaScript off', () => {
  it('when a visitor chooses « Très grande » and « Adaptée à la dyslexie », then the next pages come with them, text at 150 % in the font served by the app', {
    timeout: 120_000,
  }, async () => {
    const page = await bt.newPage({ javaScriptEnabled: false })
    const fonts = fontRequests(page)
    const checker = createPageChecker(() => bt, { uniqueTitles: false })
    await chooseLargeDyslexiaFont(page)
    await checker.check(page)
    for (const path of ['/connexion', '/inscription', '/accessibilite']) {
      await page.goto(path)
      expect(await page.locator('html').getAttribute('data-text-size')).toBe('larger')
      expect(await rendered(page)).toMatchObject({ fontSize: '24px' })
      expect((await rendered(page)).bodyFont.startsWith('OpenDyslexic')).toBe(true)
      await checker.check(page)
    }
    expect(fonts.length).toBeGreaterThan(0)
    expect(checker.problems).toEqual([])
    await page.context().close()
  })

  it('when a candidate chooses them in one browser, then they follow the candidate who signs in on another browser', { timeout: 120_000 }, async () => {
    const first = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(first, DEMO.candidate)
    await chooseLargeDyslexiaFont(first)
    await first.context().close()

    // another browser, never used before: the pages are the default ones until the candidate signs in
    const second = await bt.newPage({ javaScriptEnabled: false })
    await second.goto('/connexion')
    expect(await rendered(second)).toMatchObject({ fontSize: '16px' })
    await bt.signInAs(second, DEMO.candidate)
    const checker = createPageChecker(() => bt, { uniqueTitles: false })
    for (const path of ['/tableau-de-bord', '/offres']) {
      await second.goto(path)
      expect(await rendered(second)).toMatchObject({ fontSize: '24px' })
      expect((await rendered(second)).bodyFont.startsWith('OpenDyslexic')).toBe(true)
      await checker.check(second)
    }
    expect(checker.problems).toEqual([])
    await second.context().close()
  })
})
