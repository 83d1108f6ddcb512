import type { Request, Response } from 'express'
import type { RouterDeps } from '../../app.ts'
import type { Employer } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { actorOf } from '../../web/guards.ts'
import { keepValues, parseForm } from '../../web/forms.ts'
import { CONTRACT_LABELS } from '../offers/labels.ts'
import { sectorChoices } from '../offers/service.ts'
import { idParam, scopeOf, type EmployerScope } from './policy.ts'
import { COLLEAGUE_STATUS_LABELS } from './labels.ts'
import { employerPageSchema, ZInviteColleagueForm } from './schemas.ts'
import {
  COMPANY_PAGE_OFFERS,
  findPartnerEmployer,
  inviteColleague,
  listColleagues,
  listEmployersForAdmin,
  listPartnerEmployers,
  loadEmployerPage,
  updateEmployerPage,
} from './service.ts'

const pageSuffix = (page: number) => (page > 1 ? ` – page ${page}` : '')

/** "Toulouse, Albi" from the head office and the other places, without repeating one. */
function placesOf(employer: Pick<Employer, 'city' | 'places'>): string {
  const places = [employer.city, ...(employer.places ?? '').split(',')].map((place) => place.trim()).filter(Boolean)
  return [...new Set(places)].join(', ')
}

export function createEmployersHandlers({ db, config }: RouterDeps) {
  function renderPageForm(res: Response, status: number, scope: EmployerScope, employer: Employer, locals: Record<string, unknown> = {}) {
    res.status(status).render('employers/page-form', {
      title: scope.byAdmin ? `Page employeur : ${scope.employerName}` : 'Page employeur',
      scope,
      employer,
      sectorOptions: sectorChoices(employer.sector).map((sector) => ({ value: sector, label: sector })),
      values: { description: employer.description, sector: employer.sector, city: employer.city, places: employer.places ?? '', website: employer.website ?? '' },
      ...locals,
    })
  }

  async function renderTeam(res: Response, status: number, scope: EmployerScope, locals: Record<string, unknown> = {}) {
    const colleagues = await listColleagues(db, scope)
    res.status(status).render('employers/team', {
      title: 'Équipe de recrutement',
      scope,
      colleagues,
      statusLabels: COLLEAGUE_STATUS_LABELS,
      ...locals,
    })
  }

  return {
    // ───────────── candidates ─────────────

    async list(req: Request, res: Response) {
      const { total, page, employers } = await listPartnerEmployers(db, actorOf(req), req.query.page)
      res.render('employers/list', { title: `Employeurs${pageSuffix(page.current)}`, total, page, employers })
    },

    async show(req: Request, res: Response) {
      const found = await findPartnerEmployer(db, actorOf(req), idParam(req.params.id))
      if (!found) throw new AppError('NOT_FOUND')
      const { employer, openOffers, offers } = found
      res.render('employers/show', {
        title: employer.name,
        employer,
        places: placesOf(employer),
        openOffers,
        offers: offers.map((offer) => ({ ...offer, contract: CONTRACT_LABELS[offer.contractType] })),
        moreOffers: openOffers > COMPANY_PAGE_OFFERS,
      })
    },

    // ───────────── recruiters, and administrators for an employer ─────────────

    async showPage(_req: Request, res: Response) {
      const scope = scopeOf(res)
      renderPageForm(res, 200, scope, await loadEmployerPage(db, scope))
    },

    async updatePage(req: Request, res: Response) {
      const scope = scopeOf(res)
      const employer = await loadEmployerPage(db, scope)
      const form = parseForm(employerPageSchema(sectorChoices(employer.sector)), req.body)
      if (!form.ok) return renderPageForm(res, 422, scope, employer, { errors: form.errors, values: keepValues(req.body) })
      await updateEmployerPage({ db }, { actor: actorOf(req), scope, form: form.data })
      req.flash('success', 'La page employeur est enregistrée.')
      res.redirect(scope.pagePath)
    },

    async showTeam(_req: Request, res: Response) {
      await renderTeam(res, 200, scopeOf(res))
    },

    async invite(req: Request, res: Response) {
      const scope = scopeOf(res)
      const form = parseForm(ZInviteColleagueForm, req.body)
      const result = form.ok ? await inviteColleague({ db, config }, { actor: actorOf(req), scope, form: form.data }) : form
      if (!result.ok) return renderTeam(res, 422, scope, { errors: result.errors, values: keepValues(req.body) })
      req.flash('success', `L’invitation est envoyée à ${form.ok ? form.data.email : ''} : votre collègue y trouvera un lien pour choisir son mot de passe, valable 7 jours.`)
      res.redirect(scope.teamPath ?? scope.pagePath)
    },

    // ───────────── administrators ─────────────

    async listForAdmin(req: Request, res: Response) {
      const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : ''
      const { total, page, employers } = await listEmployersForAdmin(db, { query, page: req.query.page })
      res.render('employers/admin-list', { title: `Gestion des employeurs${pageSuffix(page.current)}`, query, total, page, employers })
    },
  }
}
