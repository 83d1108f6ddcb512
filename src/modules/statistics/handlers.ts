import type { Request, Response } from 'express'
import type { RouterDeps } from '../../app.ts'
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts'
import { formatDate } from '../../web/format.ts'
import { parisMidnight } from '../offers/dates.ts'
import { ZStatisticsPeriodForm } from './schemas.ts'
import { readStatistics, resolvePeriod, statisticsCacheOf, type Statistics, type StatisticsPeriod } from './service.ts'
import { csvFileName, pageTables, tableCsv, type TableSlug } from './tables.ts'
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
  // and the page's tables of a computation are formatted and rendered once (12,000 cells at scale:
  // tens of milliseconds a request), then inserted as they are
  const tablesOfComputation = new WeakMap<Statistics, Promise<string>>()
  function tablesHtmlOf(statistics: Statistics, period: StatisticsPeriod): Promise<string> {
    let html = tablesOfComputation.get(statistics)
    if (!html) {
      html = renderFragment('statistics/tables', { tables: pageTables(statistics, periodText(period)), query: periodQuery(period) }, config.isProduction)
      tablesOfComputation.set(statistics, html)
      html.catch(() => tablesOfComputation.delete(statistics))
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
        tablesHtml: await tablesHtmlOf(statistics, period),
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
