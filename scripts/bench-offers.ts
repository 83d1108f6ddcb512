// Times searchOffers (src/modules/offers/search.ts) on a large database, for typical searches.
//
//   DATABASE_URL=file:./tmp/scale.db npm run seed:scale      # once
//   DATABASE_URL=file:./tmp/scale.db npx tsx scripts/bench-offers.ts [--runs 30] [--explain]
//
// For two candidates: one of a regional convention (the partners of one region) and one of the
// national convention (every employer is its partner: the whole table is searched). Each search
// runs a few times to warm up, then --runs times; the table gives the median and the 95th
// percentile of one whole call (count + page ids + page rows). --explain prints the plans of the
// count and page queries (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL).
// Compare numbers measured in one run on one machine; other processes on the machine move them.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createDb, isPostgresUrl, type Db } from '../src/lib/db.ts'
import { closeDb, sql, sqlOf } from '../src/lib/sql.ts'
import { EMPTY_SEARCH, type TOfferSearch } from '../src/modules/offers/schemas.ts'
import { dialectOf } from '../src/lib/db.ts'
import { buildOfferSearchQuery, OFFERS_PAGE_SIZE, searchOffers } from '../src/modules/offers/search.ts'
import { loadSessionUser, type SessionUser } from '../src/web/auth.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const WARM_UP = 3

type Scenario = { name: string; filters: Partial<TOfferSearch>; page?: string }

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]

/** A candidate of the convention with this name pattern (the one with the most partners among them). */
async function candidateOf(db: Db, national: boolean): Promise<SessionUser> {
  const conventions = await db.convention.findMany({
    where: national ? { region: 'National' } : { region: { not: 'National' } },
    select: { id: true, name: true, _count: { select: { partnerships: true } } },
  })
  if (conventions.length === 0) throw new Error('no convention: fill the database with `npm run seed:scale` first')
  conventions.sort((a, b) => b._count.partnerships - a._count.partnerships)
  const candidate = await db.candidate.findFirst({
    where: { establishment: { conventionId: conventions[0].id }, user: { status: 'ACTIVE' } },
    select: { userId: true },
    orderBy: { id: 'asc' },
  })
  if (!candidate) throw new Error(`no active candidate in ${conventions[0].name}`)
  return (await loadSessionUser(db, candidate.userId))!
}

/** The busiest city and département among the offers this candidate sees, for realistic filters. */
async function commonPlaces(db: Db, actor: SessionUser) {
  const rows = await db.offer.groupBy({
    by: ['city', 'department'],
    where: { status: 'PUBLISHED', employer: { partnerships: { some: { conventionId: actor.conventionId! } } } },
    _count: { _all: true },
    orderBy: { _count: { id: 'desc' } },
    take: 1,
  })
  return { city: rows[0]?.city ?? 'Toulouse', department: rows[0]?.department ?? '31' }
}

async function scenariosFor(db: Db, actor: SessionUser): Promise<Scenario[]> {
  const { city, department } = await commonPlaces(db, actor)
  const employer = await db.employer.findFirst({
    where: { partnerships: { some: { conventionId: actor.conventionId! } } },
    orderBy: { offers: { _count: 'desc' } },
    select: { id: true },
  })
  return [
    { name: 'no filter, page 1', filters: {} },
    { name: 'no filter, page 50', filters: {}, page: '50' },
    { name: 'keyword "developpeur"', filters: { keywords: 'développeur' } },
    { name: 'keywords "assistant projet"', filters: { keywords: 'assistant projet' } },
    { name: 'keyword prefix "log"', filters: { keywords: 'log' } },
    { name: 'keyword, sorted by relevance', filters: { keywords: 'accessibilité', sort: 'relevance' } },
    { name: `contract STAGE + city ${city}`, filters: { contractTypes: ['STAGE'], place: city } },
    { name: `contracts STAGE,ALTERNANCE + dept ${department}`, filters: { contractTypes: ['STAGE', 'ALTERNANCE'], place: department } },
    { name: 'sector Numérique + remote', filters: { sector: 'Numérique', remote: true } },
    { name: 'published within 7 days', filters: { publishedWithinDays: 7 } },
    { name: 'employer (the largest)', filters: { employerId: employer?.id ?? null } },
    { name: 'keyword + contract + city', filters: { keywords: 'stage', contractTypes: ['STAGE'], place: city } },
    { name: 'sorted by start date, page 10', filters: { sort: 'start' }, page: '10' },
  ]
}

async function explain(db: Db, actor: SessionUser, scenario: Scenario) {
  const filters = { ...EMPTY_SEARCH, ...scenario.filters }
  const { from, orderBy } = await buildOfferSearchQuery(db, actor, filters)
  const page = Number(scenario.page ?? '1')
  const sqlite = dialectOf(db) === 'sqlite'
  const prefix = sqlite ? sql`EXPLAIN QUERY PLAN` : sql`EXPLAIN`
  const queries = {
    count: sql<Record<string, unknown>>`${prefix} SELECT count(*) ${from}`,
    page: sql<Record<string, unknown>>`${prefix} SELECT o."id" ${from} ORDER BY ${orderBy} LIMIT ${OFFERS_PAGE_SIZE} OFFSET ${(page - 1) * OFFERS_PAGE_SIZE}`,
  }
  console.log(`\n── ${scenario.name}`)
  for (const [label, query] of Object.entries(queries)) {
    const { rows } = await query.execute(sqlOf(db))
    console.log(`   ${label}:`)
    for (const row of rows) console.log(`     ${sqlite ? String(row.detail) : String(row['QUERY PLAN'])}`)
  }
}

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
  const raw = process.env.DATABASE_URL || 'file:./data/atouts.db'
  const url = raw.startsWith('file:') ? `file:${path.resolve(raw.slice('file:'.length))}` : raw
  const runs = argument('--runs', 30)
  const db = await createDb(url)
  try {
    const offers = await db.offer.count()
    console.log(
      `${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'} – ${offers} offers, ${await db.application.count()} applications; ${runs} runs after ${WARM_UP} warm-up runs`,
    )
    for (const national of [false, true]) {
      const actor = await candidateOf(db, national)
      const visible = (await searchOffers(db, actor, EMPTY_SEARCH, '1')).total
      console.log(`\n${national ? 'National convention' : 'Regional convention'} candidate (${actor.email}): ${visible} offers visible`)
      const scenarios = await scenariosFor(db, actor)
      if (process.argv.includes('--explain')) {
        for (const scenario of scenarios) await explain(db, actor, scenario)
        continue
      }
      console.log(`${'search'.padEnd(46)} ${'results'.padStart(8)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)}`)
      for (const scenario of scenarios) {
        const filters = { ...EMPTY_SEARCH, ...scenario.filters }
        const times: number[] = []
        let total = 0
        for (let run = 0; run < WARM_UP + runs; run++) {
          const started = performance.now()
          const result = await searchOffers(db, actor, filters, scenario.page ?? '1')
          const elapsed = performance.now() - started
          total = result.total
          if (run >= WARM_UP) times.push(elapsed)
        }
        times.sort((a, b) => a - b)
        console.log(
          `${scenario.name.padEnd(46)} ${String(total).padStart(8)} ${percentile(times, 50).toFixed(1).padStart(10)} ${percentile(times, 95).toFixed(1).padStart(8)}`,
        )
      }
    }
  } finally {
    await closeDb(db)
  }
}

main().catch((error: unknown) => {
  console.error('bench-offers failed:', error instanceof Error ? error.stack : error)
  process.exit(1)
})
