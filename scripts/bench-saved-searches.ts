// Times one run of the saved searches' alert job (src/modules/offers/saved-searches.ts) on a large database.
//
//   DATABASE_URL=file:./tmp/scale.db npm run seed:scale      # once
//   DATABASE_URL=file:./tmp/scale.db npx tsx scripts/bench-saved-searches.ts [--searches 20000]
//
// Gives up to --searches candidates one saved search each (a few typical searches in turn), all
// « Dès la publication » and last looked at 10 minutes before the newest published offer, then times:
// a run with those new offers (every search due), and a second run with nothing new. The rows it
// added (saved searches, the e-mails and notifications it queued) are removed at the end.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createDb, isPostgresUrl } from '../src/lib/db.ts'
import { closeDb } from '../src/lib/sql.ts'
import { sendSavedSearchAlerts } from '../src/modules/offers/saved-searches.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const QUERIES = [
  '',
  'contrat=stage',
  'motscles=developpeur',
  'contrat=alternance&lieu=31',
  'secteur=Num%C3%A9rique',
  'motscles=comptable&contrat=cdi',
  'lieu=Lyon',
  'teletravail=oui',
]

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
  const raw = process.env.DATABASE_URL || 'file:./data/atouts.db'
  const url = raw.startsWith('file:') ? `file:${path.resolve(raw.slice('file:'.length))}` : raw
  const wanted = argument('--searches', 20_000)
  const db = await createDb(url)
  const config = { baseUrl: 'http://localhost:3000', sessionSecret: 'bench-secret'.padEnd(48, 'x') }
  const startedAt = new Date()
  const outboxBefore = (await db.outboxEmail.aggregate({ _max: { id: true } }))._max.id ?? 0
  const notificationsBefore = (await db.notification.aggregate({ _max: { id: true } }))._max.id ?? 0
  let added: number[] = []
  try {
    const newest = (await db.offer.aggregate({ where: { status: 'PUBLISHED' }, _max: { publishedAt: true } }))._max.publishedAt
    if (!newest) throw new Error('no published offer: fill the database with `npm run seed:scale` first')
    const alertedUntil = new Date(newest.getTime() - 10 * 60_000)
    const users = await db.user.findMany({ where: { role: 'CANDIDATE', status: 'ACTIVE' }, select: { id: true }, take: wanted, orderBy: { id: 'asc' } })
    const rows = users.map((user, index) => ({
      userId: user.id,
      name: `Bench ${index}`,
      query: QUERIES[index % QUERIES.length],
      frequency: 'IMMEDIATE' as const,
      alertedUntil,
    }))
    for (let start = 0; start < rows.length; start += 1000) await db.savedSearch.createMany({ data: rows.slice(start, start + 1000) })
    added = (
      await db.savedSearch.findMany({
        where: { name: { startsWith: 'Bench ' }, createdAt: { gte: new Date(startedAt.getTime() - 1000) } },
        select: { id: true },
      })
    ).map((row) => row.id)
    const fresh = await db.offer.count({ where: { status: 'PUBLISHED', publishedAt: { gt: alertedUntil } } })
    console.log(
      `${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'} – ${await db.offer.count()} offers, ${added.length} saved searches, ${fresh} offers published in the last 10 minutes of the data`,
    )

    const now = new Date(newest.getTime() + 1000)
    let time = performance.now()
    const first = await sendSavedSearchAlerts(db, config, now)
    console.log(
      `run with new offers: ${((performance.now() - time) / 1000).toFixed(2)} s – ${first.checked} searches looked at, ${first.emailed} e-mails queued`,
    )
    time = performance.now()
    const second = await sendSavedSearchAlerts(db, config, new Date(now.getTime() + 60_000))
    console.log(`run with nothing new: ${((performance.now() - time) / 1000).toFixed(2)} s – ${second.checked} searches looked at`)
  } finally {
    for (let start = 0; start < added.length; start += 500) await db.savedSearch.deleteMany({ where: { id: { in: added.slice(start, start + 500) } } })
    await db.outboxEmail.deleteMany({ where: { id: { gt: outboxBefore }, template: 'offers/saved-search-alert' } })
    await db.notification.deleteMany({ where: { id: { gt: notificationsBefore }, event: 'offers.saved_search' } })
    await closeDb(db)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
