// Issue 6's "done when" for the administration, in a real Chromium on the demo data, by keyboard and
// without JavaScript: admin@demo adds an établissement (then a newcomer finds it on the sign-up page of
// its convention) and a partner employer of the demo candidate's convention (then candidat@demo finds
// it in "Employeurs"). Then every new administration page passes axe (WCAG 2.1 AA), forms sent with
// errors included — in a page with JavaScript, which axe needs to run.
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseOption, DEMO, expectFocusOn, field, pressAndWaitForPage, startBrowserContext, tabTo, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
})
afterAll(async () => bt?.close())

const OCCITANIE = 'Atouts pour tous Occitanie'
const pathOf = (page: Page) => new URL(page.url()).pathname
const h1Of = (page: Page) => page.locator('h1').innerText()
const errorsOn = async (page: Page) => (await page.locator('.error-summary').allInnerTexts()).join(' ')

/** Tab to a link of the main menu, then Enter. */
async function openMenu(page: Page, name: string) {
  await tabTo(page, page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }))
  await pressAndWaitForPage(page, 'Enter')
}

/** axe (WCAG 2.1 A/AA) on the page as it is: the violations, one line each. */
async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.map((violation) => `${page.url()} → ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

describe('administration, keyboard only, without JavaScript', () => {
  it('admin@demo adds an établissement, offered at once on the sign-up page of its convention', { timeout: 120_000 }, async () => {
    const admin = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(admin, DEMO.admin)
    await openMenu(admin, 'Établissements')
    expect(pathOf(admin)).toBe('/admin/etablissements')
    expect(await h1Of(admin)).toBe('Établissements')
    await tabTo(admin, admin.getByRole('link', { name: 'Ajouter un établissement' }))
    await pressAndWaitForPage(admin, 'Enter')
    expect(pathOf(admin)).toBe('/admin/etablissements/nouveau')
    expect(await h1Of(admin)).toBe('Ajouter un établissement')

    await tabTo(admin, field(admin, 'Nom'))
    await admin.keyboard.type('Lycée Pierre-Paul-Riquet – BTS')
    await admin.keyboard.press('Tab')
    await chooseOption(admin, field(admin, 'Type'), 'Lycée / BTS')
    await admin.keyboard.press('Tab')
    await expectFocusOn(admin, field(admin, 'Ville'), '"Ville"')
    await admin.keyboard.type('Saint-Orens')
    await admin.keyboard.press('Tab')
    await chooseOption(admin, field(admin, 'Convention'), OCCITANIE)
    await admin.keyboard.press('Tab')
    await expectFocusOn(admin, admin.getByRole('button', { name: 'Ajouter l’établissement' }), '"Ajouter l’établissement"')
    await pressAndWaitForPage(admin, 'Enter')
    expect(pathOf(admin), await errorsOn(admin)).toBe('/admin/etablissements')
    const row = admin.getByRole('row').filter({ hasText: 'Lycée Pierre-Paul-Riquet – BTS' })
    expect(await row.count()).toBe(1)
    expect(await row.innerText()).toMatch(/Lycée \/ BTS\s+Saint-Orens\s+Atouts pour tous Occitanie\s+Actif/)
    await admin.context().close()

    // a newcomer chooses the convention, then finds the new établissement in the list
    const newcomer = await bt.newPage({ javaScriptEnabled: false })
    await newcomer.goto('/inscription')
    const convention = field(newcomer, 'Convention')
    await tabTo(newcomer, convention)
    await chooseOption(newcomer, convention, OCCITANIE)
    await newcomer.keyboard.press('Tab')
    await pressAndWaitForPage(newcomer, 'Enter')
    expect(await newcomer.locator('main').innerText()).toContain(`Convention choisie : ${OCCITANIE}`)
    const options = await field(newcomer, 'Établissement de rattachement').locator('option').allInnerTexts()
    expect(options).toContain('Lycée Pierre-Paul-Riquet – BTS (Saint-Orens)')
    expect(options).not.toContain('Université de Strasbourg – Mission handicap (Strasbourg)')
    await newcomer.context().close()
  })

  it('admin@demo adds a partner employer of the demo candidate’s convention, and candidat@demo finds it in "Employeurs"', { timeout: 120_000 }, async () => {
    const admin = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(admin, DEMO.admin)
    await openMenu(admin, 'Employeurs')
    expect(pathOf(admin)).toBe('/admin/employeurs')
    await tabTo(admin, admin.getByRole('link', { name: 'Ajouter un employeur' }))
    await pressAndWaitForPage(admin, 'Enter')
    expect(await h1Of(admin)).toBe('Ajouter un employeur')

    await tabTo(admin, field(admin, 'Nom'))
    await admin.keyboard.type('Mobilités Douces Garonne')
    await admin.keyboard.press('Tab')
    await chooseOption(admin, field(admin, 'Secteur'), 'Transport – Logistique')
    await admin.keyboard.press('Tab')
    await expectFocusOn(admin, field(admin, 'Ville du siège'), '"Ville du siège"')
    await admin.keyboard.type('Toulouse')
    await admin.keyboard.press('Tab')
    await expectFocusOn(admin, field(admin, 'Présentation'), '"Présentation"')
    await admin.keyboard.type('Réseau de vélos en libre-service, accueille des alternants en maintenance et en relation client.')
    await admin.keyboard.press('Tab')
    await expectFocusOn(admin, field(admin, 'Adresse e-mail de contact (facultatif)'), '"Adresse e-mail de contact"')
    await admin.keyboard.type('recrutement@mobilites-douces.example')
    const partner = admin.getByRole('group', { name: 'Conventions partenaires' }).getByRole('checkbox', { name: OCCITANIE })
    await tabTo(admin, partner, { max: 5 })
    await admin.keyboard.press('Space')
    expect(await partner.isChecked()).toBe(true)
    await tabTo(admin, admin.getByRole('button', { name: 'Ajouter l’employeur' }), { max: 5 })
    await pressAndWaitForPage(admin, 'Enter')
    expect(pathOf(admin), await errorsOn(admin)).toBe('/admin/employeurs')
    const row = admin.getByRole('row').filter({ hasText: 'Mobilités Douces Garonne' })
    expect(await row.innerText()).toContain(OCCITANIE)
    await admin.context().close()

    const candidate = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(candidate, DEMO.candidate)
    await openMenu(candidate, 'Employeurs')
    expect(pathOf(candidate)).toBe('/employeurs')
    const link = candidate.getByRole('link', { name: 'Mobilités Douces Garonne' })
    await tabTo(candidate, link, { max: 150 })
    await pressAndWaitForPage(candidate, 'Enter')
    expect(await h1Of(candidate)).toBe('Mobilités Douces Garonne')
    expect(await candidate.locator('main').innerText()).toContain('Réseau de vélos en libre-service')
    await candidate.context().close()
  })
})

describe('administration pages and axe', () => {
  it('every new administration page passes axe, forms sent with errors included', { timeout: 180_000 }, async () => {
    const problems: string[] = []
    const admin = await bt.newPage()
    await bt.signInAs(admin, DEMO.admin)
    const db = bt.ctx.db
    const convention = await db.convention.findUniqueOrThrow({ where: { name: OCCITANIE } })
    const establishment = await db.establishment.findFirstOrThrow({ where: { conventionId: convention.id }, orderBy: { id: 'asc' } })
    const employer = await db.employer.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const someone = await db.user.findUniqueOrThrow({ where: { email: DEMO.referent } })
    for (const url of [
      '/admin/conventions',
      '/admin/conventions/nouvelle',
      `/admin/conventions/${convention.id}`,
      '/admin/etablissements',
      `/admin/etablissements?convention=${convention.id}&q=toulouse`,
      '/admin/etablissements/nouveau',
      `/admin/etablissements/${establishment.id}`,
      '/admin/employeurs',
      `/admin/employeurs?convention=${convention.id}`,
      '/admin/employeurs/nouveau',
      `/admin/employeurs/${employer.id}/conventions`,
      '/admin/utilisateurs?status=ACTIVE',
      `/admin/utilisateurs/${someone.id}/desactiver`,
    ]) {
      const response = await admin.goto(url)
      expect(response?.status(), url).toBe(200)
      expect(await admin.locator('h1').count(), url).toBe(1)
      problems.push(...(await axeProblems(admin)))
    }
    for (const [url, button] of [
      ['/admin/conventions/nouvelle', 'Ajouter la convention'],
      ['/admin/etablissements/nouveau', 'Ajouter l’établissement'],
      ['/admin/employeurs/nouveau', 'Ajouter l’employeur'],
    ]) {
      await admin.goto(url)
      await tabTo(admin, admin.getByRole('button', { name: button }), { max: 60 })
      await pressAndWaitForPage(admin, 'Enter')
      expect(await admin.locator('.error-summary').count(), url).toBe(1)
      expect(await admin.title(), url).toMatch(/^Erreur – /)
      problems.push(...(await axeProblems(admin)))
    }
    await admin.context().close()
    expect(problems).toEqual([])
  })
})
