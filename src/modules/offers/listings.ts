// What the candidates of one convention find on /offres is the same for all of them: the offers they
// may see depend on their convention alone (search.ts, the visibility rule), and so do the « Employeur »
// choices. The most visited page of the platform, the search without filters, is asked for again and
// again by the candidates of each convention; its count alone reads every visible offer (5,500 for a
// regional convention at scale). So a result page and the choices are read once per convention and
// search, and served for `maxAgeMs` (config.listingsMaxAgeMs: 5 s; 0 in tests): an offer published,
// changed or closed meanwhile shows in the results at most that much later. The offer's own page
// (findOfferForCandidate) always checks the rule again. Each process keeps its own (WEB_CONCURRENCY).
import type { Db } from '../../lib/db.ts'
import { cacheOf } from '../../lib/cache.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { TOfferSearch } from './schemas.ts'
import { assertMaySearchOffers, searchOffers, type OfferSearchResult } from './search.ts'
import { listPartnerEmployerChoices } from './service.ts'

type Choice = { value: string; label: string }

export type OfferListings = {
  /** searchOffers, read once per convention, search and page every `maxAgeMs` */
  search(actor: SessionUser, filters: TOfferSearch, rawPage: unknown): Promise<OfferSearchResult>
  /** listPartnerEmployerChoices, read once per convention every `maxAgeMs` */
  employerChoices(actor: SessionUser): Promise<Choice[]>
}

/** Searches kept at most: a result page is about 6 kB. */
const MAX_SEARCHES = 200

const conventionOf = (actor: SessionUser) => actor.conventionId ?? -1

export function offerListingsOf(db: Db, maxAgeMs: number): OfferListings {
  // no stale answers: past its age, a search is read again before answering
  const results = cacheOf<OfferSearchResult>(db, 'offer-search', { maxAgeMs, maxStaleMs: maxAgeMs, maxKeys: MAX_SEARCHES })
  const choices = cacheOf<Choice[]>(db, 'offer-search-employers', { maxAgeMs, maxStaleMs: maxAgeMs })
  return {
    async search(actor, filters, rawPage) {
      assertMaySearchOffers(actor)
      // a page number as the search handler lets through (1 to 6 digits); anything else is read apart
      const page = typeof rawPage === 'number' || typeof rawPage === 'string' ? String(rawPage) : '1'
      if (!/^\d{1,6}$/.test(page)) return searchOffers(db, actor, filters, rawPage)
      const key = `${conventionOf(actor)}|${page}|${JSON.stringify(filters)}`
      return (await results.get(key, () => searchOffers(db, actor, filters, page))).value
    },
    async employerChoices(actor) {
      return (await choices.get(String(conventionOf(actor)), () => listPartnerEmployerChoices(db, actor))).value
    },
  }
}
