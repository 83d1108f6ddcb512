import type { Request, Response } from 'express'
import type { RouterDeps } from '../../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../../lib/forms.ts'
import { keepValues } from '../../../web/forms.ts'
import { actorOf } from '../../../web/guards.ts'
import { ZRetentionForm } from './schemas.ts'
import { readRetentionSettings, updateRetentionSettings, WARNING_DAYS } from './service.ts'

type FormLocals = { errors?: FieldErrors; values?: Record<string, unknown> }

/** « Administration » › « Conservation des données ». */
export function createRetentionHandlers({ db }: RouterDeps) {
  async function render(res: Response, status: number, locals: FormLocals = {}) {
    const settings = await readRetentionSettings(db)
    res.status(status).render('admin/retention', { title: 'Conservation des données', warningDays: WARNING_DAYS, values: settings, ...locals })
  }

  return {
    async show(_req: Request, res: Response) {
      await render(res, 200)
    },

    async update(req: Request, res: Response) {
      const form = parseForm(ZRetentionForm, req.body)
      if (!form.ok) return render(res, 422, { errors: form.errors, values: keepValues(req.body) })
      const result = await updateRetentionSettings(db, { actor: actorOf(req), form: form.data })
      req.flash(
        result.changed ? 'success' : 'info',
        result.changed ? 'Les durées de conservation sont enregistrées.' : 'Aucune modification : les durées de conservation sont inchangées.',
      )
      res.redirect('/admin/conservation-des-donnees')
    },
  }
}
