// The "Période" form (defaults, bad dates) and who may see the statistics. The data here is placed
// relative to the real clock, so that the default period (the last 12 months) is tested whatever the day.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAdmin,
  createApplication,
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createOffer,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { downloadCsv, tableOf, visibleText } from './read.ts'

const DAY = 24 * 60 * 60 * 1000
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** yyyy-mm-dd of today in Paris, shifted by whole days and years */
function parisDay(shiftDays = 0, shiftYears = 0): string {
  const today = new Date(`${PARIS_DAY.format(new Date())}T00:00:00Z`)
  today.setUTCFullYear(today.getUTCFullYear() + shiftYears)
  today.setUTCDate(today.getUTCDate() + shiftDays)
  return today.toISOString().slice(0, 10)
}
const inFrench = (day: string) => FRENCH_DATE.format(new Date(`${day}T00:00:00Z`))

let ctx: TestContext
let admin: Agent
const people = {} as Record<'candidate' | 'referent' | 'recruiter', string>
beforeAll(async () => {
  ctx = await createTestContext()
  const { db } = ctx
  const convention = await createConvention(db, { name: 'Convention Delta' })
  const establishment = await createEstablishment(db, { conventionId: convention.id, name: 'Lycée Delta' })
  const candidate = await createCandidate(db, { establishmentId: establishment.id })
  const employer = await createEmployer(db, { name: 'Employeur Delta', partnerOf: [convention.id] })
  const now = Date.now()
  // within the last 12 months: 2 days ago, 300 days ago; before them: 400 days ago
  for (const daysAgo of [2, 300, 400]) {
    await createApplication(db, { candidateId: candidate.candidate.id, employerId: employer.id, status: 'SENT', submittedAt: new Date(now - daysAgo * DAY) })
    await createOffer(db, { employerId: employer.id, publishedAt: new Date(now - daysAgo * DAY) })
  }
  admin = await signIn(ctx.app, (await createAdmin(db)).user.email)
  people.candidate = candidate.user.email
  people.referent = (await createReferent(db, { establishmentId: establishment.id })).user.email
  people.recruiter = (await createRecruiter(db, { employerId: employer.id })).user.email
})
afterAll(async () => ctx?.cleanup())

/** The employers' total row: [Total, offers, …statuses, applications total, envoyées, …] */
const employersTotal = (html: string) => tableOf(html, 'employeurs').rows.at(-1)!

describe('the period', () => {
  it('when no day is given, then the page shows the last 12 months, says so, and its CSV links carry those days', async () => {
    const response = await admin.get('/admin/statistiques')
    expect(response.status).toBe(200)
    const first = parisDay(1, -1)
    const last = parisDay()
    expect(visibleText(response.text)).toContain(`Période affichée : du ${inFrench(first)} au ${inFrench(last)} (par défaut : les 12 derniers mois).`)
    const total = employersTotal(response.text)
    expect(total[1]).toBe('2') // offers published 2 and 300 days ago
    expect(total[10]).toBe('2') // applications
    expect(tableOf(response.text, 'employeurs').csvHref).toBe(`/admin/statistiques/employeurs.csv?du=${first}&au=${last}`)
    const csv = await downloadCsv(admin, `/admin/statistiques/employeurs.csv?du=${first}&au=${last}`)
    expect(csv.rows.at(-1)!.slice(0, 2)).toEqual(['Total', '2'])
  })

  it('when only "Du" is given, then the period ends today; when only "Au" is given, it covers the 12 months before it', async () => {
    const onlyFrom = await admin.get(`/admin/statistiques?du=${parisDay(-500)}`)
    expect(visibleText(onlyFrom.text)).toContain(`Période affichée : du ${inFrench(parisDay(-500))} au ${inFrench(parisDay())}.`)
    expect(employersTotal(onlyFrom.text)[10]).toBe('3')

    const onlyTo = await admin.get(`/admin/statistiques?au=${parisDay(-10)}`)
    expect(visibleText(onlyTo.text)).toContain(`Période affichée : du ${inFrench(parisDay(-9, -1))} au ${inFrench(parisDay(-10))}.`)
    expect(employersTotal(onlyTo.text)[10]).toBe('1') // 300 days ago only

    // a start in the future without an end: that one day, not an impossible period
    const future = await admin.get(`/admin/statistiques?du=${parisDay(30)}`)
    expect(future.status).toBe(200)
    expect(visibleText(future.text)).toContain(`Période affichée : du ${inFrench(parisDay(30))} au ${inFrench(parisDay(30))}.`)
  })

  it('when a day is not a real date, then the page says so next to the field and in the summary, keeps what was typed, and shows no figures', async () => {
    const response = await admin.get('/admin/statistiques?du=2026-02-30&au=2026-03-31')
    expect(response.status).toBe(422)
    const html = response.text
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe('Erreur – Statistiques – Atouts pour tous')
    const message = 'Saisissez une date de début valide, par exemple 01/01/2026 (entre l’an 2000 et l’an 2100).'
    expect(html).toContain(`<li><a href="#field-du">${message}</a></li>`)
    expect(html).toContain(`<p class="error-message" id="field-du-error"><span class="visually-hidden">Erreur : </span>${message}</p>`)
    expect(html).toMatch(/<input type="date" id="field-du" name="du" value="2026-02-30" aria-describedby="field-du-hint field-du-error" aria-invalid="true"/)
    expect(html).toContain('value="2026-03-31"')
    expect(html).not.toContain('<table')
    expect(html).not.toContain('Exporter en CSV')
    expect(visibleText(html)).toContain('Corrigez la période pour afficher les statistiques.')
  })

  it('when "Au" is before "Du", then the message is on "Au"', async () => {
    const response = await admin.get('/admin/statistiques?du=2026-06-30&au=2026-06-01')
    expect(response.status).toBe(422)
    expect(response.text).toContain('<li><a href="#field-au">La date de fin doit être le même jour que la date de début ou après.</a></li>')
    expect(response.text).not.toContain('<li><a href="#field-du">')
    // the same day is a period of one day
    expect((await admin.get('/admin/statistiques?du=2026-06-01&au=2026-06-01')).status).toBe(200)
  })

  it('when both days are unreadable (text, an impossible month, a repeated field, a year out of range), then each gets its message', async () => {
    for (const query of ['du=hier&au=31/13/2026', 'du=2026-01-01&du=2026-02-01&au=1999-12-31']) {
      const response = await admin.get(`/admin/statistiques?${query}`)
      expect(response.status, query).toBe(422)
      expect(response.text, query).toContain('<h2 id="error-summary-title">Le formulaire contient 2 erreurs</h2>')
      expect(response.text, query).toContain('<a href="#field-du">Saisissez une date de début valide')
      expect(response.text, query).toContain('<a href="#field-au">Saisissez une date de fin valide')
    }
  })
})

describe('who may see the statistics', () => {
  it('as a candidate, a référent or a recruiter, I get 403 on the page and on every CSV and Excel export', async () => {
    const exports = ['conventions', 'etablissements', 'employeurs', 'mois', 'statuts'].flatMap((slug) => [
      `/admin/statistiques/${slug}.csv`,
      `/admin/statistiques/${slug}.xlsx`,
    ])
    for (const [role, email] of Object.entries(people)) {
      const agent = await signIn(ctx.app, email)
      for (const path of ['/admin/statistiques', ...exports, '/admin/statistiques/tous-les-tableaux.xlsx']) {
        const response = await agent.get(path)
        expect(response.status, `${role} ${path}`).toBe(403)
        expect(response.headers['content-type'], `${role} ${path}`).toMatch(/^text\/html/)
        expect(response.text, `${role} ${path}`).not.toContain('Employeur Delta')
      }
      // and the menu does not offer it
      expect((await agent.get('/tableau-de-bord')).text).not.toContain('href="/admin/statistiques"')
    }
  })

  it('when signed out, then the page and the exports send to the sign-in page', async () => {
    for (const path of [
      '/admin/statistiques',
      '/admin/statistiques/conventions.csv?du=2026-01-01&au=2026-01-31',
      '/admin/statistiques/employeurs.xlsx',
      '/admin/statistiques/tous-les-tableaux.xlsx',
    ]) {
      const response = await request(ctx.app).get(path)
      expect(response.status).toBe(302)
      expect(response.headers.location).toBe('/connexion')
    }
  })
})

describe('long tables', () => {
  it('when there are more than 50 employers, then their table shows 50 a page, each page with the total of all, and the CSV has them all', async () => {
    for (let index = 0; index < 55; index += 1) await createEmployer(ctx.db, { name: `Employeur Zêta ${String(index).padStart(2, '0')}` })
    const first = await admin.get('/admin/statistiques')
    expect(first.status).toBe(200)
    const pageOne = tableOf(first.text, 'employeurs')
    const employers = await ctx.db.employer.count()
    expect(employers).toBeGreaterThan(50)
    expect(pageOne.rows).toHaveLength(50 + 1)
    expect(pageOne.caption).toContain(`page 1 sur ${Math.ceil(employers / 50)}`)
    // the other tables are short: one page, no page links
    expect(tableOf(first.text, 'conventions').caption).not.toContain('page')
    const next = /<a href="([^"]+)">Page suivante<span class="visually-hidden"> du tableau par employeur<\/span><\/a>/.exec(first.text)?.[1]
    expect(next).toBeDefined()
    const second = await admin.get(next!.replaceAll('&amp;', '&'))
    expect(second.status).toBe(200)
    const pageTwo = tableOf(second.text, 'employeurs')
    expect(pageTwo.caption).toContain('page 2 sur')
    expect(pageTwo.rows.at(-1)).toEqual(pageOne.rows.at(-1))
    const shown = [...pageOne.rows.slice(0, -1), ...pageTwo.rows.slice(0, -1)].map((row) => row[0])
    expect(new Set(shown).size).toBe(shown.length)
    const csv = await downloadCsv(admin, pageOne.csvHref!)
    expect(csv.rows.slice(1, -1).map((row) => row[0])).toEqual(employers <= 100 ? shown : expect.arrayContaining(shown))
    expect(csv.rows.length).toBe(1 + employers + 1)
  })
})
