/**
 * The charts of « Statistiques » and of the administrator's dashboard, drawn on the server as SVG by
 * Observable Plot on a linkedom document (no JavaScript in the browser), then made fit for the page:
 * - accessible: `role="img"`, a <title> and a <desc> (the key figures in a sentence) that name it
 *   through `aria-labelledby`, and none of Plot's inner `aria-label`s (its marks are not for the
 *   reader); the table of the same figures is beside each chart on the page;
 * - allowed by the Content-Security-Policy (`style-src 'self'`): Plot's <style> element and any `style`
 *   attribute are removed, the chart's few rules are in public/css/main.css (`.chart`);
 * - in the site's colours: each kind of bar has a class (`chart-fill-…`) whose colour main.css takes
 *   from the site's variables, so the themes apply; the fill written here is the same colour, for the
 *   SVG on its own. Every bar colour keeps at least 3:1 against the background, and none is the only
 *   cue: every bar has its value written beside it and its name on the axis;
 * - the text in the page's font (no font-family of Plot's), at the size the text-size setting gives
 *   (main.css sizes the chart in rem).
 *
 * A chart costs a few milliseconds to draw: chartsOf draws the three once per computation of the
 * figures (the objects the statistics cache keeps), for every page that shows them.
 */
import { keptWith } from '../../lib/kept.ts'
import type { Statistics } from './service.ts'
import { APPLICATION_STATUSES } from './service.ts'
import { STATUS_LABELS } from '../applications/labels.ts'

export type StatisticsChart = {
  /** the id of the <svg>; its title and desc are `${id}-titre` and `${id}-description` */
  id: string
  /** the chart's title (also the figure's caption) */
  title: string
  /** the text alternative: the key figures in a sentence or two */
  description: string
  /** the <svg> element, ready to insert as it is */
  svg: string
}

export type StatisticsCharts = { funnel: StatisticsChart; months: StatisticsChart; statuses: StatisticsChart }

/** The site's colours (public/css/main.css: --blue, --orange-dark, --green), ≥ 7:1 against white. */
const FILLS = {
  'chart-fill-1': '#1d3f8f',
  'chart-fill-2': '#8a4b00',
  'chart-fill-3': '#17653a',
} as const
type FillClass = keyof typeof FILLS

const WIDTH = 640
const FONT_SIZE = 13
const SVG_NS = 'http://www.w3.org/2000/svg'

const COUNT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 })
const MONTH_LONG = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const MONTH_SHORT = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' })
const monthDate = (month: string) => new Date(`${month}-01T00:00:00Z`)

/** "aucune candidature", "1 candidature", "1 234 candidatures" */
const applicationsText = (count: number) => (count === 0 ? 'aucune candidature' : `${COUNT.format(count)} candidature${count > 1 ? 's' : ''}`)

type Plot = typeof import('@observablehq/plot')
type Tools = { Plot: Plot; document: Document }

let tools: Promise<Tools> | null = null

/**
 * Plot and a server-side document, loaded once, at the first chart (the processes that draw none never
 * load them) or ahead (warmDefaultStatistics: loading them takes about half a second).
 */
export function loadChartTools(): Promise<Tools> {
  tools ??= Promise.all([import('@observablehq/plot'), import('linkedom')]).then(([Plot, { parseHTML }]) => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>')
    return { Plot, document: document as unknown as Document }
  })
  return tools
}

/**
 * Plot's SVG made fit for the page (see the top of this file): role, title, desc and labelling;
 * no <style>, no style attribute, no inner aria-label; the page's font; the class `chart`.
 */
function accessibleSvg(document: Document, svg: SVGSVGElement | HTMLElement, chart: Omit<StatisticsChart, 'svg'>): string {
  for (const element of [...svg.querySelectorAll('style')]) element.remove()
  for (const element of [svg, ...svg.querySelectorAll('*')]) {
    element.removeAttribute('style')
    element.removeAttribute('aria-label')
    element.removeAttribute('aria-description')
    element.removeAttribute('aria-hidden')
  }
  svg.removeAttribute('font-family')
  svg.setAttribute('font-size', String(FONT_SIZE))
  svg.setAttribute('class', 'chart')
  svg.setAttribute('id', chart.id)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', `${chart.id}-titre ${chart.id}-description`)
  const title = document.createElementNS(SVG_NS, 'title')
  title.setAttribute('id', `${chart.id}-titre`)
  title.textContent = chart.title
  const description = document.createElementNS(SVG_NS, 'desc')
  description.setAttribute('id', `${chart.id}-description`)
  description.textContent = chart.description
  svg.prepend(title, description)
  // coordinates to the hundredth of a pixel (Plot writes 211.63636363636363): a lighter page
  return svg.outerHTML.replace(/(\d\.\d\d)\d+/g, '$1')
}

/** The largest value shown, at least 1 (an axis from 0 to 0 has no ticks). */
const maximumOf = (values: number[]) => Math.max(1, ...values)

// ───────────────────────── The funnel, by convention ─────────────────────────

const STEPS = [
  { key: 'sent', label: 'Envoyées', fill: 'chart-fill-1' },
  { key: 'interview', label: 'Entretien', fill: 'chart-fill-2' },
  { key: 'accepted', label: 'Retenues', fill: 'chart-fill-3' },
] as const satisfies readonly { key: string; label: string; fill: FillClass }[]

type FunnelRow = { name: string; sent: number; interview: number; accepted: number }

function funnelDescription(rows: FunnelRow[], total: Omit<FunnelRow, 'name'>, periodText: string): string {
  const figures = ({ sent, interview, accepted }: Omit<FunnelRow, 'name'>) =>
    `${COUNT.format(sent)} envoyée${sent > 1 ? 's' : ''} à l’employeur, ${COUNT.format(interview)} arrivée${interview > 1 ? 's' : ''} à l’entretien, ${COUNT.format(accepted)} retenue${accepted > 1 ? 's' : ''}`
  const each = rows.map((row) => `${row.name} : ${figures(row)}.`).join(' ')
  return `Candidatures déposées ${periodText}. Au total : ${figures(total)}.${each ? ` ${each}` : ''}`
}

function drawFunnel({ Plot, document }: Tools, statistics: Statistics, periodText: string): StatisticsChart {
  const rows: FunnelRow[] = statistics.conventions.rows.map(({ name, sent, interview, accepted }) => ({ name, sent, interview, accepted }))
  const { sent, interview, accepted } = statistics.conventions.total
  const chart = {
    id: 'graphique-parcours',
    title: `Parcours des candidatures par convention : envoyées, entretien, retenues, ${periodText}`,
    description: funnelDescription(rows, { sent, interview, accepted }, periodText),
  }
  const bars = rows.flatMap((row) => STEPS.map((step) => ({ convention: row.name, step: step.label, fill: step.fill, count: row[step.key] })))
  const names = rows.map((row) => row.name)
  const barHeight = 20
  const groupHeight = STEPS.length * barHeight + 34 // three bars, and the convention's name above them
  const svg = Plot.plot({
    document,
    width: WIDTH,
    height: Math.max(1, names.length) * groupHeight + 50,
    marginTop: 28,
    marginLeft: 80,
    marginRight: 56,
    marginBottom: 40,
    // no grid and no tick on the steps: every bar has its value written (and 14 conventions stay light)
    x: {
      domain: [0, maximumOf(bars.map((bar) => bar.count))],
      nice: true,
      label: 'Nombre de candidatures',
      labelAnchor: 'center',
      labelArrow: 'none',
      tickFormat: (value: number) => COUNT.format(value),
    },
    y: { domain: STEPS.map((step) => step.label), label: null, padding: 0.15, tickSize: 0 },
    fy: { domain: names, label: null, axis: null, padding: 34 / groupHeight },
    marks: [
      ...STEPS.map((step) =>
        Plot.barX(
          bars.filter((bar) => bar.fill === step.fill),
          { fy: 'convention', y: 'step', x: 'count', fill: FILLS[step.fill], className: step.fill },
        ),
      ),
      Plot.text(bars, {
        fy: 'convention',
        y: 'step',
        x: 'count',
        text: (bar: { count: number }) => COUNT.format(bar.count),
        dx: 5,
        textAnchor: 'start',
        className: 'chart-values',
      }),
      // the convention's name, above its three bars, from the left edge
      Plot.text(names, {
        fy: (name: string) => name,
        text: (name: string) => name,
        frameAnchor: 'top-left',
        dx: -80,
        dy: -22,
        textAnchor: 'start',
        fontWeight: 'bold',
      }),
      Plot.ruleX([0]),
    ],
  })
  return { ...chart, svg: accessibleSvg(document, svg, chart) }
}

// ───────────────────────── Applications per month ─────────────────────────

/**
 * Months with their value written above the bar and their name under it, at most (the default period,
 * twelve months ending today, touches 13 of them): past it, the name of every n-th month, no values.
 */
const MONTHS_WRITTEN = 13

function monthsDescription(statistics: Statistics, periodText: string): string {
  const months = statistics.months
  const total = months.reduce((sum, row) => sum + row.applications, 0)
  const first = `${applicationsText(total)} déposée${total > 1 ? 's' : ''} ${periodText}, sur ${months.length} mois.`.replace(/^a/, 'A')
  if (total === 0) return first
  const most = months.reduce((best, row) => (row.applications > best.applications ? row : best))
  const fewest = months.reduce((best, row) => (row.applications < best.applications ? row : best))
  const last = months.at(-1)!
  const parts = [
    first,
    `Le plus : ${MONTH_LONG.format(monthDate(most.month))}, ${applicationsText(most.applications)}.`,
    months.length > 1 ? `Le moins : ${MONTH_LONG.format(monthDate(fewest.month))}, ${applicationsText(fewest.applications)}.` : '',
    months.length > 1 ? `Dernier mois : ${MONTH_LONG.format(monthDate(last.month))}, ${applicationsText(last.applications)}.` : '',
  ]
  return parts.filter(Boolean).join(' ')
}

function drawMonths({ Plot, document }: Tools, statistics: Statistics, periodText: string): StatisticsChart {
  const months = statistics.months
  const chart = { id: 'graphique-mois', title: `Candidatures déposées par mois, ${periodText}`, description: monthsDescription(statistics, periodText) }
  const written = months.length <= MONTHS_WRITTEN
  const step = Math.ceil(months.length / 12)
  // "janv." and its year under the bar: the year under the first month and every January
  const tickFormat = (month: string) => {
    const index = months.findIndex((row) => row.month === month)
    const name = MONTH_SHORT.format(monthDate(month))
    return index === 0 || month.endsWith('-01') || !written ? `${name}\n${month.slice(0, 4)}` : name
  }
  const svg = Plot.plot({
    document,
    width: WIDTH,
    height: 300,
    marginTop: 30,
    marginLeft: 56,
    marginRight: 16,
    marginBottom: 48,
    x: {
      domain: months.map((row) => row.month),
      label: null,
      padding: 0.2,
      tickFormat,
      ticks: written ? undefined : months.filter((_, index) => index % step === 0).map((row) => row.month),
    },
    y: {
      domain: [0, maximumOf(months.map((row) => row.applications))],
      nice: true,
      grid: true,
      label: 'Candidatures',
      labelArrow: 'none',
      tickFormat: (value: number) => COUNT.format(value),
    },
    marks: [
      Plot.barY(months, { x: 'month', y: 'applications', fill: FILLS['chart-fill-1'], className: 'chart-fill-1' }),
      ...(written
        ? [
            Plot.text(months, {
              x: 'month',
              y: 'applications',
              text: (row: { applications: number }) => COUNT.format(row.applications),
              dy: -8,
              fontSize: months.length > 9 ? 11 : FONT_SIZE,
              className: 'chart-values',
            }),
          ]
        : []),
      Plot.ruleY([0]),
    ],
  })
  return { ...chart, svg: accessibleSvg(document, svg, chart) }
}

// ───────────────────────── Applications per status ─────────────────────────

function statusesDescription(statistics: Statistics, periodText: string): string {
  const { byStatus, applications } = statistics.conventions.total
  const each = APPLICATION_STATUSES.map(
    (status) =>
      `${STATUS_LABELS[status]} : ${COUNT.format(byStatus[status])}${applications > 0 ? ` (${PERCENT.format(byStatus[status] / applications)})` : ''}`,
  )
  return `${applicationsText(applications)} déposée${applications > 1 ? 's' : ''} ${periodText}, par statut actuel. ${each.join(' ; ')}.`.replace(/^a/, 'A')
}

function drawStatuses({ Plot, document }: Tools, statistics: Statistics, periodText: string): StatisticsChart {
  const { byStatus } = statistics.conventions.total
  const rows = APPLICATION_STATUSES.map((status) => ({ status: STATUS_LABELS[status], count: byStatus[status] }))
  const chart = { id: 'graphique-statuts', title: `Candidatures par statut actuel, ${periodText}`, description: statusesDescription(statistics, periodText) }
  const svg = Plot.plot({
    document,
    width: WIDTH,
    height: rows.length * 42 + 60,
    marginTop: 10,
    marginLeft: 250,
    marginRight: 56,
    marginBottom: 40,
    y: { domain: rows.map((row) => row.status), label: null, padding: 0.25 },
    x: {
      domain: [0, maximumOf(rows.map((row) => row.count))],
      nice: true,
      grid: true,
      label: 'Nombre de candidatures',
      labelAnchor: 'center',
      labelArrow: 'none',
      tickFormat: (value: number) => COUNT.format(value),
    },
    marks: [
      // the long labels on two lines (lineWidth is in ems)
      Plot.axisY({ label: null, lineWidth: 17 }),
      Plot.barX(rows, { y: 'status', x: 'count', fill: FILLS['chart-fill-1'], className: 'chart-fill-1' }),
      Plot.text(rows, {
        y: 'status',
        x: 'count',
        text: (row: { count: number }) => COUNT.format(row.count),
        dx: 5,
        textAnchor: 'start',
        className: 'chart-values',
      }),
      Plot.ruleX([0]),
    ],
  })
  return { ...chart, svg: accessibleSvg(document, svg, chart) }
}

// ───────────────────────── Once per computation ─────────────────────────

/**
 * The three charts of these figures, drawn at the first call and kept with them: the figures of a
 * period are one object for as long as the statistics cache keeps them, whichever page asks.
 * `periodText` ("du 1 juin 2026 au 30 juin 2026") is the figures' period, the same at every call.
 */
export function chartsOf(statistics: Statistics, periodText: string): Promise<StatisticsCharts> {
  return keptWith(statistics, 'charts', async () => {
    const loaded = await loadChartTools()
    return {
      funnel: drawFunnel(loaded, statistics, periodText),
      months: drawMonths(loaded, statistics, periodText),
      statuses: drawStatuses(loaded, statistics, periodText),
    }
  })
}
