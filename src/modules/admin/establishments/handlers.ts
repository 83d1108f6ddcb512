import type { Request, Response } from 'express'
import type { RouterDeps } from '../../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../../lib/forms.ts'
import { keepValues } from '../../../web/forms.ts'
import { actorOf } from '../../../web/guards.ts'
import { idParam } from '../../../web/params.ts'
import { optionalIdFrom, searchQueryFrom } from '../common.ts'
import { conventionChoices } from '../conventions/service.ts'
import { ACTIVE_BADGES, ACTIVE_ESTABLISHMENT_LABELS, ESTABLISHMENT_KIND_LABELS, ESTABLISHMENT_KINDS } from '../labels.ts'
import { ZEstablishmentForm } from './schemas.ts'
import { createEstablishment, findEstablishmentForAdmin, listEstablishmentsForAdmin, setEstablishmentActive, updateEstablishment } from './service.ts'

type FormLocals = { errors?: FieldErrors; values?: Record<string, unknown> }

const kindOptions = ESTABLISHMENT_KINDS.map((kind) => ({ value: kind, label: ESTABLISHMENT_KIND_LABELS[kind] }))

export function createEstablishmentsHandlers({ db }: RouterDeps) {
  async function renderNew(res: Response, status: number, locals: FormLocals = {}) {
    res.status(status).render('admin/establishment-form', {
      title: 'Ajouter un établissement',
      establishment: null,
      action: '/admin/etablissements/nouveau',
      kindOptions,
      conventionOptions: await conventionChoices(db),
      ...locals,
    })
  }

  async function renderEdit(res: Response, status: number, establishmentId: number, locals: FormLocals = {}) {
    const establishment = await findEstablishmentForAdmin(db, establishmentId)
    res.status(status).render('admin/establishment-form', {
      title: `Modifier l’établissement ${establishment.name}`,
      establishment,
      action: `/admin/etablissements/${establishment.id}`,
      kindOptions,
      conventionOptions: await conventionChoices(db),
      activeLabels: ACTIVE_ESTABLISHMENT_LABELS,
      activeBadges: ACTIVE_BADGES,
      values: { name: establishment.name, kind: establishment.kind, city: establishment.city, conventionId: establishment.conventionId },
      ...locals,
    })
  }

  return {
    async list(req: Request, res: Response) {
      const query = searchQueryFrom(req.query.q)
      const conventionOptions = await conventionChoices(db)
      const askedConvention = optionalIdFrom(req.query.convention)
      const conventionId = conventionOptions.some((option) => option.value === askedConvention) ? askedConvention : null
      const { total, page, establishments } = await listEstablishmentsForAdmin(db, { query, conventionId, page: req.query.page })
      res.render('admin/establishments', {
        title: page.current > 1 ? `Établissements – page ${page.current}` : 'Établissements',
        query,
        conventionId,
        conventionName: conventionOptions.find((option) => option.value === conventionId)?.label ?? null,
        conventionOptions,
        values: { q: query, convention: conventionId ?? '' },
        total,
        page,
        establishments,
        kindLabels: ESTABLISHMENT_KIND_LABELS,
        activeLabels: ACTIVE_ESTABLISHMENT_LABELS,
        activeBadges: ACTIVE_BADGES,
      })
    },

    async showNew(req: Request, res: Response) {
      // from a convention's list of établissements, its convention is already chosen
      await renderNew(res, 200, { values: { conventionId: optionalIdFrom(req.query.convention) ?? '' } })
    },

    async create(req: Request, res: Response) {
      const form = parseForm(ZEstablishmentForm, req.body)
      const result = form.ok ? await createEstablishment({ db }, { actor: actorOf(req), form: form.data }) : form
      if (!result.ok) return renderNew(res, 422, { errors: result.errors, values: keepValues(req.body) })
      req.flash('success', `L’établissement ${form.ok ? form.data.name : ''} est ajouté. Invitez ses référents depuis « Utilisateurs ».`)
      res.redirect(form.ok ? `/admin/etablissements?convention=${form.data.conventionId}` : '/admin/etablissements')
    },

    async showEdit(req: Request, res: Response) {
      await renderEdit(res, 200, idParam(req.params.establishmentId))
    },

    async update(req: Request, res: Response) {
      const establishmentId = idParam(req.params.establishmentId)
      const form = parseForm(ZEstablishmentForm, req.body)
      const result = form.ok ? await updateEstablishment({ db }, { actor: actorOf(req), establishmentId, form: form.data }) : form
      if (!result.ok) return renderEdit(res, 422, establishmentId, { errors: result.errors, values: keepValues(req.body) })
      req.flash(result.changed ? 'success' : 'info', result.changed ? 'L’établissement est enregistré.' : 'Aucune modification : l’établissement est inchangé.')
      res.redirect(form.ok ? `/admin/etablissements?convention=${form.data.conventionId}` : '/admin/etablissements')
    },

    async deactivate(req: Request, res: Response) {
      const establishmentId = idParam(req.params.establishmentId)
      const result = await setEstablishmentActive({ db }, { actor: actorOf(req), establishmentId, active: false })
      req.flash(
        result.status === 'done' ? 'success' : 'info',
        result.status === 'done'
          ? `L’établissement ${result.name} est désactivé : il n’est plus proposé à l’inscription.`
          : `L’établissement ${result.name} est déjà désactivé.`,
      )
      res.redirect(`/admin/etablissements/${establishmentId}`)
    },

    async reactivate(req: Request, res: Response) {
      const establishmentId = idParam(req.params.establishmentId)
      const result = await setEstablishmentActive({ db }, { actor: actorOf(req), establishmentId, active: true })
      req.flash(
        result.status === 'done' ? 'success' : 'info',
        result.status === 'done' ? `L’établissement ${result.name} est réactivé.` : `L’établissement ${result.name} est déjà actif.`,
      )
      res.redirect(`/admin/etablissements/${establishmentId}`)
    },
  }
}
