// The "Done when" for the statistics, in a real Chromium on the demo data: the administrator
// opens "Statistiques", downloads each table's CSV through its "Exporter en CSV" link, and the figures
// of the files are the counts read from the database; axe-core (WCAG 2.1 A and AA) on the page. With
// JavaScript off, the charts are there (images named by their title and text alternative), and the
// workbooks of « Exporter en Excel » open (parsed here) with the figures of the CSV.
import { readFile } from 'node:fs/promises'
import { AxeBuilder } from '@axe-core/playwright'
import ExcelJS from 'exceljs'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicationStatus, Prisma } from '../../src/lib/db.ts'
import { DEMO_EMPLOYER_NAME } from '../../src/seed/demo-data.ts'
import { createApplication } from '../factories/index.ts'
import { createPageChecker, DEMO, startBrowserContext, tabTo, type BrowserTestContext } from '../helpers/browser.ts'
import { parseCsv } from '../statistics/read.ts'

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const DAY = 24 * 60 * 60 * 1000
const STATUSES: [ApplicationStatus, string][] = [
  ['PENDING_REFERENT', 'Candidatures – En attente de validation par le référent'],
  ['RETURNED', 'Candidatures – À revoir'],
  ['SENT', 'Candidatures – Validée par le référent – envoyée à l’employeur'],
  ['IN_REVIEW', 'Candidatures – En cours d’étude'],
  ['INTERVIEW', 'Candidatures – Entretien'],
  ['ACCEPTED', 'Candidatures – Retenue'],
  ['REJECTED', 'Candidatures – Non retenue'],
  ['WITHDRAWN', 'Candidatures – Retirée'],
]

let bt: BrowserTestContext
beforeAll(async () => {
  bt = await startBrowserContext()
  // the demo has no application yet: a few of the demo candidate's, in several statuses, in the last weeks
  const { db } = bt.ctx
  const candidate = await db.candidate.findFirstOrThrow({ where: { user: { email: DEMO.candidate } } })
  const offers = await db.offer.findMany({ where: { status: 'PUBLISHED', employer: { name: DEMO_EMPLOYER_NAME } }, orderBy: { id: 'asc' }, take: 4 })
  const statuses: ApplicationStatus[] = ['PENDING_REFERENT', 'SENT', 'INTERVIEW', 'ACCEPTED']
  for (const [index, status] of statuses.entries()) {
    await createApplication(db, { candidateId: candidate.id, offerId: offers[index].id, status, submittedAt: new Date(Date.now() - (index * 7 + 1) * DAY) })
  }
}, 180_000)
afterAll(async () => bt?.close())

async function accessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  const where = new URL(page.url()).pathname + new URL(page.url()).search
  return results.violations.map((violation) => `${where} → ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

/** A downloaded CSV: its name, and its rows as header → value records (the BOM checked and removed). */
async function readDownload(download: Download) {
  const bytes = await readFile((await download.path())!)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1))
  return { name: download.suggestedFilename(), header, rows: rows.map((row) => Object.fromEntries(header.map((title, index) => [title, row[index]]))) }
}

/**
 * What the database says for one group of applications and candidates, counted here with plain
 * Prisma counts (not with the statistics service). Every demo row is from the last few weeks, far
 * inside the default period (the last 12 months): the period's own edges are tested in tests/statistics.
 */
async function expectedFigures(where: {
  applications: Prisma.ApplicationWhereInput
  candidates?: Prisma.CandidateWhereInput
  offers?: Prisma.OfferWhereInput
}) {
  const { db } = bt.ctx
  const since = { gte: new Date(Date.now() - 300 * DAY) }
  const applications = { ...where.applications, submittedAt: since }
  const figures: Record<string, string> = {}
  if (where.candidates) {
    figures['Candidats actifs'] = String(await db.candidate.count({ where: { ...where.candidates, user: { status: 'ACTIVE' } } }))
    figures['Candidats en attente de validation'] = String(await db.candidate.count({ where: { ...where.candidates, user: { status: 'PENDING_VALIDATION' } } }))
  }
  if (where.offers) figures['Offres publiées'] = String(await db.offer.count({ where: { ...where.offers, status: { not: 'DRAFT' }, publishedAt: since } }))
  for (const [status, title] of STATUSES) figures[title] = String(await db.application.count({ where: { ...applications, status } }))
  figures['Candidatures – total'] = String(await db.application.count({ where: applications }))
  figures['Envoyées à l’employeur'] = String(await db.application.count({ where: { ...applications, validatedAt: { not: null } } }))
  figures.Retenues = String(await db.application.count({ where: { ...applications, status: 'ACCEPTED' } }))
  return figures
}

const pick = (row: Record<string, string>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, row[key]]))

describe('statistics in a real browser, on the demo data', () => {
  it('the administrator opens "Statistiques", downloads each CSV with "Exporter en CSV", and its figures are those of the database', async () => {
    const { db } = bt.ctx
    const page = await bt.newPage()
    await bt.signInAs(page, DEMO.admin)
    await Promise.all([
      page.waitForURL('**/admin/statistiques'),
      page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Statistiques', exact: true }).click(),
    ])
    expect(new URL(page.url()).pathname).toBe('/admin/statistiques')
    expect(await page.title()).toBe('Statistiques – Atouts pour tous')
    expect(await page.locator('h1').count()).toBe(1)
    expect(await page.locator('main').innerText()).toContain('(par défaut : les 12 derniers mois)')
    expect(await accessibilityProblems(page)).toEqual([])

    // the demo employer's row on the page: its applications
    const employerRow = page
      .locator('section[aria-labelledby="titre-employeurs"] tbody tr')
      .filter({ has: page.getByRole('rowheader', { name: DEMO_EMPLOYER_NAME, exact: true }) })
    expect(await employerRow.count()).toBe(1)
    const demoEmployer = await db.employer.findUniqueOrThrow({ where: { name: DEMO_EMPLOYER_NAME } })
    // the "Total" of "Candidatures par statut actuel"
    expect(await employerRow.locator('td').nth(9).innerText()).toBe(String(await db.application.count({ where: { employerId: demoEmployer.id } })))

    // "Par convention" with the keyboard: Tab to the link, Enter
    const conventionsLink = page.locator('section[aria-labelledby="titre-conventions"]').getByRole('link', { name: /^Exporter en CSV/ })
    await tabTo(page, conventionsLink, { max: 120 })
    const [conventionsDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    const conventions = await readDownload(conventionsDownload)
    expect(conventions.name).toMatch(/^statistiques-conventions-\d{4}-\d{2}-\d{2}-au-\d{4}-\d{2}-\d{2}\.csv$/)
    const conventionRows = conventions.rows.filter((row) => row.Convention !== 'Total')
    expect(conventionRows.map((row) => row.Convention).sort()).toEqual((await db.convention.findMany({ select: { name: true } })).map((c) => c.name).sort())
    for (const row of conventionRows) {
      const convention = await db.convention.findUniqueOrThrow({ where: { name: row.Convention } })
      const expected = await expectedFigures({
        applications: { candidate: { establishment: { conventionId: convention.id } } },
        candidates: { establishment: { conventionId: convention.id } },
        offers: { employer: { partnerships: { some: { conventionId: convention.id } } } },
      })
      expect(pick(row, Object.keys(expected)), row.Convention).toEqual(expected)
    }
    const conventionsTotal = conventions.rows.find((row) => row.Convention === 'Total')!
    expect(pick(conventionsTotal, ['Candidats actifs', 'Candidatures – total'])).toEqual(
      pick(await expectedFigures({ applications: {}, candidates: {} }), ['Candidats actifs', 'Candidatures – total']),
    )
    expect(Number(conventionsTotal['Candidatures – total'])).toBeGreaterThanOrEqual(4)

    // "Par établissement" and "Par employeur" with the mouse
    const download = async (slug: string) => {
      const link = page.locator(`section[aria-labelledby="titre-${slug}"]`).getByRole('link', { name: /^Exporter en CSV/ })
      const [file] = await Promise.all([page.waitForEvent('download'), link.click()])
      return readDownload(file)
    }
    const establishments = await download('etablissements')
    expect(establishments.name).toMatch(/^statistiques-etablissements-/)
    expect(establishments.rows.filter((row) => row.Établissement !== 'Total')).toHaveLength(await db.establishment.count())
    for (const row of establishments.rows.filter((row) => row.Établissement !== 'Total')) {
      const establishment = await db.establishment.findFirstOrThrow({ where: { name: row.Établissement, convention: { name: row.Convention } } })
      const expected = await expectedFigures({
        applications: { candidate: { establishmentId: establishment.id } },
        candidates: { establishmentId: establishment.id },
      })
      expect(pick(row, Object.keys(expected)), row.Établissement).toEqual(expected)
    }

    const employers = await download('employeurs')
    expect(employers.rows.filter((row) => row.Employeur !== 'Total')).toHaveLength(await db.employer.count())
    for (const row of employers.rows.filter((row) => row.Employeur !== 'Total')) {
      const employer = await db.employer.findUniqueOrThrow({ where: { name: row.Employeur } })
      const expected = await expectedFigures({ applications: { employerId: employer.id }, offers: { employerId: employer.id } })
      expect(pick(row, Object.keys(expected)), row.Employeur).toEqual(expected)
    }
    // the funnel of the demo employer, counted here: sent = validated; interview = sent and (an INTERVIEW history row, or accepted)
    const sent = {
      employerId: demoEmployer.id,
      validatedAt: { not: null },
      submittedAt: { gte: new Date(Date.now() - 300 * DAY) },
    } satisfies Prisma.ApplicationWhereInput
    const [sentCount, interviewCount, acceptedCount] = await Promise.all([
      db.application.count({ where: sent }),
      db.application.count({ where: { ...sent, OR: [{ status: 'ACCEPTED' }, { events: { some: { toStatus: 'INTERVIEW' } } }] } }),
      db.application.count({ where: { ...sent, status: 'ACCEPTED' } }),
    ])
    expect(sentCount).toBeGreaterThanOrEqual(3)
    const percent = (part: number) => ((part / sentCount) * 100).toFixed(1).replace('.', ',')
    const demoRow = employers.rows.find((row) => row.Employeur === DEMO_EMPLOYER_NAME)!
    expect(
      pick(demoRow, [
        'Envoyées à l’employeur',
        'Arrivées à l’entretien',
        'Retenues',
        'Taux d’entretien – entretien / envoyées (%)',
        'Taux de réussite – retenues / envoyées (%)',
      ]),
    ).toEqual({
      'Envoyées à l’employeur': String(sentCount),
      'Arrivées à l’entretien': String(interviewCount),
      Retenues: String(acceptedCount),
      'Taux d’entretien – entretien / envoyées (%)': percent(interviewCount),
      'Taux de réussite – retenues / envoyées (%)': percent(acceptedCount),
    })
  })

  it('with JavaScript off, the page and the dashboard show the three charts beside their tables, and « Exporter en Excel » gives workbooks with the figures of the CSV', async () => {
    const checker = createPageChecker(() => bt, { uniqueTitles: false })
    const page = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(page, DEMO.admin)
    await checker.check(page)
    // the dashboard: the charts of the last 12 months
    for (const name of [/^Parcours des candidatures par convention/, /^Candidatures déposées par mois/, /^Candidatures par statut actuel/]) {
      const chart = page.getByRole('img', { name })
      expect(await chart.count(), String(name)).toBe(1)
      expect((await chart.boundingBox())!.width, String(name)).toBeGreaterThan(200)
    }
    await Promise.all([
      page.waitForURL('**/admin/statistiques'),
      page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Statistiques', exact: true }).click(),
    ])
    await checker.check(page)
    const statuses = page.getByRole('img', {
      name: /^Candidatures par statut actuel, du .* par statut actuel\. En attente de validation par le référent : \d+/,
    })
    expect(await statuses.count()).toBe(1)
    expect(await page.locator('svg[role="img"]').count()).toBe(3)
    // no horizontal scrolling of the page for the charts, even in a narrow window
    await page.setViewportSize({ width: 320, height: 800 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
    expect((await statuses.boundingBox())!.width).toBeLessThanOrEqual(320)
    await page.setViewportSize({ width: 1280, height: 900 })

    const download = async (link: ReturnType<Page['getByRole']>) => {
      const [file] = await Promise.all([page.waitForEvent('download'), link.click()])
      return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) }
    }
    const workbookOf = async (bytes: Buffer) => {
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
      return workbook
    }
    /** A sheet's cells as the CSV writes them: integers, rates in percent with a decimal comma, months by name. */
    const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false })
    const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })
    const rowsOf = (sheet: ExcelJS.Worksheet, columns: number) =>
      Array.from({ length: sheet.rowCount }, (_, row) =>
        Array.from({ length: columns }, (_, column) => {
          const cell = sheet.getRow(row + 1).getCell(column + 1)
          const value = cell.value
          if (value === null || value === undefined) return ''
          if (value instanceof Date) return MONTH.format(value)
          if (typeof value === 'number')
            return cell.numFmt === '0.0%' ? ONE_DECIMAL.format(value * 100) : cell.numFmt === '0.0' ? ONE_DECIMAL.format(value) : String(value)
          return String(value)
        }),
      )
    const csvRows = async (slug: string) => {
      const { bytes } = await download(page.locator(`section[aria-labelledby="titre-${slug}"]`).getByRole('link', { name: /^Exporter en CSV/ }))
      return parseCsv(bytes.toString('utf8').slice(1)).map((row) => row.map((field) => (/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field)))
    }

    const conventions = await download(page.locator('section[aria-labelledby="titre-conventions"]').getByRole('link', { name: /^Exporter en Excel/ }))
    expect(conventions.name).toMatch(/^statistiques-conventions-\d{4}-\d{2}-\d{2}-au-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const conventionsSheet = (await workbookOf(conventions.bytes)).getWorksheet('Par convention')!
    const conventionsCsv = await csvRows('conventions')
    expect(rowsOf(conventionsSheet, conventionsCsv[0].length)).toEqual(conventionsCsv)
    expect(conventionsSheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(conventionsSheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })

    const everything = await download(page.getByRole('link', { name: 'Exporter tous les tableaux en Excel' }))
    expect(everything.name).toMatch(/^statistiques-\d{4}-\d{2}-\d{2}-au-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const workbook = await workbookOf(everything.bytes)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Par convention',
      'Par établissement',
      'Par employeur',
      'Par mois',
      'Par statut actuel',
      'Période',
    ])
    for (const [slug, name] of [
      ['etablissements', 'Par établissement'],
      ['employeurs', 'Par employeur'],
      ['mois', 'Par mois'],
      ['statuts', 'Par statut actuel'],
    ]) {
      const csv = await csvRows(slug)
      expect(rowsOf(workbook.getWorksheet(name)!, csv[0].length), slug).toEqual(csv)
    }
    expect(checker.problems).toEqual([])
  })

  it('a bad period shows the messages, linked from the summary; the page passes axe at 200 % zoom (a narrow window) too', async () => {
    const page = await bt.newPage({ viewport: { width: 640, height: 900 } })
    await bt.signInAs(page, DEMO.admin)
    await page.goto('/admin/statistiques')
    expect(await accessibilityProblems(page)).toEqual([])
    await page.getByLabel('Du', { exact: true }).fill('2026-06-30')
    await page.getByLabel('Au', { exact: true }).fill('2026-06-01')
    await Promise.all([page.waitForURL('**/admin/statistiques?du=*'), page.getByRole('button', { name: 'Afficher les statistiques' }).click()])
    expect(await page.title()).toBe('Erreur – Statistiques – Atouts pour tous')
    const summary = page.locator('.error-summary')
    expect(await summary.getByRole('link', { name: 'La date de fin doit être le même jour que la date de début ou après.' }).getAttribute('href')).toBe(
      '#field-au',
    )
    expect(await page.getByLabel('Au', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect(await accessibilityProblems(page)).toEqual([])
  })
})
