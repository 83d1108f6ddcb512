import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { createApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { createDb, isPostgresUrl } from './lib/db.ts'
import { closeDb } from './lib/sql.ts'
import { logger } from './lib/logger.ts'
import { createMailTransport, startOutboxWorker } from './lib/outbox.ts'
import { startReferentRemindersJob } from './modules/applications/reminders.ts'
import { startExpiredOffersJob } from './modules/offers/jobs.ts'
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
  mkdirSync(config.dataDir, { recursive: true })
  mkdirSync(config.uploadDir, { recursive: true })

  console.log('Atouts : application des migrations de la base de données…')
  applyMigrations(config)
  const db = createDb(config.databaseUrl)

  let seeded = false
  if (!config.isProduction && (await isDatabaseEmpty(db))) {
    console.log('Atouts : base vide, création des données de démonstration…')
    await seedDemo(db)
    seeded = true
  }

  const transport = createMailTransport(config)
  const worker = startOutboxWorker({ db, transport, config, logger })
  const referentReminders = startReferentRemindersJob({ db, config, logger })
  const expiredOffers = startExpiredOffersJob({ db, logger })
  const app = createApp({ config, db })
  const expiredSessions = startExpiredSessionsJob({ store: app.locals.sessionStore as DatabaseSessionStore, logger })
  const server = app.listen(config.port, () => {
    const lines = [
      '',
      `Atouts pour tous est prêt : ${config.baseUrl}`,
      `Base de données : ${isPostgresUrl(config.databaseUrl) ? 'PostgreSQL' : config.databaseUrl.replace(/^file:/, 'SQLite, ')}`,
      `Courriels : ${transport.describe()}${!config.smtpUrl && config.env === 'development' ? ` – lisibles sur ${config.baseUrl}/dev/courriels` : ''}`,
    ]
    if (!config.isProduction) {
      lines.push('', `Comptes de démonstration${seeded ? ' (créés à l’instant)' : ''}, mot de passe « ${DEMO_PASSWORD} » :`)
      for (const account of DEMO_ACCOUNTS) lines.push(`  ${account.role.padEnd(15)} ${account.email.padEnd(28)} ${account.name} – ${account.description}`)
    }
    console.log(lines.join('\n') + '\n')
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`Atouts : arrêt (${signal})…`)
    server.close()
    await worker.stop()
    await referentReminders.stop()
    await expiredOffers.stop()
    await expiredSessions.stop()
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
