// Soak: several instances of the built app on one PostgreSQL database, a mixed workload for a given
// time, then the invariants that must hold across instances.
//
//   npm run soak                                  # 2 instances, 5 minutes, 12 simulated people
//   npm run soak -- --minutes 1 --instances 3 --users 20 --think 100
//   SOAK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atouts_soak npm run soak   # (the default)
//
// Options: --minutes M (default 5), --instances N (default 2), --users U (simulated people at once,
// default 12: half candidates, a quarter référents, a sixth recruiters, one administrator per 12),
// --think MS (mean pause between two visits of one person, default 250), --drain S (how long to wait
// at most for the outbox after the workload, default 900; it gives up sooner when no email goes for 60 s).
//
// Steps: drops and creates the database (SOAK_DATABASE_URL, never the maintenance database), applies
// the migrations (prisma migrate deploy), loads the demo data (src/seed/demo.ts) and adds accounts
// (scripts/lib/soak-data.ts: two référents per établissement, candidates, one recruiter per partner
// employer); starts a real SMTP server in a process of its own (this script with --smtp-server), which
// keeps what it receives; builds the app once and starts N × `node dist/server.js` (NODE_ENV=production,
// one process each, the same DATABASE_URL, SESSION_SECRET, UPLOAD_DIR and SMTP_URL, MIGRATIONS=verify,
// the periodic jobs every 30–120 s in every instance); signs everyone in (the administrators turn on
// their second factor) and each candidate adds a CV through « Mes documents ». Then the workload
// (scripts/lib/soak-workload.ts): candidates search offers and apply with their CV, and send back what
// their référent returned; référents validate or return the applications waiting for them; recruiters
// change the status of what they received; administrators open the statistics and their dashboard.
// Each request goes to the next instance in turn, with the same session cookie. Then: waits until
// the outbox has no PENDING email (or --drain seconds), stops the instances with SIGTERM, stops the SMTP
// server, and checks in SQL (scripts/lib/soak-checks.ts) that every validated application has exactly
// one employer email, that every application's state and history follow workflow.ts, that every SENT
// email reached the SMTP server exactly once, and that each periodic job ran at most once a period.
//
// Prints requests, errors by status, p50/p99 per action, emails queued and sent, and each invariant;
// writes it to tmp/soak.md. Exit code 1 when an invariant failed or any answer was a 5xx. The
// instances' logs go to tmp/soak/instance-<n>.log. Latencies move with whatever else runs on the machine.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressObject } from 'mailparser'
import { startSmtpServer } from '../tests/helpers/smtp.ts'
import { PROXY_HEADERS } from './lib/browser.ts'
import { numberOption, option } from './lib/options.ts'
import { freePort, ROOT, runCommand, runScript, startProcess, stopProcess, waitForPort, waitForServer, type Stopped } from './lib/processes.ts'
import { check, checkInvariants, outboxSince, pendingEmails, withDatabase, type Check, type Outbox, type ReceivedEmail } from './lib/soak-checks.ts'
import { prepareSoakDatabase, SOAK_PASSWORD, type SoakAccounts } from './lib/soak-data.ts'
import { Metrics, percentile, prepareVisitor, runWorkload, usersOf, Visitor, type Users } from './lib/soak-workload.ts'
import { SERVER_NODE_FLAGS, withServerEnvironment } from '../src/node-flags.ts'

const TMP = path.join(ROOT, 'tmp')
const WORK = path.join(TMP, 'soak')
const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/atouts_soak'
/** what the instances put in their emails' links: the address of the reverse proxy in front of them */
const PUBLIC_URL = 'https://atouts.soak.example'
/** the periodic jobs, much more often than in production, so that each runs many periods during the soak */
const JOB_INTERVALS: Record<string, number> = {
  'expired-offers': 30,
  'referent-reminders': 30,
  'saved-search-alerts': 60,
  'expired-sessions': 30,
  'data-retention': 120,
}
const CANDIDATES_PER_ESTABLISHMENT = 4
/** a stopping instance has SHUTDOWN_TIMEOUT (10 s) for its requests in flight; past this, SIGKILL */
const STOP_GRACE_MS = 20_000

// ───────────────────────── the SMTP server process ─────────────────────────

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  ([] as AddressObject[]).concat(field ?? []).flatMap((object) => object.value.map((address) => address.address ?? ''))

/** `--smtp-server --port P --out FILE`: receives until SIGTERM, then writes one { to, subject } per recipient of each message. */
async function runSmtpServer() {
  const out = option('--out')
  if (!out) throw new Error('--smtp-server needs --out FILE')
  const smtp = await startSmtpServer({ port: numberOption('--port', 1) })
  console.log(`SMTP server on ${smtp.url}`)
  process.once('SIGTERM', () => {
    const received: ReceivedEmail[] = smtp.messages.flatMap((message) => addressesOf(message.to).map((to) => ({ to, subject: message.subject ?? '' })))
    writeFileSync(out, JSON.stringify(received))
    console.log(`${smtp.messages.length} messages received`)
    process.exit(0)
  })
}

// ───────────────────────── the instances ─────────────────────────

type Instance = { index: number; url: string; child: ReturnType<typeof startProcess>; log: string }

async function startInstances(count: number, env: NodeJS.ProcessEnv): Promise<Instance[]> {
  const instances: Instance[] = []
  for (let index = 0; index < count; index++) {
    const port = await freePort()
    const log = path.join(WORK, `instance-${index + 1}.log`)
    const child = startProcess(
      process.execPath,
      [...SERVER_NODE_FLAGS, path.join(ROOT, 'dist', 'server.js')],
      { ...withServerEnvironment(env), PORT: String(port), DATA_DIR: path.join(WORK, `data-${index + 1}`) },
      log,
    )
    instances.push({ index, url: `http://127.0.0.1:${port}`, child, log })
  }
  // ready: /sante/pret answers 200 (or 404 where this version has no health route: it listens, so it is ready)
  await Promise.all(
    instances.map((instance) =>
      waitForServer(instance.child, `${instance.url}/sante/pret`, instance.log, 180_000, {
        headers: PROXY_HEADERS,
        ready: (status) => status === 200 || status === 404,
      }),
    ),
  )
  return instances
}

// ───────────────────────── people ─────────────────────────

async function signEveryoneIn(accounts: SoakAccounts, users: Users, nextInstance: () => string, setup: Metrics) {
  const visitors: Record<keyof SoakAccounts, Visitor[]> = {
    candidates: accounts.candidates.map((email) => new Visitor(email, setup, nextInstance)),
    referents: accounts.referents.map((email) => new Visitor(email, setup, nextInstance)),
    recruiters: accounts.recruiters.map((email) => new Visitor(email, setup, nextInstance)),
    // one account per simulated administrator (each turns on its second factor once)
    admins: accounts.admins.slice(0, users.admins).map((email) => new Visitor(email, setup, nextInstance)),
  }
  const queue = (Object.keys(visitors) as (keyof SoakAccounts)[]).flatMap((role) => visitors[role].map((visitor) => ({ role, visitor })))
  // four at a time: each sign-in hashes a password
  const next = async (): Promise<void> => {
    const item = queue.shift()
    if (!item) return
    await prepareVisitor(item.visitor, item.role, SOAK_PASSWORD)
    return next()
  }
  await Promise.all([next(), next(), next(), next()])
  if (setup.anomalyCount > 0) throw new Error(`getting ready failed: ${setup.anomalies.join('\n')}`)
  return visitors
}

// ───────────────────────── the outbox ─────────────────────────

/** the wait for the outbox ends when no email was sent for this long (a stuck outbox), or after --drain seconds */
const NO_PROGRESS_MS = 60_000

/** Waits until no email is PENDING; the ms it took, or null when it gave up. */
async function waitForOutbox(databaseUrl: string, maxMs: number): Promise<number | null> {
  const started = Date.now()
  return withDatabase(databaseUrl, async (client) => {
    let least = Number.POSITIVE_INFINITY
    let progressAt = started
    let shownAt = started
    for (;;) {
      const pending = await pendingEmails(client)
      if (pending === 0) return Date.now() - started
      if (pending < least) [least, progressAt] = [pending, Date.now()]
      if (Date.now() - progressAt > NO_PROGRESS_MS || Date.now() - started > maxMs) return null
      if (Date.now() - shownAt >= 30_000 || shownAt === started) {
        console.log(`  outbox: ${pending} emails PENDING…`)
        shownAt = Date.now()
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  })
}

// ───────────────────────── the report ─────────────────────────

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const thousands = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ')

function actionTable(metrics: Metrics): string {
  const lines = ['| action | requests | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|']
  for (const [action, measure] of [...metrics.actions].sort(([a], [b]) => a.localeCompare(b, 'fr'))) {
    const sorted = [...measure.ms].sort((a, b) => a - b)
    const errors = [...measure.statuses].filter(([status]) => status === 0 || status >= 400).reduce((sum, [, n]) => sum + n, 0)
    lines.push(`| ${action} | ${thousands(sorted.length)} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 99).toFixed(0)} | ${errors} |`)
  }
  return lines.join('\n')
}

function statusCounts(metrics: Metrics): Map<number, number> {
  const counts = new Map<number, number>()
  for (const measure of metrics.actions.values()) for (const [status, n] of measure.statuses) counts.set(status, (counts.get(status) ?? 0) + n)
  return counts
}

function report(options: {
  header: string
  metrics: Metrics
  elapsedMs: number
  outbox: Outbox
  received: number
  drainedMs: number | null
  stops: Stopped[]
  checks: Check[]
}): string {
  const { metrics, outbox, checks } = options
  const statuses = statusCounts(metrics)
  const requests = [...statuses.values()].reduce((sum, n) => sum + n, 0)
  const errors = [...statuses].filter(([status]) => status === 0 || status >= 400).sort(([a], [b]) => a - b)
  const errorCount = errors.reduce((sum, [, n]) => sum + n, 0)
  const queued = Object.values(outbox.byStatus).reduce((sum, n) => sum + n, 0)
  const perSecond = (n: number) => `${(n / (options.elapsedMs / 1000)).toFixed(1)}/s`
  const lines = [
    options.header,
    '',
    `- requests: ${thousands(requests)} in ${seconds(options.elapsedMs)} (${perSecond(requests)})`,
    `- errors (answers other than 2xx/3xx): ${errorCount}${errors.length > 0 ? ` (${errors.map(([status, n]) => `${status === 0 ? 'no answer' : status}: ${n}`).join(', ')})` : ''}`,
    `- unexpected pages: ${metrics.anomalyCount}`,
    `- ${[...metrics.counters].map(([what, n]) => `${what}: ${n}`).join('; ')}`,
    `- emails queued during the soak: ${thousands(queued)} (${Object.entries(outbox.byStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}; ${outbox.retried} needed another attempt); received by the SMTP server: ${thousands(options.received)}`,
    `- emails by template: ${outbox.byTemplate.map(([template, n]) => `${template} ${n}`).join(', ')}`,
    `- while the workload ran: ${perSecond(queued)} emails queued, ${perSecond(outbox.sentDuringWorkload)} sent (all instances together)`,
    `- outbox ${options.drainedMs === null ? 'NOT drained' : `drained ${seconds(options.drainedMs)} after the workload`}; instances stopped with SIGTERM: ${options.stops
      .map((stop) => (stop.killed ? 'killed after the grace period' : `exit ${stop.code ?? stop.signal}`))
      .join(', ')}`,
    '',
    actionTable(metrics),
    '',
    'Invariants:',
    ...checks.map((item) => `- ${item.held ? '✓ held' : '✗ FAILED'}: ${item.name}${item.detail ? ` — ${item.detail}` : ''}`),
    ...(metrics.anomalies.length > 0 ? ['', 'Unexpected pages (the first ones):', ...metrics.anomalies.map((text) => `- ${text}`)] : []),
    '',
    `- date: ${new Date().toISOString()}, node ${process.version}, nproc ${os.availableParallelism()}, load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  ]
  return lines.join('\n')
}

// ───────────────────────── main ─────────────────────────

async function main() {
  const minutes = numberOption('--minutes', 5)
  const instanceCount = Math.round(numberOption('--instances', 2))
  const users = usersOf(Math.round(numberOption('--users', 12)))
  const thinkMs = numberOption('--think', 250)
  const drainMs = numberOption('--drain', 900) * 1000
  const databaseUrl = process.env.SOAK_DATABASE_URL || DEFAULT_DATABASE_URL
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('the soak runs on PostgreSQL: SOAK_DATABASE_URL=postgresql://…')
  const shown = databaseUrl.replace(/\/\/[^@/]*@/, '//…@')
  rmSync(WORK, { recursive: true, force: true })
  mkdirSync(WORK, { recursive: true })

  console.log(`soak → ${shown}: ${instanceCount} instances, ${minutes} min, ${JSON.stringify(users)}`)
  console.log('  the database: migrations, demo data, soak accounts')
  const accounts = await prepareSoakDatabase(databaseUrl, { candidatesPerEstablishment: CANDIDATES_PER_ESTABLISHMENT, admins: users.admins })
  console.log(
    `  ${accounts.candidates.length} candidates, ${accounts.referents.length} référents, ${accounts.recruiters.length} recruiters, ${accounts.admins.length} administrators`,
  )

  console.log('  building the app (npm run build)')
  await runCommand('npm', ['run', 'build'])

  const smtpPort = await freePort()
  const smtpLog = path.join(WORK, 'smtp.log')
  const smtpOut = path.join(WORK, 'smtp-received.json')
  const smtp = startProcess(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--smtp-server', '--port', String(smtpPort), '--out', smtpOut],
    process.env,
    smtpLog,
  )
  await waitForPort(smtp, smtpPort, smtpLog, 30_000)

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    BASE_URL: PUBLIC_URL,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(36).toString('base64url'), // 48 characters, the same for every instance
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    UPLOAD_DIR: path.join(WORK, 'uploads'), // shared, as a mounted directory would be
    TRUST_PROXY: '1',
    WEB_CONCURRENCY: '1',
    MIGRATIONS: 'verify',
    JOB_INTERVALS: Object.entries(JOB_INTERVALS)
      .map(([job, s]) => `${job}=${s}`)
      .join(','),
  }
  const startedAt = Date.now()
  const instances = await startInstances(instanceCount, env)
  console.log(
    `  ${instances.length} instances: ${instances.map((instance) => instance.url).join(', ')}, SMTP on ${smtpPort}; logs in ${path.relative(ROOT, WORK)}/`,
  )

  let turn = 0
  const nextInstance = () => instances[turn++ % instances.length].url
  const setupStarted = Date.now()
  const visitors = await signEveryoneIn(accounts, users, nextInstance, new Metrics())
  console.log(`  everyone signed in, candidates' CVs added (${seconds(Date.now() - setupStarted)})`)

  // ── the workload ──
  console.log(`\nworkload: ${minutes} min…`)
  const metrics = new Metrics()
  for (const visitor of Object.values(visitors).flat()) visitor.metrics = metrics
  const since = new Date()
  await runWorkload({ visitors, users, durationMs: minutes * 60_000, thinkMs, metrics })
  const elapsedMs = Date.now() - since.getTime()

  // ── the outbox, the instances, the SMTP server ──
  const workloadEnded = new Date()
  const drainedMs = await waitForOutbox(databaseUrl, drainMs)
  const stops = await Promise.all(instances.map((instance) => stopProcess(instance.child, STOP_GRACE_MS)))
  const jobsElapsedMs = Date.now() - startedAt
  await stopProcess(smtp)
  const received = JSON.parse(readFileSync(smtpOut, 'utf8')) as ReceivedEmail[]

  // ── the invariants ──
  const { outbox, pending, invariants } = await withDatabase(databaseUrl, async (client) => ({
    outbox: await outboxSince(client, since, workloadEnded),
    pending: await pendingEmails(client),
    invariants: await checkInvariants(client, {
      since,
      received,
      jobIntervalsMs: Object.fromEntries(Object.entries(JOB_INTERVALS).map(([job, s]) => [job, s * 1000])),
      elapsedMs: jobsElapsedMs,
    }),
  }))
  const fiveHundreds = [...statusCounts(metrics)].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
  const checks = [
    ...invariants,
    check('no 5xx answer', fiveHundreds > 0 ? [`${fiveHundreds} answers 5xx`] : []),
    check(
      'every answer was the page expected (no network error, no session lost, the forms there)',
      metrics.anomalyCount > 0 ? [`${metrics.anomalyCount} unexpected (listed below)`] : [],
    ),
    check('the outbox drained after the workload: no email PENDING nor FAILED', [
      ...(pending > 0 ? [`${pending} still PENDING`] : []),
      ...(outbox.byStatus.FAILED ? [`${outbox.byStatus.FAILED} FAILED`] : []),
    ]),
    check(
      'every instance stopped on SIGTERM with exit code 0',
      stops.flatMap((stop, index) =>
        stop.code === 0 && !stop.killed ? [] : [`instance ${index + 1}: ${stop.killed ? 'killed' : `exit ${stop.code ?? stop.signal}`}`],
      ),
    ),
  ]

  const header = `Soak: ${instanceCount} instances of \`node dist/server.js\` (WEB_CONCURRENCY=1, background jobs in each) on one PostgreSQL database, ${minutes} min, ${
    users.candidates + users.referents + users.recruiters + users.admins
  } simulated people at once (${users.candidates} candidates, ${users.referents} référents, ${users.recruiters} recruiters, ${users.admins} administrator${
    users.admins > 1 ? 's' : ''
  }), pause ${thinkMs} ms on average between visits; requests to the instances in turn with the same session`
  const text = report({ header, metrics, elapsedMs, outbox, received: received.length, drainedMs, stops, checks })
  const file = path.join(TMP, 'soak.md')
  writeFileSync(file, `${text}\n`)
  console.log(`\n${text}\n\n(written to ${path.relative(ROOT, file)})`)
  if (checks.some((item) => !item.held)) process.exitCode = 1
}

if (process.argv.includes('--smtp-server')) void runSmtpServer()
else runScript('soak', main)
