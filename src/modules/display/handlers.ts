import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { parseForm } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { ZDisplaySettingsForm } from './schemas.ts'
import { saveDisplaySettings } from './service.ts'
import { DISPLAY_COOKIE, DISPLAY_COOKIE_MAX_AGE_MS, DISPLAY_SETTINGS, serializeDisplaySettings, type DisplaySettings } from './settings.ts'

const TITLE = 'Paramètres d’affichage'

export function createDisplayHandlers({ db, config }: RouterDeps) {
  const render = (res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string> = {}) =>
    res.status(status).render('display/settings', { title: TITLE, settings: DISPLAY_SETTINGS, values, errors })

  /** The browser's copy: SameSite=Lax, long-lived; no script reads it. */
  const setCookie = (res: Response, settings: DisplaySettings) =>
    res.cookie(DISPLAY_COOKIE, serializeDisplaySettings(settings), {
      maxAge: DISPLAY_COOKIE_MAX_AGE_MS,
      sameSite: 'lax',
      httpOnly: true,
      secure: config.isProduction,
      path: '/',
    })

  return {
    showSettings(_req: Request, res: Response) {
      render(res, 200, { ...(res.locals.displaySettings as DisplaySettings) })
    },

    async saveSettings(req: Request, res: Response) {
      const form = parseForm(ZDisplaySettingsForm, req.body)
      if (!form.ok) return render(res, 422, keepValues(req.body), form.errors)
      if (req.user) {
        await saveDisplaySettings(db, { actor: req.user, settings: form.data })
        // a browser that had a visitor's choice keeps the same one after signing out
        if (req.cookies?.[DISPLAY_COOKIE] !== undefined) setCookie(res, form.data)
      } else {
        setCookie(res, form.data)
      }
      req.flash('success', 'Vos paramètres d’affichage sont enregistrés. Ils s’appliquent à toutes les pages.')
      res.redirect('/parametres-affichage')
    },
  }
}
