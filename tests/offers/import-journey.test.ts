// The "Done when" for the offer import, in a real Chromium without JavaScript, on the demo
// data, with axe-core (WCAG 2.1 A and AA) on each page: the demo recruiter imports a CSV of 3 offers
// (one bad row reported by its line), confirms, and the demo candidate finds them; a second import
// of the same file changes nothing; an edited title updates the offer.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parisDay } from '../../src/lib/paris-time.ts'
import { createPageChecker, DEMO, field, startBrowserContext, type BrowserTestContext } from '../helpers/browser.ts'

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
}, 180_000)
afterAll(async () => {
  await bt?.close()
})

const { problems, check } = createPageChecker(() => bt, { uniqueTitles: false })

async function click(page: Page, role: 'link' | 'button', name: string, within = page.locator('main')) {
  await Promise.all([page.waitForLoadState('load'), within.getByRole(role, { name, exact: true }).first().click()])
}
const pathOf = (page: Page) => new URL(page.url()).pathname
const inDays = (days: number) =>
  parisDay(new Date(Date.now() + days * 24 * 60 * 60 * 1000))
    .split('-')
    .reverse()
    .join('/')

const csv = (firstTitle: string) =>
  [
    'reference;intitule;description;missions;type_contrat;ville;departement;teletravail;date_fin_publication;statut',
    `J-1;${firstTitle};Vous dessinez nos cartes interactives.;"Concevoir les cartes\nPublier les jeux de données";Stage;Toulouse;31;oui;${inDays(60)};publiée`,
    'J-2;Archiviste documentaliste;Vous classez nos archives numériques.;;alternance;Albi;81;non;;publiée',
    'J-3;Ligne sans département;Texte;;cdd;Albi;;non;;publiée',
  ].join('\r\n')

/** From "Mes offres": "Importer des offres", the file, "Voir l’aperçu"; the preview's counts. */
async function importFile(page: Page, content: string) {
  await page.goto('/recruteur/offres')
  await click(page, 'link', 'Importer des offres')
  expect(pathOf(page)).toBe('/recruteur/offres/importer')
  await check(page)
  await field(page, 'Fichier des offres').setInputFiles({ name: 'offres.csv', mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') })
  await click(page, 'button', 'Voir l’aperçu')
  expect(pathOf(page)).toMatch(/^\/recruteur\/offres\/importer\/\d+$/)
  expect(await page.locator('h1').innerText()).toBe('Aperçu de l’import')
  await check(page)
  return page.locator('main ul').first().innerText()
}

describe('the offer import in a real browser, without JavaScript', () => {
  it('the recruiter imports 3 offers (one refused by its line), confirms, the candidate finds them; the same file again changes nothing; an edited title updates the offer', {
    timeout: 180_000,
  }, async () => {
    const recruiter = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(recruiter, DEMO.employer)
    const candidate = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(candidate, DEMO.candidate)
    const candidateFinds = async (keywords: string) => {
      await candidate.goto(`/offres?motscles=${encodeURIComponent(keywords)}`)
      return candidate.locator('main').innerText()
    }

    // the first import: 2 to create, 1 refused with its line
    const counts = await importFile(recruiter, csv('Cartographe numérique'))
    expect(counts).toContain('Offres à créer : 2')
    expect(counts).toContain('Lignes refusées, qui ne seront pas importées : 1')
    const refused = await recruiter.locator('table').filter({ hasText: 'Raison' }).innerText()
    expect(refused).toContain('Ligne 4')
    expect(refused).toContain('« departement » : Choisissez le département du poste.')
    expect(await candidateFinds('cartographe')).toContain('Aucune offre')
    await click(recruiter, 'button', 'Confirmer l’import')
    expect(await recruiter.getByRole('status').first().innerText()).toContain(
      'L’import est terminé : 2 offres créées, aucune offre mise à jour, aucune offre inchangée. 1 ligne refusée n’a pas été importée.',
    )
    expect(await recruiter.locator('h1').innerText()).toBe('Résultat de l’import')
    await check(recruiter)
    await click(recruiter, 'link', 'Voir mes offres')
    expect(await recruiter.locator('main').innerText()).toContain('Cartographe numérique')
    await check(recruiter)

    expect(await candidateFinds('cartographe')).toContain('Cartographe numérique')
    expect(await candidateFinds('archiviste')).toContain('Archiviste documentaliste')
    await check(candidate)

    // the same file again: nothing changes
    const again = await importFile(recruiter, csv('Cartographe numérique'))
    expect(again).toContain('Offres à créer : 0')
    expect(again).toContain('Offres à mettre à jour (même référence) : 0')
    expect(again).toContain('Offres qui resteront inchangées : 2')
    await click(recruiter, 'button', 'Confirmer l’import')
    expect(await recruiter.getByRole('status').first().innerText()).toContain('aucune offre créée, aucune offre mise à jour, 2 offres inchangées')

    // an edited title: that offer is updated
    const edited = await importFile(recruiter, csv('Cartographe SIG'))
    expect(edited).toContain('Offres à mettre à jour (même référence) : 1')
    await click(recruiter, 'button', 'Confirmer l’import')
    expect(await recruiter.getByRole('status').first().innerText()).toContain('1 offre mise à jour')
    const found = await candidateFinds('cartographe')
    expect(found).toContain('Cartographe SIG')
    expect(found).not.toContain('Cartographe numérique')

    // an import still being written after « Confirmer l’import » answered (a long one): its page says
    // so and has the browser ask for it again, until it shows what the import did
    await importFile(recruiter, csv('Cartographe SIG'))
    const importId = Number(pathOf(recruiter).split('/').pop())
    await bt.ctx.db.offerImport.update({ where: { id: importId }, data: { status: 'RUNNING', confirmedAt: new Date() } })
    const running = await recruiter.reload()
    expect(running?.headers().refresh).toBe('2')
    expect(await recruiter.locator('h1').innerText()).toBe('Import en cours')
    expect(await recruiter.locator('main').innerText()).toContain('L’import est en cours d’enregistrement.')
    await check(recruiter)
    await recruiter.goto('/recruteur/offres')

    expect(problems).toEqual([])
  })
})
