import type { Request, Response } from 'express'
import type { RouterDeps } from '../../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../../lib/forms.ts'
import { keepValues } from '../../../web/forms.ts'
import { actorOf } from '../../../web/guards.ts'
import { idParam } from '../../../web/params.ts'
import { searchQueryFrom } from '../common.ts'
import { ACTIVE_BADGES, ACTIVE_LABELS } from '../labels.ts'
import { ZConventionForm } from './schemas.ts'
import { createConvention, findConventionForAdmin, listConventionsForAdmin, setConventionActive, updateConvention } from './service.ts'

type FormLocals = { errors?: FieldErrors; values?: Record<string, unknown> }

export function createConventionsHandlers({ db }: RouterDeps) {
  function renderNew(res: Response, status: number, locals: FormLocals = {}) {
    res.status(status).render('admin/convention-form', { title: 'Ajouter une convention', convention: null, action: '/admin/conventions/nouvelle', ...locals })
  }

  async function renderEdit(res: Response, status: number, conventionId: number, locals: FormLocals = {}) {
    const convention = await findConventionForAdmin(db, conventionId)
    res.status(status).render('admin/convention-form', {
      title: `Modifier la convention ${convention.name}`,
      convention,
      action: `/admin/conventions/${convention.id}`,
      activeLabels: ACTIVE_LABELS,
      activeBadges: ACTIVE_BADGES,
      values: { name: convention.name, region: convention.region },
      ...locals,
    })
  }

  return {
    async list(req: Request, res: Response) {
      const query = searchQueryFrom(req.query.q)
      const { total, page, conventions } = await listConventionsForAdmin(db, { query, page: req.query.page })
      res.render('admin/conventions', {
        title: page.current > 1 ? `Conventions – page ${page.current}` : 'Conventions',
        query,
        values: { q: query },
        total,
        page,
        conventions,
        activeLabels: ACTIVE_LABELS,
        activeBadges: ACTIVE_BADGES,
      })
    },

    showNew(_req: Request, res: Response) {
      renderNew(res, 200)
    },

    async create(req: Request, res: Response) {
      const form = parseForm(ZConventionForm, req.body)
      const result = form.ok ? await createConvention({ db }, { actor: actorOf(req), form: form.data }) : form
      if (!result.ok) return renderNew(res, 422, { errors: result.errors, values: keepValues(req.body) })
      req.flash('success', `La convention ${form.ok ? form.data.name : ''} est ajoutée. Ajoutez-lui maintenant ses établissements.`)
      res.redirect('/admin/conventions')
    },

    async showEdit(req: Request, res: Response) {
      await renderEdit(res, 200, idParam(req.params.conventionId))
    },

    async update(req: Request, res: Response) {
      const conventionId = idParam(req.params.conventionId)
      const form = parseForm(ZConventionForm, req.body)
      const result = form.ok ? await updateConvention({ db }, { actor: actorOf(req), conventionId, form: form.data }) : form
      if (!result.ok) return renderEdit(res, 422, conventionId, { errors: result.errors, values: keepValues(req.body) })
      req.flash(result.changed ? 'success' : 'info', result.changed ? 'La convention est enregistrée.' : 'Aucune modification : la convention est inchangée.')
      res.redirect('/admin/conventions')
    },

    async deactivate(req: Request, res: Response) {
      const conventionId = idParam(req.params.conventionId)
      const result = await setConventionActive({ db }, { actor: actorOf(req), conventionId, active: false })
      req.flash(
        result.status === 'done' ? 'success' : 'info',
        result.status === 'done'
          ? `La convention ${result.name} est désactivée : ses établissements ne sont plus proposés à l’inscription.`
          : `La convention ${result.name} est déjà désactivée.`,
      )
      res.redirect(`/admin/conventions/${conventionId}`)
    },

    async reactivate(req: Request, res: Response) {
      const conventionId = idParam(req.params.conventionId)
      const result = await setConventionActive({ db }, { actor: actorOf(req), conventionId, active: true })
      req.flash(
        result.status === 'done' ? 'success' : 'info',
        result.status === 'done'
          ? `La convention ${result.name} est réactivée : ses établissements actifs sont de nouveau proposés à l’inscription.`
          : `La convention ${result.name} est déjà active.`,
      )
      res.redirect(`/admin/conventions/${conventionId}`)
    },
  }
}
