// On its own database: the administrator's figures count every row of the platform.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceRate, createPlatformFiguresCache, loadDashboard, type DashboardOptions } from '../../src/modules/dashboard/service.ts'
import { loadSessionUser } from '../../src/web/session-user.ts'
import {
  createAdmin,
  createApplication,
  createCandidate,
  createEmployer,
  createNews,
  createOffer,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createTestContext, signIn, type TestContext } from '../helpers/app.ts'
import { computeStatistics, resolvePeriod } from '../../src/modules/statistics/service.ts'
import { parisMidnight } from '../../src/lib/paris-time.ts'
import { formatDate } from '../../src/web/format.ts'
import { decodeHtml, headingsOf, sectionOf, textOf } from '../helpers/html.ts'

let ctx: TestContext

async function adminDashboard(userId: number, options: DashboardOptions = {}) {
  const dashboard = await loadDashboard(ctx.db, (await loadSessionUser(ctx.db, userId))!, options)
  if (dashboard.role !== 'ADMIN') throw new Error('not the administrator’s dashboard')
  return dashboard
}
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

describe('the administrator’s dashboard', () => {
  it('when there is no answer yet, then the acceptance rate says so', async () => {
    const { user } = await createAdmin(ctx.db)
    const html = textOf(decodeHtml((await (await signIn(ctx.app, user.email)).get('/tableau-de-bord')).text))
    expect(html).toContain('Taux d’acceptation : pas encore de réponse définitive des employeurs.')
  })

  it('shows the key figures, the applications per status with the acceptance rate, the management pages and the latest news', async () => {
    const { user } = await createAdmin(ctx.db)
    const employer = await createEmployer(ctx.db)
    const offer = await createOffer(ctx.db, { employerId: employer.id })
    await createOffer(ctx.db, { employerId: employer.id, status: 'DRAFT' })
    const candidates = await Promise.all([createCandidate(ctx.db), createCandidate(ctx.db), createCandidate(ctx.db)])
    await createCandidate(ctx.db, { status: 'PENDING_VALIDATION' })
    await createReferent(ctx.db)
    await createRecruiter(ctx.db, { employerId: employer.id })
    const statuses = ['PENDING_REFERENT', 'PENDING_REFERENT', 'SENT', 'ACCEPTED', 'REJECTED', 'REJECTED', 'REJECTED', 'WITHDRAWN'] as const
    for (const [index, status] of statuses.entries())
      await createApplication(ctx.db, { candidateId: candidates[index % 3].candidate.id, offerId: offer.id, status })
    await createNews(ctx.db, { title: 'Une nouvelle pour tous' })
    await createNews(ctx.db, { title: 'Brouillon de l’administrateur', published: false })

    const response = await (await signIn(ctx.app, user.email)).get('/tableau-de-bord')
    expect(response.status).toBe(200)
    const html = decodeHtml(response.text)
    expect(headingsOf(html)).toEqual([
      'Chiffres clés',
      'Candidatures par statut',
      'Gestion de la plateforme',
      'Nouveautés de la plateforme',
      'Les 12 derniers mois',
    ])
    const figures = textOf(sectionOf(html, 'Chiffres clés'))
    for (const figure of [
      '3 candidats actifs',
      '1 inscriptions en attente de validation',
      '1 référents',
      '1 recruteurs',
      '1 employeurs',
      '1 offres publiées',
      '8 candidatures',
    ]) {
      expect(figures).toContain(figure)
    }

    const byStatus = sectionOf(html, 'Candidatures par statut')
    const rows = [...byStatus.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="number">(\d+)<\/td><\/tr>/g)].map((match) => `${match[1]}: ${match[2]}`)
    expect(rows).toEqual([
      'En attente de validation par le référent: 2',
      'À revoir: 0',
      'Validée par le référent – envoyée à l’employeur: 1',
      'En cours d’étude: 0',
      'Entretien: 0',
      'Retenue: 1',
      'Non retenue: 3',
      'Retirée: 1',
    ])
    expect(textOf(byStatus)).toContain('Taux d’acceptation : 25 % (1 candidature retenue sur 4 réponses définitives des employeurs).')
    expect(byStatus).toContain('<a href="/admin/statistiques">Voir toutes les statistiques</a>')

    const management = sectionOf(html, 'Gestion de la plateforme')
    for (const [href, label] of [
      ['/admin/conventions', 'Gérer les conventions'],
      ['/admin/etablissements', 'Gérer les établissements'],
      ['/admin/employeurs', 'Gérer les employeurs'],
      ['/admin/utilisateurs', 'Gérer les utilisateurs'],
      ['/admin/actualites', 'Gérer les actualités'],
      ['/admin/statistiques', 'Consulter les statistiques'],
    ]) {
      expect(management).toContain(`<a href="${href}">${label}</a>`)
    }

    const news = sectionOf(html, 'Nouveautés de la plateforme')
    expect(news).toContain('Une nouvelle pour tous')
    expect(news).not.toContain('Brouillon de l’administrateur')
    expect(news).toContain('<a href="/admin/actualites/nouvelle">Rédiger une actualité</a>')
  })

  it('counts the référents and recruiters who are not disabled, invited ones included, and the active candidates only', async () => {
    const { user } = await createAdmin(ctx.db)
    const before = await adminDashboard(user.id)
    for (const status of ['ACTIVE', 'INVITED', 'DISABLED'] as const) {
      await createReferent(ctx.db, { status })
      await createRecruiter(ctx.db, { status })
      await createCandidate(ctx.db, { status })
    }
    const after = await adminDashboard(user.id)
    expect(after.figures.referents - before.figures.referents).toBe(2)
    expect(after.figures.recruiters - before.figures.recruiters).toBe(2)
    expect(after.figures.candidates - before.figures.candidates).toBe(1)
    expect(after.figures.pendingRegistrations).toBe(before.figures.pendingRegistrations)
  })

  it('when the figures are kept in a cache, then they are counted once for its lifetime, and say when', async () => {
    const { user } = await createAdmin(ctx.db)
    const cache = createPlatformFiguresCache(60_000)
    const first = await adminDashboard(user.id, { platformFigures: cache })
    await createEmployer(ctx.db)
    const second = await adminDashboard(user.id, { platformFigures: cache })
    expect(second.figures).toEqual(first.figures)
    expect(second.figuresComputedAt).toEqual(first.figuresComputedAt)
    // without a cache (or with a lifetime of 0), counted again
    expect((await adminDashboard(user.id)).figures.employers).toBe(first.figures.employers + 1)
    expect((await adminDashboard(user.id, { platformFigures: createPlatformFiguresCache(0) })).figures.employers).toBe(first.figures.employers + 1)
  })

  it('shows the charts of « Statistiques » for the last 12 months, each an image with its title and text alternative, beside its table, with no inline style', async () => {
    const { user } = await createAdmin(ctx.db)
    const response = await (await signIn(ctx.app, user.email)).get('/tableau-de-bord')
    expect(response.status).toBe(200)
    const block = /<section aria-labelledby="tableau-de-bord-statistiques">([\s\S]*)<\/section>/.exec(response.text)![1]
    const statistics = await computeStatistics(ctx.db, resolvePeriod({ du: null, au: null }))
    const period = resolvePeriod({ du: null, au: null })
    expect(textOf(decodeHtml(block))).toContain(
      `Candidatures déposées du ${formatDate(parisMidnight(period.firstDay))} au ${formatDate(parisMidnight(period.lastDay))}.`,
    )
    expect(block).toContain('<a href="/admin/statistiques">Voir toutes les statistiques, choisir une autre période ou les exporter</a>')
    expect([...block.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1])).toEqual([
      'Parcours des candidatures par convention',
      'Candidatures par mois',
      'Candidatures par statut actuel',
    ])
    const charts = [
      ...block.matchAll(
        /<div class="chart-layout">\s*<figure class="chart-figure">\s*<figcaption>[^<]+<\/figcaption>\s*(<svg[^>]*>)[\s\S]*?<\/svg>\s*<\/figure>\s*<div class="table-wrapper" role="region" tabindex="0" aria-labelledby="([^"]+)">/g,
      ),
    ]
    expect(charts.map((match) => match[2])).toEqual(['tableau-de-bord-legende-parcours', 'tableau-de-bord-legende-mois', 'tableau-de-bord-legende-statuts'])
    for (const [, tag] of charts) {
      const id = /\sid="([^"]+)"/.exec(tag)![1]
      expect(tag).toContain(` role="img" `)
      expect(tag).toContain(`aria-labelledby="${id}-titre ${id}-description"`)
      expect(block).toContain(`<title id="${id}-titre">`)
      expect(block).toContain(`<desc id="${id}-description">`)
    }
    // the tables have the figures of the statistics of the period: the applications of each month, and their total
    const monthRows = [
      .../aria-labelledby="tableau-de-bord-legende-mois">([\s\S]*?)<\/table>/
        .exec(block)![1]
        .matchAll(/<tr>\s*<th scope="row">([^<]+)<\/th>\s*<td class="numeric">([^<]+)<\/td>/g),
    ].map((match) => match[2])
    expect(monthRows).toEqual([...statistics.months.map((month) => String(month.applications)), String(statistics.employers.total.applications)])
    expect(statistics.employers.total.applications).toBeGreaterThan(0)
    expect(response.text).not.toMatch(/<style[\s>]/i)
    expect(response.text).not.toMatch(/\sstyle\s*=/i)
  })

  it('as a candidate, a référent or a recruiter, the dashboard has no chart of the platform', async () => {
    const employer = await createEmployer(ctx.db)
    for (const { user } of [await createCandidate(ctx.db), await createReferent(ctx.db), await createRecruiter(ctx.db, { employerId: employer.id })]) {
      const html = (await (await signIn(ctx.app, user.email)).get('/tableau-de-bord')).text
      expect(html, user.email).not.toContain('<svg')
      expect(html, user.email).not.toContain('Les 12 derniers mois')
    }
  })

  it('computes the acceptance rate over the final answers of employers only', () => {
    expect(acceptanceRate(0, 0)).toBeNull()
    expect(acceptanceRate(1, 2)).toEqual({ accepted: 1, answered: 3, percent: 33 })
    expect(acceptanceRate(2, 0)).toEqual({ accepted: 2, answered: 2, percent: 100 })
  })
})
