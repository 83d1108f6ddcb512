// « Mes recherches enregistrées » and their alert e-mails (README of this module).
//
// A saved search is the query string of /offres (searchToQuery), a name and an alert frequency.
// Matching is the search page's own: buildOfferSearchQuery (visibility of the candidate, filters,
// full text) with one more condition, `publishedAt` after the search's `alertedUntil`.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { Config } from '../../config.ts'
import type { AlertFrequency, Db } from '../../lib/db.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import { startPeriodicJob } from '../../lib/jobs.ts'
import { lockCandidateRow } from '../../lib/locks.ts'
import type { Logger } from '../../lib/logger.ts'
import { queueEmails, type QueuedEmail } from '../../lib/outbox.ts'
import { countAll, rowLimit, sql, sqlOf, toDate } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { parseForm, type FormResult } from '../../lib/forms.ts'
import { NOTIFICATION_EVENTS } from '../notifications/events.ts'
import { departmentLabel } from './departments.ts'
import { CONTRACT_LABELS, PUBLISHED_SINCE_OPTIONS, SORT_OPTIONS } from './labels.ts'
import { parseOfferSearch, searchToQuery, type TOfferSearch } from './schemas.ts'
import { buildOfferSearchQuery } from './search.ts'

export const MAX_SAVED_SEARCHES = 20
export const SAVED_SEARCHES_PATH = '/mon-compte/recherches'
export const STOP_PATH = '/alertes-offres/arreter'
const NAME_MAX = 100
const MINUTE = 60_000
/** « Dès la publication »: at most one e-mail per search in this period */
export const IMMEDIATE_MIN_INTERVAL_MS = 15 * MINUTE
const PERIOD_MS: Record<'DAILY' | 'WEEKLY', number> = { DAILY: 24 * 60 * MINUTE, WEEKLY: 7 * 24 * 60 * MINUTE }
/** the offers listed in one e-mail (the count says how many there are in all) */
const OFFERS_PER_EMAIL = 10
/** up to this many offers published since the oldest due search looked, the searches are matched against their ids */
const FRESH_OFFERS_MAX = 2000

export const FREQUENCIES: AlertFrequency[] = ['IMMEDIATE', 'DAILY', 'WEEKLY', 'NEVER']
export const FREQUENCY_LABELS: Record<AlertFrequency, string> = {
  IMMEDIATE: 'Dès la publication',
  DAILY: 'Chaque jour',
  WEEKLY: 'Chaque semaine',
  NEVER: 'Jamais',
}
/** The choices of « Fréquence des alertes » */
export const FREQUENCY_OPTIONS = FREQUENCIES.map((value) => ({ value, label: FREQUENCY_LABELS[value] }))

// ───────────────────────── Query strings and words ─────────────────────────

/** The search a saved query string stands for (what /offres would read from the same address). */
export function searchOfQuery(query: string): TOfferSearch {
  const params = new URLSearchParams(query)
  const raw: Record<string, string[]> = {}
  for (const [key, value] of params) {
    raw[key] ??= []
    raw[key].push(value)
  }
  return parseOfferSearch(raw).search
}

/** The canonical query string of a search ("motscles=web&contrat=stage"), without the page. */
export function queryOfSearch(search: TOfferSearch): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(searchToQuery(search))) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item)
  }
  return params.toString()
}

const sinceLabel = (days: number | null) => PUBLISHED_SINCE_OPTIONS.find((option) => option.days === days)?.label.toLowerCase() ?? null

/** A readable default name: « Stage · Toulouse · numérique ». */
export function summaryOf(search: TOfferSearch, employerName: string | null = null): string {
  const parts = [
    search.contractTypes.map((type) => CONTRACT_LABELS[type]).join(', '),
    search.place,
    search.keywords,
    search.sector ?? '',
    search.remote ? 'télétravail' : '',
    employerName ?? '',
  ].filter(Boolean)
  const summary = parts.join(' · ') || 'Toutes les offres'
  return summary.length > NAME_MAX ? `${summary.slice(0, NAME_MAX - 1)}…` : summary
}

/** The filters in words, one line each. */
export function filtersInWords(search: TOfferSearch, employerName: string | null = null): string[] {
  const lines: string[] = []
  if (search.keywords) lines.push(`Mots-clés : ${search.keywords}`)
  if (search.contractTypes.length > 0) lines.push(`Type de contrat : ${search.contractTypes.map((type) => CONTRACT_LABELS[type]).join(', ')}`)
  if (search.place) lines.push(`Ville ou département : ${search.place}`)
  if (search.sector) lines.push(`Secteur : ${search.sector}`)
  if (search.remote) lines.push('Télétravail possible')
  const since = sinceLabel(search.publishedWithinDays)
  if (since) lines.push(`Publiée depuis : ${since}`)
  if (search.employerId) lines.push(`Employeur : ${employerName ?? 'un employeur qui n’est plus partenaire'}`)
  if (search.sort !== 'recent') lines.push(`Tri : ${SORT_OPTIONS.find((option) => option.value === search.sort)?.label ?? search.sort}`)
  return lines.length > 0 ? lines : ['Toutes les offres, sans filtre']
}

// ───────────────────────── Forms ─────────────────────────

const frequencySchema = z.enum(FREQUENCIES as [AlertFrequency, ...AlertFrequency[]], { error: 'Choisissez la fréquence des alertes.' })
const nameSchema = z.string().trim().max(NAME_MAX, `Le nom de la recherche doit compter au plus ${NAME_MAX} caractères.`)

export type TSavedSearchForm = { name: string; frequency: AlertFrequency }

/** « Enregistrer cette recherche » (from /offres): the query string, a name (empty: the summary), a frequency. */
export function parseSaveForm(body: unknown): FormResult<{ query: string; name: string; frequency: AlertFrequency }> {
  const parsed = parseForm(
    z.object({
      recherche: z.string().max(2000, 'Cette recherche est trop longue pour être enregistrée.').optional().default(''),
      nom: nameSchema.optional().default(''),
      frequence: frequencySchema.optional().default('DAILY'),
    }),
    body,
  )
  if (!parsed.ok) return parsed
  return { ok: true, data: { query: parsed.data.recherche.replace(/^\?/, ''), name: parsed.data.nom, frequency: parsed.data.frequence } }
}

/** « Modifier »: the name (required) and the frequency. */
export function parseEditForm(body: unknown): FormResult<TSavedSearchForm> {
  const parsed = parseForm(z.object({ nom: nameSchema.min(1, 'Saisissez le nom de la recherche.'), frequence: frequencySchema }), body)
  return parsed.ok ? { ok: true, data: { name: parsed.data.nom, frequency: parsed.data.frequence } } : parsed
}

// ───────────────────────── The candidate's searches ─────────────────────────

function candidateOnly(actor: SessionUser) {
  if (actor.role !== 'CANDIDATE') throw new AppError('FORBIDDEN')
}

async function employerNameOf(db: Db, search: TOfferSearch): Promise<string | null> {
  if (!search.employerId) return null
  const employer = await db.employer.findUnique({ where: { id: search.employerId }, select: { name: true } })
  return employer?.name ?? null
}

/** How many offers this candidate may see (at `now`) match the search and were published after `since`. */
export async function countNewOffers(db: Db, actor: SessionUser, search: TOfferSearch, since: Date, now = new Date()): Promise<number> {
  const { from } = await buildOfferSearchQuery(db, actor, { ...search, sort: 'recent' }, now)
  const row = await sql<{ total: number }>`SELECT ${countAll()} AS "total" ${from} AND o."publishedAt" > ${since}`.execute(sqlOf(db))
  return Number(row.rows[0].total)
}

export type SavedSearchItem = {
  id: number
  name: string
  frequency: AlertFrequency
  frequencyLabel: string
  filters: string[]
  link: string
  newOffers: number
  alertedUntil: Date
}

export async function listSavedSearches(db: Db, actor: SessionUser, now = new Date()): Promise<SavedSearchItem[]> {
  candidateOnly(actor)
  const rows = await db.savedSearch.findMany({ where: { userId: actor.id }, orderBy: { id: 'asc' } })
  const items: SavedSearchItem[] = []
  for (const row of rows) {
    const search = searchOfQuery(row.query)
    const query = queryOfSearch(search)
    items.push({
      id: row.id,
      name: row.name,
      frequency: row.frequency,
      frequencyLabel: FREQUENCY_LABELS[row.frequency],
      filters: filtersInWords(search, await employerNameOf(db, search)),
      link: query ? `/offres?${query}` : '/offres',
      newOffers: await countNewOffers(db, actor, search, row.alertedUntil, now),
      alertedUntil: row.alertedUntil,
    })
  }
  return items
}

/** The candidate's own saved search, or NOT_FOUND (another candidate's is not theirs to see). */
export async function findSavedSearch(db: Db, actor: SessionUser, id: number) {
  candidateOnly(actor)
  return orNotFound(await db.savedSearch.findFirst({ where: { id, userId: actor.id } }))
}

export type SaveOutcome = { ok: true; id: number } | { ok: false; reason: 'limit' }

/** Saves a search; at most MAX_SAVED_SEARCHES, counted in the transaction that adds it (the candidate row locked on PostgreSQL). */
export async function saveSearch(
  db: Db,
  config: Pick<Config, 'databaseUrl'>,
  actor: SessionUser,
  form: { query: string; name: string; frequency: AlertFrequency },
  now = new Date(),
): Promise<SaveOutcome> {
  candidateOnly(actor)
  const search = searchOfQuery(form.query)
  const name = form.name || summaryOf(search, await employerNameOf(db, search))
  return db.$transaction(async (tx) => {
    if (actor.candidateId) await lockCandidateRow(tx, config, actor.candidateId)
    const count = await tx.savedSearch.count({ where: { userId: actor.id } })
    if (count >= MAX_SAVED_SEARCHES) return { ok: false, reason: 'limit' } as const
    // the alerts start with the offers published from now on
    const row = await tx.savedSearch.create({ data: { userId: actor.id, name, query: queryOfSearch(search), frequency: form.frequency, alertedUntil: now } })
    return { ok: true, id: row.id } as const
  })
}

export async function updateSavedSearch(db: Db, actor: SessionUser, id: number, form: TSavedSearchForm) {
  await findSavedSearch(db, actor, id)
  await db.savedSearch.updateMany({ where: { id, userId: actor.id }, data: { name: form.name, frequency: form.frequency } })
}

export async function deleteSavedSearch(db: Db, actor: SessionUser, id: number) {
  const row = await findSavedSearch(db, actor, id)
  await db.savedSearch.deleteMany({ where: { id, userId: actor.id } })
  return row
}

// ───────────────────────── The one-click stop link ─────────────────────────

const signatureOf = (secret: string, id: number) => createHmac('sha256', secret).update(`saved-search-stop:${id}`).digest('base64url').slice(0, 32)

/** The token of the stop link of one saved search: its id and an HMAC of it (SESSION_SECRET). */
export function stopTokenOf(secret: string, id: number): string {
  return `${id}.${signatureOf(secret, id)}`
}

/** The saved search's id when the token is one of ours, else null. */
export function savedSearchIdOfToken(secret: string, token: unknown): number | null {
  if (typeof token !== 'string') return null
  const match = /^([1-9]\d{0,9})\.([A-Za-z0-9_-]{32})$/.exec(token)
  if (!match) return null
  const id = Number(match[1])
  const expected = Buffer.from(signatureOf(secret, id))
  const given = Buffer.from(match[2])
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null
}

export async function findByStopToken(db: Db, secret: string, token: unknown) {
  const id = savedSearchIdOfToken(secret, token)
  return id === null ? null : db.savedSearch.findUnique({ where: { id } })
}

/** « Arrêter cette alerte »: the frequency becomes « Jamais ». */
export async function stopAlert(db: Db, secret: string, token: unknown) {
  const row = await findByStopToken(db, secret, token)
  if (!row) return null
  await db.savedSearch.update({ where: { id: row.id }, data: { frequency: 'NEVER' } })
  return row
}

// ───────────────────────── The periodic job ─────────────────────────

type DueSearch = {
  id: number
  userId: number
  name: string
  query: string
  alertedUntil: Date
  email: string
  firstName: string
  conventionId: number
  byEmail: boolean
  inSite: boolean
}

type AlertOffer = { id: number; title: string; city: string; department: string; contractType: keyof typeof CONTRACT_LABELS; employerName: string }

/** What a search finds: how many offers, and the newest OFFERS_PER_EMAIL of them (the e-mail's list). */
type Matches = { total: number; offers: AlertOffer[] }

/**
 * Due searches that look for the same offers: the same filters (the canonical query string), the same
 * visibility (the candidate's convention: the search depends on nothing else of the candidate) and the
 * same "since" (alertedUntil). They are matched once, with the search page's own query, for all of them.
 */
type SearchGroup = { search: TOfferSearch; query: string; conventionId: number; since: Date; members: DueSearch[] }

type Alert = { search: DueSearch; query: string; matches: Matches }

/** « Alertes et notifications »: the event whose choices say whether the alerts go by e-mail and/or to the notification centre. */
export const SAVED_SEARCH_EVENT = 'offers.saved_search' as const

/** the alerts written in one transaction: short ones, so that the users' own writes never wait long for the job (SQLite has one writer) */
const ALERTS_PER_TRANSACTION = 250
/** ids per `IN (…)` of an update */
const IDS_PER_STATEMENT = 500

/**
 * Sends the alert e-mails that are due: for each saved search whose period has passed (« Dès la
 * publication »: 15 minutes since its last e-mail), the offers the candidate may see that match and
 * were published since its last look. One e-mail per search and period, queued in the outbox in the
 * transaction that moves the search's `alertedUntil`; none when nothing matched.
 *
 * Cheap at scale (scripts/bench-saved-searches.ts): a run with no new offer costs two queries
 * whatever the number of searches; otherwise the due searches are grouped (SearchGroup) and each group
 * costs two reads at most (none when no offer was published after its "since"), whatever its size;
 * the writes go in multi-row statements, ALERTS_PER_TRANSACTION alerts a transaction.
 */
export async function sendSavedSearchAlerts(
  db: Db,
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>,
  now = new Date(),
): Promise<{ checked: number; emailed: number }> {
  const due = await dueSearches(db, now)
  if (due.length === 0) return { checked: 0, emailed: 0 }
  const fresh = await freshOffers(db, due, now)
  const quiet: DueSearch[] = []
  const alerts: Alert[] = []
  for (const group of groupSearches(due)) {
    const anyChannel = group.members.some((member) => member.byEmail || member.inSite)
    const among = fresh ? fresh.filter((offer) => offer.publishedAt > group.since.getTime()).map((offer) => offer.id) : null
    const matches = anyChannel && (among === null || among.length > 0) ? await matchGroup(db, group, now, among) : null
    for (const member of group.members) {
      if (!matches || matches.total === 0 || (!member.byEmail && !member.inSite)) quiet.push(member)
      else alerts.push({ search: member, query: group.query, matches })
    }
  }
  await moveAlertedUntil(db, quiet, now)
  let emailed = 0
  for (let start = 0; start < alerts.length; start += ALERTS_PER_TRANSACTION) {
    emailed += await recordAlerts(db, config, alerts.slice(start, start + ALERTS_PER_TRANSACTION), now)
  }
  return { checked: due.length, emailed }
}

/**
 * The searches whose period has passed and that an offer was published after (one index read tells
 * when nothing was: then no search is read).
 */
async function dueSearches(db: Db, now: Date): Promise<DueSearch[]> {
  const reader = sqlOf(db)
  const latest = await reader
    .selectFrom('Offer')
    .select((eb) => eb.fn.max('publishedAt').as('latest'))
    .where('status', '=', 'PUBLISHED')
    .executeTakeFirst()
  const latestPublishedAt = toDate(latest?.latest ?? null)
  if (!latestPublishedAt) return []
  const rows = await reader
    .selectFrom('SavedSearch as s')
    .innerJoin('User as u', 'u.id', 's.userId')
    .innerJoin('Candidate as c', 'c.userId', 'u.id')
    .innerJoin('Establishment as e', 'e.id', 'c.establishmentId')
    .leftJoin('NotificationPreference as np', (join) => join.onRef('np.userId', '=', 's.userId').on('np.event', '=', SAVED_SEARCH_EVENT))
    .select([
      's.id',
      's.userId',
      's.name',
      's.query',
      's.alertedUntil',
      'u.email',
      'u.firstName',
      'e.conventionId',
      'np.email as prefEmail',
      'np.inSite as prefInSite',
    ])
    .where('u.status', '=', 'ACTIVE')
    .where('s.alertedUntil', '<', latestPublishedAt as never)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('s.frequency', '=', 'IMMEDIATE'),
          eb.or([eb('s.lastEmailAt', 'is', null), eb('s.lastEmailAt', '<=', new Date(now.getTime() - IMMEDIATE_MIN_INTERVAL_MS) as never)]),
        ]),
        eb.and([eb('s.frequency', '=', 'DAILY'), eb('s.alertedUntil', '<=', new Date(now.getTime() - PERIOD_MS.DAILY) as never)]),
        eb.and([eb('s.frequency', '=', 'WEEKLY'), eb('s.alertedUntil', '<=', new Date(now.getTime() - PERIOD_MS.WEEKLY) as never)]),
      ]),
    )
    .orderBy('s.id')
    .execute()
  const defaults = NOTIFICATION_EVENTS[SAVED_SEARCH_EVENT].defaults
  return rows.map(({ prefEmail, prefInSite, ...row }) => ({
    ...row,
    alertedUntil: toDate(row.alertedUntil),
    byEmail: prefEmail === null ? defaults.email : Boolean(prefEmail),
    inSite: prefInSite === null ? defaults.inSite : Boolean(prefInSite),
  }))
}

/**
 * The offers published since the oldest due search looked: usually a handful. When there are not too
 * many, each group is only matched against those newer than its "since" (primary-key lookups), and a
 * group that none of them is newer for is not queried at all. Null: too many, the queries find them.
 */
async function freshOffers(db: Db, due: DueSearch[], now: Date): Promise<{ id: number; publishedAt: number }[] | null> {
  const oldest = due.reduce((min, search) => Math.min(min, search.alertedUntil.getTime()), Infinity)
  const recent = await sqlOf(db)
    .selectFrom('Offer')
    .select(['id', 'publishedAt'])
    .where('status', '=', 'PUBLISHED')
    .where('publishedAt', '>', new Date(oldest) as never)
    .where('publishedAt', '<=', now as never)
    .limit(FRESH_OFFERS_MAX + 1)
    .execute()
  if (recent.length > FRESH_OFFERS_MAX) return null
  return recent.map((offer) => ({ id: offer.id, publishedAt: toDate(offer.publishedAt)!.getTime() }))
}

/** The due searches by (convention, since, filters); each query string is parsed once. */
function groupSearches(due: DueSearch[]): SearchGroup[] {
  const parsed = new Map<string, { search: TOfferSearch; query: string }>()
  const groups = new Map<string, SearchGroup>()
  for (const member of due) {
    let known = parsed.get(member.query)
    if (!known) {
      // the newest first (the e-mail lists the newest offers); the order does not change which offers match
      const search = { ...searchOfQuery(member.query), sort: 'recent' as const }
      known = { search, query: queryOfSearch(search) }
      parsed.set(member.query, known)
    }
    const key = `${member.conventionId} ${member.alertedUntil.getTime()} ${known.query}`
    const group = groups.get(key)
    if (group) group.members.push(member)
    else groups.set(key, { ...known, conventionId: member.conventionId, since: member.alertedUntil, members: [member] })
  }
  return [...groups.values()]
}

/** `among`: the ids of the offers published since the group's "since", when known (null: not known, the query finds them). */
async function matchGroup(db: Db, group: SearchGroup, now: Date, among: number[] | null): Promise<Matches> {
  // buildOfferSearchQuery reads the candidate's convention only: any member stands for the group
  const actor = { id: group.members[0].userId, role: 'CANDIDATE', conventionId: group.conventionId } as SessionUser
  const { from } = await buildOfferSearchQuery(db, actor, group.search, now)
  const newer = among
    ? sql`o."id" IN (${sql.join(among)}) AND o."publishedAt" > ${group.since} AND o."publishedAt" <= ${now}`
    : sql`o."publishedAt" > ${group.since} AND o."publishedAt" <= ${now}`
  const reader = sqlOf(db)
  const total = Number((await sql<{ total: number }>`SELECT ${countAll()} AS "total" ${from} AND ${newer}`.execute(reader)).rows[0].total)
  if (total === 0) return { total, offers: [] }
  const offers = (
    await sql<AlertOffer>`SELECT o."id" AS "id", o."title" AS "title", o."city" AS "city", o."department" AS "department", o."contractType" AS "contractType", (SELECT e."name" FROM "Employer" e WHERE e."id" = o."employerId") AS "employerName" ${from} AND ${newer} ORDER BY o."publishedAt" DESC, o."id" DESC LIMIT ${rowLimit(OFFERS_PER_EMAIL)}`.execute(
      reader,
    )
  ).rows
  return { total, offers }
}

/** The searches by the alertedUntil they were read with, IDS_PER_STATEMENT ids at a time. */
function* bySinceInSlices(searches: DueSearch[]): Generator<{ since: Date; ids: number[] }> {
  const bySince = new Map<number, number[]>()
  for (const search of searches) {
    const ids = bySince.get(search.alertedUntil.getTime())
    if (ids) ids.push(search.id)
    else bySince.set(search.alertedUntil.getTime(), [search.id])
  }
  for (const [since, ids] of bySince) {
    for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) yield { since: new Date(since), ids: ids.slice(start, start + IDS_PER_STATEMENT) }
  }
}

/**
 * Nothing to send: the searches have looked up to `now`. Claimed by their alertedUntil: a search that
 * another run (or process) moved meanwhile is left as it is.
 */
async function moveAlertedUntil(db: Db, searches: DueSearch[], now: Date) {
  if (searches.length === 0) return
  await db.$transaction(async (tx) => {
    for (const { since, ids } of bySinceInSlices(searches)) {
      await tx.savedSearch.updateMany({ where: { id: { in: ids }, alertedUntil: since }, data: { alertedUntil: now } })
    }
  })
}

/**
 * One transaction: claims the searches (moves their alertedUntil from the value read; a second run or
 * process that read the same rows changes nothing), then writes the claimed ones' notifications and
 * e-mails in multi-row statements. Returns how many alerts went out (e-mail or notification centre).
 */
async function recordAlerts(db: Db, config: Pick<Config, 'baseUrl' | 'sessionSecret'>, alerts: Alert[], now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const claimed = new Set<number>()
    for (const { since, ids } of bySinceInSlices(alerts.map((alert) => alert.search))) {
      const rows = await tx.savedSearch.updateManyAndReturn({
        where: { id: { in: ids }, alertedUntil: since },
        data: { alertedUntil: now, lastEmailAt: now },
        select: { id: true },
      })
      for (const row of rows) claimed.add(row.id)
    }
    const mine = alerts.filter((alert) => claimed.has(alert.search.id))
    // the same alert in the notification centre, when the candidate chose it
    const inSite = mine.filter((alert) => alert.search.inSite)
    if (inSite.length > 0) {
      await tx.notification.createMany({
        data: inSite.map((alert) => ({ userId: alert.search.userId, event: SAVED_SEARCH_EVENT, title: subjectOf(alert), link: searchPathOf(alert.query) })),
      })
    }
    const byEmail = mine.filter((alert) => alert.search.byEmail)
    const outcomes = await queueEmails(
      tx,
      byEmail.map((alert) => alertEmail(config, alert)),
    )
    return mine.length - byEmail.length + outcomes.filter((outcome) => outcome !== 'dropped').length
  })
}

const subjectOf = ({ search, matches }: Alert) =>
  matches.total === 1 ? `1 nouvelle offre pour « ${search.name} »` : `${matches.total} nouvelles offres pour « ${search.name} »`

const searchPathOf = (query: string) => `/offres${query ? `?${query}` : ''}`

function alertEmail(config: Pick<Config, 'baseUrl' | 'sessionSecret'>, alert: Alert): QueuedEmail {
  const { search, matches } = alert
  const baseUrl = config.baseUrl
  const stopLink = `${baseUrl}${STOP_PATH}/${stopTokenOf(config.sessionSecret, search.id)}`
  return {
    to: search.email,
    subject: subjectOf(alert),
    template: 'offers/saved-search-alert',
    data: {
      firstName: search.firstName,
      name: search.name,
      total: matches.total,
      offers: matches.offers.map((offer) => ({
        title: offer.title,
        employerName: offer.employerName,
        contract: CONTRACT_LABELS[offer.contractType],
        place: `${offer.city} – ${departmentLabel(offer.department)}`,
        link: `${baseUrl}/offres/${offer.id}`,
      })),
      more: matches.total - matches.offers.length,
      searchLink: `${baseUrl}${searchPathOf(alert.query)}`,
      savedSearchesLink: `${baseUrl}${SAVED_SEARCHES_PATH}`,
      stopLink,
    },
    coalesceKey: `saved-search:${search.id}`,
    headers: { 'List-Unsubscribe': `<${stopLink}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  }
}

/** Runs sendSavedSearchAlerts now and every minute (server.ts): « Dès la publication » within 2 minutes. */
export function startSavedSearchAlertsJob({
  db,
  config,
  logger,
  intervalMs = MINUTE,
  leaseMs,
}: {
  db: Db
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>
  logger: Logger
  intervalMs?: number
  leaseMs?: number
}) {
  return startPeriodicJob({
    db,
    name: 'saved-search-alerts',
    intervalMs,
    leaseMs,
    logger,
    work: async () => {
      const { checked, emailed } = await sendSavedSearchAlerts(db, config)
      if (emailed > 0) logger.info('saved search alerts queued', { checked, emailed })
    },
  })
}
