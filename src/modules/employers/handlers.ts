import { createHash } from 'node:crypto'
import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { Employer } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { actorOf } from '../../web/guards.ts'
import { createUploadReceiver } from '../../web/uploads.ts'
import { parseForm } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { CONTRACT_LABELS, SECTORS } from '../offers/labels.ts'
import { sectorChoices } from '../offers/service.ts'
import { STATUS_LABELS as SPONSORSHIP_STATUS_LABELS } from '../sponsorships/labels.ts'
import { idParam } from '../../web/params.ts'
import { findEmployerVisibleToCandidate, scopeOf, type EmployerScope } from './policy.ts'
import { COLLEAGUE_STATUS_LABELS } from './labels.ts'
import { employerPageSchema, newEmployerSchema, ZInviteColleagueForm, ZPartnerConventionsForm } from './schemas.ts'
import {
  COMPANY_PAGE_OFFERS,
  createEmployerByAdmin,
  deleteEmployerLogo,
  findPartnerEmployer,
  inviteColleague,
  listColleagues,
  listConventionsForPartnership,
  listEmployersForAdmin,
  listPartnerEmployersKept,
  loadEmployerPage,
  LOGO_MESSAGES,
  MAX_LOGO_SIZE,
  partnerConventionIds,
  readEmployerLogo,
  updateEmployerLogo,
  updateEmployerPage,
  updatePartnerConventions,
} from './service.ts'

const pageSuffix = (page: number) => (page > 1 ? ` – page ${page}` : '')

/** The convention boxes checked in a form that is shown again with its errors. */
function checkedConventionIds(body: unknown): number[] {
  const raw = (body as { conventionIds?: unknown } | undefined)?.conventionIds
  return ([] as unknown[])
    .concat(raw ?? [])
    .filter((id): id is string => typeof id === 'string' && /^\d{1,9}$/.test(id))
    .map(Number)
}

/** "Toulouse, Albi" from the head office and the other places, without repeating one. */
function placesOf(employer: Pick<Employer, 'city' | 'places'>): string {
  const places = [employer.city, ...(employer.places ?? '').split(',')].map((place) => place.trim()).filter(Boolean)
  return [...new Set(places)].join(', ')
}

/**
 * The address of an employer's logo image, or null. The version (a digest of the storage key, which
 * itself stays private) changes with the logo, so a browser never keeps showing the replaced one.
 */
function logoSource(path: string, logoPath: string | null): string | null {
  if (!logoPath) return null
  return `${path}?v=${createHash('sha256').update(logoPath).digest('hex').slice(0, 12)}`
}

/** Held in memory (1 MB at most) until its content is checked; only then written to disk. */
/** The logo, held in memory (1 MB at most) until its content is checked. */
const receiveLogo = createUploadReceiver({
  field: 'logo',
  maxSize: MAX_LOGO_SIZE,
  maxFields: 5,
  tooLarge: LOGO_MESSAGES.tooLarge,
  oneFileOnly: 'Envoyez une seule image, avec le champ « Logo ».',
  what: 'employer logo',
})

/** An image others may cache for an hour in their own browser only; its type is the one read from its content. */
function sendLogo(res: Response, logo: { content: Buffer; mimeType: string } | null) {
  if (!logo) throw new AppError('NOT_FOUND')
  res.set({ 'Content-Type': logo.mimeType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, max-age=3600' })
  res.send(logo.content)
}

export function createEmployersHandlers({ db, config }: RouterDeps) {
  function renderPageForm(res: Response, status: number, scope: EmployerScope, employer: Employer, locals: Record<string, unknown> = {}) {
    res.status(status).render('employers/page-form', {
      title: scope.byAdmin ? `Page employeur : ${scope.employerName}` : 'Page employeur',
      scope,
      employer,
      logoSource: logoSource(`${scope.pagePath}/logo`, employer.logoPath),
      sectorOptions: sectorChoices(employer.sector).map((sector) => ({ value: sector, label: sector })),
      values: {
        description: employer.description,
        sector: employer.sector,
        city: employer.city,
        places: employer.places ?? '',
        website: employer.website ?? '',
        contactEmail: employer.contactEmail ?? '',
      },
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

  async function renderNewForAdmin(
    res: Response,
    status: number,
    locals: { errors?: Record<string, string>; values?: Record<string, unknown>; chosen?: number[] } = {},
  ) {
    res.status(status).render('employers/admin-new', {
      title: 'Ajouter un employeur',
      sectorOptions: SECTORS.map((sector) => ({ value: sector, label: sector })),
      conventions: await listConventionsForPartnership(db),
      chosen: [],
      ...locals,
    })
  }

  async function renderPartnerConventions(
    res: Response,
    status: number,
    scope: EmployerScope,
    locals: { errors?: Record<string, string>; chosen?: number[] } = {},
  ) {
    res.status(status).render('employers/admin-conventions', {
      title: `Conventions partenaires : ${scope.employerName}`,
      scope,
      conventions: await listConventionsForPartnership(db),
      chosen: await partnerConventionIds(db, scope),
      ...locals,
    })
  }

  return {
    // ───────────── candidates ─────────────

    async list(req: Request, res: Response) {
      const { total, page, employers } = await listPartnerEmployersKept(db, actorOf(req), req.query.page, config.listingsMaxAgeMs)
      res.render('employers/list', {
        title: `Employeurs${pageSuffix(page.current)}`,
        total,
        page,
        employers: employers.map(({ logoPath, ...employer }) => ({ ...employer, logoSource: logoSource(`/employeurs/${employer.id}/logo`, logoPath) })),
      })
    },

    async show(req: Request, res: Response) {
      const actor = actorOf(req)
      const { employer, openOffers, offers, sponsorship } = await findPartnerEmployer(db, actor, idParam(req.params.id))
      res.render('employers/show', {
        title: employer.name,
        employer,
        logoSource: logoSource(`/employeurs/${employer.id}/logo`, employer.logoPath),
        sponsorship: sponsorship ? { ...sponsorship, statusLabel: SPONSORSHIP_STATUS_LABELS[sponsorship.status] } : null,
        places: placesOf(employer),
        openOffers,
        offers: offers.map((offer) => ({ ...offer, contract: CONTRACT_LABELS[offer.contractType] })),
        moreOffers: openOffers > COMPANY_PAGE_OFFERS,
      })
    },

    /** A partner's logo: the same scope as its company page (404 otherwise). */
    async showLogo(req: Request, res: Response) {
      const employer = await findEmployerVisibleToCandidate(db, actorOf(req), idParam(req.params.id))
      sendLogo(res, await readEmployerLogo(config, employer))
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

    async showPageLogo(_req: Request, res: Response) {
      sendLogo(res, await readEmployerLogo(config, await loadEmployerPage(db, scopeOf(res))))
    },

    async updateLogo(req: Request, res: Response) {
      const scope = scopeOf(res)
      const uploadError = await receiveLogo(req, res)
      const file = req.file ? { content: req.file.buffer, originalName: req.file.originalname } : null
      const result = uploadError
        ? { ok: false as const, errors: { logo: uploadError } }
        : file
          ? await updateEmployerLogo({ db, config }, { actor: actorOf(req), scope, file })
          : { ok: false as const, errors: { logo: LOGO_MESSAGES.missing } }
      if (!result.ok) return renderPageForm(res, 422, scope, await loadEmployerPage(db, scope), { errors: result.errors })
      req.flash('success', 'Le logo est enregistré. Il s’affiche sur la page de l’employeur et dans la liste « Employeurs ».')
      res.redirect(scope.pagePath)
    },

    async deleteLogo(req: Request, res: Response) {
      const scope = scopeOf(res)
      const deleted = await deleteEmployerLogo({ db, config }, { actor: actorOf(req), scope })
      req.flash(deleted ? 'success' : 'info', deleted ? 'Le logo est supprimé.' : 'Aucun logo à supprimer.')
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
      req.flash(
        'success',
        `L’invitation est envoyée à ${form.ok ? form.data.email : ''} : votre collègue y trouvera un lien pour choisir son mot de passe, valable 7 jours.`,
      )
      res.redirect(scope.teamPath ?? scope.pagePath)
    },

    // ───────────── administrators ─────────────

    async listForAdmin(req: Request, res: Response) {
      const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : ''
      const conventions = await listConventionsForPartnership(db)
      const asked = typeof req.query.convention === 'string' && /^\d{1,9}$/.test(req.query.convention) ? Number(req.query.convention) : null
      const convention = conventions.find((candidate) => candidate.id === asked) ?? null
      const { total, page, employers } = await listEmployersForAdmin(db, { query, page: req.query.page, conventionId: convention?.id ?? null })
      res.render('employers/admin-list', {
        title: `Gestion des employeurs${pageSuffix(page.current)}`,
        query,
        convention,
        conventionOptions: conventions.map((option) => ({ value: option.id, label: option.active ? option.name : `${option.name} (désactivée)` })),
        values: { q: query, convention: convention?.id ?? '' },
        total,
        page,
        employers,
      })
    },

    async showNewForAdmin(_req: Request, res: Response) {
      await renderNewForAdmin(res, 200)
    },

    async createForAdmin(req: Request, res: Response) {
      const form = parseForm(newEmployerSchema(SECTORS), req.body)
      const result = form.ok ? await createEmployerByAdmin({ db }, { actor: actorOf(req), form: form.data }) : form
      if (!result.ok) {
        return renderNewForAdmin(res, 422, { errors: result.errors, values: keepValues(req.body, ['conventionIds']), chosen: checkedConventionIds(req.body) })
      }
      const name = form.ok ? form.data.name : ''
      req.flash('success', `L’employeur ${name} est ajouté. Invitez ses recruteurs depuis « Utilisateurs », ou publiez ses offres depuis sa page.`)
      res.redirect(`/admin/employeurs?q=${encodeURIComponent(name)}`)
    },

    async showPartnerConventions(_req: Request, res: Response) {
      await renderPartnerConventions(res, 200, scopeOf(res))
    },

    async updatePartnerConventions(req: Request, res: Response) {
      const scope = scopeOf(res)
      const form = parseForm(ZPartnerConventionsForm, req.body)
      const result = form.ok ? await updatePartnerConventions({ db }, { actor: actorOf(req), scope, conventionIds: form.data.conventionIds }) : form
      if (!result.ok) return renderPartnerConventions(res, 422, scope, { errors: result.errors, chosen: checkedConventionIds(req.body) })
      const changed = result.added.length + result.removed.length > 0
      req.flash(
        changed ? 'success' : 'info',
        changed
          ? `Les conventions partenaires de ${scope.employerName} sont enregistrées.`
          : `Aucune modification : les conventions partenaires de ${scope.employerName} sont inchangées.`,
      )
      res.redirect(`/admin/employeurs?q=${encodeURIComponent(scope.employerName)}`)
    },
  }
}
