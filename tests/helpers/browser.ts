// The browser harness: the real app on a local port, seeded with the demo data, and one headless
// Chromium (Debian's, driven by playwright-core). One startBrowserContext() per test file, in
// beforeAll; every newPage() is a fresh browser context (own cookies), which axe-core needs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Config } from '../../src/config.ts'
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts'
import { createTestContext, type TestContext } from './app.ts'
import { startSmtpServer, type TestSmtpServer } from './smtp.ts'

export const DEMO = {
  candidate: 'candidat@demo.atouts.fr',
  referent: 'referent@demo.atouts.fr',
  employer: 'employeur@demo.atouts.fr',
  admin: 'admin@demo.atouts.fr',
} as const

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export type NewPageOptions = {
  javaScriptEnabled?: boolean
  viewport?: { width: number; height: number }
}

export type BrowserTestContext = {
  /** http://127.0.0.1:PORT — also the app's config.baseUrl, so links in emails point here */
  baseUrl: string
  browser: Browser
  ctx: TestContext
  /** A page in a new browser context (its own cookies): one per person in a test. */
  newPage(options?: NewPageOptions): Promise<Page>
  /** Signs in on /connexion with the keyboard only; throws with the page's error if it fails. */
  signInAs(page: Page, email: string, password?: string): Promise<void>
  close(): Promise<void>
}

export type StartOptions = {
  /** config overrides, e.g. { smtpUrl } */
  config?: Partial<Config>
  /** load the demo data set (default true) */
  seed?: boolean
}

/**
 * Starts the app on 127.0.0.1 (a free port) on a fresh database with the demo data, and Chromium.
 * The port is known before createApp() so that config.baseUrl is the address the browser uses.
 */
export async function startBrowserContext(options: StartOptions = {}): Promise<BrowserTestContext> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  const server = createServer((req, res) => {
    if (handle) return handle(req, res)
    res.statusCode = 503
    res.end()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  let ctx: TestContext | undefined
  let browser: Browser | undefined
  const contexts = new Set<BrowserContext>()
  const close = async () => {
    for (const context of contexts) await context.close().catch(() => undefined)
    await browser?.close().catch(() => undefined)
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await ctx?.cleanup()
  }

  // the database and Chromium start side by side; if either fails, whatever started is stopped
  const [created, launchedBrowser] = await Promise.allSettled([
    (async () => {
      const testContext = await createTestContext({ baseUrl, ...options.config })
      ctx = testContext
      if (options.seed !== false) await seedDemo(testContext.db)
      return testContext
    })(),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }),
  ])
  if (launchedBrowser.status === 'fulfilled') browser = launchedBrowser.value
  if (created.status === 'rejected' || launchedBrowser.status === 'rejected') {
    await close()
    throw created.status === 'rejected' ? created.reason : (launchedBrowser as PromiseRejectedResult).reason
  }
  const testContext = created.value
  handle = testContext.app
  const launched = launchedBrowser.value

  return {
    baseUrl,
    browser: launched,
    ctx: testContext,
    async newPage(pageOptions: NewPageOptions = {}) {
      const context = await launched.newContext({
        baseURL: baseUrl,
        javaScriptEnabled: pageOptions.javaScriptEnabled ?? true,
        viewport: pageOptions.viewport ?? { width: 1280, height: 900 },
        locale: 'fr-FR',
      })
      context.setDefaultTimeout(20_000)
      context.setDefaultNavigationTimeout(30_000)
      contexts.add(context)
      context.once('close', () => contexts.delete(context))
      return context.newPage()
    },
    signInAs: (page, email, password = DEMO_PASSWORD) => signInByKeyboard(page, email, password),
    close,
  }
}

// ───────────────────────── Keyboard helpers ─────────────────────────

/** A form field by its label, ignoring the required-field asterisk (shown, aria-hidden). */
export function field(page: Page, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return page.getByLabel(new RegExp(`^${escaped}(\\s*\\*)?$`))
}

/** Whether this element has the keyboard focus. */
export function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement)
}

/** A short description of the focused element, for failure messages. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    if (!element || element === document.body) return '(body)'
    const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)
    const id = element.id ? `#${element.id}` : ''
    return `<${element.tagName.toLowerCase()}${id}> ${text}`
  })
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, options: { max?: number; backwards?: boolean } = {}): Promise<void> {
  const max = options.max ?? 80
  const key = options.backwards ? 'Shift+Tab' : 'Tab'
  for (let presses = 0; presses < max; presses++) {
    if (await isFocused(target)) return
    await page.keyboard.press(key)
  }
  if (await isFocused(target)) return
  throw new Error(`${target} never got the focus after ${max} × ${key} (focus is on ${await describeFocus(page)})`)
}

/** Presses a key that loads a new page (Enter on a link or in a form, Space on a button) and waits for it. */
export async function pressAndWaitForPage(page: Page, key: string): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() })
  await page.keyboard.press(key)
  await navigated
  await page.waitForLoadState('load')
}

/** Sign-in with the keyboard: focus the e-mail field, type, Tab, type, Enter. */
export async function signInByKeyboard(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/connexion')
  if (new URL(page.url()).pathname !== '/connexion') throw new Error(`already signed in (at ${page.url()})`)
  const emailField = field(page, 'Adresse e-mail')
  await emailField.focus()
  await page.keyboard.type(email)
  await page.keyboard.press('Tab')
  if (!(await isFocused(field(page, 'Mot de passe')))) {
    throw new Error(`Tab from the e-mail field did not reach the password field (focus is on ${await describeFocus(page)})`)
  }
  await page.keyboard.type(password)
  await pressAndWaitForPage(page, 'Enter')
  if (new URL(page.url()).pathname === '/connexion') {
    const summary = (await page.locator('.error-summary').allInnerTexts()).join(' ').replace(/\s+/g, ' ')
    throw new Error(`sign-in failed for ${email}: ${summary || '(no error summary)'}`)
  }
}

// ───────────────────────── Page checks of the journeys ─────────────────────────

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * What a journey checks on each page it reaches: axe-core violations (WCAG 2.1 A and AA), one h1, the
 * title's suffix and, unless told otherwise, a title no other address had. Problems are collected as
 * readable lines, to assert empty at the end. axe needs JavaScript, which the journeys' pages have
 * off: the page's HTML is replayed, same origin (so the stylesheet applies), in a page that has it.
 */
export function createPageChecker(browser: () => BrowserTestContext, options: { uniqueTitles?: boolean } = {}) {
  let axePage: Page | undefined
  const problems: string[] = []
  const titles = new Map<string, string>()
  async function check(page: Page) {
    const where = new URL(page.url()).pathname
    const title = await page.title()
    if (!axePage) {
      axePage = await browser().newPage({ javaScriptEnabled: true })
      await axePage.goto('/accessibilite')
    }
    await axePage.setContent(await page.content(), { waitUntil: 'load' })
    const results = await new AxeBuilder({ page: axePage }).withTags(WCAG_TAGS).analyze()
    problems.push(
      ...results.violations.map((violation) => `${where} (${title}) → ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    )
    const h1s = await page.locator('h1').count()
    if (h1s !== 1) problems.push(`${where} → ${h1s} h1`)
    if (!title.endsWith(' – Atouts pour tous')) problems.push(`${where} → title "${title}"`)
    if (options.uniqueTitles === false) return
    const seen = titles.get(title)
    if (seen && seen !== where) problems.push(`${where} → same title as ${seen}: "${title}"`)
    titles.set(title, where)
  }
  return { problems, check }
}

/** The focus is on this element; else the failure names where it is. */
export async function expectFocusOn(page: Page, target: Locator, what: string): Promise<void> {
  expect(await isFocused(target), `focus should be on ${what}, is on ${await describeFocus(page)}`).toBe(true)
}

/**
 * Chooses an option of the focused <select> with the keyboard: type its first letters (the list jumps
 * to them), else arrow down to it. `label` is the start of the option's text (it may add the city).
 */
export async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  await expectFocusOn(page, select, `the list for "${label}"`)
  const selectedLabel = () => select.evaluate((element) => (element as HTMLSelectElement).selectedOptions[0]?.label.trim() ?? '')
  const isChosen = async () => (await selectedLabel()).startsWith(label)
  // type-ahead with the plain letters only: Chromium sends accented letters as text input, which a
  // <select> does not take (they would land in the last text field)
  const plainPrefix = /^[A-Za-z0-9 ]*/.exec(label)![0]
  if (plainPrefix) await page.keyboard.type(plainPrefix)
  if (await isChosen()) return
  await page.keyboard.press('Home')
  const count = await select.locator('option').count()
  for (let presses = 0; presses < count && !(await isChosen()); presses++) await page.keyboard.press('ArrowDown')
  expect(await selectedLabel()).toMatch(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
}

/**
 * For a test file: the app on the demo data with Chromium (startBrowserContext), its email going to a
 * real SMTP server; both start before the file's tests and stop after them. Read `bt` and `smtp` in
 * the tests (they are set once beforeAll has run).
 */
export function useBrowserWithMail(): { bt: BrowserTestContext; smtp: TestSmtpServer } {
  const started = {} as { bt: BrowserTestContext; smtp: TestSmtpServer }
  beforeAll(async () => {
    started.smtp = await startSmtpServer()
    started.bt = await startBrowserContext({ config: { smtpUrl: started.smtp.url } })
  }, 180_000)
  afterAll(async () => {
    await started.bt?.close()
    await started.smtp?.stop()
  })
  return started
}
