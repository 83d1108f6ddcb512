// Times a 2,000-row offer import (src/modules/offers/import.ts) through its use cases, as the pages
// call them: the upload (file read and kept), the preview (the plan), the confirmation (the writes).
//
//   DATABASE_URL=file:./tmp/bench.db npm run seed:scale      # once (or any database with a recruiter)
//   DATABASE_URL=file:./tmp/bench.db npx tsx scripts/bench-import.ts [--rows 2000]
//
// The CSV is made here for the first recruiter's employer: new references, every offer published.
// It is imported, then imported again (2,000 unchanged), then with one title edited in each row
// (2,000 updated). The offers, imports and audit rows it added are removed at the end.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createDb, isPostgresUrl, type Db } from '../src/lib/db.ts'
import type { SessionUser } from '../src/lib/session-user.ts'
import { closeDb } from '../src/lib/sql.ts'
import { recruiterScopeOf, type EmployerScope } from '../src/modules/employers/policy.ts'
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../src/modules/offers/import-files.ts'
import { confirmOfferImport, createOfferImport, findOfferImportPage } from '../src/modules/offers/import.ts'
import { sectorChoices } from '../src/modules/offers/service.ts'
import { toCsv } from '../src/modules/statistics/csv.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const REFERENCE_PREFIX = 'BENCH-IMPORT-'
const DAY = 24 * 60 * 60 * 1000
const CITIES = [
  ['Toulouse', '31'],
  ['Lyon', '69'],
  ['Nantes', '44'],
  ['Lille', '59'],
  ['Bordeaux', '33'],
  ['Rennes', '35'],
] as const
const CONTRACTS = ['stage', 'alternance', 'CDD', 'CDI', 'service civique', 'emploi saisonnier']

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}

const frenchDay = (date: Date) => `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`

/** A CSV of `count` offers as an employer's own tool would export it (semicolons, every column). */
function benchCsv(count: number, sectors: string[], run: string, titleSuffix = ''): Buffer {
  const now = Date.now()
  const header = [...IMPORT_COLUMNS]
  const rows = Array.from({ length: count }, (_, index) => {
    const [city, department] = CITIES[index % CITIES.length]
    return [
      `${REFERENCE_PREFIX}${run}-${index + 1}`,
      `Chargé de projet numérique n° ${index + 1} (H/F)${titleSuffix}`,
      `Au sein d’une équipe de huit personnes, vous participez à la conception et au suivi de nos projets. ${'Nous accueillons chaque année des jeunes en stage et en alternance. '.repeat(3)}`,
      'Recueillir les besoins des équipes\nSuivre le planning et le budget\nPréparer les comités de pilotage',
      'Formation de bac+2 à bac+5, curiosité et sens du contact. Débutants bienvenus.',
      CONTRACTS[index % CONTRACTS.length],
      '6 mois',
      sectors[index % sectors.length],
      city,
      department,
      index % 3 === 0 ? 'oui' : 'non',
      frenchDay(new Date(now + 30 * DAY)),
      frenchDay(new Date(now + 60 * DAY)),
      'Locaux de plain-pied, horaires aménageables.',
      'recrutement@exemple.fr',
      'publiée',
    ]
  })
  return Buffer.from(toCsv([header, ...rows]), 'utf8')
}

async function recruiterOf(db: Db): Promise<{ actor: SessionUser; scope: EmployerScope }> {
  const recruiter = await db.recruiter.findFirst({
    where: { user: { status: 'ACTIVE' } },
    orderBy: { id: 'asc' },
    include: { user: true, employer: true },
  })
  if (!recruiter) throw new Error('no recruiter: fill the database with `npm run seed:scale` first')
  const { user, employer } = recruiter
  const actor: SessionUser = {
    id: user.id,
    email: user.email,
    role: 'RECRUITER',
    firstName: user.firstName,
    lastName: user.lastName,
    candidateId: null,
    referentId: null,
    recruiterId: recruiter.id,
    establishmentId: null,
    conventionId: null,
    employerId: employer.id,
    displaySettings: null,
    twoFactorEnabled: false,
  }
  const scope = recruiterScopeOf(employer)
  return { actor, scope }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)} s`

async function importOnce(db: Db, who: { actor: SessionUser; scope: EmployerScope }, content: Buffer, label: string): Promise<number> {
  const started = performance.now()
  let time = started
  const uploaded = await createOfferImport(db, { ...who, file: { content, originalName: 'bench.csv' }, closeAbsent: false })
  if (!uploaded.ok) throw new Error(uploaded.error)
  const upload = seconds(time)
  time = performance.now()
  const page = await findOfferImportPage(db, { ...who, importId: uploaded.importId })
  if (page.state !== 'preview') throw new Error(`preview: ${page.state}`)
  const preview = seconds(time)
  time = performance.now()
  // as the page does: the answer after CONFIRM_WAIT_MS at most, the writes going on if need be
  const answer = await confirmOfferImport(db, { ...who, importId: uploaded.importId })
  const answered = `${seconds(time)}${answer.ok === 'running' ? ' (running: its page refreshes itself)' : ''}`
  const confirmed = answer.ok === 'running' ? await answer.done : answer
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.reason}`)
  const written = seconds(time)
  console.log(
    `${label}: upload ${upload}, preview ${preview}, confirm answered after ${answered}, written after ${written} – total ${seconds(started)} (${confirmed.created} created, ${confirmed.updated} updated, ${confirmed.unchanged} unchanged, ${confirmed.refused} refused)`,
  )
  return uploaded.importId
}

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
  const raw = process.env.DATABASE_URL || 'file:./data/atouts.db'
  const url = raw.startsWith('file:') ? `file:${path.resolve(raw.slice('file:'.length))}` : raw
  const count = Math.min(argument('--rows', MAX_IMPORT_ROWS), MAX_IMPORT_ROWS)
  const db = await createDb(url)
  const auditBefore = (await db.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0
  const importIds: number[] = []
  const who = await recruiterOf(db)
  try {
    const run = Date.now().toString(36)
    const sectors = sectorChoices(who.scope.employerSector)
    const content = benchCsv(count, sectors, run)
    const offers = await db.offer.count({ where: { employerId: who.scope.employerId } })
    console.log(
      `${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'} – ${await db.offer.count()} offers, employer « ${who.scope.employerName} » with ${offers}; file of ${count} rows, ${(content.length / 1024).toFixed(0)} kB`,
    )
    importIds.push(await importOnce(db, who, content, 'new offers'))
    importIds.push(await importOnce(db, who, content, 'same file again'))
    importIds.push(await importOnce(db, who, benchCsv(count, sectors, run, ' – modifié'), 'every title edited'))
  } finally {
    await db.offer.deleteMany({ where: { employerId: who.scope.employerId, reference: { startsWith: REFERENCE_PREFIX } } })
    await db.offerImport.deleteMany({ where: { id: { in: importIds } } })
    await db.offerImport.deleteMany({ where: { employerId: who.scope.employerId, fileName: 'bench.csv', status: 'PREVIEW' } })
    await db.auditLog.deleteMany({ where: { id: { gt: auditBefore }, actorUserId: who.actor.id } })
    await closeDb(db)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
