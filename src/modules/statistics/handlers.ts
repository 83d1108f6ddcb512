import type { Request, Response } from 'express'
import type { RouterDeps } from '../../app.ts'
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts'
import { formatDate } from '../../web/format.ts'
import { parisMidnight } from '../offers/dates.ts'
import { ZStatisticsPeriodForm } from './schemas.ts'
import { computeStatistics, resolvePeriod, type StatisticsPeriod } from './service.ts'
import { csvFileName, pageTables, tableCsv, type TableSlug } from './tables.ts'

const TITLE = 'Statistiques'

/** "du 29 novembre 2025 au 28 novembre 2026" */
function periodText(period: StatisticsPeriod): string {
  return `du ${formatDate(parisMidnight(period.firstDay))} au ${formatDate(parisMidnight(period.lastDay))}`
}

/** ?du=…&au=… of a link that shows, or exports, exactly this period. */
function periodQuery(period: StatisticsPeriod): string {
  return new URLSearchParams({ du: period.firstDay, au: period.lastDay }).toString()
}

export function createStatisticsHandlers({ db }: RouterDeps) {
  /** A period that cannot be read: the form again, with the messages, and no figures. */
  function renderInvalidPeriod(req: Request, res: Response, errors: FieldErrors) {
    res.status(422).render('statistics/index', { title: TITLE, errors, values: keepValues(req.query), period: null, tables: [] })
  }

  return {
    async show(req: Request, res: Response) {
      const form = parseForm(ZStatisticsPeriodForm, req.query)
      if (!form.ok) return renderInvalidPeriod(req, res, form.errors)
      const period = resolvePeriod(form.data)
      const statistics = await computeStatistics(db, period)
      const text = periodText(period)
      res.render('statistics/index', {
        title: TITLE,
        values: { du: period.firstDay, au: period.lastDay },
        period,
        periodText: text,
        query: periodQuery(period),
        tables: pageTables(statistics, text),
      })
    },

    exportCsv: (slug: TableSlug) => async (req: Request, res: Response) => {
      const form = parseForm(ZStatisticsPeriodForm, req.query)
      if (!form.ok) return renderInvalidPeriod(req, res, form.errors)
      const period = resolvePeriod(form.data)
      const csv = tableCsv(await computeStatistics(db, period), slug)
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
