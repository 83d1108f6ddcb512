import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireAuth } from '../../web/guards.ts'
import { createNotificationsHandlers } from './handlers.ts'

export { createUnreadCount } from './handlers.ts'

/** Every signed-in role: its alert choices and its notification centre. */
export function createNotificationsRouter(deps: RouterDeps) {
  const handlers = createNotificationsHandlers(deps)
  const router = Router()
  router.get('/mon-compte/alertes', requireAuth, handlers.showPreferences)
  router.post('/mon-compte/alertes', requireAuth, handlers.savePreferences)
  router.get('/notifications', requireAuth, handlers.listNotifications)
  router.post('/notifications/tout-lu', requireAuth, handlers.markAllRead)
  router.post('/notifications/:notificationId/lue', requireAuth, handlers.markRead)
  return router
}
