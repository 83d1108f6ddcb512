/**
 * What the statistics look like once computed: the HTML of the page's sections (charts and tables),
 * the dashboard's block of charts, the Excel workbooks. Each is made once per computation of the
 * figures and kept with them (keptWith: a WeakMap on the object the statistics cache keeps; a failure
 * is forgotten, the next request tries again): a table page of 12,000 cells or a chart costs
 * milliseconds to make, and the same figures are served for a minute (config.figuresMaxAgeMs) to every
 * request that asks for them.
 */
import type { Computed } from '../../lib/cache.ts'
import type { Db } from '../../lib/db.ts'
import { keptWith } from '../../lib/kept.ts'
import { formatDate, formatDateTime } from '../../web/format.ts'
import { KeptHtml, renderFragment } from '../../web/view-engine.ts'
import { parisMidnight } from '../../lib/paris-time.ts'
import { chartsOf } from './charts.ts'
import { readStatistics, resolvePeriod, statisticsCacheOf, type Statistics, type StatisticsPeriod } from './service.ts'
import { LONG_TABLE_SLUGS, pageTable, STATISTICS_ROWS_PER_PAGE, tableRowCount, TABLE_SLUGS, wholeTable, type TableSlug } from './tables.ts'
import { pageOf, type Page } from '../../lib/pagination.ts'
import { statisticsWorkbook } from './xlsx.ts'

/** "du 29 novembre 2025 au 28 novembre 2026" */
export function periodText(period: Pick<StatisticsPeriod, 'firstDay' | 'lastDay'>): string {
  return `du ${formatDate(parisMidnight(period.firstDay))} au ${formatDate(parisMidnight(period.lastDay))}`
}

/** ?du=…&au=… of a link that shows, or exports, exactly this period. */
export function periodQuery(period: Pick<StatisticsPeriod, 'firstDay' | 'lastDay'>): string {
  return new URLSearchParams({ du: period.firstDay, au: period.lastDay }).toString()
}

/**
 * The sections of « Statistiques » for these figures: the funnel by convention (chart and table), the
 * applications by month and by status (each a chart beside its table), then the three long tables at
 * the page each asks for (`query[slug]`, 50 rows a page).
 */
export async function statisticsSectionsHtml({
  statistics,
  period,
  pageNumbers,
  isProduction,
}: {
  statistics: Statistics
  period: StatisticsPeriod
  /** the page asked for of each long table: ?employeurs=2 */
  pageNumbers: Record<string, unknown>
  isProduction: boolean
}): Promise<KeptHtml> {
  const pages = LONG_TABLE_SLUGS.map((slug) => pageOf(pageNumbers[slug], tableRowCount(statistics, slug), STATISTICS_ROWS_PER_PAGE))
  // the first pages, as the page opens, joined once too, not at every request (156 kB); other pages'
  // combinations are joined when asked for (kept, they could add up to more than their parts)
  if (pages.every((page) => page.current === 1)) return keptWith(statistics, 'sections', () => sectionsHtml(statistics, period, pages, isProduction))
  return sectionsHtml(statistics, period, pages, isProduction)
}

async function sectionsHtml(statistics: Statistics, period: StatisticsPeriod, pages: Page[], isProduction: boolean): Promise<KeptHtml> {
  const text = periodText(period)
  const query = periodQuery(period)
  const charts = () => chartsOf(statistics, text)
  const sections = [
    keptWith(statistics, 'parcours', async () =>
      renderFragment('statistics/funnel', { table: wholeTable(statistics, 'parcours', text), chart: (await charts()).funnel }, isProduction),
    ),
    ...(['mois', 'statuts'] as const).map((slug) =>
      keptWith(statistics, slug, async () => {
        const chart = (await charts())[slug === 'mois' ? 'months' : 'statuses']
        return renderFragment('statistics/tables', { table: wholeTable(statistics, slug, text), query, chart }, isProduction)
      }),
    ),
    ...LONG_TABLE_SLUGS.map((slug, index) => {
      const page = pages[index]
      return keptWith(statistics, `${slug}:${page.current}`, () =>
        renderFragment('statistics/tables', { table: pageTable(statistics, slug, text, page), query, chart: null }, isProduction),
      )
    }),
  ]
  return new KeptHtml((await Promise.all(sections)).map((section) => section.html).join('\n'))
}

/**
 * The administrator's dashboard block: the three charts of the last twelve months, each beside its
 * table, read through the statistics cache like « Statistiques » (the same computation, whichever page
 * asks first; server.ts computes it ahead) and made once per computation.
 */
export async function dashboardStatisticsHtml({
  db,
  figuresMaxAgeMs,
  isProduction,
  now = new Date(),
}: {
  db: Db
  figuresMaxAgeMs: number
  isProduction: boolean
  now?: Date
}): Promise<KeptHtml> {
  const period = resolvePeriod({ du: null, au: null }, now)
  const { value: statistics, computedAt } = await readStatistics(statisticsCacheOf(db, figuresMaxAgeMs), db, period)
  return keptWith(statistics, 'dashboard', async () => {
    const text = periodText(period)
    const charts = await chartsOf(statistics, text)
    return renderFragment(
      'statistics/dashboard',
      {
        charts,
        tables: {
          parcours: wholeTable(statistics, 'parcours', text),
          mois: wholeTable(statistics, 'mois', text),
          statuts: wholeTable(statistics, 'statuts', text),
        },
        periodText: text,
        computedAt: computedAt.toISOString(),
        computedAtText: formatDateTime(computedAt),
      },
      isProduction,
    )
  })
}

/** The Excel workbook of one table (`slug`) or of every table (null), made once per computation. */
export function workbookOf({ value: statistics, computedAt }: Computed<Statistics>, period: StatisticsPeriod, slug: TableSlug | null): Promise<Buffer> {
  return keptWith(statistics, `xlsx:${slug ?? '*'}`, () =>
    statisticsWorkbook({ statistics, slugs: slug ? [slug] : TABLE_SLUGS, period, periodText: periodText(period), computedAt }),
  )
}
