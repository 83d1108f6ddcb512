import { execFileSync } from 'node:child_process'
import cluster from 'node:cluster'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { createApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { createDb, isPostgresUrl } from './lib/db.ts'
import { closeDb, ensureWriteAheadLog } from './lib/sql.ts'
import { logger } from './lib/logger.ts'
import { createMailTransport, startOutboxWorker } from './lib/outbox.ts'
import { startReferentRemindersJob } from './modules/applications/reminders.ts'
import { startDataRetentionJob } from './modules/admin/retention/jobs.ts'
import { startExpiredOffersJob } from './modules/offers/jobs.ts'
import { startSavedSearchAlertsJob } from './modules/offers/saved-searches.ts'
import { warmDefaultStatistics } from './modules/statistics/service.ts'
import { createAttemptStore } from './web/rate-limit.ts'
import type { DatabaseSessionStore } from './web/session-store.ts'
import { startExpiredSessionsJob } from './web/session.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from './seed/demo.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

/** Apply the committed migrations (prisma migrate deploy) before serving. */
function applyMigrations(config: Config) {
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: config.databaseUrl },
      stdio: 'pipe',
    })
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer }
    console.error(String(output.stdout ?? ''), String(output.stderr ?? ''))
    throw new Error('les migrations n’ont pas pu être appliquées (voir ci-dessus).')
  }
}

/** The primary process: configuration, migrations and the demo data, once, before any worker serves. */
async function main() {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  if (cluster.isWorker) return serve(config, { runsJobs: config.jobsWorker, banner: null })

  mkdirSync(config.dataDir, { recursive: true })
  mkdirSync(config.uploadDir, { recursive: true })

  console.log('Atouts : application des migrations de la base de données…')
  applyMigrations(config)
  ensureWriteAheadLog(config.databaseUrl)

  let seeded = false
  if (!config.isProduction) {
    const db = await createDb(config.databaseUrl)
    if (await isDatabaseEmpty(db)) {
      console.log('Atouts : base vide, création des données de démonstration…')
      await seedDemo(db)
      seeded = true
    }
    await closeDb(db)
  }

  if (config.webConcurrency === 1) return serve(config, { runsJobs: true, banner: bannerOf(config, seeded) })
  startWorkers(config, bannerOf(config, seeded))
}

function bannerOf(config: Config, seeded: boolean): string {
  const lines = [
    '',
    `Atouts pour tous est prêt : ${config.baseUrl}${config.webConcurrency > 1 ? ` (${config.webConcurrency} processus)` : ''}`,
    `Base de données : ${isPostgresUrl(config.databaseUrl) ? 'PostgreSQL' : config.databaseUrl.replace(/^file:/, 'SQLite, ')}`,
    `Courriels : ${createMailTransport(config).describe()}${!config.smtpUrl && config.env === 'development' ? ` – lisibles sur ${config.baseUrl}/dev/courriels` : ''}`,
  ]
  if (!config.isProduction) {
    lines.push('', `Comptes de démonstration${seeded ? ' (créés à l’instant)' : ''}, mot de passe « ${DEMO_PASSWORD} » :`)
    for (const account of DEMO_ACCOUNTS) lines.push(`  ${account.role.padEnd(15)} ${account.email.padEnd(28)} ${account.name} – ${account.description}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * WEB_CONCURRENCY > 1: that many workers share the port (node:cluster hands them the connections in
 * turn). Worker 0 also runs the background jobs (outbox, reminders, expiries): exactly one process
 * does. A worker that dies is replaced, with the same part.
 */
function startWorkers(config: Config, banner: string) {
  let stopping = false
  let listening = 0
  const fork = (index: number) => {
    const worker = cluster.fork({ ATOUTS_JOBS_WORKER: index === 0 ? '1' : '0' })
    worker.on('listening', () => {
      if (++listening === config.webConcurrency) console.log(banner)
    })
    worker.on('exit', (code, signal) => {
      if (stopping) return
      console.error(`Atouts : le processus ${index} s’est arrêté (${signal ?? code}), il est relancé.`)
      fork(index)
    })
  }
  for (let index = 0; index < config.webConcurrency; index++) fork(index)
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`Atouts : arrêt (${signal})…`)
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
    let left = Object.keys(cluster.workers ?? {}).length
    if (left === 0) process.exit(0)
    cluster.on('exit', () => {
      if (--left === 0) process.exit(0)
    })
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

/** One process serving the app; with `runsJobs`, the background jobs too. */
async function serve(config: Config, { runsJobs, banner }: { runsJobs: boolean; banner: string | null }) {
  const db = await createDb(config.databaseUrl)
  const app = createApp({ config, db })
  const jobs = runsJobs
    ? [
        startOutboxWorker({ db, transport: createMailTransport(config), config, logger }),
        startReferentRemindersJob({ db, config, logger }),
        startExpiredOffersJob({ db, logger }),
        startSavedSearchAlertsJob({ db, config, logger }),
        startDataRetentionJob({ db, config, logger }),
        startExpiredSessionsJob({ store: app.locals.sessionStore as DatabaseSessionStore, attempts: createAttemptStore(db), logger }),
      ]
    : []
  const server = app.listen(config.port, () => {
    if (banner) console.log(banner)
    warmDefaultStatistics({ db, figuresMaxAgeMs: config.figuresMaxAgeMs }).catch((error: unknown) =>
      logger.warn('statistics: first computation failed', { error: error instanceof Error ? error.message : String(error) }),
    )
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    if (banner) console.log(`Atouts : arrêt (${signal})…`)
    server.close()
    for (const job of jobs) await job.stop()
    await closeDb(db)
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error('Atouts n’a pas pu démarrer :', error instanceof Error ? error.message : error)
  process.exit(1)
})
