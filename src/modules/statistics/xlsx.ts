/**
 * « Exporter en Excel »: the tables of the statistics as a real .xlsx workbook (exceljs), one sheet per
 * table, from the same definitions as the page and the CSV (tables.ts):
 * - the header row bold, wrapped and frozen (with the first column: the row's name stays in view);
 * - numbers as numbers: counts as integers, rates as fractions shown as percentages (0.0 %), days
 *   with one decimal; an empty cell where the page shows « — »; months as dates shown « juin 2026 »;
 * - the total row bold, the column widths set;
 * - a last sheet « Période » with the first and last day of the period and when the figures were
 *   computed, as dates (the computation time in Paris time: a spreadsheet's dates have no time zone).
 * The names are written as text cells, never as formulas (the CSV needs its leading apostrophe; not this).
 */
import { parisWallClock } from '../../lib/paris-time.ts'
import type { StatisticsPeriod } from './service.ts'
import type { Statistics } from './service.ts'
import { tableSheet, type Kind, type TableSheet, type TableSlug } from './tables.ts'

type ExcelJS = typeof import('exceljs')
type Worksheet = import('exceljs').Worksheet

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** exceljs is large: loaded at the first export. */
let excel: Promise<ExcelJS> | null = null
const loadExcel = () => (excel ??= import('exceljs').then((module) => (module as unknown as { default: ExcelJS }).default ?? module))

const NUMBER_FORMATS: Record<Exclude<Kind, 'text'>, string> = {
  // [$-40C]: French month names whatever the language of the spreadsheet software
  month: '[$-40C]mmmm yyyy',
  count: '#,##0',
  percent: '0.0%',
  days: '0.0',
}
const DAY_FORMAT = 'dd/mm/yyyy'
const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm'
const MONTH_KEY = /^\d{4}-\d{2}$/

/** yyyy-mm-dd → that day as a spreadsheet date (midnight UTC: exceljs writes dates in UTC). */
const spreadsheetDay = (day: string) => new Date(`${day}T00:00:00.000Z`)

/** An instant as the clock in Paris shows it, written as a spreadsheet date. */
function parisSpreadsheetTime(at: Date): Date {
  const clock = parisWallClock(at)
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second))
}

/** A value of the table as its cell holds it. */
function cellValue(kind: Kind, value: string | number | null): string | number | Date | null {
  if (value === null || value === '') return null
  if (kind === 'month' && typeof value === 'string' && MONTH_KEY.test(value)) return spreadsheetDay(`${value}-01`)
  return value
}

/** The width of a column, in characters: its longest value, the header wrapped on up to three lines. */
function columnWidth(sheet: TableSheet, index: number): number {
  const { header, kind } = sheet.columns[index]
  const longestValue = Math.max(
    0,
    ...sheet.rows.map((row) => {
      const value = row[index]
      if (value === null) return 0
      if (kind === 'month') return 15
      if (kind === 'percent') return 7
      return (
        String(typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : value).length +
        (kind === 'count' ? Math.floor(String(value).length / 3) : 0)
      )
    }),
  )
  const longestWord = Math.max(...header.split(/\s+/).map((word) => word.length))
  const headerOnThreeLines = Math.ceil(header.length / 3)
  return Math.min(50, Math.max(10, longestValue + 2, longestWord + 2, headerOnThreeLines + 2))
}

function addTableSheet(workbook: import('exceljs').Workbook, sheet: TableSheet, caption: string): Worksheet {
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1, activeCell: 'B2' }],
    headerFooter: { oddHeader: `&L${caption.replaceAll('&', '&&')}`, oddFooter: '&RPage &P sur &N' },
  })
  worksheet.columns = sheet.columns.map((column, index) => ({ header: column.header, width: columnWidth(sheet, index) }))
  const header = worksheet.getRow(1)
  header.font = { bold: true }
  header.alignment = { wrapText: true, vertical: 'top' }
  for (const values of sheet.rows) {
    const row = worksheet.addRow(sheet.columns.map((column, index) => cellValue(column.kind, values[index])))
    sheet.columns.forEach((column, index) => {
      if (column.kind !== 'text') row.getCell(index + 1).numFmt = NUMBER_FORMATS[column.kind]
    })
  }
  worksheet.lastRow!.font = { bold: true }
  return worksheet
}

function addPeriodSheet(workbook: import('exceljs').Workbook, period: Pick<StatisticsPeriod, 'firstDay' | 'lastDay'>, computedAt: Date) {
  const worksheet = workbook.addWorksheet('Période', { views: [{ state: 'frozen', ySplit: 1 }] })
  worksheet.columns = [
    { header: 'Information', width: 40 },
    { header: 'Valeur', width: 20 },
  ]
  worksheet.getRow(1).font = { bold: true }
  const rows: [string, Date | string, string | null][] = [
    ['Premier jour de la période', spreadsheetDay(period.firstDay), DAY_FORMAT],
    ['Dernier jour de la période', spreadsheetDay(period.lastDay), DAY_FORMAT],
    ['Chiffres calculés le (heure de Paris)', parisSpreadsheetTime(computedAt), DATE_TIME_FORMAT],
    ['Source', 'Atouts pour tous – Statistiques', null],
  ]
  for (const [label, value, format] of rows) {
    const row = worksheet.addRow([label, value])
    if (format) row.getCell(2).numFmt = format
  }
}

/**
 * A workbook of these tables (one sheet each, in this order), then the sheet « Période ».
 * `periodText`: "du 1 juin 2026 au 30 juin 2026", for the printed page's header.
 */
export async function statisticsWorkbook({
  statistics,
  slugs,
  period,
  periodText,
  computedAt,
}: {
  statistics: Statistics
  slugs: readonly TableSlug[]
  period: Pick<StatisticsPeriod, 'firstDay' | 'lastDay'>
  periodText: string
  computedAt: Date
}): Promise<Buffer> {
  const { Workbook } = await loadExcel()
  const workbook = new Workbook()
  workbook.creator = 'Atouts pour tous'
  workbook.title = `Statistiques ${periodText}`
  workbook.created = computedAt
  workbook.modified = computedAt
  for (const slug of slugs) {
    const sheet = tableSheet(statistics, slug)
    addTableSheet(workbook, sheet, `${sheet.name}, ${periodText}`)
  }
  addPeriodSheet(workbook, period, computedAt)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** statistiques-employeurs-2026-01-01-au-2026-11-28.xlsx; the whole workbook: statistiques-2026-01-01-au-2026-11-28.xlsx */
export function xlsxFileName(slug: TableSlug | null, period: Pick<StatisticsPeriod, 'firstDay' | 'lastDay'>): string {
  return `statistiques-${slug ? `${slug}-` : ''}${period.firstDay}-au-${period.lastDay}.xlsx`
}
