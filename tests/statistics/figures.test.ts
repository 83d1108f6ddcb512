// The administrator's statistics on a world whose figures are worked out by hand (world.ts): the page's
// three tables, and the CSV export of each, for June 2026.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { neutralizeFormula } from '../../src/modules/statistics/csv.ts'
import { computeStatistics, median, resolvePeriod } from '../../src/modules/statistics/service.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { downloadCsv, tableOf, visibleText } from './read.ts'
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
const ZEROS = ['0', '0', '0', '0', '0', '0', '0', '0']

// The columns of each table, as the CSV names them (the page shows the same ones under group headers)
const STATUS_HEADERS = [
  'Candidatures – En attente de validation par le référent',
  'Candidatures – À revoir',
  'Candidatures – Validée par le référent – envoyée à l’employeur',
  'Candidatures – En cours d’étude',
  'Candidatures – Entretien',
  'Candidatures – Retenue',
  'Candidatures – Non retenue',
  'Candidatures – Retirée',
  'Candidatures – total',
]
const FUNNEL_HEADERS = [
  'Envoyées à l’employeur',
  'Arrivées à l’entretien',
  'Retenues',
  'Taux d’entretien – entretien / envoyées (%)',
  'Taux de réussite – retenues / envoyées (%)',
  'Délai médian de validation par le référent (jours)',
  'Délai médian de première réponse de l’employeur (jours)',
]
const CANDIDATE_HEADERS = ['Candidats actifs', 'Candidats en attente de validation']

/**
 * The expected rows, worked out from world.ts: [name, text columns…, candidates…, offers, the 8 statuses,
 * total, envoyées, entretien, retenues, rates, medians]. Rates and medians as the page shows them.
 */
const EXPECTED = {
  conventions: [
    // Alpha: 10 applications, 6 sent (validation: 1, 3, 0.5, 2, 1, 4 days → 1.5; answers: 2, 4, 1, 6 → 3)
    ['Convention Alpha', 'Occitanie', '3', '1', '4', '2', '1', '1', '1', '1', '1', '1', '2', '10', '6', '3', '1', '50,0 %', '16,7 %', '1,5', '3,0'],
    ['Convention Bêta', 'Bretagne', '1', '1', '3', '0', '0', '0', '0', '0', '1', '0', '0', '1', '1', '1', '1', '100,0 %', '100,0 %', '1,0', '3,0'],
    ['Convention Gamma', 'Normandie', '0', '0', '0', ...ZEROS, '0', '0', '0', '0', '—', '—', '—', '—'],
    // the offers of "Employeur Trois" (no partnership) are in no convention
    ['Total', '', '4', '2', '4', '2', '1', '1', '1', '1', '2', '1', '2', '11', '7', '4', '2', '57,1 %', '28,6 %', '1,0', '3,0'],
  ],
  etablissements: [
    ['Lycée Alpha', 'Convention Alpha', '2', '1', '2', '1', '1', '0', '1', '1', '1', '1', '8', '5', '3', '1', '60,0 %', '20,0 %', '1,0', '2,0'],
    [
      'Université Alpha; campus "Nord"',
      'Convention Alpha',
      '1',
      '0',
      '0',
      '0',
      '0',
      '1',
      '0',
      '0',
      '0',
      '1',
      '2',
      '1',
      '0',
      '0',
      '0,0 %',
      '0,0 %',
      '4,0',
      '6,0',
    ],
    ['Mission locale Bêta', 'Convention Bêta', '1', '1', '0', '0', '0', '0', '0', '1', '0', '0', '1', '1', '1', '1', '100,0 %', '100,0 %', '1,0', '3,0'],
    ['Établissement Gamma', 'Convention Gamma', '0', '0', ...ZEROS, '0', '0', '0', '0', '—', '—', '—', '—'],
    ['Total', '', '4', '2', '2', '1', '1', '1', '1', '2', '1', '2', '11', '7', '4', '2', '57,1 %', '28,6 %', '1,0', '3,0'],
  ],
  employeurs: [
    ['-Employeur; "quatre"', '0', ...ZEROS, '0', '0', '0', '0', '—', '—', '—', '—'],
    ['=SOMME(A1:A2)', '1', '0', '1', '0', '0', '0', '0', '1', '1', '3', '1', '1', '0', '100,0 %', '0,0 %', '3,0', '4,0'],
    // one application sent, no answer yet: no median answer time
    ['Employeur Trois', '1', '0', '0', '1', '0', '0', '0', '0', '0', '1', '1', '0', '0', '0,0 %', '0,0 %', '2,0', '—'],
    // answers after 2, 1, 6 and 3 days: an even count, the median is 2.5
    ['Employeur Un', '3', '2', '0', '0', '1', '1', '2', '0', '1', '7', '5', '3', '2', '60,0 %', '40,0 %', '1,0', '2,5'],
    ['Total', '5', '2', '1', '1', '1', '1', '2', '1', '2', '11', '7', '4', '2', '57,1 %', '28,6 %', '1,0', '3,0'],
  ],
}

/** A page row as its CSV line: no "%" after rates, nothing for "—", and formula-looking names neutralised. */
const asCsv = (row: string[]) => row.map((cell, index) => (cell === '—' ? '' : index === 0 && /^[=+\-@]/.test(cell) ? `'${cell}` : cell.replace(/ %$/, '')))

describe('the statistics page', () => {
  it('as an administrator, when I choose June 2026, then each table shows the figures of June, with a total row', async () => {
    const response = await admin.get(`/admin/statistiques?${JUNE_QUERY}`)
    expect(response.status).toBe(200)
    const html = response.text
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe('Statistiques – Atouts pour tous')
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1)
    expect(html).toContain('<a href="/admin/statistiques" aria-current="page">Statistiques</a>')
    expect(visibleText(html)).toContain('Période affichée : du 1 juin 2026 au 30 juin 2026.')
    expect(html).toContain('value="2026-06-01"')
    expect(html).toContain('value="2026-06-30"')

    for (const slug of ['conventions', 'etablissements', 'employeurs'] as const) {
      const table = tableOf(html, slug)
      expect(table.rows, slug).toEqual(EXPECTED[slug])
    }
    const conventions = tableOf(html, 'conventions')
    expect(conventions.caption).toBe('Statistiques par convention, du 1 juin 2026 au 30 juin 2026')
    expect(conventions.headers).toEqual([
      'Convention',
      'Région',
      'Candidats',
      'Offres publiées',
      'Candidatures par statut actuel',
      'Parcours des candidatures',
      'Délais médians (en jours)',
      'Actifs',
      'En attente de validation',
      'En attente de validation par le référent',
      'À revoir',
      'Validée par le référent – envoyée à l’employeur',
      'En cours d’étude',
      'Entretien',
      'Retenue',
      'Non retenue',
      'Retirée',
      'Total',
      'Envoyées',
      'Entretien',
      'Retenues',
      'Taux d’entretien (entretien / envoyées)',
      'Taux de réussite (retenues / envoyées)',
      'Validation par le référent',
      'Première réponse de l’employeur',
    ])
    // employers have no candidate columns, établissements no offer column (see the page's definitions)
    expect(tableOf(html, 'employeurs').headers).not.toContain('Candidats')
    expect(tableOf(html, 'etablissements').headers).not.toContain('Offres publiées')
    expect(visibleText(html)).toContain('Définitions')
  })

  it('is an accessible data table: caption, header cells with scope, figures right-aligned, a total row, "—" explained to screen readers', async () => {
    const html = (await admin.get(`/admin/statistiques?${JUNE_QUERY}`)).text
    const section = /<section aria-labelledby="titre-conventions">([\s\S]*?)<\/section>/.exec(html)![1]
    expect(section).toMatch(/<div class="table-wrapper" role="region" tabindex="0" aria-labelledby="legende-conventions">/)
    expect(section).toContain('<caption id="legende-conventions">')
    expect(section).toContain('<th scope="colgroup" colspan="2">Candidats</th>')
    expect(section).toContain('<th scope="col" rowspan="2">Convention</th>')
    expect(section).toContain('<th scope="row">Convention Alpha</th>')
    expect(section).toMatch(/<tfoot>\s*<tr>\s*<th scope="row">Total<\/th>/)
    expect(section).toContain('<td class="numeric">10</td>')
    expect(section).toContain('<td class="numeric"><span aria-hidden="true">—</span><span class="visually-hidden">non calculable</span></td>')
    // names are escaped, never markup
    const employers = /<section aria-labelledby="titre-employeurs">([\s\S]*?)<\/section>/.exec(html)![1]
    expect(employers).toContain('<th scope="row">-Employeur; &#34;quatre&#34;</th>')
  })

  it('reads the period in Paris time: the first and last days are whole days, a second outside is outside', async () => {
    const html = (await admin.get('/admin/statistiques?du=2026-05-31&au=2026-05-31')).text
    const total = tableOf(html, 'employeurs').rows.at(-1)!
    // 31 May 23:59:59 in Paris (21:59:59 UTC) is in; nothing else of the world is on that day
    expect(total.slice(0, 12)).toEqual(['Total', '0', '1', '0', '0', '0', '0', '0', '0', '0', '1', '0'])
    const firstOfJuly = tableOf((await admin.get('/admin/statistiques?du=2026-07-01&au=2026-07-01')).text, 'employeurs').rows.at(-1)!
    // the offer published at 00:30 on 1 July in Paris
    expect(firstOfJuly[1]).toBe('1')
  })

  it('accepts the days written the French way (a browser without a date picker)', async () => {
    const html = (await admin.get('/admin/statistiques?du=01/06/2026&au=30/06/2026')).text
    expect(tableOf(html, 'conventions').rows).toEqual(EXPECTED.conventions)
    expect(tableOf(html, 'conventions').csvHref).toBe(`/admin/statistiques/conventions.csv?${JUNE_QUERY}`)
  })

  it('counts each figure in the period only: May 2026 has its own applications, offers and medians', async () => {
    const html = (await admin.get('/admin/statistiques?du=2026-05-01&au=2026-05-31')).text
    // May: the application of 20 May (accepted, validated after 10 days, answered 10 days later) and the one of 31 May 23:59:59
    expect(tableOf(html, 'employeurs').rows.at(-1)).toEqual([
      'Total',
      '1',
      '1',
      '0',
      '0',
      '0',
      '0',
      '1',
      '0',
      '0',
      '2',
      '1',
      '1',
      '1',
      '100,0 %',
      '100,0 %',
      '10,0',
      '10,0',
    ])
    // candidates are counted as they are today, whatever the period
    expect(tableOf(html, 'conventions').rows.at(-1)!.slice(2, 4)).toEqual(['4', '2'])
  })
})

describe('the figures of a long period', () => {
  // SQLite adds the applications up in the process, reading them a slice of ids at a time (at scale, a
  // year at once held ~90 MB); PostgreSQL groups them in one statement, without slices
  it.skipIf(Boolean(process.env.TEST_PG_URL))('are the same whether the applications are read a few ids at a time or all at once', async () => {
    const period = resolvePeriod({ du: '2025-01-01', au: '2026-12-31' })
    const inOneSlice = await computeStatistics(ctx.db, period, { idsPerSlice: 1_000_000 })
    expect(inOneSlice.employers.total.applications).toBeGreaterThan(5)
    for (const idsPerSlice of [1, 2, 3, 7]) expect(await computeStatistics(ctx.db, period, { idsPerSlice })).toEqual(inOneSlice)
  })
})

describe('applications per month and per status', () => {
  const PARIS_MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' })

  /** Plain counts: every application of the period read back, its month told by Intl in Paris time. */
  async function countedPerMonth(period: { from: Date; to: Date }) {
    const applications = await ctx.db.application.findMany({ where: { submittedAt: { gte: period.from, lt: period.to } }, select: { submittedAt: true } })
    const counts = new Map<string, number>()
    for (const { submittedAt } of applications) {
      const month = PARIS_MONTH.format(submittedAt).slice(0, 7)
      counts.set(month, (counts.get(month) ?? 0) + 1)
    }
    return counts
  }

  it('counts the applications of each Paris month of the period, every month, zeros included, as plain counts say', async () => {
    const period = resolvePeriod({ du: '2026-03-01', au: '2026-11-30' })
    const { months } = await computeStatistics(ctx.db, period)
    // by hand (world.ts): 1 April 00:30 in Paris is April, 1 July 00:00 is July, 31 October 23:30 (winter time) is October
    expect(months).toEqual([
      { month: '2026-03', applications: 0 },
      { month: '2026-04', applications: 1 },
      { month: '2026-05', applications: 2 },
      { month: '2026-06', applications: 11 },
      { month: '2026-07', applications: 2 },
      { month: '2026-08', applications: 0 },
      { month: '2026-09', applications: 0 },
      { month: '2026-10', applications: 1 },
      { month: '2026-11', applications: 1 },
    ])
    const counted = await countedPerMonth(period)
    expect(months.map(({ month, applications }) => [month, applications])).toEqual(months.map(({ month }) => [month, counted.get(month) ?? 0]))
    expect([...counted.keys()].every((month) => months.some((row) => row.month === month))).toBe(true)
  })

  it('a period that starts and ends inside months counts their days in the period only', async () => {
    const period = resolvePeriod({ du: '2026-06-15', au: '2026-07-01' })
    const { months, employers } = await computeStatistics(ctx.db, period)
    expect(months).toEqual([
      { month: '2026-06', applications: 1 },
      { month: '2026-07', applications: 1 },
    ])
    expect(months.reduce((sum, row) => sum + row.applications, 0)).toBe(employers.total.applications)
    expect(Object.fromEntries(await countedPerMonth(period))).toEqual({ '2026-06': 1, '2026-07': 1 })
  })

  it('as an administrator, the page has the table "Par mois" (French month names, a total) and "Par statut actuel" (counts and shares)', async () => {
    const html = (await admin.get('/admin/statistiques?du=2026-03-01&au=2026-11-30')).text
    const months = tableOf(html, 'mois')
    expect(months.caption).toBe('Candidatures déposées par mois, du 1 mars 2026 au 30 novembre 2026')
    expect(months.headers).toEqual(['Mois', 'Candidatures déposées'])
    expect(months.rows).toEqual([
      ['mars 2026', '0'],
      ['avril 2026', '1'],
      ['mai 2026', '2'],
      ['juin 2026', '11'],
      ['juillet 2026', '2'],
      ['août 2026', '0'],
      ['septembre 2026', '0'],
      ['octobre 2026', '1'],
      ['novembre 2026', '1'],
      ['Total', '18'],
    ])
    expect(months.csvHref).toBe('/admin/statistiques/mois.csv?du=2026-03-01&au=2026-11-30')

    const statuses = tableOf((await admin.get(`/admin/statistiques?${JUNE_QUERY}`)).text, 'statuts')
    expect(statuses.headers).toEqual(['Statut actuel', 'Candidatures', 'Part des candidatures'])
    expect(statuses.rows).toEqual([
      ['En attente de validation par le référent', '2', '18,2 %'],
      ['À revoir', '1', '9,1 %'],
      ['Validée par le référent – envoyée à l’employeur', '1', '9,1 %'],
      ['En cours d’étude', '1', '9,1 %'],
      ['Entretien', '1', '9,1 %'],
      ['Retenue', '2', '18,2 %'],
      ['Non retenue', '1', '9,1 %'],
      ['Retirée', '2', '18,2 %'],
      ['Total', '11', '100,0 %'],
    ])
  })

  it('mois.csv and statuts.csv have the figures of the page', async () => {
    const months = await downloadCsv(admin, '/admin/statistiques/mois.csv?du=2026-03-01&au=2026-11-30')
    expect(months.status).toBe(200)
    expect(months.disposition).toBe('attachment; filename="statistiques-mois-2026-03-01-au-2026-11-30.csv"')
    expect(months.rows).toEqual([
      ['Mois', 'Candidatures déposées'],
      ['mars 2026', '0'],
      ['avril 2026', '1'],
      ['mai 2026', '2'],
      ['juin 2026', '11'],
      ['juillet 2026', '2'],
      ['août 2026', '0'],
      ['septembre 2026', '0'],
      ['octobre 2026', '1'],
      ['novembre 2026', '1'],
      ['Total', '18'],
    ])
    const statuses = await downloadCsv(admin, `/admin/statistiques/statuts.csv?${JUNE_QUERY}`)
    expect(statuses.rows[0]).toEqual(['Statut actuel', 'Candidatures', 'Part des candidatures (%)'])
    expect(statuses.rows[1]).toEqual(['En attente de validation par le référent', '2', '18,2'])
    expect(statuses.rows.at(-1)).toEqual(['Total', '11', '100,0'])
  })
})

describe('the CSV export', () => {
  it('each table has its "Exporter en CSV" link, keeping the period', async () => {
    const html = (await admin.get(`/admin/statistiques?${JUNE_QUERY}`)).text
    for (const slug of ['conventions', 'etablissements', 'employeurs']) {
      expect(tableOf(html, slug).csvHref).toBe(`/admin/statistiques/${slug}.csv?${JUNE_QUERY}`)
    }
    expect(html).toMatch(/>Exporter en CSV<span class="visually-hidden"> les statistiques par établissement<\/span><\/a>/)
  })

  it('conventions.csv: UTF-8 with BOM, ";" and CRLF, a French header, the figures of the page, an attachment named after the period', async () => {
    const csv = await downloadCsv(admin, `/admin/statistiques/conventions.csv?${JUNE_QUERY}`)
    expect(csv.status).toBe(200)
    expect(csv.contentType).toBe('text/csv; charset=utf-8')
    expect(csv.disposition).toBe('attachment; filename="statistiques-conventions-2026-06-01-au-2026-06-30.csv"')
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.text.split('\r\n')).toHaveLength(EXPECTED.conventions.length + 2)
    expect(csv.text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
    expect(csv.rows[0]).toEqual(['Convention', 'Région', ...CANDIDATE_HEADERS, 'Offres publiées', ...STATUS_HEADERS, ...FUNNEL_HEADERS])
    expect(csv.rows.slice(1)).toEqual(EXPECTED.conventions.map(asCsv))
    // plain digits and a decimal comma, nothing for "—"
    expect(csv.text).toContain('\r\nConvention Alpha;Occitanie;3;1;4;2;1;1;1;1;1;1;2;10;6;3;1;50,0;16,7;1,5;3,0\r\n')
    expect(csv.text).toContain('\r\nConvention Gamma;Normandie;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0;;;;\r\n')
  })

  it('etablissements.csv: a name with ";" and quotes is quoted per RFC 4180', async () => {
    const csv = await downloadCsv(admin, `/admin/statistiques/etablissements.csv?${JUNE_QUERY}`)
    expect(csv.disposition).toBe('attachment; filename="statistiques-etablissements-2026-06-01-au-2026-06-30.csv"')
    expect(csv.rows[0]).toEqual(['Établissement', 'Convention', ...CANDIDATE_HEADERS, ...STATUS_HEADERS, ...FUNNEL_HEADERS])
    expect(csv.rows.slice(1)).toEqual(EXPECTED.etablissements.map(asCsv))
    expect(csv.text).toContain('\r\n"Université Alpha; campus ""Nord""";Convention Alpha;1;0;')
  })

  it('employeurs.csv: a name that a spreadsheet would run as a formula gets a leading apostrophe', async () => {
    const csv = await downloadCsv(admin, `/admin/statistiques/employeurs.csv?${JUNE_QUERY}`)
    expect(csv.disposition).toBe('attachment; filename="statistiques-employeurs-2026-06-01-au-2026-06-30.csv"')
    expect(csv.rows[0]).toEqual(['Employeur', 'Offres publiées', ...STATUS_HEADERS, ...FUNNEL_HEADERS])
    expect(csv.rows.slice(1)).toEqual(EXPECTED.employeurs.map(asCsv))
    expect(csv.text).toContain("\r\n'=SOMME(A1:A2);1;")
    expect(csv.text).toContain('\r\n"\'-Employeur; ""quatre""";0;')
    expect(csv.rows.map((row) => row[0]).filter((name) => /^[=+\-@\t\r]/.test(name))).toEqual([])
  })

  it('neutralises every character that starts a formula (=, +, -, @, tab, carriage return), and nothing else', () => {
    expect(['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx', 'Employeur', '3 Suisses', ''].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+33 6",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'Employeur',
      '3 Suisses',
      '',
    ])
  })

  it('an unknown table is a 404; a bad period is the page with its messages, not a file', async () => {
    expect((await admin.get(`/admin/statistiques/candidats.csv?${JUNE_QUERY}`)).status).toBe(404)
    const bad = await admin.get('/admin/statistiques/employeurs.csv?du=2026-06-31&au=2026-06-30')
    expect(bad.status).toBe(422)
    expect(bad.headers['content-type']).toMatch(/^text\/html/)
    expect(bad.headers['content-disposition']).toBeUndefined()
    expect(visibleText(bad.text)).toContain('Saisissez une date de début valide')
  })
})

describe('the median', () => {
  /** The definition: sort, take the middle value, or the mean of the two middle values. */
  const byDefinition = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  it('is the middle value, or the mean of the two middle values; null for none; the values are left as they were', () => {
    expect(median([])).toBeNull()
    expect(median([7])).toBe(7)
    expect(median([4, 1])).toBe(2.5)
    expect(median([3, 1, 2])).toBe(2)
    const values = [5, 3, 9, 1]
    expect(median(values)).toBe(4)
    expect(values).toEqual([5, 3, 9, 1])
  })

  it('selects the same value as a full sort, whatever the order and the repeated values (the selection is not a sort)', () => {
    let seed = 42 // Park–Miller: the same values on every run
    const random = (below: number) => {
      seed = (seed * 48271) % 2147483647
      return seed % below
    }
    for (let round = 0; round < 2000; round++) {
      const length = 1 + random(round < 1000 ? 12 : 400)
      const spread = [2, 10, 1_000_000_000][round % 3] // many repeats, some, almost none
      const values = Array.from({ length }, () => random(spread) * 1000)
      if (round % 7 === 0) values.sort((a, b) => a - b)
      if (round % 11 === 0) values.sort((a, b) => b - a)
      expect(median(values), values.join(',')).toBe(byDefinition(values))
    }
  })
})
