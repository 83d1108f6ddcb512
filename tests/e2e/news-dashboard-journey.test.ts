// The "Done when" for news and dashboards, in a real Chromium without JavaScript, on the demo
// data: the administrator writes and publishes a news item, the candidate sees it first under
// "Nouveautés de la plateforme" on the dashboard, with the appointment their référent planned; and
// axe-core (WCAG 2.1 A and AA) on the four dashboards and every news page.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPageChecker, DEMO, field, startBrowserContext, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
}, 180_000)
afterAll(async () => {
  await bt?.close()
})

const { problems, check } = createPageChecker(() => bt, { uniqueTitles: false })

async function click(page: Page, role: 'link' | 'button', name: string | RegExp, within = page.locator('main')) {
  await Promise.all([
    page.waitForLoadState('load'),
    within
      .getByRole(role, { name, exact: typeof name === 'string' })
      .first()
      .click(),
  ])
}

const pathOf = (page: Page) => new URL(page.url()).pathname
const blockOf = (page: Page, heading: string) =>
  page.locator('main section').filter({ has: page.getByRole('heading', { level: 2, name: heading, exact: true }) })

describe('news and dashboards in a real browser, without JavaScript', () => {
  it('the administrator publishes a news item; the candidate sees it first on the dashboard, next to the référent’s appointment', {
    timeout: 120_000,
  }, async () => {
    const title = 'Les rendez-vous avec votre référent arrivent'

    // the administrator: dashboard → "Actualités" → "Rédiger une actualité"
    const admin = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(admin, DEMO.admin)
    expect(pathOf(admin)).toBe('/tableau-de-bord')
    expect(await blockOf(admin, 'Candidatures par statut').innerText()).toContain('Taux d’acceptation')
    await check(admin)
    await click(admin, 'link', 'Actualités', admin.getByRole('navigation', { name: 'Menu principal' }))
    expect(pathOf(admin)).toBe('/admin/actualites')
    expect(await admin.locator('main').innerText()).toContain('Bienvenue sur Atouts pour tous')
    await check(admin)
    await click(admin, 'link', 'Rédiger une actualité')
    expect(pathOf(admin)).toBe('/admin/actualites/nouvelle')
    await check(admin)

    // nothing typed: both messages, nothing saved
    await click(admin, 'button', 'Publier')
    const summary = await admin.locator('.error-summary').innerText()
    expect(summary).toContain('Saisissez le titre de l’actualité.')
    expect(summary).toContain('Saisissez le texte de l’actualité.')
    await check(admin)

    await field(admin, 'Titre').fill(title)
    await field(admin, 'Texte').fill(
      'Votre référent peut désormais planifier un rendez-vous avec vous.\nVous le retrouvez sur votre tableau de bord.\n\nAjoutez-le à votre agenda en un clic.',
    )
    await click(admin, 'button', 'Publier')
    expect(pathOf(admin)).toBe('/admin/actualites')
    expect(await admin.getByRole('status').first().innerText()).toContain(`L’actualité « ${title} » est publiée`)
    const row = admin.locator('tbody tr').filter({ hasText: title })
    expect(await row.innerText()).toContain('Publiée')

    // its edit page and the delete confirmation of a demo item (not confirmed)
    await click(admin, 'link', `Modifier « ${title} »`)
    expect(await field(admin, 'Titre').inputValue()).toBe(title)
    await check(admin)
    await admin.goto('/admin/actualites')
    await click(admin, 'link', 'Supprimer « Bienvenue sur Atouts pour tous »')
    expect(await admin.locator('h1').innerText()).toBe('Supprimer l’actualité')
    await check(admin)
    await click(admin, 'link', 'Non, revenir aux actualités')
    expect(pathOf(admin)).toBe('/admin/actualites')

    // the candidate: the news first under "Nouveautés de la plateforme", the référent's appointment
    const candidate = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(candidate, DEMO.candidate)
    expect(pathOf(candidate)).toBe('/tableau-de-bord')
    const news = blockOf(candidate, 'Nouveautés de la plateforme')
    expect(await news.getByRole('listitem').first().getByRole('link').innerText()).toBe(title)
    const appointments = blockOf(candidate, 'Mes prochains rendez-vous')
    expect(await appointments.innerText()).toContain('Préparer vos candidatures de stage')
    expect(await appointments.innerText()).toContain('avec Sophie Durand')
    await check(candidate)

    await click(candidate, 'link', title, news)
    expect(pathOf(candidate)).toMatch(/^\/actualites\/\d+$/)
    expect(await candidate.locator('h1').innerText()).toBe(title)
    // the line break and the paragraphs typed are kept
    expect(await candidate.locator('main article').innerText()).toContain('avec vous.\nVous le retrouvez')
    expect(await candidate.locator('main article p').count()).toBeGreaterThanOrEqual(3)
    await check(candidate)
    await click(candidate, 'link', 'Toutes les nouveautés de la plateforme')
    expect(pathOf(candidate)).toBe('/actualites')
    expect(await candidate.locator('main article h2').first().innerText()).toBe(title)
    await check(candidate)

    // the référent sees the same appointment; the employer has its own blocks
    const referent = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(referent, DEMO.referent)
    const planned = await blockOf(referent, 'Prochains rendez-vous').innerText()
    expect(planned).toContain('Camille Martin')
    expect(planned).toContain('Préparer vos candidatures de stage')
    expect(await blockOf(referent, 'Nouveautés de la plateforme').getByRole('link').first().innerText()).toBe(title)
    await check(referent)

    const employer = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(employer, DEMO.employer)
    expect(await blockOf(employer, 'Mes offres').innerText()).toMatch(/\d+ offres publiées\./)
    await check(employer)

    // withdrawn: gone from the candidate's dashboard
    await admin.goto('/admin/actualites')
    await click(admin, 'button', `Retirer de la publication « ${title} »`)
    expect(await admin.getByRole('status').first().innerText()).toContain('est retirée de la publication')
    await candidate.goto('/tableau-de-bord')
    expect(await blockOf(candidate, 'Nouveautés de la plateforme').innerText()).not.toContain(title)

    // at 320 px wide (a phone, or 400 % zoom), no dashboard scrolls sideways
    for (const page of [candidate, referent, employer, admin]) {
      await page.setViewportSize({ width: 320, height: 640 })
      await page.goto('/tableau-de-bord')
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }))
      expect(scrollWidth, `${await page.locator('.user-name').first().innerText()}: scrollWidth at 320 px`).toBeLessThanOrEqual(clientWidth)
    }

    expect(problems).toEqual([])
  })
})
