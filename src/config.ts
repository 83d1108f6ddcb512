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
  /** how long figures over whole tables (administrator's dashboard, statistics) are served before being computed again; 0 in tests */
  figuresMaxAgeMs: number
  /**
   * « Double authentification » obligatory for administrators (enrolment at their first sign-in):
   * in production only, so that the demo accounts sign in as ever in development
   */
  twoFactorRequiredForAdmins: boolean
}

export class ConfigError extends Error {}

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
    twoFactorRequiredForAdmins: isProduction,
    webConcurrency: e.WEB_CONCURRENCY ?? (isProduction ? availableParallelism() : 1),
    jobsWorker: e.ATOUTS_JOBS_WORKER === '1',
  }
  return { ...config, ...overrides }
}
