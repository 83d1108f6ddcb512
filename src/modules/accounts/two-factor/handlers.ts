import type { NextFunction, Request, Response } from 'express'
import type { RouterDeps } from '../../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../../lib/forms.ts'
import { completeSignIn, loadSessionUser } from '../../../web/auth.ts'
import type { SessionUser } from '../../../lib/session-user.ts'
import { actorOf } from '../../../web/guards.ts'
import { createAttemptStore, createThrottles } from '../../../web/rate-limit.ts'
import { ZConfirmIdentityForm, ZVerificationCodeForm, type TConfirmIdentityForm } from './schemas.ts'
import {
  checkPasswordOf,
  checkSecondFactor,
  confirmEnrolment,
  createTotpSecretBox,
  disableTwoFactor,
  enrolmentPageOf,
  RECOVERY_CODE_COUNT,
  regenerateRecoveryCodes,
  startEnrolment,
  twoFactorStatusOf,
} from './service.ts'

declare module 'express-session' {
  interface SessionData {
    /** the password was right; the « Code de vérification » is awaited (the session is not signed in) */
    secondFactor?: { userId: number; returnTo: string; expiresAt: number }
    /** the secret shown on the enrolment page, sealed (service.ts), until a first code confirms it */
    twoFactorEnrolment?: string
  }
}

export const TWO_FACTOR_PAGE = '/mon-compte/double-authentification'
export const ENROLMENT_PAGE = `${TWO_FACTOR_PAGE}/activer`
export const VERIFICATION_PAGE = '/connexion/verification'
/** how long the code may be awaited after the password */
const SECOND_FACTOR_WAIT_MS = 10 * 60 * 1000

const WRONG_CODE =
  'Ce code n’est pas valide. Saisissez le code à 6 chiffres affiché en ce moment par votre application, ou l’un de vos codes de secours non utilisés.'
const EXPIRED = 'Votre connexion a expiré. Saisissez de nouveau votre adresse e-mail et votre mot de passe.'

/**
 * After a right password, for an account with a second factor: a new session (no fixation) that only
 * knows who is signing in, and the « Code de vérification » page. `returnTo` must be a path of this site.
 */
export function startSecondFactorStep(
  req: Request,
  res: Response,
  next: NextFunction,
  { userId, returnTo, message }: { userId: number; returnTo: string; message?: string },
) {
  req.session.regenerate((error) => {
    if (error) return next(error)
    req.session.secondFactor = { userId, returnTo, expiresAt: Date.now() + SECOND_FACTOR_WAIT_MS }
    if (message) req.flash('success', message)
    res.redirect(VERIFICATION_PAGE)
  })
}

/** Administrators must have a second factor where the configuration says so (production). */
export const twoFactorRequiredFor = (config: RouterDeps['config'], user: Pick<SessionUser, 'role'>) =>
  config.twoFactorRequiredForAdmins && user.role === 'ADMIN'

export function createTwoFactorHandlers({ db, config }: RouterDeps) {
  const throttles = createThrottles(config, createAttemptStore(db, config))
  const box = createTotpSecretBox(config)
  const deps = { db, box }

  const pendingSignInOf = (req: Request) => {
    const pending = req.session.secondFactor
    return pending && pending.expiresAt > Date.now() ? pending : null
  }

  const renderVerification = (res: Response, status: number, errors: FieldErrors = {}) =>
    res.status(status).render('accounts/two-factor/verify', { title: 'Code de vérification', errors })

  async function renderEnrolment(req: Request, res: Response, status: number, errors: FieldErrors = {}) {
    const actor = actorOf(req)
    let sealed = req.session.twoFactorEnrolment
    let page = sealed ? await enrolmentPageOf(box, actor, sealed) : null
    if (!sealed || !page) {
      sealed = startEnrolment(box, actor.id)
      req.session.twoFactorEnrolment = sealed
      page = (await enrolmentPageOf(box, actor, sealed))!
    }
    res.status(status).render('accounts/two-factor/enrol', {
      title: 'Activer la double authentification',
      ...page,
      required: twoFactorRequiredFor(config, actor),
      errors,
    })
  }

  const renderRecoveryCodes = (res: Response, codes: string[], context: 'enabled' | 'regenerated') =>
    res.render('accounts/two-factor/recovery-codes', { title: 'Vos codes de secours', codes, context })

  const confirmPages = {
    disable: {
      title: 'Désactiver la double authentification',
      action: `${TWO_FACTOR_PAGE}/desactiver`,
      lead: 'Sans double authentification, votre mot de passe suffira de nouveau pour vous connecter. Vos codes de secours ne fonctionneront plus.',
      button: 'Désactiver la double authentification',
      danger: true,
    },
    regenerate: {
      title: 'Générer de nouveaux codes de secours',
      action: `${TWO_FACTOR_PAGE}/codes-de-secours`,
      lead: `${RECOVERY_CODE_COUNT} nouveaux codes de secours vont remplacer les anciens : ceux que vous avez déjà ne fonctionneront plus.`,
      button: 'Générer de nouveaux codes',
      danger: false,
    },
  } as const

  const renderConfirm = (res: Response, which: keyof typeof confirmPages, status: number, errors: FieldErrors = {}) =>
    res.status(status).render('accounts/two-factor/confirm', { ...confirmPages[which], errors })

  /** The password or a code, each throttled like a password guess. */
  async function confirmIdentity(
    req: Request,
    actor: SessionUser,
    form: TConfirmIdentityForm,
  ): Promise<{ ok: true; with: 'password' | 'code' } | { ok: false; errors: FieldErrors }> {
    if (form.password !== '') {
      const guard = throttles.password(req, actor.email)
      await guard.check()
      if (!(await checkPasswordOf(db, actor.id, form.password))) {
        await guard.fail()
        return { ok: false, errors: { password: 'Le mot de passe est incorrect.' } }
      }
      await guard.succeed()
      return { ok: true, with: 'password' }
    }
    const guard = throttles.secondFactor(req, actor.email)
    await guard.check()
    if (!(await checkSecondFactor(deps, { userId: actor.id, code: form.code })).ok) {
      await guard.fail()
      return { ok: false, errors: { code: WRONG_CODE } }
    }
    await guard.succeed()
    return { ok: true, with: 'code' }
  }

  return {
    showVerification(req: Request, res: Response) {
      if (req.user) return res.redirect('/tableau-de-bord')
      if (!pendingSignInOf(req)) return res.redirect('/connexion')
      renderVerification(res, 200)
    },

    async verify(req: Request, res: Response, next: NextFunction) {
      const pending = pendingSignInOf(req)
      const user = pending ? await loadSessionUser(db, pending.userId) : null
      if (!pending || !user?.twoFactorEnabled) {
        delete req.session.secondFactor
        req.flash('info', EXPIRED)
        return res.redirect('/connexion')
      }
      const form = parseForm(ZVerificationCodeForm, req.body)
      if (!form.ok) return renderVerification(res, 422, form.errors)
      // throttled like the password, under its own count: a right password does not clear wrong codes
      const guard = throttles.secondFactor(req, user.email)
      await guard.check()
      const result = await checkSecondFactor(deps, { userId: user.id, code: form.data.code })
      if (!result.ok) {
        await guard.fail()
        return renderVerification(res, 401, { code: WRONG_CODE })
      }
      await guard.succeed()
      const signedIn = await completeSignIn(db, req, user)
      if (!signedIn) return res.redirect('/connexion')
      // logIn regenerates the session: the pending step is gone with the old one
      req.logIn(signedIn, (error) => {
        if (error) return next(error)
        if (result.method === 'recovery') {
          req.flash(
            result.remaining <= 3 ? 'error' : 'info',
            result.remaining === 0
              ? 'Vous avez utilisé votre dernier code de secours. Générez-en de nouveaux dès maintenant depuis « Mon compte » › « Double authentification ».'
              : `Vous avez utilisé un code de secours : il ne fonctionnera plus. Il vous en reste ${result.remaining}.`,
          )
        }
        res.redirect(pending.returnTo)
      })
    },

    async showStatus(req: Request, res: Response) {
      const actor = actorOf(req)
      res.render('accounts/two-factor/index', {
        title: 'Double authentification',
        status: await twoFactorStatusOf(db, actor.id),
        required: twoFactorRequiredFor(config, actor),
        recoveryCodeCount: RECOVERY_CODE_COUNT,
      })
    },

    async showEnrolment(req: Request, res: Response) {
      if (actorOf(req).twoFactorEnabled) {
        req.flash('info', 'La double authentification est déjà activée sur votre compte.')
        return res.redirect(TWO_FACTOR_PAGE)
      }
      await renderEnrolment(req, res, 200)
    },

    async confirmEnrolment(req: Request, res: Response) {
      const actor = actorOf(req)
      const form = parseForm(ZVerificationCodeForm, req.body)
      if (!form.ok) return renderEnrolment(req, res, 422, form.errors)
      const result = await confirmEnrolment(deps, { actorId: actor.id, sealedPending: req.session.twoFactorEnrolment, code: form.data.code })
      if (result.status === 'wrong_code') {
        return renderEnrolment(req, res, 422, {
          code: 'Ce code ne correspond pas. Vérifiez que vous avez ajouté le compte dans votre application, puis saisissez le code à 6 chiffres qu’elle affiche en ce moment.',
        })
      }
      if (result.status === 'expired') {
        delete req.session.twoFactorEnrolment
        req.flash('error', 'La page d’activation a expiré : scannez le nouveau QR code, puis saisissez le code affiché.')
        return res.redirect(ENROLMENT_PAGE)
      }
      delete req.session.twoFactorEnrolment
      if (result.status === 'already_on') {
        req.flash('info', 'La double authentification est déjà activée sur votre compte.')
        return res.redirect(TWO_FACTOR_PAGE)
      }
      // shown in this response only: the codes are never kept in clear, not even in the session
      renderRecoveryCodes(res, result.recoveryCodes, 'enabled')
    },

    showConfirm(which: keyof typeof confirmPages) {
      return (req: Request, res: Response) => {
        const actor = actorOf(req)
        if (!actor.twoFactorEnabled) return res.redirect(TWO_FACTOR_PAGE)
        if (which === 'disable' && twoFactorRequiredFor(config, actor)) {
          req.flash('error', 'La double authentification est obligatoire pour les administrateurs : elle ne peut pas être désactivée.')
          return res.redirect(TWO_FACTOR_PAGE)
        }
        renderConfirm(res, which, 200)
      }
    },

    async disable(req: Request, res: Response) {
      const actor = actorOf(req)
      if (twoFactorRequiredFor(config, actor)) {
        req.flash('error', 'La double authentification est obligatoire pour les administrateurs : elle ne peut pas être désactivée.')
        return res.redirect(TWO_FACTOR_PAGE)
      }
      const form = parseForm(ZConfirmIdentityForm, req.body)
      if (!form.ok) return renderConfirm(res, 'disable', 422, form.errors)
      const confirmed = await confirmIdentity(req, actor, form.data)
      if (!confirmed.ok) return renderConfirm(res, 'disable', 422, confirmed.errors)
      const done = await disableTwoFactor({ db }, { actorId: actor.id, confirmedWith: confirmed.with })
      req.flash(
        done ? 'success' : 'info',
        done ? 'La double authentification est désactivée : votre mot de passe suffit pour vous connecter.' : 'La double authentification n’était pas activée.',
      )
      res.redirect(TWO_FACTOR_PAGE)
    },

    async regenerate(req: Request, res: Response) {
      const actor = actorOf(req)
      const form = parseForm(ZConfirmIdentityForm, req.body)
      if (!form.ok) return renderConfirm(res, 'regenerate', 422, form.errors)
      const confirmed = await confirmIdentity(req, actor, form.data)
      if (!confirmed.ok) return renderConfirm(res, 'regenerate', 422, confirmed.errors)
      const codes = await regenerateRecoveryCodes({ db }, { actorId: actor.id })
      if (!codes) {
        req.flash('info', 'La double authentification n’est pas activée : activez-la pour obtenir des codes de secours.')
        return res.redirect(TWO_FACTOR_PAGE)
      }
      renderRecoveryCodes(res, codes, 'regenerated')
    },
  }
}
