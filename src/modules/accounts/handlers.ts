import type { NextFunction, Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { Role } from '../../lib/db.ts'
import { PASSWORD_RULE } from '../../lib/passwords.ts'
import { actorOf } from '../../web/guards.ts'
import { parseForm } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { loadSessionUser, LOGIN_FAILED } from '../../web/auth.ts'
import { createAttemptStore, createThrottles } from '../../web/rate-limit.ts'
import { ZChangePasswordForm, ZEmailForm, ZLoginForm, ZSetPasswordForm } from './schemas.ts'
import { startSecondFactorStep, TWO_FACTOR_PAGE } from './two-factor/handlers.ts'
import {
  changePassword,
  checkPasswordLink,
  requestPasswordReset,
  resendActivationLink,
  setPasswordWithLink,
  signOutEverywhere,
  type LinkPurpose,
} from './service.ts'

/** Only a path of this site: never an open redirect to another host. */
function safeReturnTo(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/tableau-de-bord'
}

type AccountEntry = { href: string; label: string; description: string }

/** "Mon compte": the tutorial's four entries for a candidate (and their personal data), the ones that apply for the other roles. */
function myAccountEntries(role: Role): AccountEntry[] {
  const profile = {
    href: '/mon-compte/informations',
    label: 'Modifier mes informations',
    description: 'Votre identité, votre contact famille, votre recherche et votre projet professionnel. Visible uniquement par votre référent.',
  }
  const documents = {
    href: '/mon-compte/documents',
    label: 'Mes documents',
    description: 'Vos CV, lettres de motivation et autres documents : les ajouter, les télécharger, les renommer, les supprimer.',
  }
  const alerts = { href: '/mon-compte/alertes', label: 'Alertes et notifications', description: 'Choisir ce qui vous est signalé par e-mail ou dans le site.' }
  const password = {
    href: '/mon-compte/mot-de-passe',
    label: 'Modifier mon mot de passe',
    description: 'Changer le mot de passe que vous utilisez pour vous connecter.',
  }
  const data = { href: '/mon-compte/donnees', label: 'Mes données personnelles', description: 'Qui voit vos données, les télécharger, supprimer votre compte.' }
  const twoFactor = {
    href: TWO_FACTOR_PAGE,
    label: 'Double authentification',
    description: 'Protéger votre compte par un code à usage unique, donné par une application de votre téléphone, en plus du mot de passe.',
  }
  const savedSearches = {
    href: '/mon-compte/recherches',
    label: 'Mes recherches enregistrées',
    description: 'Vos recherches d’offres : les relancer, choisir la fréquence des alertes par e-mail, les modifier ou les supprimer.',
  }
  if (role === 'CANDIDATE') return [profile, documents, savedSearches, alerts, password, twoFactor, data]
  return [alerts, password, twoFactor]
}

export function createAccountsHandlers({ db, config, authenticator }: RouterDeps) {
  const throttles = createThrottles(config, createAttemptStore(db, config))
  const renderLogin = (res: Response, status: number, locals: Record<string, unknown> = {}) =>
    res.status(status).render('accounts/login', { title: 'Se connecter', ...locals })

  const linkPage = {
    activation: { view: 'accounts/set-password', title: 'Créer votre compte en choisissant un mot de passe' },
    reset: { view: 'accounts/set-password', title: 'Choisir un nouveau mot de passe' },
  } as const

  const renderInvalidLink = (res: Response, purpose: LinkPurpose, reason: 'expired' | 'used' | 'unknown') =>
    res.status(410).render('accounts/link-invalid', { title: 'Ce lien n’est plus valide', purpose, reason })

  return {
    showLogin(req: Request, res: Response) {
      if (req.user) return res.redirect('/tableau-de-bord')
      renderLogin(res, 200)
    },

    async login(req: Request, res: Response, next: NextFunction) {
      const form = parseForm(ZLoginForm, req.body)
      if (!form.ok) return renderLogin(res, 422, { errors: form.errors, values: keepValues(req.body) })
      req.body.email = form.data.email
      const guard = throttles.password(req, form.data.email)
      await guard.check()
      const returnTo = req.session.returnTo
      authenticator.authenticate('local', (error: unknown, user: Express.User | false, info?: { message?: string }) => {
        if (error) return next(error)
        if (!user) {
          return guard.fail().then(() => renderLogin(res, 401, { errors: { email: info?.message ?? LOGIN_FAILED }, values: keepValues(req.body) }), next)
        }
        guard.succeed().then(() => {
          // « Double authentification »: not signed in before the code is right
          if (user.twoFactorEnabled) return startSecondFactorStep(req, res, next, { userId: user.id, returnTo: safeReturnTo(returnTo) })
          // logIn regenerates the session (no fixation)
          req.logIn(user, (loginError) => {
            if (loginError) return next(loginError)
            res.redirect(safeReturnTo(returnTo))
          })
        }, next)
      })(req, res, next)
    },

    logout(req: Request, res: Response, next: NextFunction) {
      req.logout((error) => {
        if (error) return next(error)
        req.session.regenerate((regenerateError) => {
          if (regenerateError) return next(regenerateError)
          req.flash('success', 'Vous êtes déconnecté. À bientôt !')
          res.redirect('/connexion')
        })
      })
    },

    showForgotPassword(_req: Request, res: Response) {
      res.render('accounts/forgot-password', { title: 'Mot de passe oublié' })
    },

    async forgotPassword(req: Request, res: Response) {
      const guard = throttles.emailedLink(req)
      await guard.check()
      await guard.record()
      const form = parseForm(ZEmailForm, req.body)
      if (!form.ok) {
        return res.status(422).render('accounts/forgot-password', { title: 'Mot de passe oublié', errors: form.errors, values: keepValues(req.body) })
      }
      await requestPasswordReset({ db, config }, form.data.email)
      req.flash(
        'success',
        `Si un compte existe pour l’adresse ${form.data.email}, un e-mail vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe. Pensez à regarder dans les courriers indésirables.`,
      )
      res.redirect('/connexion')
    },

    showSetPassword(purpose: LinkPurpose) {
      return async (req: Request, res: Response) => {
        const token = String(req.params.token)
        const check = await checkPasswordLink(db, purpose, token)
        if (check.status !== 'valid') return renderInvalidLink(res, purpose, check.status)
        res.render(linkPage[purpose].view, { title: linkPage[purpose].title, purpose, email: check.user.email, passwordRule: PASSWORD_RULE })
      }
    },

    setPassword(purpose: LinkPurpose) {
      return async (req: Request, res: Response, next: NextFunction) => {
        const token = String(req.params.token)
        const form = parseForm(ZSetPasswordForm, req.body)
        if (!form.ok) {
          const check = await checkPasswordLink(db, purpose, token)
          if (check.status !== 'valid') return renderInvalidLink(res, purpose, check.status)
          return res.status(422).render(linkPage[purpose].view, {
            title: linkPage[purpose].title,
            purpose,
            email: check.user.email,
            passwordRule: PASSWORD_RULE,
            errors: form.errors,
          })
        }
        const result = await setPasswordWithLink({ db }, { purpose, token, password: form.data.password })
        if (result.status !== 'done') return renderInvalidLink(res, purpose, result.status)
        const user = await loadSessionUser(db, result.userId)
        if (!user) return res.redirect('/connexion')
        // a link by email is not the second factor: the code is still asked
        if (user.twoFactorEnabled) {
          return startSecondFactorStep(req, res, next, {
            userId: user.id,
            returnTo: '/tableau-de-bord',
            message: 'Votre nouveau mot de passe est enregistré. Saisissez votre code de vérification pour vous connecter.',
          })
        }
        req.logIn(user, (error) => {
          if (error) return next(error)
          req.flash(
            'success',
            purpose === 'activation' ? 'Votre mot de passe est enregistré : bienvenue sur Atouts pour tous !' : 'Votre nouveau mot de passe est enregistré.',
          )
          res.redirect('/tableau-de-bord')
        })
      }
    },

    async resendActivation(req: Request, res: Response) {
      const guard = throttles.emailedLink(req)
      await guard.check()
      await guard.record()
      const form = parseForm(ZEmailForm, req.body)
      if (!form.ok) {
        return res.status(422).render('accounts/link-invalid', {
          title: 'Ce lien n’est plus valide',
          purpose: 'activation',
          reason: 'expired',
          errors: form.errors,
          values: keepValues(req.body),
        })
      }
      await resendActivationLink({ db, config }, form.data.email)
      req.flash('success', `Si un compte en attente d’activation existe pour l’adresse ${form.data.email}, un nouveau lien vient de lui être envoyé.`)
      res.redirect('/connexion')
    },

    showChangePassword(_req: Request, res: Response) {
      res.render('accounts/change-password', { title: 'Modifier mon mot de passe', passwordRule: PASSWORD_RULE })
    },

    async changePassword(req: Request, res: Response, next: NextFunction) {
      const actor = actorOf(req)
      const form = parseForm(ZChangePasswordForm, req.body)
      // the current password is a password guess like any other: the sign-in page's limits apply
      const guard = throttles.password(req, actor.email)
      if (form.ok) await guard.check()
      const result = form.ok ? await changePassword({ db }, { actorId: actor.id, form: form.data }) : form
      if (!result.ok) {
        if ('wrongPassword' in result) await guard.fail()
        return res.status(422).render('accounts/change-password', { title: 'Modifier mon mot de passe', passwordRule: PASSWORD_RULE, errors: result.errors })
      }
      await guard.succeed()
      // every session of the account was signed out: this device goes on under a new session
      req.logIn(actor, (error) => {
        if (error) return next(error)
        req.flash('success', 'Votre mot de passe a été modifié. Vos autres appareils ont été déconnectés.')
        res.redirect('/mon-compte')
      })
    },

    showMyAccount(req: Request, res: Response) {
      res.render('accounts/my-account', { title: 'Mon compte', entries: myAccountEntries(actorOf(req).role) })
    },

    async signOutEverywhere(req: Request, res: Response, next: NextFunction) {
      await signOutEverywhere({ db }, { actorId: actorOf(req).id })
      req.logout((error) => {
        if (error) return next(error)
        req.session.regenerate((regenerateError) => {
          if (regenerateError) return next(regenerateError)
          req.flash('success', 'Vous êtes déconnecté de tous vos appareils, y compris celui-ci. Reconnectez-vous pour continuer.')
          res.redirect('/connexion')
        })
      })
    },
  }
}
