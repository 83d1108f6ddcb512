import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { requireAuth } from '../../web/guards.ts'
import { createAuthRateLimit } from '../../web/rate-limit.ts'
import { createAccountsHandlers } from './handlers.ts'

export function createAccountsRouter(deps: RouterDeps) {
  const handlers = createAccountsHandlers(deps)
  const loginLimit = createAuthRateLimit(deps.config, { countSuccesses: false })
  const emailLimit = createAuthRateLimit(deps.config, { countSuccesses: true })
  const router = Router()
  router.get('/connexion', handlers.showLogin)
  router.post('/connexion', loginLimit, handlers.login)
  router.post('/deconnexion', handlers.logout)
  router.get('/mot-de-passe-oublie', handlers.showForgotPassword)
  router.post('/mot-de-passe-oublie', emailLimit, handlers.forgotPassword)
  router.get('/activation/:token', handlers.showSetPassword('activation'))
  router.post('/activation/nouveau-lien', emailLimit, handlers.resendActivation)
  router.post('/activation/:token', handlers.setPassword('activation'))
  router.get('/reinitialisation/:token', handlers.showSetPassword('reset'))
  router.post('/reinitialisation/:token', handlers.setPassword('reset'))
  router.get('/mon-compte', requireAuth, handlers.showMyAccount)
  router.get('/mon-compte/mot-de-passe', requireAuth, handlers.showChangePassword)
  router.post('/mon-compte/mot-de-passe', requireAuth, handlers.changePassword)
  return router
}
