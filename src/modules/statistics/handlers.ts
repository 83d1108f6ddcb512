import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { periodQuery, periodText, statisticsSectionsHtml, workbookOf } from './fragments.ts'
import { ZStatisticsPeriodForm } from './schemas.ts'
import { readStatistics, resolvePeriod, statisticsCacheOf } from './service.ts'
import { csvFileName, tableCsv, type TableSlug } from './tables.ts'
import { XLSX_CONTENT_TYPE, xlsxFileName } from './xlsx.ts'

const TITLE = 'Statistiques'

/** The headers of a downloaded file: an attachment, never kept by a cache, never sniffed. */
const downloadHeaders = (contentType: string, fileName: string) => ({
  'Content-Type': contentType,
  'Content-Disposition': `attachment; filename="${fileName}"`,
  'Cache-Control': 'private, no-store',
  'X-Content-Type-Options': 'nosniff',
})

export function createStatisticsHandlers({ db, config }: RouterDeps) {
  // the page and its exports read the same computation of a period, kept config.figuresMaxAgeMs; its
  // charts, table pages and workbooks are made once per computation (fragments.ts)
  const cache = statisticsCacheOf(db, config.figuresMaxAgeMs)

  /** A period that cannot be read: the form again, with the messages, and no figures. */
  function renderInvalidPeriod(req: Request, res: Response, errors: FieldErrors) {
    res.status(422).render('statistics/index', { title: TITLE, errors, values: keepValues(req.query), period: null, tablesHtml: '' })
  }

  /** The period of the query and its figures, or null once the page with the messages is sent. */
  async function figuresOf(req: Request, res: Response) {
    const form = parseForm(ZStatisticsPeriodForm, req.query)
    if (!form.ok) {
      renderInvalidPeriod(req, res, form.errors)
      return null
    }
    const period = resolvePeriod(form.data)
    return { period, computed: await readStatistics(cache, db, period) }
  }

  return {
    async show(req: Request, res: Response) {
      const figures = await figuresOf(req, res)
      if (!figures) return
      const { period, computed } = figures
      res.render('statistics/index', {
        title: TITLE,
        values: { du: period.firstDay, au: period.lastDay },
        period,
        periodText: periodText(period),
        computedAt: computed.computedAt,
        query: periodQuery(period),
        // each long table has its own page number: ?employeurs=2
        tablesHtml: await statisticsSectionsHtml({ statistics: computed.value, period, pageNumbers: req.query, isProduction: config.isProduction }),
      })
    },

    exportCsv: (slug: TableSlug) => async (req: Request, res: Response) => {
      const figures = await figuresOf(req, res)
      if (!figures) return
      res.set(downloadHeaders('text/csv; charset=utf-8', csvFileName(slug, figures.period)))
      res.send(tableCsv(figures.computed.value, slug))
    },

    /** One table's workbook (`slug`), or every table's (null). */
    exportXlsx: (slug: TableSlug | null) => async (req: Request, res: Response) => {
      const figures = await figuresOf(req, res)
      if (!figures) return
      const workbook = await workbookOf(figures.computed, figures.period, slug)
      res.set(downloadHeaders(XLSX_CONTENT_TYPE, xlsxFileName(slug, figures.period)))
      res.send(workbook)
    },
  }
}
