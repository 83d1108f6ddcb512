// Page benchmark: the built app in production mode, on a large database, under load (autocannon).
//
//   npm run bench                                            # SQLite, file:./tmp/bench.db
//   npm run bench -- --duration 2 --only offres              # shorter runs, only the matching pages
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atouts_bench npm run bench
//   WEB_CONCURRENCY=2 npm run bench                          # worker processes of the app (default 1: the issue's one-process measure)
//
// Options: --duration S (seconds per page, default 10), --connections N (default 20),
// --only TEXT (only the pages whose label contains TEXT; the bare page is always measured),
// --page ROLE:PATH (one more page, e.g. candidat:/accessibilite, the plumbing of a signed-in page alone),
// --profile (the app runs with node --cpu-prof: its CPU profile is written to tmp/profiles/ when it
// stops; `npx tsx scripts/cpu-profile-summary.ts tmp/profiles/<file>` tells where the time went),
// --statements (the app runs with scripts/bench-probe.mjs: after each page, the SQL statements it ran
// per request, their time, the costliest ones, and the app's heap; the timing slows the app a little,
// so compare req/s measured without it; one process only).
//
// Steps: fills the database with scripts/seed-scale.ts when it holds no offer (a PostgreSQL database
// that does not exist is created first), adds an administrator (admin.bench@scale.atouts.example), picks
// one account per role by SQL, builds the app (npm run build) and starts `node dist/server.js` (with the
// flags and environment of src/node-flags.ts, as `npm start` does) with
// NODE_ENV=production on a free port, signs in as each role like a browser, then runs autocannon on
// each page with the role's cookies. A bare Express + EJS page (20 offers from memory, no database, no
// session) runs first, in another process (this script with --bare-server), as the reference.
// Every page is fetched once before its run: anything but a 200 stops the benchmark.
//
// Prints a Markdown table (req/s, p50, p99, % of the bare page's req/s, the CPU ms a request took in the app's
// processes and PostgreSQL backends — steadier than req/s on a busy machine —, non-2xx responses), the app's
// resident memory at the end and the highest seen during the runs (summed over its worker processes), and writes it to
// tmp/bench-<sqlite|postgresql>.md; the app's output goes to tmp/bench-app.log. Compare numbers
// measured in one run on one machine: other processes on the machine move them.
import { execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import ejs from 'ejs'
import express from 'express'
import pg from 'pg'
import { hashPassword } from '../src/lib/passwords.ts'
import { normalizeForSearch } from '../src/lib/text.ts'
import { SERVER_NODE_FLAGS, withServerEnvironment } from '../src/node-flags.ts'
import { cookieHeader, enrolSecondFactor, keepCookies, PROXY_HEADERS, requestHeaders, signIn, type Jar } from './lib/browser.ts'
import { numberOption, option } from './lib/options.ts'
import { freePort, ROOT, runCommand, runScript, startProcess, stopProcess, waitForServer } from './lib/processes.ts'

const TMP = path.join(ROOT, 'tmp')
/** scripts/seed-scale.ts's SCALE_PASSWORD (importing that script would run it) */
const SCALE_PASSWORD = 'Scale-Atouts-2026'
const SCALE_DOMAIN = '@scale.atouts.example'
const ADMIN_EMAIL = `admin.bench${SCALE_DOMAIN}`
/** seconds autocannon waits for one response: slow pages are measured, not counted as errors */
const REQUEST_TIMEOUT = 60
/** between pages, until the app has finished the requests still in flight (at most this long) */
const SETTLE_MAX_MS = 300_000

// ───────────────────────── the bare Express + EJS page ─────────────────────────

/** About the size and shape of /offres: a layout, a search form, a list of 20 offer cards. */
const BARE_TEMPLATE = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title><%= title %> – Atouts pour tous</title>
  <link rel="stylesheet" href="/css/main.css">
</head>
<body>
  <a class="skip-link" href="#contenu">Aller au contenu</a>
  <header class="site-header">
    <p class="site-name"><a href="/">Atouts pour tous</a></p>
    <nav aria-label="Menu principal">
      <ul>
        <% for (const item of menu) { %><li><a href="<%= item.href %>"<% if (item.current) { %> aria-current="page"<% } %>><%= item.label %></a></li>
        <% } %>
      </ul>
    </nav>
  </header>
  <main id="contenu">
    <h1><%= title %></h1>
    <p class="lead">Les offres de stage, d’alternance et d’emploi des employeurs partenaires de votre convention.</p>
    <form method="get" action="/offres" class="offer-search" role="search">
      <div class="field"><label for="motscles">Mots-clés</label>
        <p class="hint" id="motscles-aide">Dans l’intitulé, la description ou le nom de l’employeur.</p>
        <input type="search" id="motscles" name="motscles" aria-describedby="motscles-aide" value="<%= keywords %>"></div>
      <fieldset><legend>Type de contrat</legend>
        <ul class="choices">
          <% for (const contract of contracts) { %><li><input type="checkbox" id="contrat-<%= contract.value %>" name="contrat" value="<%= contract.value %>"><label for="contrat-<%= contract.value %>"><%= contract.label %></label></li>
          <% } %>
        </ul>
      </fieldset>
      <div class="field"><label for="secteur">Secteur</label>
        <select id="secteur" name="secteur"><option value="">Tous les secteurs</option>
          <% for (const sector of sectors) { %><option value="<%= sector %>"><%= sector %></option>
          <% } %>
        </select></div>
      <div class="form-actions"><button type="submit">Rechercher</button></div>
    </form>
    <section aria-labelledby="resultats-titre" class="offer-results">
      <h2 id="resultats-titre">Résultats</h2>
      <p class="result-count" role="status"><strong><%= total %> offres</strong> – page 1 sur <%= Math.ceil(total / offers.length) %></p>
      <ol class="offer-list">
        <% for (const offer of offers) { %>
        <li class="card offer-card">
          <h3><a href="/offres/<%= offer.id %>"><%= offer.title %></a></h3>
          <p><%= offer.employerName %> – <%= offer.city %> (<%= offer.department %>)</p>
          <p class="meta"><%= offer.contract %> · publiée le <%= offer.publishedAt.toLocaleDateString('fr-FR') %><% if (offer.remote) { %> · télétravail possible<% } %></p>
          <p class="excerpt"><%= offer.excerpt %></p>
          <details class="action-menu">
            <summary><span aria-hidden="true">…</span><span class="visually-hidden">Actions pour l’offre « <%= offer.title %> »</span></summary>
            <ul>
              <li><a href="/offres/<%= offer.id %>">Voir l’offre<span class="visually-hidden"> « <%= offer.title %> »</span></a></li>
              <li><a href="/offres/<%= offer.id %>/candidature">Envoyer une candidature<span class="visually-hidden"> pour l’offre « <%= offer.title %> »</span></a></li>
            </ul>
          </details>
        </li>
        <% } %>
      </ol>
      <nav aria-label="Pages de résultats" class="pagination"><ul>
        <% for (let page = 1; page <= 5; page++) { %><li><a href="/offres?page=<%= page %>"<% if (page === 1) { %> aria-current="page"<% } %>>Page <%= page %></a></li><% } %>
      </ul></nav>
    </section>
  </main>
  <footer class="site-footer"><ul>
    <li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>
    <li><a href="/mentions-legales">Mentions légales</a></li>
    <li><a href="/donnees-personnelles">Données personnelles</a></li>
    <li><a href="/plan-du-site">Plan du site</a></li>
  </ul></footer>
</body>
</html>
`

/** `--bare-server --port N`: serves the bare page on / until stopped (a child of the benchmark). */
function runBareServer() {
  const port = numberOption('--port', 0)
  const render = ejs.compile(BARE_TEMPLATE)
  const contracts = ['STAGE', 'ALTERNANCE', 'CDD', 'CDI', 'SAISONNIER', 'SERVICE_CIVIQUE'].map((value) => ({
    value,
    label: value.charAt(0) + value.slice(1).toLowerCase().replace('_', ' '),
  }))
  const sectors = ['Numérique', 'Banque – Assurance', 'Transport – Logistique', 'Santé – Social', 'Industrie', 'Énergie', 'Conseil']
  const offers = Array.from({ length: 20 }, (_, i) => ({
    id: 1000 + i,
    title: `${['Développeur web', 'Assistant de projet', 'Technicien logistique', 'Chargé d’accueil'][i % 4]} – poste aménageable`,
    employerName: `Groupe ${['Pixel', 'Octet', 'Fret', 'Soins'][i % 4]} Toulouse`,
    city: 'Toulouse',
    department: '31',
    contract: contracts[i % contracts.length].label,
    publishedAt: new Date(Date.UTC(2026, 0, 1 + i)),
    remote: i % 3 === 0,
    excerpt:
      'Vous rejoignez une équipe de huit personnes, bienveillante et disponible. Un tuteur vous accompagne pendant toute votre intégration ; les horaires peuvent être adaptés à vos besoins et à vos soins. Le site est accessible en transports en commun.',
  }))
  const menu = [
    { href: '/tableau-de-bord', label: 'Tableau de bord', current: false },
    { href: '/offres', label: 'Offres', current: true },
    { href: '/employeurs', label: 'Employeurs', current: false },
    { href: '/candidatures', label: 'Mes candidatures', current: false },
    { href: '/mon-compte', label: 'Mon compte', current: false },
  ]
  const app = express()
  app.disable('x-powered-by')
  app.get('/', (_req, res) => {
    res.type('html').send(render({ title: 'Offres', menu, keywords: '', contracts, sectors, total: 31_512, offers }))
  })
  const server = app.listen(port, '127.0.0.1')
  const stop = () => server.close(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

type ProcessInfo = { ppid: number; comm: string; ticks: number }

/** Every process of the machine, from /proc: parent, name, CPU time used (user + system, in clock ticks). */
function processTable(): Map<number, ProcessInfo> {
  const table = new Map<number, ProcessInfo>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid … utime stime: comm may hold spaces and parentheses, so split after the last ')'
      const close = stat.lastIndexOf(')')
      const fields = stat.slice(close + 2).split(' ')
      table.set(Number(entry), { ppid: Number(fields[1]), comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) })
    } catch {
      // the process ended meanwhile
    }
  }
  return table
}

/** A process and all its descendants (cluster workers). */
function processTree(rootPid: number, table: Map<number, ProcessInfo>): Set<number> {
  const tree = new Set([rootPid])
  for (let grew = true; grew; ) {
    grew = false
    for (const [pid, { ppid }] of table) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid)
        grew = true
      }
    }
  }
  return tree
}

/** Resident memory of a process and all its descendants, in bytes (VmRSS in /proc/<pid>/status), with
 * its anonymous part (heaps: JavaScript, SQLite's page cache, native buffers) and its file-backed part
 * (code and mapped files, which the kernel may drop and reread). */
function residentMemory(rootPid: number): { bytes: number; anonymous: number; files: number; processes: number } {
  const tree = processTree(rootPid, processTable())
  const total = { bytes: 0, anonymous: 0, files: 0 }
  const field = (status: string, name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
  for (const pid of tree) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      total.bytes += field(status, 'VmRSS')
      total.anonymous += field(status, 'RssAnon')
      total.files += field(status, 'RssFile') + field(status, 'RssShmem')
    } catch {
      // ended meanwhile
    }
  }
  return { ...total, processes: tree.size }
}

/**
 * The highest resident memory of the app during the runs, sampled every half second: the figure at the
 * end falls anywhere between two full garbage collections, this one is the top of that saw-tooth.
 */
function watchPeakMemory(pid: number): { stop(): number } {
  let peak = 0
  const sample = () => {
    peak = Math.max(peak, residentMemory(pid).bytes)
  }
  const timer = setInterval(sample, 500)
  return {
    stop() {
      clearInterval(timer)
      sample()
      return peak
    },
  }
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
}

/** A local PostgreSQL backend serving this database ("postgres: 15/main: user database host(port) state"). */
function servesDatabase(pid: number, database: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(` ${database} `)
  } catch {
    return false
  }
}

/**
 * When autocannon stops, the app still serves the requests in flight (up to one per connection: for
 * a slow page, a long while): wait until the app's processes (and the local PostgreSQL backends of its
 * database) use less than 10 % of a core over one second, so that they do not slow down the next page.
 * Returns the ms waited.
 */
/** CPU time used so far, in clock ticks, by the app's processes (and the local PostgreSQL backends of its database). */
function cpuTicksOf(appPid: number, postgresDatabase: string | null): number {
  const table = processTable()
  const pids = processTree(appPid, table)
  if (postgresDatabase) for (const [pid, info] of table) if (info.comm === 'postgres' && servesDatabase(pid, postgresDatabase)) pids.add(pid)
  return [...pids].reduce((sum, pid) => sum + (table.get(pid)?.ticks ?? 0), 0)
}

async function waitUntilIdle(appPid: number, postgresDatabase: string | null): Promise<number> {
  const hz = clockTicksPerSecond()
  const busy = () => cpuTicksOf(appPid, postgresDatabase)
  const started = Date.now()
  let before = busy()
  while (Date.now() - started < SETTLE_MAX_MS) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const after = busy()
    // (a process that ended meanwhile takes its ticks away: a negative difference is idle too)
    if (after - before < 0.1 * hz) return Date.now() - started
    before = after
  }
  console.log(`    ⚠ the app is still busy after ${SETTLE_MAX_MS / 1000} s: going on`)
  return Date.now() - started
}

// ───────────────────────── the database ─────────────────────────

const isPostgres = (url: string) => /^postgres(ql)?:\/\//.test(url)

/** A plain connection (no Prisma): `?` placeholders, turned into $1, $2… for PostgreSQL. */
type Sql = {
  kind: 'sqlite' | 'postgresql'
  all<T>(sql: string, params?: unknown[]): Promise<T[]>
  run(sql: string, params?: unknown[]): Promise<void>
  /** a DateTime value as Prisma stores it (as scripts/seed-scale.ts writes it) */
  date(value: Date): string
  close(): Promise<void>
}

function sqliteConnection(file: string): Sql {
  const db = new Database(file)
  db.pragma('busy_timeout = 10000')
  return {
    kind: 'sqlite',
    async all<T>(sql: string, params: unknown[] = []) {
      return db.prepare(sql).all(...params) as T[]
    },
    async run(sql, params = []) {
      db.prepare(sql).run(...params)
    },
    // Prisma's format for DateTime on SQLite: ISO 8601 with "+00:00"
    date: (value) => value.toISOString().replace('Z', '+00:00'),
    async close() {
      db.close()
    },
  }
}

async function postgresConnection(url: string): Promise<Sql> {
  let client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error
    // the database does not exist: create it from the maintenance database
    const target = new URL(url)
    const name = decodeURIComponent(target.pathname.slice(1))
    const maintenance = new URL(url)
    maintenance.pathname = '/postgres'
    const admin = new pg.Client({ connectionString: maintenance.toString() })
    await admin.connect()
    try {
      console.log(`  creating the PostgreSQL database "${name}"`)
      await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
    } finally {
      await admin.end()
    }
    client = new pg.Client({ connectionString: url })
    await client.connect()
  }
  const numbered = (sql: string) => {
    let n = 0
    return sql.replace(/\?/g, () => `$${++n}`)
  }
  return {
    kind: 'postgresql',
    async all<T>(sql: string, params: unknown[] = []) {
      return (await client.query(numbered(sql), params)).rows as T[]
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), params)
    },
    // timestamp(3) columns hold UTC wall-clock times, as Prisma writes them
    date: (value) => value.toISOString().replace('Z', ''),
    async close() {
      await client.end()
    },
  }
}

const openDatabase = (url: string) => (isPostgres(url) ? postgresConnection(url) : Promise.resolve(sqliteConnection(url.slice('file:'.length))))

async function countOffers(sql: Sql): Promise<number> {
  const exists =
    sql.kind === 'sqlite'
      ? await sql.all(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Offer'`)
      : await sql.all(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'Offer'`)
  if (exists.length === 0) return 0
  const [row] = await sql.all<{ n: number | string }>(`SELECT count(*) AS "n" FROM "Offer"`)
  return Number(row.n)
}

/** The scale seed has no administrator: add one, with the scale password. */
async function ensureAdministrator(sql: Sql) {
  const found = await sql.all(`SELECT 1 FROM "User" WHERE "email" = ?`, [ADMIN_EMAIL])
  if (found.length > 0) return
  const now = sql.date(new Date())
  const [firstName, lastName] = ['Bench', 'Administrateur']
  await sql.run(
    `INSERT INTO "User" ("email", "passwordHash", "role", "status", "firstName", "lastName", "searchText", "lastLoginAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      ADMIN_EMAIL,
      await hashPassword(SCALE_PASSWORD),
      'ADMIN',
      'ACTIVE',
      firstName,
      lastName,
      normalizeForSearch(lastName, firstName, ADMIN_EMAIL),
      null,
      now,
      now,
    ],
  )
  console.log(`  administrator added: ${ADMIN_EMAIL}`)
}

type Picks = {
  candidate: string
  referent: string
  recruiter: string
  offerId: number
  employerId: number
  detail: string
}

/** One account per role, and the offer and employer pages to measure. */
async function pickAccounts(sql: Sql): Promise<Picks> {
  const scale = `%${SCALE_DOMAIN}`
  // the regional convention with the most partners (like candidateOf in bench-offers.ts)
  const [convention] = await sql.all<{ id: number; name: string }>(
    `SELECT cv."id", cv."name" FROM "Convention" cv WHERE cv."region" <> 'National'
     ORDER BY (SELECT count(*) FROM "EmployerPartnership" p WHERE p."conventionId" = cv."id") DESC, cv."id" LIMIT 1`,
  )
  if (!convention) throw new Error('no regional convention in the database')
  // an active candidate of it with some applications
  const [candidate] = await sql.all<{ email: string; establishmentId: number; applications: number | string }>(
    `SELECT u."email", c."establishmentId", (SELECT count(*) FROM "Application" a WHERE a."candidateId" = c."id") AS "applications"
     FROM "Candidate" c JOIN "User" u ON u."id" = c."userId" JOIN "Establishment" e ON e."id" = c."establishmentId"
     WHERE e."conventionId" = ? AND u."status" = 'ACTIVE' AND u."email" LIKE ?
       AND (SELECT count(*) FROM "Application" a WHERE a."candidateId" = c."id") >= 5
     ORDER BY c."id" LIMIT 1`,
    [convention.id, scale],
  )
  if (!candidate) throw new Error(`no active scale candidate with applications in ${convention.name}`)
  const [referent] = await sql.all<{ email: string }>(
    `SELECT u."email" FROM "Referent" r JOIN "User" u ON u."id" = r."userId"
     WHERE r."establishmentId" = ? AND u."status" = 'ACTIVE' AND u."email" LIKE ? ORDER BY r."id" LIMIT 1`,
    [candidate.establishmentId, scale],
  )
  if (!referent) throw new Error(`no active référent for établissement ${candidate.establishmentId}`)
  // the recruiter of the employer that received the most applications (validated ones: what it sees)
  const [recruiter] = await sql.all<{ email: string; received: number | string }>(
    `SELECT u."email", (SELECT count(*) FROM "Application" a WHERE a."employerId" = r."employerId" AND a."validatedAt" IS NOT NULL) AS "received"
     FROM "Recruiter" r JOIN "User" u ON u."id" = r."userId"
     WHERE u."status" = 'ACTIVE' AND u."email" LIKE ?
     ORDER BY "received" DESC, r."id" LIMIT 1`,
    [scale],
  )
  if (!recruiter) throw new Error('no active scale recruiter')
  // the partner of the candidate's convention with the most published offers
  const [employer] = await sql.all<{ id: number }>(
    `SELECT p."employerId" AS "id" FROM "EmployerPartnership" p WHERE p."conventionId" = ?
     ORDER BY (SELECT count(*) FROM "Offer" o WHERE o."employerId" = p."employerId" AND o."status" = 'PUBLISHED') DESC, p."employerId" LIMIT 1`,
    [convention.id],
  )
  if (!employer) throw new Error(`${convention.name} has no partner employer`)
  // the latest published offer without an end date, of a partner: visible to the candidate
  const [offer] = await sql.all<{ id: number }>(
    `SELECT o."id" FROM "Offer" o WHERE o."status" = 'PUBLISHED' AND o."endDate" IS NULL
       AND o."employerId" IN (SELECT p."employerId" FROM "EmployerPartnership" p WHERE p."conventionId" = ?)
     ORDER BY o."publishedAt" DESC, o."id" LIMIT 1`,
    [convention.id],
  )
  if (!offer) throw new Error(`no published offer visible in ${convention.name}`)
  return {
    candidate: candidate.email,
    referent: referent.email,
    recruiter: recruiter.email,
    offerId: Number(offer.id),
    employerId: Number(employer.id),
    detail: `${convention.name}; candidate with ${candidate.applications} applications; recruiter's employer received ${recruiter.received}`,
  }
}

// ───────────────────────── signing in ─────────────────────────

/** Signs in like a browser (scripts/lib/browser.ts); the bench administrator turns on its second factor. Returns the Cookie header. */
async function signInAs(baseUrl: string, email: string): Promise<string> {
  const jar: Jar = new Map()
  await signIn(baseUrl, jar, email, SCALE_PASSWORD)
  // its secret of an earlier run, sealed with that run's SESSION_SECRET, was removed before: resetAdministratorSecondFactor
  if (email === ADMIN_EMAIL) await enrolSecondFactor(baseUrl, jar)
  // as a browser following the redirect after signing in: the first page sets the CSRF cookie of the
  // new session (the one of /connexion was bound to the session before sign-in), which later pages reuse
  const landing = await fetch(`${baseUrl}/tableau-de-bord`, { redirect: 'manual', headers: requestHeaders(jar) })
  await landing.arrayBuffer()
  if (landing.status !== 200) throw new Error(`GET /tableau-de-bord after signing in as ${email} answered ${landing.status}`)
  keepCookies(jar, landing)
  return cookieHeader(jar)
}

/** Run once the app has applied its migrations: the bench administrator's second factor of an earlier run is removed. */
async function resetAdministratorSecondFactor(databaseUrl: string): Promise<void> {
  const sql = await openDatabase(databaseUrl)
  try {
    await sql.run(`DELETE FROM "TwoFactorRecoveryCode" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "email" = ?)`, [ADMIN_EMAIL])
    await sql.run(`UPDATE "User" SET "totpSecret" = NULL, "totpEnabledAt" = NULL, "totpLastStep" = NULL WHERE "email" = ?`, [ADMIN_EMAIL])
  } finally {
    await sql.close()
  }
}

// ───────────────────────── measuring ─────────────────────────

type AutocannonOptions = { url: string; connections: number; duration: number; timeout: number; headers: Record<string, string> }
type AutocannonResult = {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number }
  non2xx: number
  errors: number
  timeouts: number
}
// autocannon ships no types: its one function, typed here
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown

function load(url: string, headers: Record<string, string>, connections: number, duration: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, timeout: REQUEST_TIMEOUT, headers }, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

const ROLES = ['candidat', 'référent', 'recruteur', 'administrateur', 'anonyme'] as const
type Role = (typeof ROLES)[number]
type Page = { role: Role; path: string; label: string }
/** cpuMs: the CPU time a request took in the app's processes (and its PostgreSQL backends), whatever else ran on the machine */
type Measure = { label: string; result: AutocannonResult; cpuMs: number }

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)

type ProbeReport = { memory: NodeJS.MemoryUsage; live: NodeJS.MemoryUsage | null; statements: { sql: string; count: number; ms: number }[] }

/** What scripts/bench-probe.mjs saw in the app since the previous call (SIGUSR2 makes it write its file). */
async function readProbe(app: ChildProcess, file: string): Promise<ProbeReport> {
  rmSync(file, { force: true })
  app.kill('SIGUSR2')
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as ProbeReport
      } catch {
        // still being written
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the app did not answer the probe (SIGUSR2) within 10 s')
}

/** Statements per request, their SQL time per request, and the three that took the most time. */
function statementReport(report: ProbeReport, requests: number): string {
  const perRequest = (value: number) => (requests > 0 ? value / requests : 0)
  const count = report.statements.reduce((sum, statement) => sum + statement.count, 0)
  const ms = report.statements.reduce((sum, statement) => sum + statement.ms, 0)
  const costliest = [...report.statements].sort((a, b) => b.ms - a.ms).slice(0, 3)
  return [
    `    SQL: ${perRequest(count).toFixed(1)} statements and ${perRequest(ms).toFixed(2)} ms a request; the costliest:`,
    ...costliest.map(
      (statement) => `      ${perRequest(statement.count).toFixed(1)}× ${(statement.ms / statement.count).toFixed(3)} ms  ${statement.sql.slice(0, 150)}`,
    ),
  ].join('\n')
}

/** One GET, timed; anything but a 200 is fatal (a redirect to /connexion: the session was not accepted). */
async function probe(baseUrl: string, page: Page, cookie: string | undefined) {
  const started = performance.now()
  const response = await fetch(`${baseUrl}${page.path}`, { redirect: 'manual', headers: { ...PROXY_HEADERS, ...(cookie ? { cookie } : {}) } })
  const body = await response.text()
  const ms = performance.now() - started
  if (response.status !== 200) {
    const location = response.headers.get('location')
    const why = location?.includes('/connexion')
      ? ` → ${location}: the ${page.role}'s session was not accepted (sign-in failed)`
      : location
        ? ` → ${location}`
        : `\n${body
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .slice(0, 400)}`
    throw new Error(`GET ${page.path} as ${page.role} answered ${response.status}${why}`)
  }
  return { ms, bytes: Buffer.byteLength(body) }
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)

function table(bare: Measure, pages: Measure[]): string {
  const lines = ['| page | req/s | p50 ms | p99 ms | % of bare | CPU ms a request | non-2xx |', '|---|---:|---:|---:|---:|---:|---:|']
  const base = bare.result.requests.average
  for (const { label, result, cpuMs } of [bare, ...pages]) {
    const share = base > 0 ? `${fixed((100 * result.requests.average) / base)} %` : '–'
    const bad = result.non2xx > 0 || result.errors > 0
    const non2xx = `${result.non2xx}${result.errors > 0 ? ` (+${result.errors} errors)` : ''}${bad ? ' ⚠' : ''}`
    const [p50, p99] = result.requests.total > 0 ? [result.latency.p50, result.latency.p99] : ['–', '–']
    lines.push(`| ${label} | ${fixed(result.requests.average)} | ${p50} | ${p99} | ${share} | ${fixed(cpuMs, 2)} | ${non2xx} |`)
  }
  return lines.join('\n')
}

// ───────────────────────── main ─────────────────────────

async function main() {
  const duration = numberOption('--duration', 10)
  const connections = Math.round(numberOption('--connections', 20))
  const only = option('--only')
  const raw = process.env.DATABASE_URL || 'file:./tmp/bench.db'
  const databaseUrl = raw.startsWith('file:') ? `file:${path.resolve(raw.slice('file:'.length))}` : raw
  const kind = isPostgres(databaseUrl) ? 'postgresql' : 'sqlite'
  const shown = kind === 'postgresql' ? databaseUrl.replace(/\/\/[^@/]*@/, '//…@') : databaseUrl
  mkdirSync(TMP, { recursive: true })
  if (kind === 'sqlite') mkdirSync(path.dirname(databaseUrl.slice('file:'.length)), { recursive: true })

  // ── the database ──
  console.log(`bench → ${shown}`)
  let sql = await openDatabase(databaseUrl)
  let picks: Picks
  try {
    if ((await countOffers(sql)) === 0) {
      await sql.close()
      console.log('  no offer in the database: filling it with scripts/seed-scale.ts')
      await runCommand(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'seed-scale.ts')], {
        ...process.env,
        DATABASE_URL: databaseUrl,
      })
      sql = await openDatabase(databaseUrl)
    }
    await ensureAdministrator(sql)
    picks = await pickAccounts(sql)
  } finally {
    await sql.close()
  }
  console.log(`  ${picks.detail}`)

  const all: Omit<Page, 'label'>[] = [
    { role: 'candidat', path: '/offres' },
    { role: 'candidat', path: '/offres?motscles=developpeur' },
    { role: 'candidat', path: `/offres/${picks.offerId}` },
    { role: 'candidat', path: '/employeurs' },
    { role: 'candidat', path: `/employeurs/${picks.employerId}` },
    { role: 'candidat', path: '/tableau-de-bord' },
    { role: 'candidat', path: '/candidatures' },
    { role: 'référent', path: '/tableau-de-bord' },
    { role: 'référent', path: '/referent/candidatures' },
    { role: 'recruteur', path: '/tableau-de-bord' },
    { role: 'recruteur', path: '/recruteur/candidatures' },
    { role: 'administrateur', path: '/tableau-de-bord' },
    { role: 'administrateur', path: '/admin/statistiques' },
    { role: 'anonyme', path: '/connexion' },
  ]
  // --page ROLE:PATH measures another page too (e.g. `--page candidat:/accessibilite`: the plumbing of a signed-in page alone)
  const extra = option('--page')
  if (extra) {
    const [role, ...rest] = extra.split(':')
    if (!ROLES.includes(role as Role) || !rest.join(':').startsWith('/'))
      throw new Error(`--page ${extra}: expected ROLE:/path, ROLE one of ${ROLES.join(', ')}`)
    all.push({ role: role as Role, path: rest.join(':') })
  }
  const pages: Page[] = all
    .map((page) => ({ ...page, label: `${page.path} (${page.role})` }))
    .filter((page) => !only || page.label.includes(only) || page.path === extra?.slice(extra.indexOf(':') + 1))
  if (pages.length === 0) throw new Error(`--only ${only}: no page matches`)

  // ── the app, built and started in production mode ──
  console.log('  building the app (npm run build)')
  await runCommand('npm', ['run', 'build'])
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const appLog = path.join(TMP, 'bench-app.log')
  const appEnv: NodeJS.ProcessEnv = {
    ...withServerEnvironment(process.env),
    NODE_ENV: 'production',
    PORT: String(port),
    BASE_URL: baseUrl,
    SESSION_SECRET: randomBytes(36).toString('base64url'), // 48 characters
    SMTP_URL: 'smtp://127.0.0.1:2', // nothing listens: the e-mails wait in the outbox
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(TMP, 'bench-data'),
    UPLOAD_DIR: path.join(TMP, 'bench-uploads'),
    TRUST_PROXY: '1',
    WEB_CONCURRENCY: process.env.WEB_CONCURRENCY || '1',
  }
  console.log(`  starting the app on ${baseUrl} (WEB_CONCURRENCY=${appEnv.WEB_CONCURRENCY}), output in ${path.relative(ROOT, appLog)}`)
  const profileArgs = process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir', path.join(TMP, 'profiles')] : []
  const probeFile = process.argv.includes('--statements') ? path.join(TMP, 'bench-probe.json') : null
  if (probeFile && appEnv.WEB_CONCURRENCY !== '1') throw new Error('--statements measures one process: WEB_CONCURRENCY=1')
  const probeArgs = probeFile ? ['--expose-gc', '--import', pathToFileURL(path.join(ROOT, 'scripts', 'bench-probe.mjs')).href] : []
  if (probeFile) appEnv.BENCH_PROBE_FILE = probeFile
  const app = startProcess(process.execPath, [...SERVER_NODE_FLAGS, ...profileArgs, ...probeArgs, path.join(ROOT, 'dist', 'server.js')], appEnv, appLog)
  await waitForServer(app, `${baseUrl}/connexion`, appLog, 180_000, { headers: PROXY_HEADERS })
  const postgresDatabase = kind === 'postgresql' ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) : null
  const settle = () => waitUntilIdle(app.pid!, postgresDatabase)
  const msPerTick = 1000 / clockTicksPerSecond()
  /** CPU ms per request of a run: from its start until its process is idle again (the requests in flight at the end included) */
  const cpuMsPerRequest = (ticks: number, result: AutocannonResult) => (result.requests.total > 0 ? (ticks * msPerTick) / result.requests.total : 0)

  // ── the bare page, in its own process ──
  const barePort = await freePort()
  const bareUrl = `http://127.0.0.1:${barePort}/`
  const bareLog = path.join(TMP, 'bench-bare.log')
  const bare = startProcess(process.execPath, [...process.execArgv, import.meta.filename, '--bare-server', '--port', String(barePort)], process.env, bareLog)
  await waitForServer(bare, bareUrl, bareLog, 30_000, { headers: PROXY_HEADERS })

  // ── sign in as each role needed ──
  const accounts: Record<Exclude<Role, 'anonyme'>, string> = {
    candidat: picks.candidate,
    référent: picks.referent,
    recruteur: picks.recruiter,
    administrateur: ADMIN_EMAIL,
  }
  const cookies = new Map<Role, string>()
  await resetAdministratorSecondFactor(databaseUrl)
  for (const role of new Set(pages.map((page) => page.role))) {
    if (role === 'anonyme') continue
    cookies.set(role, await signInAs(baseUrl, accounts[role]))
    console.log(`  signed in as ${role}: ${accounts[role]}`)
  }

  // ── measure ──
  console.log(`\n${connections} connections, ${duration} s per page`)
  await settle() // the start-up jobs (reminders, outbox)
  const bareProbe = await fetch(bareUrl)
  const bareBytes = Buffer.byteLength(await bareProbe.text())
  if (bareProbe.status !== 200) throw new Error(`bare page answered ${bareProbe.status}`)
  const bareLabel = 'bare Express + EJS, 20 offers'
  console.log(`  ${bareLabel.padEnd(44)} ${(bareBytes / 1024).toFixed(0).padStart(4)} kB`)
  const bareTicks = cpuTicksOf(bare.pid!, null)
  const bareRun = await load(bareUrl, {}, connections, duration)
  const bareResult: Measure = { label: bareLabel, result: bareRun, cpuMs: cpuMsPerRequest(cpuTicksOf(bare.pid!, null) - bareTicks, bareRun) }
  await stopProcess(bare)

  const measures: Measure[] = []
  const notes: string[] = []
  const peakMemory = watchPeakMemory(app.pid!)
  for (const page of pages) {
    const cookie = cookies.get(page.role)
    const first = await probe(baseUrl, page, cookie)
    let timing = ''
    if (page.path === '/admin/statistiques') {
      const second = await probe(baseUrl, page, cookie)
      timing = `, one request: ${first.ms.toFixed(0)} ms (first), ${second.ms.toFixed(0)} ms (second)`
      notes.push(`${page.label}: one request alone takes ${first.ms.toFixed(0)} ms (first), ${second.ms.toFixed(0)} ms (second)`)
    }
    console.log(`  ${page.label.padEnd(44)} ${(first.bytes / 1024).toFixed(0).padStart(4)} kB${timing}`)
    const headers: Record<string, string> = { ...PROXY_HEADERS, ...(cookie ? { cookie } : {}) }
    if (probeFile) await readProbe(app, probeFile) // from here on
    const ticks = cpuTicksOf(app.pid!, postgresDatabase)
    const result = await load(`${baseUrl}${page.path}`, headers, connections, duration)
    if (probeFile) console.log(statementReport(await readProbe(app, probeFile), result.requests.total))
    const waited = await settle()
    measures.push({ label: page.label, result, cpuMs: cpuMsPerRequest(cpuTicksOf(app.pid!, postgresDatabase) - ticks, result) })
    if (waited > 5000) console.log(`    (the app finished this page's requests in flight ${(waited / 1000).toFixed(0)} s after the run)`)
    if (result.non2xx > 0 || result.errors > 0) {
      notes.push(`⚠ ${page.label}: ${result.non2xx} non-2xx responses, ${result.errors} errors (${result.timeouts} timeouts)`)
      console.log(`    ⚠ ${result.non2xx} non-2xx responses, ${result.errors} errors (${result.timeouts} timeouts)`)
    }
    if (result.requests.total === 0) notes.push(`⚠ ${page.label}: no response completed in ${duration} s`)
  }
  const rss = residentMemory(app.pid!)
  const peak = peakMemory.stop()
  const heap = probeFile ? await readProbe(app, probeFile) : null
  await stopProcess(app)

  // ── report ──
  const report = [
    table(bareResult, measures),
    '',
    ...notes.map((note) => `- ${note}`),
    ...(notes.length > 0 ? [''] : []),
    `- app resident memory at the end: ${(rss.bytes / 1024 / 1024).toFixed(0)} MB (anonymous ${(rss.anonymous / 1024 / 1024).toFixed(0)} MB, files ${(rss.files / 1024 / 1024).toFixed(0)} MB), highest during the runs ${(peak / 1024 / 1024).toFixed(0)} MB${rss.processes > 1 ? `, summed over its ${rss.processes} processes (cluster primary and workers)` : ''}; WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY || '1'}`,
    ...(heap
      ? [
          `- app heap at the end: V8 heap ${mb(heap.memory.heapUsed)} MB used of ${mb(heap.memory.heapTotal)} MB${heap.live ? ` (${mb(heap.live.heapUsed)} MB live after a full collection)` : ''}, external ${mb(heap.memory.external)} MB, array buffers ${mb(heap.memory.arrayBuffers)} MB`,
        ]
      : []),
    `- database: ${kind === 'postgresql' ? 'PostgreSQL' : 'SQLite'} (${shown})`,
    `- ${connections} connections, ${duration} s per page`,
    `- date: ${new Date().toISOString()}`,
    `- node ${process.version}, nproc ${os.availableParallelism()}`,
  ].join('\n')
  const file = path.join(TMP, `bench-${kind}.md`)
  writeFileSync(file, `${report}\n`)
  console.log(`\n${report}\n\n(written to ${path.relative(ROOT, file)})`)
}

if (process.argv.includes('--bare-server')) runBareServer()
else runScript('bench-pages', main)
