import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { requireAuth } from '../../web/guards.ts'
import { createAccountsHandlers } from './handlers.ts'
import { createTwoFactorHandlers, ENROLMENT_PAGE, TWO_FACTOR_PAGE, VERIFICATION_PAGE } from './two-factor/handlers.ts'

export function createAccountsRouter(deps: RouterDeps) {
  const handlers = createAccountsHandlers(deps)
  const twoFactor = createTwoFactorHandlers(deps)
  const router = Router()
  router.get('/connexion', handlers.showLogin)
  router.post('/connexion', handlers.login)
  router.post('/deconnexion', handlers.logout)
  router.get('/mot-de-passe-oublie', handlers.showForgotPassword)
  router.post('/mot-de-passe-oublie', handlers.forgotPassword)
  router.get('/activation/:token', handlers.showSetPassword('activation'))
  router.post('/activation/nouveau-lien', handlers.resendActivation)
  router.post('/activation/:token', handlers.setPassword('activation'))
  router.get('/reinitialisation/:token', handlers.showSetPassword('reset'))
  router.post('/reinitialisation/:token', handlers.setPassword('reset'))
  router.get('/mon-compte', requireAuth, handlers.showMyAccount)
  router.get('/mon-compte/mot-de-passe', requireAuth, handlers.showChangePassword)
  router.post('/mon-compte/mot-de-passe', requireAuth, handlers.changePassword)
  router.post('/mon-compte/deconnexion-partout', requireAuth, handlers.signOutEverywhere)
  // « Double authentification »: the code after the password, and its settings under « Mon compte »
  router.get(VERIFICATION_PAGE, twoFactor.showVerification)
  router.post(VERIFICATION_PAGE, twoFactor.verify)
  router.get(TWO_FACTOR_PAGE, requireAuth, twoFactor.showStatus)
  router.get(ENROLMENT_PAGE, requireAuth, twoFactor.showEnrolment)
  router.post(ENROLMENT_PAGE, requireAuth, twoFactor.confirmEnrolment)
  router.get(`${TWO_FACTOR_PAGE}/desactiver`, requireAuth, twoFactor.showConfirm('disable'))
  router.post(`${TWO_FACTOR_PAGE}/desactiver`, requireAuth, twoFactor.disable)
  router.get(`${TWO_FACTOR_PAGE}/codes-de-secours`, requireAuth, twoFactor.showConfirm('regenerate'))
  router.post(`${TWO_FACTOR_PAGE}/codes-de-secours`, requireAuth, twoFactor.regenerate)
  return router
}
