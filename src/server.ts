import { execFileSync } from 'node:child_process'
import cluster from 'node:cluster'
import { mkdirSync } from 'node:fs'
import type { Server, ServerResponse } from 'node:http'
import path from 'node:path'
import v8 from 'node:v8'
import { createApp } from './app.ts'
import { startBackgroundJobs } from './background-jobs.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { createDb, isPostgresUrl, type Db } from './lib/db.ts'
import { closeDb, ensureWriteAheadLog, sqlOf } from './lib/sql.ts'
import { configureLogger, logger } from './lib/logger.ts'
import { committedMigrations, missingMigrations } from './lib/migrations.ts'
import { createMailTransport } from './lib/outbox.ts'
import { SERVER_NODE_FLAGS, withServerEnvironment } from './node-flags.ts'
import { warmDefaultStatistics } from './modules/statistics/service.ts'
import type { DatabaseSessionStore } from './web/session-store.ts'
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

/**
 * MIGRATIONS=apply (the default): `prisma migrate deploy`, which holds a PostgreSQL advisory lock
 * while it works, so that instances starting together apply each migration once (one that waits more
 * than Prisma's 10 s for the lock fails to start: README, "Production: several instances").
 * MIGRATIONS=verify: the operator runs `npm run db:deploy` before starting the instances, and an
 * instance refuses to start on a database that lacks a migration of its version.
 */
async function prepareDatabase(config: Config) {
  if (config.migrations === 'apply') {
    console.log('Atouts : application des migrations de la base de données…')
    applyMigrations(config)
  } else {
    const missing = await missingMigrationsOf(config.databaseUrl)
    if (missing.length > 0) {
      throw new Error(
        `la base de données n’a pas toutes les migrations de cette version (MIGRATIONS=verify). Il manque : ${missing.join(', ')}. ` +
          'Appliquez-les avec « npm run db:deploy » (même DATABASE_URL), puis relancez.',
      )
    }
  }
  ensureWriteAheadLog(config.databaseUrl)
}

async function missingMigrationsOf(databaseUrl: string): Promise<string[]> {
  const db = await createDb(databaseUrl)
  try {
    return await missingMigrations(sqlOf(db), committedMigrations(databaseUrl))
  } finally {
    await closeDb(db)
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
  configureLogger(config)
  if (cluster.isWorker) return serve(config, { runsJobs: config.jobsWorker, banner: null })

  mkdirSync(config.dataDir, { recursive: true })
  mkdirSync(config.uploadDir, { recursive: true })

  await prepareDatabase(config)

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
  // the workers start with the serving flags and environment (node-flags.ts), whether the primary was started with them or not
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...SERVER_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag))] })
  const fork = (index: number) => {
    const worker = cluster.fork({ ...withServerEnvironment(process.env), ATOUTS_JOBS_WORKER: index === 0 ? '1' : '0' })
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
  const workers = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined)
  // the first signal is passed on to the workers, which stop as serve() says; the primary waits for
  // them. A second signal, or the workers' deadline passed well over, stops them at once.
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('arrêt immédiat (second signal)', { signal })
      for (const worker of workers()) worker.process.kill('SIGKILL')
      process.exit(1)
    }
    stopping = true
    logger.info('arrêt demandé, transmis aux processus', { signal, workers: workers().length })
    let left = workers().length
    let failed = false
    if (left === 0) process.exit(0)
    cluster.on('exit', (_worker, code) => {
      if (code !== 0) failed = true
      if (--left === 0) process.exit(failed ? 1 : 0)
    })
    for (const worker of workers()) worker.process.kill(signal)
    setTimeout(() => {
      logger.error('arrêt forcé : des processus ne se sont pas arrêtés à temps', { workers: workers().length })
      for (const worker of workers()) worker.process.kill('SIGKILL')
      process.exit(1)
    }, config.shutdownTimeoutMs + 5000).unref()
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

/**
 * How far the JavaScript heap grows past what the last full garbage collection kept, before the next
 * one. V8 lets it grow up to four times: under load, the 50 MB that stay alive became 200 MB of heap
 * and the process 370 MB. At one and a half times it stays near 250 MB, with no loss of req/s or p99
 * that `npm run bench` could tell from its noise (README › Performance).
 */
const HEAP_GROWING_PERCENT = 50

/** One process serving the app; with `runsJobs`, the background jobs too. */
async function serve(config: Config, { runsJobs, banner }: { runsJobs: boolean; banner: string | null }) {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  const db = await createDb(config.databaseUrl)
  const app = createApp({ config, db })
  const jobs = runsJobs ? startBackgroundJobs({ db, config, sessionStore: app.locals.sessionStore as DatabaseSessionStore, logger }) : []
  const server = app.listen(config.port, () => {
    if (banner) console.log(banner)
    warmDefaultStatistics({ db, figuresMaxAgeMs: config.figuresMaxAgeMs }).catch((error: unknown) =>
      logger.warn('statistics: first computation failed', { error: error instanceof Error ? error.message : String(error) }),
    )
  })

  // stop() of a job waits for its run in progress: the email being sent is sent
  const stop = stopGracefully({ server, config, db, stopJobs: async () => void (await Promise.all(jobs.map((job) => job.stop()))) })
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * On SIGTERM (or SIGINT): no new connection (the port is closed: the load balancer sends to the other
 * instances), the requests in flight finish, then each connection is closed after its last answer
 * instead of waiting for its keep-alive timeout; the jobs end their run in progress; the database is
 * closed; exit 0. Past config.shutdownTimeoutMs, or on a second signal (single process; in a
 * cluster the primary decides, since Ctrl-C reaches every process of the group), exit 1 at once.
 */
function stopGracefully({ server, config, db, stopJobs }: { server: Server; config: Config; db: Db; stopJobs: () => Promise<void> }) {
  const inFlight = new Set<ServerResponse>()
  let stopping = false
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res)
    if (stopping) res.setHeader('Connection', 'close')
    res.on('close', () => {
      inFlight.delete(res)
      // its connection is idle now: closed, so that server.close() completes
      if (stopping) setImmediate(() => server.closeIdleConnections())
    })
  })
  return async (signal: NodeJS.Signals) => {
    if (stopping) {
      if (cluster.isWorker) return
      logger.warn('arrêt immédiat (second signal)', { signal })
      process.exit(1)
    }
    stopping = true
    logger.info('arrêt : plus de nouvelle connexion, fin des requêtes en cours', { signal, requestsInFlight: inFlight.size })
    setTimeout(() => {
      logger.error('arrêt forcé : des requêtes étaient encore en cours', { requestsInFlight: inFlight.size, timeoutMs: config.shutdownTimeoutMs })
      process.exit(1)
    }, config.shutdownTimeoutMs).unref()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close')
    server.closeIdleConnections()
    try {
      const jobsStopped = stopJobs().then(() => logger.info('arrêt : tâches de fond arrêtées'))
      await Promise.all([closed, jobsStopped])
      await closeDb(db)
    } catch (error) {
      logger.error('arrêt : erreur', { error: error instanceof Error ? error.message : String(error) })
      process.exit(1)
    }
    logger.info('arrêt : terminé')
    process.exit(0)
  }
}

main().catch((error: unknown) => {
  console.error('Atouts n’a pas pu démarrer :', error instanceof Error ? error.message : error)
  process.exit(1)
})
