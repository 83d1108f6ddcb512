// The soak's workload (scripts/soak.ts): simulated people using the real pages and forms of several
// instances of the app, each request sent to the next instance in turn with the same session cookie
// (as a load balancer without sticky sessions would), every answer timed per action.
import { CONTRACT_SLUGS, PUBLISHED_SINCE_OPTIONS, SECTORS, SORT_OPTIONS } from '../../src/modules/offers/labels.ts'
import { csrfTokenOf, decodeHtml, enrolSecondFactor, keepCookies, requestHeaders, signIn, type Jar } from './browser.ts'
import type { SoakAccounts } from './soak-data.ts'

/** how long one answer may take before it counts as no answer */
const REQUEST_TIMEOUT_MS = 60_000
const ANOMALIES_KEPT = 20

/** A minimal PDF: file-type recognises it from its first bytes, as « Mes documents » requires. */
const CV_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)
const MESSAGE_TO_EMPLOYER =
  'Madame, Monsieur,\n\nJe vous prie de trouver ci-joint mon dossier de candidature pour ce poste.\n\nAvec mes remerciements pour votre attention,\nCordialement.'
const RETURN_COMMENT = 'Pouvez-vous préciser vos dates de disponibilité dans le message, puis me la renvoyer ?'
const KEYWORDS = ['développeur', 'assistant', 'comptable', 'logistique', 'accueil', 'technicien', 'chargé', 'données', 'vente', 'soins', 'qualité']
const PLACES = ['Toulouse', '31', 'Montpellier', 'Strasbourg', 'Haute-Garonne', 'Metz']

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]
const chance = (probability: number) => Math.random() < probability
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const idsOf = (html: string, pattern: RegExp) => [...new Set([...html.matchAll(pattern)].map((match) => Number(match[1])))]

// ───────────────────────── measures ─────────────────────────

export type ActionMeasure = { ms: number[]; statuses: Map<number, number> }

/** Every answer, timed, by action; what happened to the applications; answers that were not the page expected. */
export class Metrics {
  readonly actions = new Map<string, ActionMeasure>()
  readonly counters = new Map<string, number>()
  readonly anomalies: string[] = []
  anomalyCount = 0

  record(action: string, status: number, ms: number) {
    const measure = this.actions.get(action) ?? { ms: [], statuses: new Map<number, number>() }
    this.actions.set(action, measure)
    measure.ms.push(ms)
    measure.statuses.set(status, (measure.statuses.get(status) ?? 0) + 1)
  }

  count(what: string) {
    this.counters.set(what, (this.counters.get(what) ?? 0) + 1)
  }

  anomaly(text: string) {
    this.anomalyCount++
    if (this.anomalies.length < ANOMALIES_KEPT) this.anomalies.push(text)
  }
}

/** Ends the scenario in progress (an error answer, already counted). */
class Stop extends Error {}

type Page = { status: number; body: string; location: string | null }
type Fields = [string, string][]

/** One person's browser: its cookies, its requests spread over the instances. */
export class Visitor {
  readonly jar: Jar = new Map()

  constructor(
    readonly email: string,
    /** where its answers are counted (getting ready, then the workload) */
    public metrics: Metrics,
    readonly nextInstance: () => string,
  ) {}

  async request(action: string, path: string, init: { method?: string; body?: string | FormData; form?: boolean } = {}): Promise<Page> {
    const base = this.nextInstance()
    const headers = requestHeaders(this.jar, init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
    const started = performance.now()
    let response: Response
    let body: string
    try {
      response = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        redirect: 'manual',
        headers,
        body: init.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      body = await response.text()
    } catch (error) {
      this.metrics.record(action, 0, performance.now() - started)
      this.metrics.anomaly(`${action}: ${init.method ?? 'GET'} ${base}${path}: ${error instanceof Error ? error.message : String(error)}`)
      throw new Stop()
    }
    this.metrics.record(action, response.status, performance.now() - started)
    keepCookies(this.jar, response)
    const raw = response.headers.get('location')
    const location = raw === null ? null : raw.startsWith('/') ? raw : new URL(raw).pathname + new URL(raw).search
    if (response.status >= 400) throw new Stop()
    if (location?.startsWith('/connexion')) {
      this.metrics.anomaly(`${action}: ${path} sent ${this.email} back to ${location} (session not recognised)`)
      throw new Stop()
    }
    return { status: response.status, body, location }
  }

  /** A GET, its redirects followed as a browser does (e.g. /offres to a search's short address), each timed under `action`. */
  async get(action: string, path: string): Promise<Page> {
    let page = await this.request(action, path)
    for (let hops = 0; (page.status === 301 || page.status === 302 || page.status === 303) && page.location && hops < 5; hops++) {
      page = await this.request(action, page.location)
    }
    return page
  }

  post(action: string, path: string, fields: Fields) {
    return this.request(action, path, { method: 'POST', body: new URLSearchParams(fields).toString(), form: true })
  }

  /** The redirect after a form, followed as a browser does: the page it leads to (a Stop when the answer was not a redirect to `expected`). */
  async follow(action: string, page: Page, expected: RegExp, what: string): Promise<Page> {
    if ((page.status !== 302 && page.status !== 303) || !page.location || !expected.test(page.location)) {
      this.metrics.anomaly(`${what}: expected a redirect to ${expected}, got ${page.status} ${page.location ?? ''}`)
      throw new Stop()
    }
    return this.get(action, page.location)
  }
}

const refused = (page: Page) => page.body.includes('class="notice notice-error"')

// ───────────────────────── getting ready ─────────────────────────

/** Sign in (the administrator turns on its second factor); a candidate adds a CV to « Mes documents » through the real form. */
export async function prepareVisitor(visitor: Visitor, role: keyof SoakAccounts, password: string): Promise<void> {
  await signIn(visitor.nextInstance(), visitor.jar, visitor.email, password)
  if (role === 'admins') await enrolSecondFactor(visitor.nextInstance(), visitor.jar)
  if (role !== 'candidates') return
  const page = await visitor.get('mes documents : ajouter', '/mon-compte/documents/ajouter')
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]
  if (!action) throw new Error(`${visitor.email}: no upload form on /mon-compte/documents/ajouter`)
  const form = new FormData()
  form.set('name', 'CV')
  form.set('type', 'CV')
  form.set('file', new Blob([CV_PDF], { type: 'application/pdf' }), 'cv.pdf')
  const sent = await visitor.request('mes documents : ajouter', decodeHtml(action), { method: 'POST', body: form })
  if (sent.status !== 302 || sent.location !== '/mon-compte/documents')
    throw new Error(`${visitor.email}: the CV upload answered ${sent.status} ${sent.location}`)
}

// ───────────────────────── what each person does ─────────────────────────

/** What a candidate remembers between visits: the applications they sent in this run. */
type CandidateState = { applications: number[] }

/** The search form's fields, filled in as a person would: a few of them, with values the form offers. */
function searchQuery(): string {
  const query = new URLSearchParams()
  const contracts = Object.values(CONTRACT_SLUGS)
  if (chance(0.6)) query.set('motscles', pick(KEYWORDS))
  if (chance(0.4)) for (const contract of new Set([pick(contracts), pick(contracts)])) query.append('contrat', contract)
  if (chance(0.3)) query.set('lieu', pick(PLACES))
  if (chance(0.2)) query.set('secteur', pick(SECTORS))
  if (chance(0.2)) query.set('teletravail', 'on')
  if (chance(0.2)) query.set('depuis', pick(PUBLISHED_SINCE_OPTIONS).value)
  if (chance(0.3)) query.set('tri', pick(SORT_OPTIONS).value)
  return query.toString()
}

/** the offers of a page of results (their links carry ?retour= past the first page and with filters) */
const offersOf = (html: string) => idsOf(html, /href="\/offres\/(\d+)(?:\?[^"]*)?"/g)
const lastPageOf = (html: string) => Number(/page \d+ sur (\d+)/.exec(html)?.[1] ?? 1)

/** /offres with filters, a page of the results, an offer. */
async function searchOffers(visitor: Visitor, metrics: Metrics) {
  const query = searchQuery()
  const first = await visitor.get('offres : recherche', `/offres?${query}`)
  if (first.body.includes('n’a pas été comprise')) metrics.anomaly(`/offres?${query}: part of the search was not understood`)
  let offers = offersOf(first.body)
  const pages = lastPageOf(first.body)
  if (pages > 1)
    offers = offersOf((await visitor.get('offres : page de résultats', `/offres?${query}&page=${2 + Math.floor(Math.random() * (pages - 1))}`)).body)
  if (offers.length > 0) await visitor.get('offre', `/offres/${pick(offers)}`)
}

/** A page of every offer, one of them, its application form, sent with the CV ticked. */
async function apply(visitor: Visitor, state: CandidateState, metrics: Metrics) {
  const first = await visitor.get('offres : page de résultats', '/offres')
  const pages = lastPageOf(first.body)
  const list = pages > 1 && chance(0.7) ? await visitor.get('offres : page de résultats', `/offres?page=${1 + Math.floor(Math.random() * pages)}`) : first
  const offers = offersOf(list.body)
  if (offers.length === 0) return metrics.anomaly(`${visitor.email}: no offer on /offres`)
  const offerId = pick(offers)
  await visitor.get('offre', `/offres/${offerId}`)
  const form = await visitor.get('candidature : formulaire', `/offres/${offerId}/candidature`)
  if (!form.body.includes('name="messageToEmployer"')) return metrics.count('formulaire non proposé : candidature déjà en cours')
  const documents = idsOf(form.body, /name="documentIds" value="(\d+)"/g)
  if (documents.length === 0) metrics.anomaly(`${visitor.email}: no CV to tick on the application form`)
  const fields: Fields = [
    ['_csrf', csrfTokenOf(form.body) ?? ''],
    ['messageToEmployer', MESSAGE_TO_EMPLOYER],
    ...documents.slice(0, 1).map((id): [string, string] => ['documentIds', String(id)]),
  ]
  if (chance(0.3)) fields.push(['messageToReferent', 'Pouvez-vous relire mon message ?'], ['wantsHelp', 'on'])
  if (chance(0.3)) fields.push(['shareDisability', 'on'])
  const sent = await visitor.post('candidature : envoi', `/offres/${offerId}/candidature`, fields)
  const followUp = await visitor.follow('candidature : suivi', sent, /^\/candidatures\/\d+$/, `${visitor.email} applying to offer ${offerId}`)
  if (refused(followUp)) return metrics.count('candidatures refusées (déjà en cours)')
  state.applications.push(Number(sent.location!.split('/').pop()))
  metrics.count('candidatures envoyées')
}

/** One of their applications; when « À revoir », modified and sent back to the référent. */
async function followUp(visitor: Visitor, state: CandidateState, metrics: Metrics) {
  const id = pick(state.applications)
  const page = await visitor.get('candidature : suivi', `/candidatures/${id}`)
  if (!page.body.includes(`/candidatures/${id}/modifier`)) return
  const form = await visitor.get('candidature : modifier', `/candidatures/${id}/modifier`)
  const fields: Fields = [
    ['_csrf', csrfTokenOf(form.body) ?? ''],
    ['messageToEmployer', `${MESSAGE_TO_EMPLOYER}\n\nJe suis disponible dès le mois prochain.`],
    ...idsOf(form.body, /name="documentIds" value="(\d+)"/g)
      .slice(0, 1)
      .map((documentId): [string, string] => ['documentIds', String(documentId)]),
  ]
  const sent = await visitor.post('candidature : renvoi au référent', `/candidatures/${id}/modifier`, fields)
  const after = await visitor.follow('candidature : suivi', sent, new RegExp(`^/candidatures/${id}$`), `${visitor.email} resubmitting ${id}`)
  metrics.count(refused(after) ? 'renvois refusés' : 'candidatures modifiées et renvoyées au référent')
}

async function candidate(visitor: Visitor, state: CandidateState, metrics: Metrics) {
  const dice = Math.random()
  if (dice < 0.3) await apply(visitor, state, metrics)
  else if (dice < 0.45 && state.applications.length > 0) await followUp(visitor, state, metrics)
  else await searchOffers(visitor, metrics)
}

/** « Candidatures à valider »: the oldest (or another), then « Valider et envoyer » or « Renvoyer au candidat ». */
async function referent(visitor: Visitor, metrics: Metrics) {
  const queue = await visitor.get('référent : à valider', '/referent/candidatures')
  const waiting = idsOf(queue.body, /href="\/referent\/candidatures\/(\d+)"/g)
  if (waiting.length === 0) return metrics.count('files du référent vides')
  // the oldest, most of the time: two référents of one établissement often decide on the same one at once
  const id = chance(0.7) ? waiting[0] : pick(waiting)
  const page = await visitor.get('référent : candidature', `/referent/candidatures/${id}`)
  if (!page.body.includes(`/referent/candidatures/${id}/renvoyer`)) return metrics.count('candidatures déjà décidées à l’ouverture')
  if (!page.body.includes(`/referent/candidatures/${id}/valider`)) return metrics.anomaly(`application ${id}: no « Valider » form (${visitor.email})`)
  const token = csrfTokenOf(page.body) ?? ''
  const validate = chance(0.75)
  const sent = validate
    ? await visitor.post('référent : valider', `/referent/candidatures/${id}/valider`, [['_csrf', token]])
    : await visitor.post('référent : renvoyer', `/referent/candidatures/${id}/renvoyer`, [
        ['_csrf', token],
        ['comment', RETURN_COMMENT],
      ])
  const after = await visitor.follow('référent : candidature', sent, new RegExp(`^/referent/candidatures/${id}$`), `${visitor.email} deciding on ${id}`)
  if (refused(after)) metrics.count('décisions refusées : déjà prises par l’autre référent')
  else metrics.count(validate ? 'candidatures validées' : 'candidatures renvoyées au candidat')
}

/** « Candidatures reçues » (sometimes filtered), one of them, its next status. */
async function recruiter(visitor: Visitor, metrics: Metrics) {
  const filter = pick(['', '', '?statut=SENT', '?statut=IN_REVIEW', '?statut=INTERVIEW'])
  const list = await visitor.get('recruteur : reçues', `/recruteur/candidatures${filter}`)
  const received = idsOf(list.body, /href="\/recruteur\/candidatures\/(\d+)"/g)
  if (received.length === 0) return
  const id = pick(received)
  const page = await visitor.get('recruteur : candidature', `/recruteur/candidatures/${id}`)
  const select = /<select[^>]*name="status"[^>]*>([\s\S]*?)<\/select>/.exec(page.body)?.[1]
  const current = /name="currentStatus" value="([A-Z_]+)"/.exec(page.body)?.[1]
  if (!select || !current) return // a final status: nothing to change
  const next = idsOfStatus(select)
  if (next.length === 0) return
  const fields: Fields = [
    ['_csrf', csrfTokenOf(page.body) ?? ''],
    // the next step most of the time, so that applications go through each status
    ['status', chance(0.6) ? next[0] : pick(next)],
    ['currentStatus', current],
  ]
  if (chance(0.3)) fields.push(['message', 'Merci pour votre candidature : nous revenons vers vous très vite.'])
  const sent = await visitor.post('recruteur : changer le statut', `/recruteur/candidatures/${id}/statut`, fields)
  const after = await visitor.follow('recruteur : candidature', sent, new RegExp(`^/recruteur/candidatures/${id}$`), `${visitor.email} changing ${id}`)
  metrics.count(refused(after) ? 'statuts refusés' : 'statuts changés par l’employeur')
}

const idsOfStatus = (select: string) => [...select.matchAll(/<option value="([A-Z_]+)"/g)].map((match) => match[1])

async function administrator(visitor: Visitor) {
  if (chance(0.5)) await visitor.get('admin : statistiques', '/admin/statistiques')
  else await visitor.get('admin : tableau de bord', '/tableau-de-bord')
}

// ───────────────────────── the run ─────────────────────────

export type Users = { candidates: number; referents: number; recruiters: number; admins: number }

/** U simulated people: half candidates, a quarter référents, a sixth recruiters, the rest administrators (at least one of each). */
export function usersOf(total: number): Users {
  const admins = Math.max(1, Math.round(total / 12))
  const recruiters = Math.max(1, Math.round(total / 6))
  const referents = Math.max(1, Math.round(total / 4))
  return { candidates: Math.max(1, total - admins - recruiters - referents), referents, recruiters, admins }
}

/** Accounts of one role: a simulated person takes a free one for each visit, so that no session is used by two at once. */
class Pool {
  private readonly free: Visitor[]
  constructor(visitors: Visitor[]) {
    this.free = [...visitors]
  }
  async take(): Promise<Visitor> {
    while (this.free.length === 0) await sleep(50)
    return this.free.splice(Math.floor(Math.random() * this.free.length), 1)[0]
  }
  release(visitor: Visitor) {
    this.free.push(visitor)
  }
}

export type Workload = {
  visitors: Record<keyof SoakAccounts, Visitor[]>
  users: Users
  durationMs: number
  /** mean pause between two visits of one simulated person */
  thinkMs: number
  metrics: Metrics
}

/** Every simulated person visits until the time is up; the visits in progress then finish. */
export async function runWorkload({ visitors, users, durationMs, thinkMs, metrics }: Workload): Promise<void> {
  const deadline = Date.now() + durationMs
  const states = new Map<Visitor, CandidateState>(visitors.candidates.map((visitor) => [visitor, { applications: [] }]))
  const scenario: Record<keyof SoakAccounts, (visitor: Visitor) => Promise<void>> = {
    candidates: (visitor) => candidate(visitor, states.get(visitor)!, metrics),
    referents: (visitor) => referent(visitor, metrics),
    recruiters: (visitor) => recruiter(visitor, metrics),
    admins: (visitor) => administrator(visitor),
  }
  const person = async (role: keyof SoakAccounts, pool: Pool) => {
    // not all at the same instant
    await sleep(Math.random() * thinkMs)
    while (Date.now() < deadline) {
      const visitor = await pool.take()
      try {
        await scenario[role](visitor)
      } catch (error) {
        if (!(error instanceof Stop)) metrics.anomaly(`${role} ${visitor.email}: ${error instanceof Error ? error.stack : String(error)}`)
      } finally {
        pool.release(visitor)
      }
      await sleep(Math.random() * 2 * thinkMs)
    }
  }
  const roles = Object.keys(users) as (keyof SoakAccounts)[]
  const pools = new Map(roles.map((role) => [role, new Pool(visitors[role])]))
  await Promise.all(roles.flatMap((role) => Array.from({ length: users[role] }, () => person(role, pools.get(role)!))))
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
