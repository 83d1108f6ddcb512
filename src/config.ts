import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/** The environment, parsed once at boot. Nothing else reads process.env. */
const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url({ message: 'BASE_URL doit être une adresse complète (http://… ou https://…)' }).optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/atouts.db'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET doit compter au moins 32 caractères').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL doit commencer par smtp:// ou smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Atouts pour tous <ne-pas-repondre@atouts.local>'),
  UPLOAD_DIR: z.string().min(1).default('uploads'),
  DATA_DIR: z.string().min(1).default('data'),
  // behind a reverse proxy in production: how many hops to trust for the client address
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  // worker processes sharing the port (node:cluster); default: 1 in development, one per CPU in production
  WEB_CONCURRENCY: z.coerce.number().int().min(1, 'WEB_CONCURRENCY doit valoir au moins 1').max(64).optional(),
  // set by server.ts on the one worker that runs the background jobs (not a setting)
  ATOUTS_JOBS_WORKER: z.enum(['0', '1']).optional(),
  // apply: the instance runs `prisma migrate deploy` at start; verify: it only checks that every migration is applied
  MIGRATIONS: z.enum(['apply', 'verify'], { message: 'MIGRATIONS vaut apply ou verify' }).default('apply'),
  // seconds given to the requests in flight on SIGTERM before the process stops anyway
  SHUTDOWN_TIMEOUT: z.coerce.number().min(0).max(600).default(10),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL vaut fatal, error, warn, info, debug, trace ou silent' })
    .optional(),
  LOG_FORMAT: z.enum(['json', 'text'], { message: 'LOG_FORMAT vaut json ou text' }).optional(),
  // tests: the logs are silent unless this is set
  LOG_TESTS: z.string().optional(),
  // the throttles' counts in Redis instead of the database (src/web/rate-limit.ts); one prefix per site sharing a Redis
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL doit commencer par redis:// ou rediss://')
    .optional(),
  REDIS_PREFIX: z.string().min(1).default('atouts:'),
  // periodic jobs (src/lib/jobs.ts): "expired-offers=300,expired-sessions=900" (seconds), and how long a claim lasts unrenewed
  JOB_INTERVALS: z.string().optional(),
  JOB_LEASE_SECONDS: z.coerce.number().positive().default(60),
  // the outbox (src/lib/outbox.ts): how often each instance looks for due emails, how long a claimed email is hidden from the others
  OUTBOX_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  OUTBOX_LEASE_SECONDS: z.coerce.number().positive().default(600),
})

export type Config = {
  env: 'development' | 'production' | 'test'
  isProduction: boolean
  port: number
  baseUrl: string
  databaseUrl: string
  sessionSecret: string
  smtpUrl: string | undefined
  mailFrom: string
  uploadDir: string
  dataDir: string
  trustProxy: number
  /**
   * L of the throttles (src/web/rate-limit.ts), in a 15-minute window: wrong passwords per account and
   * client address, "address taken" answers per client address; 10 × L per client address; past L on
   * one account from every address, growing waits
   */
  authRateLimit: number
  /** whether the outbox worker and session cleanup timers run (off in tests: they are driven by hand) */
  backgroundJobs: boolean
  /** worker processes serving the app (WEB_CONCURRENCY) */
  webConcurrency: number
  /** in a cluster: whether this worker runs the background jobs (exactly one does) */
  jobsWorker: boolean
  /** at start: apply the committed migrations ('apply'), or refuse to start when one is missing ('verify') */
  migrations: 'apply' | 'verify'
  /** on SIGTERM, how long the requests in flight may take before the process stops anyway */
  shutdownTimeoutMs: number
  /** the logs (src/lib/logger.ts): JSON lines in production, one readable line per event in development; silent in tests unless LOG_TESTS */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  logFormat: 'json' | 'text'
  /** REDIS_URL: the throttles count in Redis, under keys starting with redisPrefix; else in the database */
  redisUrl: string | undefined
  redisPrefix: string
  /** the periodic jobs' intervals (absent: the job's own default) and claim lease (src/lib/jobs.ts) */
  jobIntervalsMs: Partial<Record<JobName, number>>
  jobLeaseMs: number
  /** the outbox worker of each instance: how often it looks for due emails; how long a claimed email waits for its sender */
  outboxIntervalMs: number
  outboxLeaseMs: number
  /** how long figures over whole tables (administrator's dashboard, statistics) are served before being computed again; 0 in tests */
  figuresMaxAgeMs: number
  /**
   * how long lists that many requests read alike are served before being read again: what one search
   * finds for a convention (a result page, its count, the « Employeur » choices), an employer's
   * « Offre » choices in the recruiter's inbox; 0 in tests
   */
  listingsMaxAgeMs: number
  /**
   * « Double authentification » obligatory for administrators (enrolment at their first sign-in):
   * in production only, so that the demo accounts sign in as ever in development
   */
  twoFactorRequiredForAdmins: boolean
}

export class ConfigError extends Error {}

/** The periodic jobs (src/background-jobs.ts), as JOB_INTERVALS names them. */
export const JOB_NAMES = ['expired-offers', 'referent-reminders', 'saved-search-alerts', 'data-retention', 'expired-sessions'] as const
export type JobName = (typeof JOB_NAMES)[number]

/** JOB_INTERVALS="expired-offers=300,expired-sessions=900": seconds per job, the others keep their default. */
function parseJobIntervals(value: string | undefined): Partial<Record<JobName, number>> {
  const intervals: Partial<Record<JobName, number>> = {}
  for (const part of (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name, seconds] = part.split('=').map((item) => item.trim())
    const job = JOB_NAMES.find((known) => known === name)
    if (!job) throw new ConfigError(`Configuration invalide :\n  JOB_INTERVALS: tâche inconnue « ${name} » (connues : ${JOB_NAMES.join(', ')})`)
    const number = Number(seconds)
    if (!seconds || !Number.isFinite(number) || number <= 0) {
      throw new ConfigError(`Configuration invalide :\n  JOB_INTERVALS: « ${part} » : un nombre de secondes positif est attendu après « = »`)
    }
    intervals[job] = number * 1000
  }
  return intervals
}

/** Resolve a relative SQLite file URL against the working directory, so that the CLI and the app agree. */
function absoluteDatabaseUrl(url: string): string {
  if (!url.startsWith('file:')) return url
  const file = url.slice('file:'.length)
  return file === ':memory:' ? url : `file:${path.resolve(file)}`
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ZEnv.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const isProduction = e.NODE_ENV === 'production'
  if (isProduction && !e.SESSION_SECRET) throw new ConfigError('SESSION_SECRET est obligatoire en production.')
  if (isProduction && !e.BASE_URL) throw new ConfigError('BASE_URL est obligatoire en production.')
  if (isProduction && !e.SMTP_URL) throw new ConfigError('SMTP_URL est obligatoire en production.')
  const dataDir = path.resolve(e.DATA_DIR)
  const config: Config = {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: absoluteDatabaseUrl(e.DATABASE_URL),
    sessionSecret: e.SESSION_SECRET ?? (e.NODE_ENV === 'test' ? 'test-secret-'.padEnd(48, 'x') : loadOrCreateSecret(dataDir)),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    uploadDir: path.resolve(e.UPLOAD_DIR),
    dataDir,
    trustProxy: e.TRUST_PROXY,
    authRateLimit: 10,
    backgroundJobs: e.NODE_ENV !== 'test',
    figuresMaxAgeMs: e.NODE_ENV === 'test' ? 0 : 60_000,
    listingsMaxAgeMs: e.NODE_ENV === 'test' ? 0 : 5_000,
    twoFactorRequiredForAdmins: isProduction,
    webConcurrency: e.WEB_CONCURRENCY ?? (isProduction ? availableParallelism() : 1),
    jobsWorker: e.ATOUTS_JOBS_WORKER === '1',
    migrations: e.MIGRATIONS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT * 1000,
    logLevel: e.NODE_ENV === 'test' && !e.LOG_TESTS ? 'silent' : (e.LOG_LEVEL ?? 'info'),
    logFormat: e.LOG_FORMAT ?? (isProduction ? 'json' : 'text'),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jobIntervalsMs: parseJobIntervals(e.JOB_INTERVALS),
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    outboxIntervalMs: e.OUTBOX_INTERVAL_SECONDS * 1000,
    outboxLeaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
  }
  return { ...config, ...overrides }
}
