import type { Request, Response } from 'express'
import type { RouterDeps } from '../../app.ts'
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts'
import { formatDate } from '../../web/format.ts'
import { parisMidnight } from '../offers/dates.ts'
import { ZStatisticsPeriodForm } from './schemas.ts'
import { readStatistics, resolvePeriod, statisticsCacheOf, type Statistics, type StatisticsPeriod } from './service.ts'
import { csvFileName, pageTable, STATISTICS_ROWS_PER_PAGE, TABLE_SLUGS, tableCsv, tableRowCount, type TablePage, type TableSlug } from './tables.ts'
import { pageOf } from '../../web/pagination.ts'
import { renderFragment } from '../../web/view-engine.ts'

const TITLE = 'Statistiques'

/** "du 29 novembre 2025 au 28 novembre 2026" */
function periodText(period: StatisticsPeriod): string {
  return `du ${formatDate(parisMidnight(period.firstDay))} au ${formatDate(parisMidnight(period.lastDay))}`
}

/** ?du=…&au=… of a link that shows, or exports, exactly this period. */
function periodQuery(period: StatisticsPeriod): string {
  return new URLSearchParams({ du: period.firstDay, au: period.lastDay }).toString()
}

export function createStatisticsHandlers({ db, config }: RouterDeps) {
  // the page and its exports read the same computation of a period, kept config.figuresMaxAgeMs
  const cache = statisticsCacheOf(db, config.figuresMaxAgeMs)
  // and each page of a table is formatted and rendered once per computation (12,000 cells at scale:
  // tens of milliseconds), then inserted as it is
  const fragmentsOf = new WeakMap<Statistics, Map<string, Promise<string>>>()
  function tableHtmlOf(statistics: Statistics, period: StatisticsPeriod, slug: TableSlug, page: TablePage): Promise<string> {
    let fragments = fragmentsOf.get(statistics)
    if (!fragments) fragmentsOf.set(statistics, (fragments = new Map()))
    const key = `${slug}:${page.current}`
    let html = fragments.get(key)
    if (!html) {
      const table = pageTable(statistics, slug, periodText(period), page)
      html = renderFragment('statistics/tables', { table, query: periodQuery(period) }, config.isProduction)
      fragments.set(key, html)
      html.catch(() => fragments.delete(key))
    }
    return html
  }

  /** A period that cannot be read: the form again, with the messages, and no figures. */
  function renderInvalidPeriod(req: Request, res: Response, errors: FieldErrors) {
    res.status(422).render('statistics/index', { title: TITLE, errors, values: keepValues(req.query), period: null, tablesHtml: '' })
  }

  return {
    async show(req: Request, res: Response) {
      const form = parseForm(ZStatisticsPeriodForm, req.query)
      if (!form.ok) return renderInvalidPeriod(req, res, form.errors)
      const period = resolvePeriod(form.data)
      const { value: statistics, computedAt } = await readStatistics(cache, db, period)
      const text = periodText(period)
      res.render('statistics/index', {
        title: TITLE,
        values: { du: period.firstDay, au: period.lastDay },
        period,
        periodText: text,
        computedAt,
        query: periodQuery(period),
        tablesHtml: (
          await Promise.all(
            TABLE_SLUGS.map((slug) => {
              // each long table has its own page number: ?employeurs=2
              const page = pageOf(req.query[slug], tableRowCount(statistics, slug), STATISTICS_ROWS_PER_PAGE)
              return tableHtmlOf(statistics, period, slug, page)
            }),
          )
        ).join('\n'),
      })
    },

    exportCsv: (slug: TableSlug) => async (req: Request, res: Response) => {
      const form = parseForm(ZStatisticsPeriodForm, req.query)
      if (!form.ok) return renderInvalidPeriod(req, res, form.errors)
      const period = resolvePeriod(form.data)
      const csv = tableCsv((await readStatistics(cache, db, period)).value, slug)
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csvFileName(slug, period)}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      res.send(csv)
    },
  }
}
