// Every page a person can reach by following links, for each demo role and for a visitor: axe-core
// (WCAG 2.1 A and AA) in a real Chromium, plus the checks axe does not make (one h1, a unique title,
// the skip link first, a main landmark). A failure lists page → violation → elements.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pressAndWaitForPage, startBrowserContext, type BrowserTestContext } from '../helpers/browser.ts'

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const MAX_PAGES_PER_ROLE = 150
/**
 * Pages built from one template (/offres/12, /offres/13…, ?page=2, ?page=3…) all get the page checks;
 * axe, the slow part (~0.5 s a page), runs on the first few of each template. A11Y_CRAWL_FULL=1 runs
 * axe on every page.
 */
const AXE_PER_TEMPLATE = process.env.A11Y_CRAWL_FULL ? Infinity : 2

/** /offres/12?page=2&q=x → /offres/:id?page&q */
function templateOf(key: string): string {
  const url = new URL(key, 'http://x')
  const path = url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/[A-Za-z0-9_-]{20,}(?=\/|$)/g, '/:token')
  const params = [...new Set(url.searchParams.keys())].sort()
  return params.length > 0 ? `${path}?${params.join('&')}` : path
}
const CRAWL_TIMEOUT = process.env.A11Y_CRAWL_FULL ? 1_200_000 : 300_000
/** Links that are not pages to check: sign-out is a form, but never follow it if it becomes a link. */
const NOT_PAGES = [/^\/deconnexion(\/|$)/, /\.(pdf|csv|zip|docx?|odt|ods|xlsx?|png|jpe?g|gif|svg|txt|json|ics)$/i]

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
})
afterAll(async () => bt?.close())

type PageRecord = { key: string; title: string; h1: string; who: string }
/** Where the time goes (printed with A11Y_CRAWL_LOG=1). */
const timing = { load: 0, axe: 0, axeRuns: 0, checksAndAxe: 0, links: 0 }

/** Every page seen by every crawl of this file, for the site-wide title check. */
const allPages: PageRecord[] = []

type CheckOptions = { who: string; axe: boolean; javaScript: boolean; expectedStatus?: number; signedIn: boolean; axeTags?: string[] }

/** The checks of one loaded page; returns the problems, each "page → what → where". */
async function checkPage(page: Page, response: Response | null, key: string, options: CheckOptions): Promise<{ problems: string[]; record?: PageRecord }> {
  const problems: string[] = []
  const at = `${key} (${options.who})`
  const status = response?.status() ?? 0
  if (options.expectedStatus !== undefined ? status !== options.expectedStatus : status === 0 || status >= 400) {
    problems.push(`${at} → HTTP status ${status}${options.expectedStatus ? ` (expected ${options.expectedStatus})` : ''}`)
  }

  // one round trip for the facts of the page (the crawl visits hundreds of pages)
  const facts = await page.evaluate(() => {
    const rendered = (element: Element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden'
    const focusable = [
      ...document.querySelectorAll<HTMLElement>('a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]'),
    ].filter(
      (element) =>
        element.tabIndex >= 0 &&
        !(element as HTMLButtonElement).disabled &&
        !(element instanceof HTMLInputElement && element.type === 'hidden') &&
        rendered(element),
    )
    // the sequential focus order: positive tabindex first (ascending), then document order
    const ordered = [...focusable.filter((e) => e.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex), ...focusable.filter((e) => e.tabIndex === 0)]
    const first = ordered[0]
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: document.title.trim(),
      h1s: [...document.querySelectorAll('h1')].map((h) => (h.textContent ?? '').trim().replace(/\s+/g, ' ')),
      mains: document.querySelectorAll('main, [role="main"]').length,
      contentIsMain: document.getElementById('contenu')?.matches('main, [role="main"]') ?? false,
      firstFocusableIsSkipLink: first?.matches('a[href="#contenu"]') ?? false,
      firstFocusable: first ? first.outerHTML.slice(0, 120) : '(none)',
      focusIsOnErrorSummary: document.activeElement?.id === 'erreurs',
      hasErrorSummary: document.getElementById('erreurs') !== null,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }
  })
  if (facts.lang !== 'fr') problems.push(`${at} → html[lang] is ${JSON.stringify(facts.lang)}, expected "fr"`)
  if (!facts.title) problems.push(`${at} → empty <title>`)
  if (facts.h1s.length !== 1) problems.push(`${at} → ${facts.h1s.length} <h1> (${facts.h1s.join(' | ')}), expected exactly one`)
  if (facts.mains !== 1) problems.push(`${at} → ${facts.mains} main landmarks, expected one`)
  if (!facts.contentIsMain) problems.push(`${at} → #contenu is missing or is not the main landmark`)
  // at any width (1280 px for every role's crawl, 320 px for the phone pass): wide tables scroll inside their region
  if (facts.scrollWidth > facts.clientWidth) {
    problems.push(`${at} → scrolls sideways at ${facts.clientWidth} px wide (scrollWidth ${facts.scrollWidth})`)
  }

  if (options.axe) {
    const axeStartedAt = Date.now()
    const results = await new AxeBuilder({ page }).withTags(options.axeTags ?? WCAG_TAGS).analyze()
    timing.axe += Date.now() - axeStartedAt
    timing.axeRuns++
    for (const violation of results.violations) {
      const targets = violation.nodes.map((node) => node.target.map(String).join(' ')).slice(0, 8)
      const more = violation.nodes.length > targets.length ? ` … (+${violation.nodes.length - targets.length})` : ''
      problems.push(`${at} → ${violation.id} [${violation.impact}] ${violation.help} → ${targets.join(', ')}${more}`)
    }
  }

  // The skip link is the first focusable element (the keyboard journey presses Tab for real); after a
  // failed form, the script puts the focus on the error summary instead, so that it is read first.
  if (!facts.firstFocusableIsSkipLink) problems.push(`${at} → the first focusable element is not the skip link to #contenu but ${facts.firstFocusable}`)
  if (options.javaScript && facts.hasErrorSummary && !facts.focusIsOnErrorSummary)
    problems.push(`${at} → the error summary does not have the focus after a failed submission`)

  if (options.signedIn && new URL(page.url()).pathname === '/connexion') problems.push(`${at} → landed on /connexion: the session was lost`)
  const record = { key, title: facts.title, h1: facts.h1s[0] ?? '', who: options.who }
  return { problems, record }
}

/** Internal GET links of the page, as pathname+search keys. */
async function internalLinks(page: Page, baseUrl: string): Promise<string[]> {
  const origin = new URL(baseUrl).origin
  const links = await page.$$eval('a[href], area[href]', (anchors) =>
    anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, download: a.hasAttribute('download') })),
  )
  const keys: string[] = []
  for (const link of links) {
    if (link.download) continue
    let url: URL
    try {
      url = new URL(link.href)
    } catch {
      continue
    }
    if (url.origin !== origin) continue
    if (NOT_PAGES.some((pattern) => pattern.test(url.pathname))) continue
    keys.push(url.pathname + url.search)
  }
  return keys
}

type CrawlResult = { problems: string[]; visited: string[]; pages: PageRecord[] }

/** Breadth-first through every internal link from `start`, with the session the page already has. */
async function crawl(page: Page, start: string[], options: Omit<CheckOptions, 'expectedStatus'>): Promise<CrawlResult> {
  const seen = new Set(start)
  const queue = [...start]
  const visited: string[] = []
  const problems: string[] = []
  const pages: PageRecord[] = []
  const axeRuns = new Map<string, number>()
  const startedAt = Date.now()
  let skipped = 0
  while (queue.length > 0) {
    const key = queue.shift()!
    // past the cap, only pages of a template not seen yet (a new kind of page) are still checked
    if (visited.length >= MAX_PAGES_PER_ROLE && axeRuns.has(templateOf(key))) {
      skipped++
      continue
    }
    let response: Response | null
    const loadStartedAt = Date.now()
    try {
      response = await page.goto(key)
      timing.load += Date.now() - loadStartedAt
    } catch (error) {
      // a link that answers with a file is a download, not a page
      if (String(error).includes('Download is starting')) continue
      problems.push(`${key} (${options.who}) → could not load: ${String(error).split('\n')[0]}`)
      continue
    }
    const final = new URL(page.url())
    const finalKey = final.pathname + final.search
    if (finalKey !== key) {
      // a redirect: check the page it leads to once
      if (seen.has(finalKey) && visited.includes(finalKey)) continue
      seen.add(finalKey)
    }
    visited.push(finalKey)
    const template = templateOf(finalKey)
    const sameTemplate = (axeRuns.get(template) ?? 0) + 1
    axeRuns.set(template, sameTemplate)
    const axe = options.axe && sameTemplate <= AXE_PER_TEMPLATE
    const checkStartedAt = Date.now()
    const { problems: found, record } = await checkPage(page, response, finalKey, { ...options, axe })
    timing.checksAndAxe += Date.now() - checkStartedAt
    const linksStartedAt = Date.now()
    problems.push(...found)
    if (record) pages.push(record)
    for (const link of await internalLinks(page, page.url())) {
      if (seen.has(link)) continue
      seen.add(link)
      queue.push(link)
    }
    timing.links += Date.now() - linksStartedAt
  }
  if (skipped > 0)
    console.warn(`accessibility crawl (${options.who}): past ${MAX_PAGES_PER_ROLE} pages, ${skipped} more pages of templates already checked were skipped`)
  allPages.push(...pages)
  if (process.env.A11Y_CRAWL_LOG)
    console.info(`${options.who}: ${visited.length} pages in ${Date.now() - startedAt} ms (file so far: ${JSON.stringify(timing)})\n  ${visited.join('\n  ')}`)
  return { problems: [...problems, ...sharedTitles(pages)], visited, pages }
}

/** Two different pages (different h1) must not share a title. */
function sharedTitles(pages: PageRecord[]): string[] {
  const byTitle = new Map<string, Map<string, string[]>>()
  for (const p of pages) {
    const h1s = byTitle.get(p.title) ?? new Map<string, string[]>()
    h1s.set(p.h1, [...(h1s.get(p.h1) ?? []), `${p.key} (${p.who})`])
    byTitle.set(p.title, h1s)
  }
  const problems: string[] = []
  for (const [title, h1s] of byTitle) {
    if (h1s.size < 2) continue
    const where = [...h1s].map(([h1, keys]) => `"${h1}" at ${keys.slice(0, 3).join(', ')}`).join('; ')
    problems.push(`title "${title}" is shared by different pages → ${where}`)
  }
  return problems
}

const ROLES = [
  {
    who: 'candidat',
    email: DEMO.candidate,
    mustVisit: ['/tableau-de-bord', '/offres', '/employeurs', '/candidatures', '/mon-compte', '/mon-compte/mot-de-passe'],
  },
  { who: 'référent', email: DEMO.referent, mustVisit: ['/tableau-de-bord', '/referent/inscriptions', '/referent/candidats', '/mon-compte'] },
  { who: 'employeur', email: DEMO.employer, mustVisit: ['/tableau-de-bord', '/mon-compte'] },
  { who: 'administrateur', email: DEMO.admin, mustVisit: ['/tableau-de-bord', '/admin/utilisateurs', '/mon-compte'] },
]

describe('accessibility crawl', () => {
  for (const role of ROLES) {
    it(`as the demo ${role.who}, every page reachable from the dashboard passes axe (WCAG 2.1 AA) and the page checks`, {
      timeout: CRAWL_TIMEOUT,
    }, async () => {
      const page = await bt.newPage()
      await bt.signInAs(page, role.email)
      const { problems, visited } = await crawl(page, ['/tableau-de-bord'], { who: role.who, axe: true, javaScript: true, signedIn: true })
      await page.context().close()
      expect(problems).toEqual([])
      for (const path of role.mustVisit) expect(visited, `${role.who} reaches ${path}`).toContain(path)
    })
  }

  it('as a visitor (signed out), every page reachable from /, /connexion and /inscription passes axe and the page checks', {
    timeout: CRAWL_TIMEOUT,
  }, async () => {
    const page = await bt.newPage()
    const { problems, visited } = await crawl(page, ['/', '/connexion', '/inscription'], { who: 'visiteur', axe: true, javaScript: true, signedIn: false })
    await page.context().close()
    expect(problems).toEqual([])
    for (const path of ['/', '/connexion', '/inscription', '/mot-de-passe-oublie', '/accessibilite', '/mentions-legales', '/donnees-personnelles']) {
      expect(visited, `the visitor reaches ${path}`).toContain(path)
    }
  })

  for (const [who, email] of [
    ['candidat', DEMO.candidate],
    ['référent', DEMO.referent],
    ['employeur', DEMO.employer],
    ['administrateur', DEMO.admin],
  ] as const) {
    it(`without JavaScript and on a phone (320 px wide), every page the demo ${who} reaches loads with its h1, title, landmark and skip link, and does not scroll sideways`, {
      timeout: CRAWL_TIMEOUT,
    }, async () => {
      const page = await bt.newPage({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
      await bt.signInAs(page, email)
      const { problems, visited } = await crawl(page, ['/tableau-de-bord'], {
        who: `${who} sans JavaScript, 320 px`,
        axe: false,
        javaScript: false,
        signedIn: true,
      })
      await page.context().close()
      expect(problems).toEqual([])
      expect(visited.length).toBeGreaterThan(3)
    })
  }

  it('error pages (404, 403) and a form with errors pass axe and the page checks', { timeout: 60_000 }, async () => {
    const problems: string[] = []
    const visitor = await bt.newPage()
    const check = async (page: Page, path: string, who: string, expectedStatus: number, signedIn: boolean) => {
      const response = await page.goto(path)
      problems.push(...(await checkPage(page, response, path, { who, axe: true, javaScript: true, expectedStatus, signedIn })).problems)
    }
    await check(visitor, '/cette-page-n-existe-pas', 'visiteur', 404, false)

    // the sign-in form sent empty, with the keyboard: the error summary and the field errors
    await visitor.goto('/connexion')
    await visitor.getByLabel('Adresse e-mail').focus()
    const submitted = visitor.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/connexion')
    await pressAndWaitForPage(visitor, 'Enter')
    const response = await submitted
    expect(await visitor.locator('.error-summary').count()).toBe(1)
    problems.push(
      ...(
        await checkPage(visitor, response, '/connexion (POST, champs vides)', {
          who: 'visiteur',
          axe: true,
          javaScript: true,
          expectedStatus: 422,
          signedIn: false,
        })
      ).problems,
    )
    await visitor.context().close()

    const candidate = await bt.newPage()
    await bt.signInAs(candidate, DEMO.candidate)
    await check(candidate, '/cette-page-n-existe-pas', 'candidat', 404, true)
    await check(candidate, '/admin/utilisateurs', 'candidat', 403, true)
    await candidate.context().close()
    expect(problems).toEqual([])
  })

  // last: it reads what the crawls above collected
  it('no two different pages of the site share a title, whoever views them', () => {
    expect(sharedTitles(allPages)).toEqual([])
  })
})

// « Paramètres d'affichage »: each option alone at its strongest, then all of them together, chosen
// through the form by a visitor and by each role, on one or two pages each: axe (plus AAA contrast
// with « Renforcé ») at 1280 px, and no sideways scrolling at 1280 px and at 320 px.
type DisplayChoices = Record<'textSize' | 'spacing' | 'font' | 'contrast' | 'theme' | 'motion', string>
const DISPLAY_DEFAULTS: DisplayChoices = { textSize: 'normal', spacing: 'normal', font: 'standard', contrast: 'standard', theme: 'light', motion: 'normal' }
/** Each option alone checks the first page of each person; all of them together, both (to keep the crawl short). */
const DISPLAY_PASSES: { name: string; choices: Partial<DisplayChoices>; systemDark?: boolean; everyPage?: boolean }[] = [
  { name: 'texte très grand', choices: { textSize: 'larger' } },
  { name: 'espacement augmenté', choices: { spacing: 'increased' } },
  { name: 'police adaptée à la dyslexie', choices: { font: 'dyslexia' } },
  { name: 'contraste renforcé', choices: { contrast: 'high' } },
  { name: 'thème sombre', choices: { theme: 'dark' } },
  { name: 'thème du système, sombre', choices: { theme: 'system' }, systemDark: true },
  { name: 'animations réduites', choices: { motion: 'reduced' } },
  {
    name: 'tout au plus fort',
    choices: { textSize: 'larger', spacing: 'increased', font: 'dyslexia', contrast: 'high', theme: 'dark', motion: 'reduced' },
    everyPage: true,
  },
]
const DISPLAY_SAMPLE = [
  { who: 'visiteur', email: null, pages: ['/parametres-affichage', '/connexion'] },
  { who: 'candidat', email: DEMO.candidate, pages: ['/offres', '/tableau-de-bord'] },
  { who: 'référent', email: DEMO.referent, pages: ['/tableau-de-bord', '/referent/candidats'] },
  { who: 'employeur', email: DEMO.employer, pages: ['/tableau-de-bord', '/recruteur/candidatures'] },
  { who: 'administrateur', email: DEMO.admin, pages: ['/admin/utilisateurs', '/tableau-de-bord'] },
]

/** Chooses every setting on « Paramètres d'affichage » and saves; returns the attributes the next page's <html> carries. */
async function chooseDisplay(page: Page, choices: DisplayChoices): Promise<Record<string, string>> {
  await page.goto('/parametres-affichage')
  for (const [name, value] of Object.entries(choices)) await page.check(`input[type="radio"][name="${name}"][value="${value}"]`)
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  // the page after the redirect, with its confirmation
  await page.getByText('Vos paramètres d’affichage sont enregistrés.').waitFor()
  await page.waitForLoadState('load')
  return page.evaluate(() => ({ ...document.documentElement.dataset }) as Record<string, string>)
}

describe('accessibility crawl with « Paramètres d’affichage »', () => {
  // one browser per person of the sample, signed in once; each pass changes their choice through the form
  const pages = new Map<string, Page>()
  beforeAll(async () => {
    for (const role of DISPLAY_SAMPLE) {
      const page = await bt.newPage()
      if (role.email) await bt.signInAs(page, role.email)
      pages.set(role.who, page)
    }
  }, 120_000)
  afterAll(async () => {
    for (const page of pages.values()) await page.context().close()
  })

  for (const pass of DISPLAY_PASSES) {
    it(`${pass.name}: the sample pages of each person pass axe and do not scroll sideways at 1280 px or 320 px`, { timeout: 120_000 }, async () => {
      const problems: string[] = []
      const choices = { ...DISPLAY_DEFAULTS, ...pass.choices }
      const axeTags = choices.contrast === 'high' ? [...WCAG_TAGS, 'wcag2aaa'] : WCAG_TAGS
      for (const role of DISPLAY_SAMPLE) {
        const page = pages.get(role.who)!
        await page.setViewportSize({ width: 1280, height: 900 })
        await page.emulateMedia({ colorScheme: pass.systemDark ? 'dark' : 'light' })
        expect(await chooseDisplay(page, choices), `${role.who}: the attributes of <html> after saving`).toEqual(pass.choices)
        // what the person sees: the text size, the font (loaded from the app: the CSP allows no other), the theme
        const openDyslexicLoaded = () => [...document.fonts].some((font) => font.family.replace(/"/g, '') === 'OpenDyslexic' && font.status === 'loaded')
        if (choices.font === 'dyslexia') await page.waitForFunction(openDyslexicLoaded)
        const rendered = await page.evaluate(() => ({
          fontSize: getComputedStyle(document.documentElement).fontSize,
          bodyFont: getComputedStyle(document.body).fontFamily,
          background: getComputedStyle(document.body).backgroundColor,
        }))
        expect(rendered.fontSize).toBe(choices.textSize === 'larger' ? '24px' : '16px')
        expect(rendered.bodyFont.startsWith('OpenDyslexic')).toBe(choices.font === 'dyslexia')
        if (choices.font !== 'dyslexia') expect(await page.evaluate(openDyslexicLoaded)).toBe(false)
        const darkBackground = choices.contrast === 'high' ? 'rgb(0, 0, 0)' : 'rgb(18, 20, 23)'
        expect(rendered.background).toBe(choices.theme === 'dark' || pass.systemDark ? darkBackground : 'rgb(255, 255, 255)')
        for (const width of [1280, 320]) {
          await page.setViewportSize({ width, height: width === 1280 ? 900 : 640 })
          for (const path of pass.everyPage ? role.pages : role.pages.slice(0, 1)) {
            const response = await page.goto(path)
            const who = `${role.who}, ${pass.name}, ${width} px`
            problems.push(
              ...(await checkPage(page, response, path, { who, axe: width === 1280, axeTags, javaScript: true, signedIn: role.email !== null })).problems,
            )
          }
        }
      }
      expect(problems).toEqual([])
    })
  }
})
