import { askedPage } from '../../lib/pagination.ts'
import type { NextFunction, Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { Db } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { parseForm } from '../../lib/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { ZPreferencesForm } from './schemas.ts'
import { countUnreadNotifications, listNotifications, loadPreferences, markAllNotificationsRead, markNotificationRead, savePreferences } from './service.ts'
import { idParam } from '../../web/params.ts'
import { unreadNotificationsReadWithSession } from '../../web/session-store.ts'

/** Back to the page of the list the form was on. */
function listUrl(rawPage: unknown): string {
  const page = askedPage(rawPage)
  return page !== null && page > 1 ? `/notifications?page=${page}` : '/notifications'
}

/** Sets res.locals.unreadNotifications, for the header's "Notifications" link of a signed-in user. */
export function createUnreadCount(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.unreadNotifications = req.user ? (unreadNotificationsReadWithSession(req) ?? (await countUnreadNotifications(db, req.user.id))) : 0
    next()
  }
}

export function createNotificationsHandlers({ db }: RouterDeps) {
  return {
    async showPreferences(req: Request, res: Response) {
      const preferences = await loadPreferences(db, actorOf(req))
      res.render('notifications/preferences', { title: 'Alertes et notifications', preferences })
    },

    async savePreferences(req: Request, res: Response) {
      const form = parseForm(ZPreferencesForm, req.body)
      if (!form.ok) throw new AppError('BAD_REQUEST')
      await savePreferences(db, { actor: actorOf(req), form: form.data })
      req.flash('success', 'Vos choix d’alertes et de notifications sont enregistrés.')
      res.redirect('/mon-compte/alertes')
    },

    async listNotifications(req: Request, res: Response) {
      const result = await listNotifications(db, actorOf(req), { page: req.query.page })
      res.render('notifications/list', {
        title: result.page.current > 1 ? `Notifications – page ${result.page.current}` : 'Notifications',
        ...result,
      })
    },

    async markRead(req: Request, res: Response) {
      await markNotificationRead(db, { actor: actorOf(req), notificationId: idParam(req.params.notificationId) })
      req.flash('success', 'La notification est marquée comme lue.')
      res.redirect(listUrl((req.body as Record<string, unknown> | undefined)?.page))
    },

    async markAllRead(req: Request, res: Response) {
      const count = await markAllNotificationsRead(db, { actor: actorOf(req) })
      req.flash('success', count === 0 ? 'Vous n’avez aucune notification non lue.' : 'Toutes vos notifications sont marquées comme lues.')
      res.redirect('/notifications')
    },
  }
}
