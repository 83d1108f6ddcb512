// « Exporter en Excel » on the world of world.ts (June 2026): real .xlsx workbooks, read back with exceljs
// as a spreadsheet would: the sheets, the bold and frozen header, numbers as numbers, dates as dates,
// the column widths, and the same figures as the CSV export of each table.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml, downloadCsv, visibleText } from './read.ts'
import { createStatisticsWorld, JUNE } from '../factories/worlds.ts'

let ctx: TestContext
let admin: Agent
beforeAll(async () => {
  ctx = await createTestContext()
  const world = await createStatisticsWorld(ctx.db)
  admin = await signIn(ctx.app, world.admin.user.email)
})
afterAll(async () => ctx?.cleanup())

const JUNE_QUERY = `du=${JUNE.du}&au=${JUNE.au}`
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const SHEETS = {
  conventions: 'Par convention',
  etablissements: 'Par établissement',
  employeurs: 'Par employeur',
  mois: 'Par mois',
  statuts: 'Par statut actuel',
}

async function downloadXlsx(agent: Agent, url: string) {
  const response = await agent
    .get(url)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => callback(null, Buffer.concat(chunks)))
    })
  const bytes = response.body as Buffer
  const workbook = new ExcelJS.Workbook()
  if (response.status === 200) await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  return {
    status: response.status,
    contentType: String(response.headers['content-type']),
    disposition: String(response.headers['content-disposition'] ?? ''),
    bytes,
    workbook,
  }
}

const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false })
const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** A cell as the CSV writes the same value: a rate in percent with a decimal comma, a month by its name, nothing for no value. */
function asCsvField(cell: ExcelJS.Cell): string {
  const value = cell.value
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return MONTH.format(value)
  if (typeof value === 'number') {
    if (cell.numFmt === '0.0%') return ONE_DECIMAL.format(value * 100)
    if (cell.numFmt === '0.0') return ONE_DECIMAL.format(value)
    return String(value)
  }
  return String(value)
}

/** Every row of a sheet, each cell as asCsvField reads it. */
function sheetRows(sheet: ExcelJS.Worksheet, columns: number): string[][] {
  const rows: string[][] = []
  for (let number = 1; number <= sheet.rowCount; number++)
    rows.push(Array.from({ length: columns }, (_, index) => asCsvField(sheet.getRow(number).getCell(index + 1))))
  return rows
}

/** The CSV's rows without the apostrophe it puts before names that a spreadsheet would run as formulas (a cell of text needs none). */
const withoutFormulaGuard = (rows: string[][]) => rows.map((row) => row.map((field) => (/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field)))

describe('« Exporter en Excel »', () => {
  it('each table has « Exporter en Excel » beside « Exporter en CSV », and the page « Exporter tous les tableaux en Excel », keeping the period', async () => {
    const html = decodeHtml((await admin.get(`/admin/statistiques?${JUNE_QUERY}`)).text)
    for (const slug of Object.keys(SHEETS)) {
      const section = new RegExp(`<section aria-labelledby="titre-${slug}">([\\s\\S]*?)</section>`).exec(html)![1]
      const links = /<ul class="export-links">([\s\S]*?)<\/ul>/.exec(section)![1]
      expect(links, slug).toContain(`<a href="/admin/statistiques/${slug}.csv?${JUNE_QUERY}" download>Exporter en CSV`)
      expect(links, slug).toContain(
        `<a href="/admin/statistiques/${slug}.xlsx?${JUNE_QUERY}" download>Exporter en Excel<span class="visually-hidden"> les statistiques `,
      )
    }
    expect(html).toContain(`<a href="/admin/statistiques/tous-les-tableaux.xlsx?${JUNE_QUERY}" download>Exporter tous les tableaux en Excel</a>`)
  })

  it('conventions.xlsx: the table as a sheet, its header bold and frozen, counts as integers, rates as percentages, days with a decimal, widths set, and the period as dates', async () => {
    const file = await downloadXlsx(admin, `/admin/statistiques/conventions.xlsx?${JUNE_QUERY}`)
    expect(file.status).toBe(200)
    expect(file.contentType).toBe(XLSX)
    expect(file.disposition).toBe('attachment; filename="statistiques-conventions-2026-06-01-au-2026-06-30.xlsx"')
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK')
    expect(file.workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Par convention', 'Période'])

    const sheet = file.workbook.getWorksheet('Par convention')!
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const header = sheet.getRow(1)
    expect(header.cellCount).toBe(21)
    for (let column = 1; column <= 21; column++) {
      expect(header.getCell(column).font?.bold, `header ${column}`).toBe(true)
      expect(sheet.getColumn(column).width, `width ${column}`).toBeGreaterThanOrEqual(10)
    }
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual('Convention Alpha'.length)

    // Convention Alpha: 10 applications, 6 sent, 3 at the interview (50 %), 1 accepted (16.7 %), medians 1.5 and 3 days
    const alpha = sheet.getRow(2)
    expect(alpha.getCell(1).value).toBe('Convention Alpha')
    expect(alpha.getCell(1).type).toBe(ExcelJS.ValueType.String)
    expect(alpha.getCell(14).value).toBe(10)
    expect(alpha.getCell(14).type).toBe(ExcelJS.ValueType.Number)
    expect(alpha.getCell(14).numFmt).toBe('#,##0')
    expect(alpha.getCell(18).value).toBe(0.5)
    expect(alpha.getCell(18).numFmt).toBe('0.0%')
    expect(alpha.getCell(19).value).toBeCloseTo(1 / 6, 10)
    expect(alpha.getCell(20).value).toBe(1.5)
    expect(alpha.getCell(20).numFmt).toBe('0.0')
    for (let column = 3; column <= 17; column++) expect(Number.isInteger(alpha.getCell(column).value), `column ${column}`).toBe(true)
    // Convention Gamma has nothing sent: no rate, no median (« — » on the page), empty cells
    const gamma = sheet.getRow(4)
    expect(gamma.getCell(1).value).toBe('Convention Gamma')
    for (let column = 18; column <= 21; column++) expect(gamma.getCell(column).type, `column ${column}`).toBe(ExcelJS.ValueType.Null)
    // the total row, bold
    expect(sheet.getRow(5).getCell(1).value).toBe('Total')
    expect(sheet.getRow(5).font?.bold).toBe(true)

    // the figures of the CSV, cell for cell
    const csv = await downloadCsv(admin, `/admin/statistiques/conventions.csv?${JUNE_QUERY}`)
    expect(sheetRows(sheet, 21)).toEqual(withoutFormulaGuard(csv.rows))

    const period = file.workbook.getWorksheet('Période')!
    expect(period.getCell('A2').value).toBe('Premier jour de la période')
    expect(period.getCell('B2').value).toEqual(new Date('2026-06-01T00:00:00.000Z'))
    expect(period.getCell('B2').type).toBe(ExcelJS.ValueType.Date)
    expect(period.getCell('B2').numFmt).toBe('dd/mm/yyyy')
    expect(period.getCell('B3').value).toEqual(new Date('2026-06-30T00:00:00.000Z'))
    expect(period.getCell('A4').value).toBe('Chiffres calculés le (heure de Paris)')
    expect(period.getCell('B4').type).toBe(ExcelJS.ValueType.Date)
    // the computation time, as the clock in Paris showed it: within the last few minutes
    const computedAt = period.getCell('B4').value as Date
    const parisNow = new Date(`${new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T')}Z`)
    expect(Math.abs(parisNow.getTime() - computedAt.getTime())).toBeLessThan(5 * 60 * 1000)
  })

  it('tous-les-tableaux.xlsx: one sheet per table, in the order of the page’s tables, each with the figures of its CSV, then « Période »', async () => {
    const file = await downloadXlsx(admin, '/admin/statistiques/tous-les-tableaux.xlsx?du=2026-03-01&au=2026-11-30')
    expect(file.status).toBe(200)
    expect(file.disposition).toBe('attachment; filename="statistiques-2026-03-01-au-2026-11-30.xlsx"')
    expect(file.workbook.worksheets.map((sheet) => sheet.name)).toEqual([...Object.values(SHEETS), 'Période'])
    for (const [slug, name] of Object.entries(SHEETS)) {
      const csv = await downloadCsv(admin, `/admin/statistiques/${slug}.csv?du=2026-03-01&au=2026-11-30`)
      const sheet = file.workbook.getWorksheet(name)!
      expect(sheet.views[0], slug).toMatchObject({ state: 'frozen', ySplit: 1 })
      expect(sheet.getRow(1).getCell(1).font?.bold, slug).toBe(true)
      expect(sheetRows(sheet, csv.rows[0].length), slug).toEqual(withoutFormulaGuard(csv.rows))
    }
    // the months are dates, shown by their French name; the names that look like formulas are text
    const months = file.workbook.getWorksheet('Par mois')!
    expect(months.getCell('A2').value).toEqual(new Date('2026-03-01T00:00:00.000Z'))
    expect(months.getCell('A2').type).toBe(ExcelJS.ValueType.Date)
    expect(months.getCell('A2').numFmt).toBe('[$-40C]mmmm yyyy')
    expect(months.getCell('A11').value).toBe('Total')
    expect(months.getCell('B11').value).toBe(18)
    const employers = file.workbook.getWorksheet('Par employeur')!
    const formulaLooking = employers.getColumn(1).values.find((value) => value === '=SOMME(A1:A2)')
    expect(formulaLooking).toBe('=SOMME(A1:A2)')
    employers.eachRow((row) => expect(row.getCell(1).type).not.toBe(ExcelJS.ValueType.Formula))
    const statuses = file.workbook.getWorksheet('Par statut actuel')!
    expect(statuses.getCell('C10').value).toBe(1)
    expect(statuses.getCell('C10').numFmt).toBe('0.0%')
  })

  it('an unknown table is a 404; a bad period is the page with its messages, not a file', async () => {
    expect((await admin.get(`/admin/statistiques/candidats.xlsx?${JUNE_QUERY}`)).status).toBe(404)
    const bad = await admin.get('/admin/statistiques/tous-les-tableaux.xlsx?du=2026-06-31&au=2026-06-30')
    expect(bad.status).toBe(422)
    expect(bad.headers['content-type']).toMatch(/^text\/html/)
    expect(bad.headers['content-disposition']).toBeUndefined()
    expect(visibleText(bad.text)).toContain('Saisissez une date de début valide')
  })
})
