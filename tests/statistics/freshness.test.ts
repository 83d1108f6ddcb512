// How fresh the figures are: in production they are kept figuresMaxAgeMs (a minute) per period, the CSV
// exports (and the administrator's dashboard, for the default period) read the same computation, the
// server may compute the default period ahead (warmDefaultStatistics), and the page says when its
// figures were computed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeStatistics, resolvePeriod, warmDefaultStatistics } from '../../src/modules/statistics/service.ts'
import { formatDateTime } from '../../src/web/format.ts'
import { createAdmin, createApplication, createCandidate, createConvention, createEmployer, createEstablishment } from '../factories/index.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { downloadCsv, tableOf, visibleText } from './read.ts'

const DAY = 24 * 60 * 60 * 1000
const JULY = 'du=2026-07-01&au=2026-07-31'

let ctx: TestContext
let admin: Agent
let applyInJuly: () => Promise<unknown>
let applyToday: () => Promise<unknown>
beforeAll(async () => {
  ctx = await createTestContext({ figuresMaxAgeMs: 60_000 })
  const { db } = ctx
  const convention = await createConvention(db, { name: 'Convention Epsilon' })
  const establishment = await createEstablishment(db, { conventionId: convention.id, name: 'Lycée Epsilon' })
  const candidate = await createCandidate(db, { establishmentId: establishment.id })
  const employer = await createEmployer(db, { name: 'Employeur Epsilon', partnerOf: [convention.id] })
  const apply = (submittedAt: Date) => createApplication(db, { candidateId: candidate.candidate.id, employerId: employer.id, status: 'SENT', submittedAt })
  applyInJuly = () => apply(new Date('2026-07-15T10:00:00Z'))
  applyToday = () => apply(new Date(Date.now() - DAY))
  admin = await signIn(ctx.app, (await createAdmin(db)).user.email)
})
afterAll(async () => ctx?.cleanup())

/** The number of applications in the employers' total row (its 11th cell). */
const applicationsOnPage = (html: string) => tableOf(html, 'employeurs').rows.at(-1)![10]
const computedAtOf = (html: string) => /<time datetime="([^"]+)">/.exec(html)?.[1]

describe('the freshness of the figures', () => {
  it('says when the figures were computed, in Paris time', async () => {
    const before = Date.now()
    const html = (await admin.get(`/admin/statistiques?${JULY}`)).text
    const computedAt = new Date(computedAtOf(html)!)
    expect(computedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(computedAt.getTime()).toBeLessThanOrEqual(Date.now())
    expect(visibleText(html)).toContain(`Chiffres calculés le ${formatDateTime(computedAt)}.`)
    expect(formatDateTime(computedAt)).toMatch(/^\d{1,2} \p{L}+ \d{4} à \d{2}:\d{2}$/u)
  })

  it('when the figures of a period are kept, then the page and its CSV show them as computed, and another period is computed apart', async () => {
    const first = (await admin.get(`/admin/statistiques?${JULY}`)).text
    await applyInJuly()

    // the same period within the minute: the same computation, on the page and in the export
    const again = (await admin.get(`/admin/statistiques?${JULY}`)).text
    expect(computedAtOf(again)).toBe(computedAtOf(first))
    expect(applicationsOnPage(again)).toBe(applicationsOnPage(first))
    const csv = await downloadCsv(admin, `/admin/statistiques/employeurs.csv?${JULY}`)
    expect(csv.rows.at(-1)![10]).toBe(applicationsOnPage(first))

    // another period (one more day) is its own computation, which sees the new application
    const longer = (await admin.get('/admin/statistiques?du=2026-07-01&au=2026-08-01')).text
    expect(Number(applicationsOnPage(longer))).toBe(Number(applicationsOnPage(first)) + 1)
  })

  it('when the server has computed the default period ahead, then the page shows those figures', async () => {
    const warmedAt = Date.now()
    await warmDefaultStatistics({ db: ctx.db, figuresMaxAgeMs: ctx.config.figuresMaxAgeMs })
    const applicationsWhenWarmed = (await computeStatistics(ctx.db, resolvePeriod({ du: null, au: null }))).employers.total.applications
    await applyToday()
    const html = (await admin.get('/admin/statistiques')).text
    expect(visibleText(html)).toContain('(par défaut : les 12 derniers mois)')
    expect(applicationsOnPage(html)).toBe(String(applicationsWhenWarmed))
    expect(new Date(computedAtOf(html)!).getTime()).toBeGreaterThanOrEqual(warmedAt)
  })

  it('the administrator’s dashboard shows the charts of the same computation as « Statistiques » for the last 12 months', async () => {
    const page = (await admin.get('/admin/statistiques')).text
    await applyToday()
    const dashboard = (await admin.get('/tableau-de-bord')).text
    const block = /<section aria-labelledby="tableau-de-bord-statistiques">([\s\S]*?)<\/section>/.exec(dashboard)![1]
    expect(computedAtOf(block)).toBe(computedAtOf(page))
    const svgOf = (html: string, id: string) => new RegExp(`<svg[^>]* id="${id}"[\\s\\S]*?</svg>`).exec(html)?.[0]
    for (const id of ['graphique-parcours', 'graphique-mois', 'graphique-statuts']) {
      expect(svgOf(block, id), id).toBeDefined()
      expect(svgOf(block, id), id).toBe(svgOf(page, id))
    }
  })
})
