// Times computeStatistics (src/modules/statistics/service.ts), what the « Statistiques » page and its
// three CSV exports compute, on a large database.
//
//   DATABASE_URL=file:./tmp/scale.db npm run seed:scale      # once
//   DATABASE_URL=file:./tmp/scale.db npx tsx scripts/bench-statistics.ts [--runs 5]
//
// For the default period (the last twelve months), one month, and everything since 2000; the table gives
// the median and the slowest of --runs calls after one warm-up call. Compare numbers measured in one run
// on one machine; other processes on the machine move them.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createDb, isPostgresUrl } from '../src/lib/db.ts'
import { closeDb } from '../src/lib/sql.ts'
import { computeStatistics, resolvePeriod } from '../src/modules/statistics/service.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
  const raw = process.env.DATABASE_URL || 'file:./data/atouts.db'
  const url = raw.startsWith('file:') ? `file:${path.resolve(raw.slice('file:'.length))}` : raw
  const runs = argument('--runs', 5)
  const db = await createDb(url)
  try {
    console.log(
      `${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'} – ${await db.application.count()} applications, ${await db.offer.count()} offers; ${runs} runs after 1 warm-up run`,
    )
    const today = resolvePeriod({ du: null, au: null })
    const lastMonth = new Date(today.to.getTime() - 30 * 24 * 3600 * 1000).toISOString().slice(0, 10)
    const periods = [
      { name: 'last twelve months (default)', period: today },
      { name: 'last 30 days', period: resolvePeriod({ du: lastMonth, au: null }) },
      { name: 'since 2000', period: resolvePeriod({ du: '2000-01-01', au: null }) },
    ]
    console.log(`${'period'.padEnd(32)} ${'sent'.padStart(8)} ${'median ms'.padStart(10)} ${'max ms'.padStart(8)}`)
    for (const { name, period } of periods) {
      const times: number[] = []
      let sent = 0
      for (let run = 0; run <= runs; run++) {
        const started = performance.now()
        const statistics = await computeStatistics(db, period)
        const elapsed = performance.now() - started
        sent = statistics.conventions.total.sent
        if (run > 0) times.push(elapsed)
      }
      times.sort((a, b) => a - b)
      console.log(
        `${name.padEnd(32)} ${String(sent).padStart(8)} ${times[Math.floor(times.length / 2)].toFixed(0).padStart(10)} ${times[times.length - 1].toFixed(0).padStart(8)}`,
      )
    }
  } finally {
    await closeDb(db)
  }
}

await main()
