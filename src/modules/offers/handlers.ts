import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { Offer } from '../../lib/db.ts'
import { actorOf } from '../../web/guards.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { formatDate, keptOptionsHtml } from '../../web/format.ts'
import { askedPage } from '../../lib/pagination.ts'
import { keptWith } from '../../lib/kept.ts'
import { pageUrl } from '../../web/pagination.ts'
import { renderFragment } from '../../web/view-engine.ts'
import { idParam } from '../../web/params.ts'
import { scopeOf, type EmployerScope } from '../employers/policy.ts'
import { lastPublicationInstant } from './dates.ts'
import { DEPARTMENTS, departmentLabel } from './departments.ts'
import {
  CONTRACT_LABELS,
  CONTRACT_SLUGS,
  CONTRACT_TYPES,
  OFFER_STATUS_BADGES,
  OFFER_STATUS_LABELS,
  PUBLISHED_SINCE_OPTIONS,
  SECTORS,
  SORT_OPTIONS,
} from './labels.ts'
import { displayStatusOf } from './policy.ts'
import {
  isFiltered,
  offerFormActionOf,
  offerFormBody,
  parseOfferForm,
  parseOfferSearch,
  safeSearchReturn,
  searchToQuery,
  type TOfferSearch,
} from './schemas.ts'
import { offerListingsOf, type OfferListings } from './listings.ts'
import { FREQUENCY_OPTIONS, queryOfSearch, summaryOf } from './saved-searches.ts'
import { closeOffer, createOffer, findEmployerOffer, findOfferForCandidate, listEmployerOffers, sectorChoices, updateOffer } from './service.ts'

const SEARCH_PATH = '/offres'

const pageSuffix = (page: number) => (page > 1 ? ` – page ${page}` : '')

/** What every offer page shows about an offer: labels ready for the view. */
function offerFacts(offer: Offer) {
  return {
    contract: CONTRACT_LABELS[offer.contractType],
    place: `${offer.city} – ${departmentLabel(offer.department)}`,
    lastDay: offer.endDate ? lastPublicationInstant(offer.endDate) : null,
    missions: (offer.missions ?? '')
      .split('\n')
      .map((line) => line.replace(/^[-•*]\s*/, '').trim())
      .filter(Boolean),
  }
}

/** « Enregistrer cette recherche » sent back with its errors: shown next to its fields, with what was typed. */
export type SaveSearchFormState = { errors: FieldErrors; values: { nom: string; frequence: string } }

/**
 * The /offres page of a search (the search handler), or of the search whose « Enregistrer cette
 * recherche » form was refused (saved-search-handlers.ts: status 422, the form's errors next to its fields).
 */
export async function renderOfferSearch(
  listings: OfferListings,
  req: Request,
  res: Response,
  { search, ignored, page, saveForm }: { search: TOfferSearch; ignored: string[]; page: unknown; saveForm?: SaveSearchFormState },
) {
  const actor = actorOf(req)
  const employerOptions = await listings.employerChoices(actor)
  if (search.employerId && !employerOptions.some((option) => option.value === String(search.employerId))) {
    ignored.push('l’employeur demandé ne fait pas partie des partenaires de votre convention')
    search.employerId = null
  }
  const result = await listings.search(actor, search, page)
  const query = searchToQuery(search)
  const here = pageUrl(SEARCH_PATH, query, result.page.current)
  const filtered = isFiltered(search)
  const forCandidate = actor.role === 'CANDIDATE'
  // the same for every reader of this result page (a convention's, shared a few seconds by listings.ts)
  const resultsHtml = keptWith(result, `${here}\n${forCandidate}`, () => {
    const offerLink = (id: number) => (here === SEARCH_PATH ? `/offres/${id}` : `/offres/${id}?retour=${encodeURIComponent(here)}`)
    const offers = result.offers.map((offer) => ({
      ...offer,
      link: offerLink(offer.id),
      contract: CONTRACT_LABELS[offer.contractType],
      place: `${offer.city} (${offer.department})`,
    }))
    return renderFragment('offers/partials/results', { offers, page: result.page, query, forCandidate, formatDate, pageUrl }, req.app.enabled('view cache'))
  })
  const selectedEmployer = search.employerId ? String(search.employerId) : ''
  res.status(saveForm ? 422 : 200).render('offers/search', {
    title: `${filtered ? 'Offres – résultats de la recherche' : 'Offres'}${pageSuffix(result.page.current)}`,
    search,
    filtered,
    ignored,
    query,
    result,
    resultsHtml,
    contractChoices: CONTRACT_TYPES.map((type) => ({
      value: CONTRACT_SLUGS[type],
      label: CONTRACT_LABELS[type],
      checked: search.contractTypes.includes(type),
    })),
    sectorOptions: SECTORS.map((sector) => ({ value: sector, label: sector })),
    sinceOptions: PUBLISHED_SINCE_OPTIONS.map((option) => ({ value: option.value, label: option.label })),
    sortOptions: SORT_OPTIONS,
    employerOptionsHtml: keptOptionsHtml(employerOptions, (option) => option, selectedEmployer),
    savedQuery: queryOfSearch(search),
    saveValues: saveForm?.values ?? {
      nom: summaryOf(search, employerOptions.find((option) => option.value === String(search.employerId))?.label ?? null),
      frequence: 'DAILY',
    },
    frequencyOptions: FREQUENCY_OPTIONS,
    // only the save form's fields can be wrong (the search's own are read leniently, see `ignored`)
    errors: saveForm?.errors ?? {},
    values: {
      motscles: search.keywords,
      lieu: search.place,
      secteur: search.sector ?? '',
      teletravail: search.remote,
      depuis: search.publishedWithinDays ? String(search.publishedWithinDays) : '',
      employeur: selectedEmployer,
      tri: search.sort,
    },
  })
}

export function createOffersHandlers({ db, config }: RouterDeps) {
  const listings = offerListingsOf(db, config.listingsMaxAgeMs)
  const formChoices = (scope: EmployerScope) => ({
    contractOptions: CONTRACT_TYPES.map((type) => ({ value: type, label: CONTRACT_LABELS[type] })),
    departmentOptions: DEPARTMENTS.map((department) => ({ value: department.code, label: `${department.code} – ${department.name}` })),
    sectorOptions: sectorChoices(scope.employerSector).map((sector) => ({ value: sector, label: sector })),
  })

  function renderForm(res: Response, status: number, scope: EmployerScope, offer: Offer | null, locals: Record<string, unknown> = {}) {
    const heading = offer ? `Modifier l’offre « ${offer.title} »` : 'Créer une offre'
    res.status(status).render('offers/form', {
      title: scope.byAdmin ? `${heading} – ${scope.employerName}` : heading,
      heading,
      scope,
      offer,
      displayStatus: offer ? displayStatusOf(offer) : null,
      statusLabels: OFFER_STATUS_LABELS,
      statusBadges: OFFER_STATUS_BADGES,
      action: offer ? `${scope.offersPath}/${offer.id}` : `${scope.offersPath}/nouvelle`,
      ...formChoices(scope),
      values: offerFormBody(offer, scope.employerSector),
      ...locals,
    })
  }

  return {
    // ───────────── candidates ─────────────

    async search(req: Request, res: Response) {
      const { search, ignored } = parseOfferSearch(req.query as Record<string, unknown>)
      // the form sends its empty fields too: show the same search at its short address, the one
      // that result links carry back with "Retour" (unless something must be said about it)
      const rawPage = askedPage(req.query.page) ?? 1
      const canonical = pageUrl(SEARCH_PATH, searchToQuery(search), rawPage)
      if (ignored.length === 0 && canonical !== req.originalUrl) return res.redirect(canonical)
      await renderOfferSearch(listings, req, res, { search, ignored, page: req.query.page })
    },

    async show(req: Request, res: Response) {
      const offer = await findOfferForCandidate(db, actorOf(req), idParam(req.params.id))
      res.render('offers/show', {
        title: `${offer.title} – ${offer.employer.name}`,
        offer,
        facts: offerFacts(offer),
        backLink: safeSearchReturn(req.query.retour) ?? SEARCH_PATH,
      })
    },

    // ───────────── recruiters, and administrators for an employer ─────────────

    async listMine(req: Request, res: Response) {
      const scope = scopeOf(res)
      const { total, page, offers } = await listEmployerOffers(db, scope, req.query.page)
      const heading = scope.byAdmin ? `Offres de ${scope.employerName}` : 'Mes offres'
      res.render('offers/mine', {
        title: `${heading}${pageSuffix(page.current)}`,
        heading,
        scope,
        total,
        page,
        offers: offers.map((offer) => ({
          ...offer,
          contract: CONTRACT_LABELS[offer.contractType],
          lastDay: offer.endDate ? lastPublicationInstant(offer.endDate) : null,
        })),
        statusLabels: OFFER_STATUS_LABELS,
        statusBadges: OFFER_STATUS_BADGES,
      })
    },

    showNew(_req: Request, res: Response) {
      renderForm(res, 200, scopeOf(res), null)
    },

    async create(req: Request, res: Response) {
      const scope = scopeOf(res)
      const action = offerFormActionOf(req.body)
      const form = parseOfferForm(req.body, sectorChoices(scope.employerSector))
      const result = form.ok ? await createOffer({ db }, { actor: actorOf(req), scope, form: form.data, action }) : form
      if (!result.ok) return renderForm(res, 422, scope, null, { errors: result.errors, values: keepValues(req.body, ['action']) })
      req.flash(
        'success',
        result.status === 'PUBLISHED'
          ? 'L’offre est publiée : les candidats peuvent la trouver.'
          : 'Le brouillon de l’offre est enregistré. Les candidats ne le voient pas.',
      )
      res.redirect(scope.offersPath)
    },

    async showEdit(req: Request, res: Response) {
      const scope = scopeOf(res)
      const offer = await findEmployerOffer(db, scope, idParam(req.params.id))
      renderForm(res, 200, scope, offer)
    },

    async update(req: Request, res: Response) {
      const scope = scopeOf(res)
      const offerId = idParam(req.params.id)
      const offer = await findEmployerOffer(db, scope, offerId)
      const action = offerFormActionOf(req.body)
      const form = parseOfferForm(req.body, sectorChoices(scope.employerSector))
      const result = form.ok ? await updateOffer({ db }, { actor: actorOf(req), scope, offerId, form: form.data, action }) : form
      if (!result.ok) return renderForm(res, 422, scope, offer, { errors: result.errors, values: keepValues(req.body, ['action']) })
      const published = result.status === 'PUBLISHED' && displayStatusOf(offer) !== 'PUBLISHED'
      req.flash(
        'success',
        published
          ? 'L’offre est publiée : les candidats peuvent la trouver.'
          : result.status === 'DRAFT'
            ? 'Le brouillon de l’offre est enregistré.'
            : 'Les modifications de l’offre sont enregistrées.',
      )
      res.redirect(scope.offersPath)
    },

    async close(req: Request, res: Response) {
      const scope = scopeOf(res)
      const result = await closeOffer({ db }, { actor: actorOf(req), scope, offerId: idParam(req.params.id) })
      if (result.ok) req.flash('success', 'L’offre est clôturée : les candidats ne la voient plus.')
      else req.flash('error', 'Seule une offre publiée peut être clôturée.')
      res.redirect(scope.offersPath)
    },
  }
}
