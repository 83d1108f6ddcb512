// The charts of « Statistiques » (world.ts, June 2026 and longer periods): drawn on the server as SVG,
// images with a title and a text alternative, allowed by the Content-Security-Policy (no inline style),
// their values written on them, each beside the table of its figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chartsOf } from '../../src/modules/statistics/charts.ts'
import { computeStatistics, resolvePeriod } from '../../src/modules/statistics/service.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml, tableOf } from './read.ts'
import { createStatisticsWorld, JUNE, type StatisticsWorld } from '../factories/worlds.ts'

let ctx: TestContext
let world: StatisticsWorld
let admin: Agent
beforeAll(async () => {
  ctx = await createTestContext()
  world = await createStatisticsWorld(ctx.db)
  admin = await signIn(ctx.app, world.admin.user.email)
})
afterAll(async () => ctx?.cleanup())

const JUNE_QUERY = `du=${JUNE.du}&au=${JUNE.au}`

type Chart = { id: string; tag: string; svg: string; title: string; description: string; texts: string[]; values: string[]; caption: string }

/** Every chart of a page: its <svg> tag, its title and desc, the texts drawn on it, and the caption of its figure. */
function chartsOfPage(html: string): Chart[] {
  return [...html.matchAll(/<figure class="chart-figure">\s*<figcaption>([\s\S]*?)<\/figcaption>\s*(<svg[\s\S]*?<\/svg>)\s*<\/figure>/g)].map((match) => {
    const svg = match[2]
    const tag = /^<svg[^>]*>/.exec(svg)![0]
    const textsOf = (part: string) =>
      [...part.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((text) =>
        decodeHtml(text[1].replace(/<[^>]+>/g, ' '))
          .replace(/\s+/g, ' ')
          .trim(),
      )
    return {
      id: /\sid="([^"]+)"/.exec(tag)![1],
      tag,
      svg,
      title: decodeHtml(/<title id="[^"]+">([^<]*)<\/title>/.exec(svg)?.[1] ?? ''),
      description: decodeHtml(/<desc id="[^"]+">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '').replace(/&#160;|\u00a0/g, ' '),
      texts: textsOf(svg),
      // the values written at the end of the bars
      values: [...svg.matchAll(/<g[^>]*class="chart-values"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((group) => textsOf(group[1])),
      caption: decodeHtml(match[1]).trim(),
    }
  })
}

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

describe('the charts of « Statistiques »', () => {
  it('as an administrator, the page has three charts, each an image named by its title and its text alternative, in a figure with a caption', async () => {
    const response = await admin.get(`/admin/statistiques?${JUNE_QUERY}`)
    expect(response.status).toBe(200)
    const charts = chartsOfPage(response.text)
    expect(charts.map((chart) => chart.id)).toEqual(['graphique-parcours', 'graphique-mois', 'graphique-statuts'])
    for (const chart of charts) {
      expect(chart.tag, chart.id).toContain(' role="img"')
      expect(chart.tag, chart.id).toContain(` aria-labelledby="${chart.id}-titre ${chart.id}-description"`)
      expect(chart.svg, chart.id).toContain(`<title id="${chart.id}-titre">`)
      expect(chart.svg, chart.id).toContain(`<desc id="${chart.id}-description">`)
      expect(chart.title, chart.id).toContain('du 1 juin 2026 au 30 juin 2026')
      expect(chart.caption, chart.id).toBe(chart.title)
      // Plot's own labels of its marks are gone: the image is named by its title and desc only
      expect(chart.svg, chart.id).not.toMatch(/\saria-(label|description|hidden)=/)
      // once in the page: the ids it references are unique
      expect(response.text.split(`id="${chart.id}-titre"`)).toHaveLength(2)
    }
    const [funnel, months, statuses] = charts
    expect(funnel.title).toBe('Parcours des candidatures par convention : envoyées, entretien, retenues, du 1 juin 2026 au 30 juin 2026')
    expect(funnel.description).toBe(
      'Candidatures déposées du 1 juin 2026 au 30 juin 2026. Au total : 7 envoyées à l’employeur, 4 arrivées à l’entretien, 2 retenues. ' +
        'Convention Alpha : 6 envoyées à l’employeur, 3 arrivées à l’entretien, 1 retenue. ' +
        'Convention Bêta : 1 envoyée à l’employeur, 1 arrivée à l’entretien, 1 retenue. ' +
        'Convention Gamma : 0 envoyée à l’employeur, 0 arrivée à l’entretien, 0 retenue.',
    )
    expect(months.description).toBe('11 candidatures déposées du 1 juin 2026 au 30 juin 2026, sur 1 mois. Le plus : juin 2026, 11 candidatures.')
    expect(statuses.description).toBe(
      '11 candidatures déposées du 1 juin 2026 au 30 juin 2026, par statut actuel. En attente de validation par le référent : 2 (18 %) ; À revoir : 1 (9 %) ; ' +
        'Validée par le référent – envoyée à l’employeur : 1 (9 %) ; En cours d’étude : 1 (9 %) ; Entretien : 1 (9 %) ; Retenue : 2 (18 %) ; Non retenue : 1 (9 %) ; Retirée : 2 (18 %).',
    )
  })

  it('has no inline style anywhere (the Content-Security-Policy allows only the site’s stylesheet)', async () => {
    const response = await admin.get(`/admin/statistiques?${JUNE_QUERY}`)
    expect(response.headers['content-security-policy']).toMatch(/style-src 'self'(;|$)/)
    expect(response.text).toContain('<svg')
    expect(response.text).not.toMatch(/<style[\s>]/i)
    expect(response.text).not.toMatch(/\sstyle\s*=/i)
  })

  it('never tells by colour alone: every bar has its value written beside it and its name on an axis; the bar colours keep 3:1 against white', async () => {
    const [funnel, months, statuses] = chartsOfPage((await admin.get(`/admin/statistiques?${JUNE_QUERY}`)).text)
    // the funnel: the three steps named beside the bars of each convention, whose name is above them
    expect(funnel.values).toEqual(['6', '3', '1', '1', '1', '1', '0', '0', '0'])
    for (const name of ['Convention Alpha', 'Convention Bêta', 'Convention Gamma']) expect(funnel.texts).toContain(name)
    expect(funnel.texts.filter((text) => ['Envoyées', 'Entretien', 'Retenues'].includes(text))).toEqual(
      Array(3).fill(['Envoyées', 'Entretien', 'Retenues']).flat(),
    )
    expect(months.values).toEqual(['11'])
    expect(months.texts).toContain('juin 2026')
    expect(statuses.values).toEqual(['2', '1', '1', '1', '1', '2', '1', '2'])
    expect(statuses.texts).toContain('Non retenue')
    const fills = new Set([funnel, months, statuses].flatMap((chart) => [...chart.svg.matchAll(/\sfill="(#[0-9a-f]{6})"/gi)].map((match) => match[1])))
    expect(fills.size).toBe(3)
    for (const fill of fills) expect(contrast(fill, '#ffffff'), fill).toBeGreaterThanOrEqual(3)
    // each kind of bar has the class through which main.css gives it the theme's colour
    expect(funnel.svg).toMatch(/class="chart-fill-1"[\s\S]*class="chart-fill-2"[\s\S]*class="chart-fill-3"/)
  })

  it('puts each chart beside the table of its figures: the funnel with the three counts of each convention', async () => {
    const html = (await admin.get(`/admin/statistiques?${JUNE_QUERY}`)).text
    const funnel = tableOf(html, 'parcours')
    expect(funnel.caption).toBe('Parcours des candidatures par convention, du 1 juin 2026 au 30 juin 2026')
    expect(funnel.headers).toEqual(['Convention', 'Envoyées', 'Entretien', 'Retenues'])
    expect(funnel.rows).toEqual([
      ['Convention Alpha', '6', '3', '1'],
      ['Convention Bêta', '1', '1', '1'],
      ['Convention Gamma', '0', '0', '0'],
      ['Total', '7', '4', '2'],
    ])
    for (const slug of ['parcours', 'mois', 'statuts']) {
      const section = new RegExp(`<section aria-labelledby="titre-${slug}">([\\s\\S]*?)</section>`).exec(html)![1]
      expect(section, slug).toMatch(
        /<div class="chart-layout">\s*<figure class="chart-figure">[\s\S]*<\/figure>\s*<div class="table-wrapper" role="region" tabindex="0"/,
      )
    }
  })

  it('over three years: every month is drawn, the value of each in the table only, the years under the months', async () => {
    const response = await admin.get('/admin/statistiques?du=2024-01-01&au=2026-12-31')
    const months = chartsOfPage(response.text)[1]
    expect(months.description).toBe(
      '18 candidatures déposées du 1 janvier 2024 au 31 décembre 2026, sur 36 mois. Le plus : juin 2026, 11 candidatures. Le moins : janvier 2024, aucune candidature. Dernier mois : décembre 2026, aucune candidature.',
    )
    expect(months.svg.match(/<rect /g)).toHaveLength(36)
    expect(months.values).toEqual([])
    expect(months.texts).toContain('janv. 2024')
    expect(tableOf(response.text, 'mois').rows).toHaveLength(36 + 1)
  })

  it('draws the charts of a computation once: the same figures get the same charts, other figures their own', async () => {
    const statistics = await computeStatistics(ctx.db, resolvePeriod(JUNE))
    const first = chartsOf(statistics, 'du 1 juin 2026 au 30 juin 2026')
    expect(chartsOf(statistics, 'du 1 juin 2026 au 30 juin 2026')).toBe(first)
    const again = await computeStatistics(ctx.db, resolvePeriod(JUNE))
    expect(chartsOf(again, 'du 1 juin 2026 au 30 juin 2026')).not.toBe(first)
    expect((await chartsOf(again, 'du 1 juin 2026 au 30 juin 2026')).months.svg).toBe((await first).months.svg)
  })
})
