// The offers' search engine: one function, `searchOffers`, for both databases.
//
// Everything is filtered by the database, with bound parameters (the read layer's `sql` templates): the
// visibility rule of the candidate (published, not past its end date, of a partner employer of
// their convention) and each filter of the form. Keywords go through a full-text index kept up to
// date by triggers (prisma/migrations*/…_offer_search):
//   SQLite      FTS5 table "OfferSearch" (rowid = offer id), query `"word"* AND "other"*`
//   PostgreSQL  tsvector table "OfferSearch" with a GIN index, query `word:* & other:*`
// Both index lower-case words without accents and match word prefixes, so that a search finds the
// same offers on either database. The partners' visible offers are read from the covering index
// Offer(employerId, status, endDate, publishedAt, startDate, id); the other filters have their
// own (status, …) indexes. A result page costs three queries whatever its size (four with a place):
// the count, the ids of the page, and the page's offers with their employer's name; with keywords, the
// count comes with the ids (countedPageOfIds): two. scripts/bench-offers.ts times it
// on the data set of `npm run seed:scale` and prints the query plans with --explain.
import { dialectOf, type ContractType, type Db } from '../../lib/db.ts'
import { countAll, preparedQuery, rowLimit, sql, sqlOf, toDate, type RawBuilder, type Sql } from '../../lib/sql.ts'
import { AppError } from '../../lib/errors.ts'
import { normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { pageOf, rangeOf, type Page } from '../../lib/pagination.ts'
import { DEPARTMENTS, isDepartmentCode } from './departments.ts'
import type { TOfferSearch } from './schemas.ts'

export const OFFERS_PAGE_SIZE = 20
const DAY = 24 * 60 * 60 * 1000
const MAX_TERMS = 8

export type OfferListItem = {
  id: number
  title: string
  employerId: number
  employerName: string
  city: string
  department: string
  contractType: ContractType
  remote: boolean
  startDate: Date | null
  publishedAt: Date | null
}

export type OfferSearchResult = {
  total: number
  page: Page
  offers: OfferListItem[]
  /** the "Ville ou département" typed matches no city or département of any published offer */
  unknownPlace: boolean
}

/** Words too common to narrow a search ("stage de développeur" looks for "stage" and "developpeur"). */
const STOP_WORDS = new Set(
  'au aux avec ce ces cette chez dans de des du en et est il la le les leur leurs ou par pour qui que sa ses son sont sur un une vos votre nos notre'.split(
    ' ',
  ),
)

/** The words of "Mots-clés": lower-case, without accents, without one-letter words and common words. */
export function keywordTerms(keywords: string): string[] {
  const words = normalizeForSearch(keywords)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => word.slice(0, 50))
  return [...new Set(words)].slice(0, MAX_TERMS)
}

/** The key to compare place names: "Saint-Étienne" and "saint etienne" are the same place. */
const placeKey = (text: string) =>
  normalizeForSearch(text)
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

const DEPARTMENT_BY_KEY = new Map(DEPARTMENTS.map((department) => [placeKey(department.name), department.code]))

type PlaceFilter = { department: string | null; cities: string[] }

/**
 * "Ville ou département": a département code ("31", "2A", "971"), a postal code ("31000"), a
 * département's name ("Haute-Garonne") or a city, compared without case and accents with the
 * cities of the published offers. Null when the text names nothing known.
 */
async function resolvePlace(db: Db, place: string): Promise<PlaceFilter | null> {
  const key = placeKey(place)
  if (key === '') return { department: null, cities: [] }
  const compact = key.replace(/ /g, '').toUpperCase()
  if (isDepartmentCode(compact)) return { department: compact, cities: [] }
  if (/^\d{5}$/.test(compact)) {
    const code = compact.startsWith('97') ? compact.slice(0, 3) : compact.startsWith('20') ? null : compact.slice(0, 2)
    if (code && isDepartmentCode(code)) return { department: code, cities: [] }
  }
  const department = DEPARTMENT_BY_KEY.get(key) ?? null
  const cities = (await sqlOf(db).selectFrom('Offer').select('city').distinct().where('status', '=', 'PUBLISHED').execute())
    .map((row) => row.city)
    .filter((city) => placeKey(city) === key)
  if (!department && cities.length === 0) return null
  return { department, cities }
}

type Fragment = RawBuilder<unknown>
const and = (conditions: Fragment[]) => sql.join(conditions, sql` AND `)

export type OfferSearchQuery = {
  /** `FROM … WHERE …` of the offers found, with their bound parameters */
  from: Fragment
  /** the same offers, for a walk down the publication dates (newest first only; see readsDownThePublicationDates) */
  newest: Fragment | null
  orderBy: Fragment
  unknownPlace: boolean
  /** the search has words to match ("Mots-clés") */
  byKeywords: boolean
}

/** The SQL of a search, for searchOffers (and for scripts/bench-offers.ts to EXPLAIN it). */
export async function buildOfferSearchQuery(db: Db, actor: SessionUser, filters: TOfferSearch, now = new Date()): Promise<OfferSearchQuery> {
  const dialect = dialectOf(db)

  // the visibility rule of policy.ts (visibleOffersForCandidate), in SQL. On SQLite, "no end date"
  // is a date far away rather than an OR: its planner then reads the covering index
  // Offer(employerId, status, endDate, publishedAt, startDate) instead of merging two index scans.
  // PostgreSQL estimates the OR well (and not the coalesce).
  const conditions: Fragment[] = [
    sql`o."status" = 'PUBLISHED'`,
    dialect === 'sqlite' ? sql`coalesce(o."endDate", '9999-12-31') > ${now}` : sql`(o."endDate" IS NULL OR o."endDate" > ${now})`,
  ]
  const conventionId = actor.conventionId ?? -1
  const terms = keywordTerms(filters.keywords)
  let keywordJoin: Fragment = sql``
  let relevance: Fragment | null = null
  if (terms.length > 0) {
    if (dialect === 'sqlite') {
      const match = terms.map((term) => `"${term}"*`).join(' AND ')
      if (filters.sort === 'relevance') {
        // bm25: lower is better; the title weighs most, then the employer, then the text
        keywordJoin = sql`JOIN (SELECT rowid AS "offerId", bm25("OfferSearch", 10.0, 1.0, 4.0) AS "score" FROM "OfferSearch" WHERE "OfferSearch" MATCH ${match}) s ON s."offerId" = o."id"`
        relevance = sql`s."score" ASC`
      } else {
        // a set of ids: the planner may start from another filter's index and look each offer up in it
        conditions.push(sql`+o."id" IN (SELECT rowid FROM "OfferSearch" WHERE "OfferSearch" MATCH ${match})`)
      }
    } else {
      // the matching offers first, from the GIN index ("OFFSET 0" keeps the planner from merging
      // this subquery into the outer query, where it would test every visible offer's document)
      const query = sql`to_tsquery('atouts_search', ${terms.map((term) => `${term}:*`).join(' & ')})`
      if (filters.sort === 'relevance') {
        keywordJoin = sql`JOIN (SELECT "offerId", ts_rank("document", ${query}) AS "score" FROM "OfferSearch" WHERE "document" @@ ${query} OFFSET 0) s ON s."offerId" = o."id"`
        relevance = sql`s."score" DESC`
      } else {
        keywordJoin = sql`JOIN (SELECT "offerId" FROM "OfferSearch" WHERE "document" @@ ${query} OFFSET 0) s ON s."offerId" = o."id"`
      }
    }
  }

  if (filters.contractTypes.length > 0) {
    conditions.push(sql`o."contractType" IN (${sql.join(filters.contractTypes)})`)
  }

  let unknownPlace = false
  if (filters.place) {
    const place = await resolvePlace(db, filters.place)
    if (!place) {
      unknownPlace = true
      conditions.push(sql`1 = 0`)
    } else {
      const either: Fragment[] = []
      if (place.department) either.push(sql`o."department" = ${place.department}`)
      if (place.cities.length > 0) either.push(sql`o."city" IN (${sql.join(place.cities)})`)
      if (either.length > 0) conditions.push(sql`(${sql.join(either, sql` OR `)})`)
    }
  }

  if (filters.sector) conditions.push(sql`o."sector" = ${filters.sector}`)
  if (filters.remote) conditions.push(sql`o."remote" = ${true}`)
  if (filters.publishedWithinDays) {
    conditions.push(sql`o."publishedAt" >= ${new Date(now.getTime() - filters.publishedWithinDays * DAY)}`)
  }
  if (filters.employerId) conditions.push(sql`o."employerId" = ${filters.employerId}`)

  const recent = sql`o."publishedAt" DESC, o."id" DESC`
  const newestFirst = !(filters.sort === 'start' || (filters.sort === 'relevance' && relevance))
  const orderBy =
    filters.sort === 'start' ? sql`o."startDate" ASC NULLS LAST, ${recent}` : filters.sort === 'relevance' && relevance ? sql`${relevance}, ${recent}` : recent
  // one partnership at most per employer and convention: the join never repeats an offer
  const from = sql`FROM "Offer" o JOIN "EmployerPartnership" p ON p."employerId" = o."employerId" ${keywordJoin} WHERE ${and([...conditions, sql`p."conventionId" = ${conventionId}`])}`
  const newest = newestFirst
    ? sql`FROM "Offer" o ${keywordJoin} WHERE ${and([...conditions, sql`EXISTS (SELECT 1 FROM "EmployerPartnership" p WHERE p."employerId" = o."employerId" AND p."conventionId" = ${conventionId})`])}`
    : null
  return { from, newest, orderBy, unknownPlace, byKeywords: terms.length > 0 }
}

/**
 * The two ways of reading a page of the newest offers (the default order), which give the same rows:
 * - from the partners: every visible offer of each partner employer (a covering index), sorted, then
 *   the page taken — its cost grows with the number of offers found;
 * - down the publication dates: the published offers newest first (index Offer(status, publishedAt)),
 *   each checked against the partnerships and filters, until the page is full — its cost grows with
 *   how many offers must be passed over, about (offset + 20) × published / found.
 * Both read about as fast per index entry, but a walk's entries cost more (a row lookup each, and the
 * found offers are not spread evenly over the dates): the walk is taken when it should read at most a
 * quarter of the entries the sort would. A regional candidate sees one offer in eight: their first
 * pages read ~200 entries instead of sorting 5,500 offers (0.05 ms instead of 0.8 ms on the scale
 * data); deep pages, narrow searches and small conventions keep the first way.
 */
export function readsDownThePublicationDates(found: number, published: number, offset: number): boolean {
  if (found === 0) return false
  const walked = ((offset + OFFERS_PAGE_SIZE) * Math.max(published, found)) / found
  return 4 * walked <= found
}

/** How many offers are published on the platform, re-counted at most once a minute (it only chooses a plan). */
const publishedCounts = new WeakMap<Db, { value: number; countedAt: number }>()
async function publishedOffersEstimate(db: Db, now: number): Promise<number> {
  const known = publishedCounts.get(db)
  if (known && now - known.countedAt < 60_000) return known.value
  const row = await sqlOf(db).selectFrom('Offer').select(countAll().as('total')).where('status', '=', 'PUBLISHED').executeTakeFirstOrThrow()
  publishedCounts.set(db, { value: row.total, countedAt: now })
  return row.total
}

/** The offers of a result page, by id: one slot per offer of a page (a page has at most 20). */
const ID_SLOTS = Array.from({ length: OFFERS_PAGE_SIZE }, (_, index) => `id${index}`)

/** A page's ids in the slots of OFFERS_BY_ID; the slots left over get an id no offer has. */
const idSlotsOf = (ids: number[]) => Object.fromEntries(ID_SLOTS.map((slot, index) => [slot, ids[index] ?? -1]))

/** A page's offers with their employer's name (prepared: always 20 ids, see idSlotsOf). */
const OFFERS_BY_ID = preparedQuery(ID_SLOTS, (reader, slots) =>
  reader
    .selectFrom('Offer as o')
    .innerJoin('Employer as e', 'e.id', 'o.employerId')
    .select([
      'o.id',
      'o.title',
      'o.employerId',
      'e.name as employerName',
      'o.city',
      'o.department',
      'o.contractType',
      'o.remote',
      'o.startDate',
      'o.publishedAt',
    ])
    .where(
      'o.id',
      'in',
      ID_SLOTS.map((slot) => slots[slot]),
    ),
)

type PageOfIds = { total: number; page: Page; ids: number[] }

/**
 * A keyword search: the page of ids and the count in one statement (the count over the same rows,
 * which the sort reads anyway), instead of matching the keywords twice (count, then page: 1.6 ms at
 * scale for a common word, 0.8 ms together). A page past the last one is read again at the last page.
 */
async function countedPageOfIds(reader: Sql, from: RawBuilder<unknown>, orderBy: RawBuilder<unknown>, rawPage: unknown): Promise<PageOfIds> {
  const read = async (page: Page) => {
    const { skip: offset, take } = rangeOf(page)
    const { rows } = await sql<{
      id: number
      total: number
    }>`SELECT o."id" AS "id", cast(count(*) over () as integer) AS "total" ${from} ORDER BY ${orderBy} LIMIT ${rowLimit(take)} OFFSET ${offset}`.execute(reader)
    return rows
  }
  const asked = pageOf(rawPage, Number.MAX_SAFE_INTEGER, OFFERS_PAGE_SIZE)
  let rows = await read(asked)
  if (rows.length === 0 && asked.current > 1) {
    const total = (await sql<{ total: number }>`SELECT ${countAll()} AS "total" ${from}`.execute(reader)).rows[0].total
    const page = pageOf(rawPage, total, OFFERS_PAGE_SIZE)
    if (total === 0) return { total, page, ids: [] }
    rows = await read(page)
  }
  const total = rows[0]?.total ?? 0
  return { total, page: pageOf(rawPage, total, OFFERS_PAGE_SIZE), ids: rows.map((row) => row.id) }
}

/** The count first, then the page of ids, read one of the two ways of readsDownThePublicationDates. */
async function pageOfIdsAfterCount(
  db: Db,
  reader: Sql,
  { from, newest, orderBy }: Pick<OfferSearchQuery, 'from' | 'newest' | 'orderBy'>,
  rawPage: unknown,
  now: Date,
  plan: 'partners' | 'dates' | undefined,
): Promise<PageOfIds> {
  const total = (await sql<{ total: number }>`SELECT ${countAll()} AS "total" ${from}`.execute(reader)).rows[0].total
  const page = pageOf(rawPage, total, OFFERS_PAGE_SIZE)
  if (total === 0) return { total, page, ids: [] }
  const { skip: offset, take } = rangeOf(page)
  const walk = newest !== null && (plan ? plan === 'dates' : readsDownThePublicationDates(total, await publishedOffersEstimate(db, now.getTime()), offset))
  const rows = await sql<{ id: number }>`SELECT o."id" AS "id" ${walk ? newest : from} ORDER BY ${orderBy} LIMIT ${rowLimit(take)} OFFSET ${offset}`.execute(
    reader,
  )
  return { total, page, ids: rows.rows.map((row) => row.id) }
}

/** A candidate, or a référent looking at what their candidates see (SPEC §9): both have a convention. */
export function assertMaySearchOffers(actor: SessionUser) {
  if (actor.role !== 'CANDIDATE' && actor.role !== 'REFERENT') throw new AppError('FORBIDDEN')
}

/**
 * The offers a candidate finds with these filters, 20 a page, and their count. A page number past
 * the last page gives the last page.
 */
export async function searchOffers(
  db: Db,
  actor: SessionUser,
  filters: TOfferSearch,
  rawPage: unknown,
  now = new Date(),
  /** tests only: read the page of ids one way (see readsDownThePublicationDates) whatever the figures */
  plan?: 'partners' | 'dates',
): Promise<OfferSearchResult> {
  assertMaySearchOffers(actor)
  const { from, newest, orderBy, unknownPlace, byKeywords } = await buildOfferSearchQuery(db, actor, filters, now)
  const reader = sqlOf(db)
  const { total, page, ids } =
    byKeywords && !plan
      ? await countedPageOfIds(reader, from, orderBy, rawPage)
      : await pageOfIdsAfterCount(db, reader, { from, newest, orderBy }, rawPage, now, plan)
  if (total === 0) return { total: 0, page, offers: [], unknownPlace }

  const offers = await OFFERS_BY_ID.execute(db, idSlotsOf(ids))
  const byId = new Map(
    offers.map((offer): [number, OfferListItem] => [
      offer.id,
      { ...offer, remote: Boolean(offer.remote), startDate: toDate(offer.startDate), publishedAt: toDate(offer.publishedAt) },
    ]),
  )
  return { total, page, offers: ids.map((id) => byId.get(id)).filter((offer) => offer !== undefined), unknownPlace }
}
