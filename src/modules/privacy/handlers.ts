import type { Request, Response, NextFunction } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { parseForm } from '../../lib/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { createAttemptStore, createThrottles } from '../../web/rate-limit.ts'
import { ZDeleteAccountForm } from './schemas.ts'
import { deleteCandidateAccount, exportCandidateData, recordExport } from './service.ts'

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })

export function createPrivacyHandlers({ db, config }: RouterDeps) {
  const throttles = createThrottles(config, createAttemptStore(db, config))
  const renderDelete = (res: Response, status: number, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) =>
    res.status(status).render('privacy/delete', { title: 'Supprimer mon compte', errors, values })

  return {
    show(_req: Request, res: Response) {
      res.render('privacy/index', { title: 'Mes données personnelles' })
    },

    async download(req: Request, res: Response) {
      const actor = actorOf(req)
      const data = await exportCandidateData(db, actor)
      await recordExport(db, actor)
      res.attachment(`mes-donnees-atouts-${parisDay.format(new Date())}.json`)
      res.type('application/json; charset=utf-8')
      res.send(JSON.stringify(data, null, 2))
    },

    showDelete(_req: Request, res: Response) {
      renderDelete(res, 200)
    },

    async delete(req: Request, res: Response, next: NextFunction) {
      const actor = actorOf(req)
      const form = parseForm(ZDeleteAccountForm, req.body)
      // the password is checked here: the sign-in page's limits apply
      const guard = throttles.password(req, actor.email)
      if (form.ok) await guard.check()
      const result = form.ok ? await deleteCandidateAccount({ db, config }, { actor, form: form.data }) : form
      if (!result.ok && 'wrongPassword' in result) await guard.fail()
      if (!result.ok) return renderDelete(res, 422, result.errors, { confirm: (req.body as Record<string, unknown>)?.confirm })
      req.logout((error) => {
        if (error) return next(error)
        req.session.regenerate((regenerateError) => {
          if (regenerateError) return next(regenerateError)
          req.flash('success', 'Votre compte et toutes vos données ont été supprimés.')
          res.redirect('/connexion')
        })
      })
    },
  }
}
