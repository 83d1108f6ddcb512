/**
 * The tables of the statistics page, column by column: the page, the CSV export and the Excel export
 * read the same definitions, so a figure is the same in all three (same rounding, same order). Three
 * long tables (by convention, établissement, employer) and two short ones that sit beside their chart
 * (applications by month, by status).
 */
import type { ApplicationStatus } from '../../lib/db.ts'
import { rangeOf, type Page } from '../../lib/pagination.ts'
import { STATUS_LABELS } from '../applications/labels.ts'
import { neutralizeFormula, toCsv } from './csv.ts'
import {
  APPLICATION_STATUSES,
  type ApplicationFigures,
  type ConventionStatistics,
  type EmployerStatistics,
  type EstablishmentStatistics,
  type Statistics,
  type MonthStatistics,
  type StatisticsPeriod,
} from './service.ts'

/** Every table, in the order of the Excel workbook; each has its CSV and Excel export. */
export const TABLE_SLUGS = ['conventions', 'etablissements', 'employeurs', 'mois', 'statuts'] as const
export type TableSlug = (typeof TABLE_SLUGS)[number]
/** The long tables, shown 50 rows a page at the end of the page; the others are shown with their chart. */
export const LONG_TABLE_SLUGS = ['conventions', 'etablissements', 'employeurs'] as const satisfies readonly TableSlug[]

/** The tables of the page: the exported ones, and the funnel's figures beside its chart (they are in « Par convention »). */
export type ShownTableSlug = TableSlug | 'parcours'

/** What a column holds: its formats on the page, in the CSV and in Excel follow from it. */
export type Kind = 'text' | 'month' | 'count' | 'percent' | 'days'

type Column<Row> = {
  /** the page's header, under its group's header when it has one */
  label: string
  group: string | null
  /** the CSV header: the group and the label in one line */
  csvHeader: string
  kind: Kind
  value: (row: Row) => string | number | null
}

// ───────────────────────── Number formats (French) ─────────────────────────

const COUNT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })
const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const ONE_DECIMAL_CSV = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false })
const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const MONTH_KEY = /^\d{4}-\d{2}$/

/** "2026-06" → "juin 2026"; any other text (the total row's "Total") as it is. */
export function monthLabel(month: string): string {
  return MONTH_KEY.test(month) ? MONTH.format(new Date(`${month}-01T00:00:00Z`)) : month
}

/** A percentage as a number from 0 to 100 (the page and the CSV round the same number). */
const percentOf = (rate: number) => rate * 100

/** A cell of the page: its text, whether it is a figure (right-aligned), and whether it has no value. */
export type PageCell = { text: string; numeric: boolean; missing: boolean }

function pageCell(kind: Kind, value: string | number | null): PageCell {
  if (kind === 'text') return { text: String(value ?? ''), numeric: false, missing: false }
  if (kind === 'month') return { text: monthLabel(String(value ?? '')), numeric: false, missing: false }
  if (value === null || typeof value === 'string') return { text: '—', numeric: true, missing: true }
  if (kind === 'count') return { text: COUNT.format(value), numeric: true, missing: false }
  if (kind === 'percent') return { text: `${ONE_DECIMAL.format(percentOf(value))}\u202f%`, numeric: true, missing: false }
  return { text: ONE_DECIMAL.format(value), numeric: true, missing: false }
}

/** A field of the CSV: plain digits, a decimal comma, nothing when there is no value. */
function csvCell(kind: Kind, value: string | number | null): string {
  if (kind === 'text') return neutralizeFormula(String(value ?? ''))
  if (kind === 'month') return monthLabel(String(value ?? ''))
  if (value === null || typeof value === 'string') return ''
  if (kind === 'count') return String(value)
  return ONE_DECIMAL_CSV.format(kind === 'percent' ? percentOf(value) : value)
}

// ───────────────────────── The columns ─────────────────────────

const CANDIDATES = 'Candidats'
const BY_STATUS = 'Candidatures par statut actuel'
const FUNNEL = 'Parcours des candidatures'
const DELAYS = 'Délais médians (en jours)'

const text = <Row>(label: string, value: (row: Row) => string): Column<Row> => ({ label, group: null, csvHeader: label, kind: 'text', value })

const candidateColumns: Column<{ activeCandidates: number; pendingCandidates: number }>[] = [
  { label: 'Actifs', group: CANDIDATES, csvHeader: 'Candidats actifs', kind: 'count', value: (row) => row.activeCandidates },
  {
    label: 'En attente de validation',
    group: CANDIDATES,
    csvHeader: 'Candidats en attente de validation',
    kind: 'count',
    value: (row) => row.pendingCandidates,
  },
]

const offerColumn: Column<{ publishedOffers: number }> = {
  label: 'Offres publiées',
  group: null,
  csvHeader: 'Offres publiées',
  kind: 'count',
  value: (row) => row.publishedOffers,
}

const statusColumn = (status: ApplicationStatus): Column<ApplicationFigures> => ({
  label: STATUS_LABELS[status],
  group: BY_STATUS,
  csvHeader: `Candidatures – ${STATUS_LABELS[status]}`,
  kind: 'count',
  value: (row) => row.byStatus[status],
})

const applicationColumns: Column<ApplicationFigures>[] = [
  ...APPLICATION_STATUSES.map(statusColumn),
  { label: 'Total', group: BY_STATUS, csvHeader: 'Candidatures – total', kind: 'count', value: (row) => row.applications },
  { label: 'Envoyées', group: FUNNEL, csvHeader: 'Envoyées à l’employeur', kind: 'count', value: (row) => row.sent },
  { label: 'Entretien', group: FUNNEL, csvHeader: 'Arrivées à l’entretien', kind: 'count', value: (row) => row.interview },
  { label: 'Retenues', group: FUNNEL, csvHeader: 'Retenues', kind: 'count', value: (row) => row.accepted },
  {
    label: 'Taux d’entretien (entretien / envoyées)',
    group: FUNNEL,
    csvHeader: 'Taux d’entretien – entretien / envoyées (%)',
    kind: 'percent',
    value: (row) => row.interviewRate,
  },
  {
    label: 'Taux de réussite (retenues / envoyées)',
    group: FUNNEL,
    csvHeader: 'Taux de réussite – retenues / envoyées (%)',
    kind: 'percent',
    value: (row) => row.acceptanceRate,
  },
  {
    label: 'Validation par le référent',
    group: DELAYS,
    csvHeader: 'Délai médian de validation par le référent (jours)',
    kind: 'days',
    value: (row) => row.medianValidationDays,
  },
  {
    label: 'Première réponse de l’employeur',
    group: DELAYS,
    csvHeader: 'Délai médian de première réponse de l’employeur (jours)',
    kind: 'days',
    value: (row) => row.medianAnswerDays,
  },
]

type TableDefinition<Row> = {
  slug: ShownTableSlug
  heading: string
  /** what one row is, for the link texts: "par convention" */
  per: string
  /** the caption before the period ("Statistiques par convention" when not given) */
  caption?: string
  /** the name of its sheet in Excel (31 characters at most) */
  sheet: string
  /** the first text columns; the first one is the row's header */
  columns: Column<Row>[]
}

const conventionsTable: TableDefinition<ConventionStatistics> = {
  slug: 'conventions',
  heading: 'Par convention',
  per: 'par convention',
  sheet: 'Par convention',
  columns: [
    text('Convention', (row) => row.name),
    text('Région', (row) => row.region),
    ...(candidateColumns as Column<ConventionStatistics>[]),
    offerColumn as Column<ConventionStatistics>,
    ...(applicationColumns as Column<ConventionStatistics>[]),
  ],
}

const establishmentsTable: TableDefinition<EstablishmentStatistics> = {
  slug: 'etablissements',
  heading: 'Par établissement',
  per: 'par établissement',
  sheet: 'Par établissement',
  columns: [
    text('Établissement', (row) => row.name),
    text('Convention', (row) => row.conventionName),
    ...(candidateColumns as Column<EstablishmentStatistics>[]),
    ...(applicationColumns as Column<EstablishmentStatistics>[]),
  ],
}

const employersTable: TableDefinition<EmployerStatistics> = {
  slug: 'employeurs',
  heading: 'Par employeur',
  per: 'par employeur',
  sheet: 'Par employeur',
  columns: [text('Employeur', (row) => row.name), offerColumn as Column<EmployerStatistics>, ...(applicationColumns as Column<EmployerStatistics>[])],
}

type MonthRow = MonthStatistics
/** A status of the applications: its label, its applications, their share of all (null when there is none). */
type StatusRow = { name: string; applications: number; share: number | null }

const monthsTable: TableDefinition<MonthRow> = {
  slug: 'mois',
  heading: 'Candidatures par mois',
  per: 'par mois',
  caption: 'Candidatures déposées par mois',
  sheet: 'Par mois',
  columns: [
    { label: 'Mois', group: null, csvHeader: 'Mois', kind: 'month', value: (row) => row.month },
    { label: 'Candidatures déposées', group: null, csvHeader: 'Candidatures déposées', kind: 'count', value: (row) => row.applications },
  ],
}

const statusesTable: TableDefinition<StatusRow> = {
  slug: 'statuts',
  heading: 'Candidatures par statut actuel',
  per: 'par statut actuel',
  caption: 'Candidatures déposées pendant la période, par statut actuel',
  sheet: 'Par statut actuel',
  columns: [
    text('Statut actuel', (row) => row.name),
    { label: 'Candidatures', group: null, csvHeader: 'Candidatures', kind: 'count', value: (row) => row.applications },
    { label: 'Part des candidatures', group: null, csvHeader: 'Part des candidatures (%)', kind: 'percent', value: (row) => row.share },
  ],
}

/** The three steps of the funnel by convention, beside its chart. */
const funnelTable: TableDefinition<ConventionStatistics> = {
  slug: 'parcours',
  heading: 'Parcours des candidatures par convention',
  per: 'par convention',
  caption: 'Parcours des candidatures par convention',
  sheet: '',
  columns: [
    text('Convention', (row) => row.name),
    ...(applicationColumns.filter((column) => column.group === FUNNEL && column.kind === 'count') as Column<ConventionStatistics>[]),
  ],
}

// ───────────────────────── For the page, the CSV and Excel ─────────────────────────

/** The header's groups, in order: a column without a group spans both header rows. */
export type HeaderGroup = { label: string | null; span: number }

export type PageTable = {
  slug: ShownTableSlug
  heading: string
  /** "par convention" */
  per: string
  caption: string
  groups: HeaderGroup[]
  columns: { label: string; group: string | null; numeric: boolean }[]
  rows: PageCell[][]
  total: PageCell[]
}

/** Each row as the table's definition has it, the total last ("Total" as its name). */
function rowsOf(statistics: Statistics, slug: ShownTableSlug): { definition: TableDefinition<never>; rows: unknown[]; total: unknown } {
  switch (slug) {
    case 'parcours':
      return { definition: funnelTable, rows: statistics.conventions.rows, total: { id: 0, name: 'Total', region: '', ...statistics.conventions.total } }
    case 'conventions':
      return { definition: conventionsTable, rows: statistics.conventions.rows, total: { id: 0, name: 'Total', region: '', ...statistics.conventions.total } }
    case 'etablissements':
      return {
        definition: establishmentsTable,
        rows: statistics.establishments.rows,
        total: { id: 0, name: 'Total', conventionName: '', ...statistics.establishments.total },
      }
    case 'employeurs':
      return { definition: employersTable, rows: statistics.employers.rows, total: { id: 0, name: 'Total', ...statistics.employers.total } }
    case 'mois': {
      const total: MonthRow = { month: 'Total', applications: statistics.months.reduce((sum, row) => sum + row.applications, 0) }
      return { definition: monthsTable, rows: statistics.months, total }
    }
    case 'statuts': {
      const { byStatus, applications } = statistics.conventions.total
      const share = (count: number) => (applications === 0 ? null : count / applications)
      const rows: StatusRow[] = APPLICATION_STATUSES.map((status) => ({
        name: STATUS_LABELS[status],
        applications: byStatus[status],
        share: share(byStatus[status]),
      }))
      return { definition: statusesTable, rows, total: { name: 'Total', applications, share: share(applications) } satisfies StatusRow }
    }
  }
}

function groupsOf(columns: { group: string | null }[]): HeaderGroup[] {
  const groups: HeaderGroup[] = []
  for (const column of columns) {
    const last = groups.at(-1)
    if (column.group !== null && last?.label === column.group) last.span++
    else groups.push({ label: column.group, span: 1 })
  }
  return groups
}

/** The rows of a table on one page of the screen (the CSV export has them all). */
export const STATISTICS_ROWS_PER_PAGE = 50

/** How many rows a table has, to tell which of its pages exist. */
export const tableRowCount = (statistics: Statistics, slug: ShownTableSlug) => rowsOf(statistics, slug).rows.length

/**
 * One page of one table, its total last: a table of 500 employers is shown 50 rows at a time (a page
 * of 500 rows of 25 cells is half a megabyte), its total counting them all.
 * "du 1er janvier 2026 au 28 novembre 2026" is written by the view; the caption needs the days.
 */
export function pageTable(statistics: Statistics, slug: ShownTableSlug, periodText: string, page: Page): PageTable & { page: Page; rowCount: number } {
  const { definition, rows, total } = rowsOf(statistics, slug)
  const columns = definition.columns as Column<unknown>[]
  const { skip, take } = rangeOf(page)
  const shown = rows.slice(skip, skip + take)
  return {
    slug,
    heading: definition.heading,
    per: definition.per,
    caption: `${definition.caption ?? `Statistiques ${definition.per}`}, ${periodText}${page.last > 1 ? `, page ${page.current} sur ${page.last}` : ''}`,
    groups: groupsOf(columns),
    columns: columns.map((column) => ({ label: column.label, group: column.group, numeric: column.kind !== 'text' && column.kind !== 'month' })),
    rows: shown.map((row) => columns.map((column) => pageCell(column.kind, column.value(row)))),
    total: columns.map((column) => pageCell(column.kind, column.value(total))),
    page,
    rowCount: rows.length,
  }
}

/** A short table on one page: all its rows. */
export function wholeTable(statistics: Statistics, slug: ShownTableSlug, periodText: string) {
  const rows = tableRowCount(statistics, slug)
  return pageTable(statistics, slug, periodText, { current: 1, last: 1, size: Math.max(1, rows) })
}

/** The CSV file of one table: the header, one line per row, the total. */
export function tableCsv(statistics: Statistics, slug: TableSlug): string {
  const { definition, rows, total } = rowsOf(statistics, slug)
  const columns = definition.columns as Column<unknown>[]
  const line = (row: unknown) => columns.map((column) => csvCell(column.kind, column.value(row)))
  return toCsv([columns.map((column) => column.csvHeader), ...rows.map(line), line(total)])
}

/** statistiques-etablissements-2026-01-01-au-2026-11-28.csv */
export function csvFileName(slug: TableSlug, period: Pick<StatisticsPeriod, 'firstDay' | 'lastDay'>): string {
  return `statistiques-${slug}-${period.firstDay}-au-${period.lastDay}.csv`
}

/** One table as raw values, for a spreadsheet: the kind of each column says how to write its values. */
export type TableSheet = {
  slug: TableSlug
  name: string
  columns: { header: string; kind: Kind }[]
  /** one array of values per row, the total last; null where the page shows "—" */
  rows: (string | number | null)[][]
}

export function tableSheet(statistics: Statistics, slug: TableSlug): TableSheet {
  const { definition, rows, total } = rowsOf(statistics, slug)
  const columns = definition.columns as Column<unknown>[]
  const values = (row: unknown) => columns.map((column) => column.value(row))
  return {
    slug,
    name: definition.sheet,
    columns: columns.map((column) => ({ header: column.csvHeader, kind: column.kind })),
    rows: [...rows.map(values), values(total)],
  }
}
