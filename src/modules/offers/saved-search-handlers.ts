import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { actorOf } from '../../web/guards.ts'
import { idParam } from '../../web/params.ts'
import { renderOfferSearch } from './handlers.ts'
import { offerListingsOf } from './listings.ts'
import {
  deleteSavedSearch,
  findByStopToken,
  findSavedSearch,
  FREQUENCY_OPTIONS,
  listSavedSearches,
  MAX_SAVED_SEARCHES,
  parseEditForm,
  parseSaveForm,
  SAVED_SEARCHES_PATH,
  saveSearch,
  searchOfQuery,
  stopAlert,
  STOP_PATH,
  updateSavedSearch,
} from './saved-searches.ts'

export function createSavedSearchHandlers({ db, config }: RouterDeps) {
  const listings = offerListingsOf(db, config.listingsMaxAgeMs)
  const backToSearch = (query: string) => (/^[^#\s\\]*$/.test(query) && query ? `/offres?${query}` : '/offres')

  return {
    async list(req: Request, res: Response) {
      const searches = await listSavedSearches(db, actorOf(req))
      res.render('saved-searches/list', { title: 'Mes recherches enregistrées', searches, max: MAX_SAVED_SEARCHES })
    },

    async save(req: Request, res: Response) {
      const form = parseSaveForm(req.body)
      const query = typeof req.body?.recherche === 'string' ? req.body.recherche.replace(/^\?/, '').slice(0, 2000) : ''
      if (!form.ok) {
        const { recherche, ...fieldErrors } = form.errors
        // a query string too long to keep: no field for it, nothing typed to keep
        if (recherche) {
          req.flash('error', recherche)
          return res.redirect(backToSearch(''))
        }
        // the page the form was on, with the reasons next to its fields
        const values = { nom: String(req.body?.nom ?? '').slice(0, 1000), frequence: String(req.body?.frequence ?? '') }
        return renderOfferSearch(listings, req, res, { search: searchOfQuery(query), ignored: [], page: 1, saveForm: { errors: fieldErrors, values } })
      }
      const result = await saveSearch(db, config, actorOf(req), form.data)
      if (!result.ok) {
        req.flash(
          'error',
          `Vous avez déjà ${MAX_SAVED_SEARCHES} recherches enregistrées, le maximum. Supprimez-en une dans « Mes recherches enregistrées » pour enregistrer celle-ci.`,
        )
        return res.redirect(backToSearch(query))
      }
      req.flash('success', 'La recherche est enregistrée. Retrouvez-la dans « Mes recherches enregistrées ».')
      res.redirect(SAVED_SEARCHES_PATH)
    },

    async showEdit(req: Request, res: Response) {
      const search = await findSavedSearch(db, actorOf(req), idParam(req.params.id))
      res.render('saved-searches/edit', {
        title: `Modifier la recherche « ${search.name} »`,
        search,
        frequencyOptions: FREQUENCY_OPTIONS,
        values: { nom: search.name, frequence: search.frequency },
      })
    },

    async update(req: Request, res: Response) {
      const actor = actorOf(req)
      const id = idParam(req.params.id)
      const search = await findSavedSearch(db, actor, id)
      const form = parseEditForm(req.body)
      if (!form.ok) {
        return res.status(422).render('saved-searches/edit', {
          title: `Modifier la recherche « ${search.name} »`,
          search,
          frequencyOptions: FREQUENCY_OPTIONS,
          errors: form.errors,
          values: { nom: req.body?.nom ?? '', frequence: req.body?.frequence ?? '' },
        })
      }
      await updateSavedSearch(db, actor, id, form.data)
      req.flash('success', 'Les modifications de la recherche sont enregistrées.')
      res.redirect(SAVED_SEARCHES_PATH)
    },

    async remove(req: Request, res: Response) {
      const removed = await deleteSavedSearch(db, actorOf(req), idParam(req.params.id))
      req.flash('success', `La recherche « ${removed.name} » est supprimée.`)
      res.redirect(SAVED_SEARCHES_PATH)
    },

    // ───────────── the stop link of the alert e-mails: no sign-in, a signed token ─────────────

    async showStop(req: Request, res: Response) {
      const search = await findByStopToken(db, config.sessionSecret, req.params.token)
      if (!search) return res.status(404).render('saved-searches/stop', { title: 'Ce lien n’est pas valide', search: null, stopped: false })
      res.render('saved-searches/stop', {
        title: search.frequency === 'NEVER' ? 'Alerte déjà arrêtée' : 'Arrêter l’alerte',
        search,
        stopped: search.frequency === 'NEVER',
        action: `${STOP_PATH}/${String(req.params.token)}`,
      })
    },

    /** The button of the page, and the one-click POST of mail clients (RFC 8058): the token is the proof, no CSRF token. */
    async stop(req: Request, res: Response) {
      const search = await stopAlert(db, config.sessionSecret, req.params.token)
      if (!search) return res.status(404).render('saved-searches/stop', { title: 'Ce lien n’est pas valide', search: null, stopped: false })
      res.render('saved-searches/stop', { title: 'Alerte arrêtée', search, stopped: true })
    },
  }
}
