import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { newCaptchaQuestion, takeCaptchaAnswer } from './captcha.ts'
import { ZCreateCandidateForm, ZRefuseRegistrationForm, ZSignUpForm } from './schemas.ts'
import {
  CANDIDATE_STATUS_LABELS,
  createCandidateAccount,
  establishmentNameOf,
  findRegistrationToDecide,
  listCandidatesOfReferent,
  listPendingRegistrations,
  loadSignUpChoices,
  refuseRegistration,
  EMAIL_TAKEN,
  registerCandidate,
  validateRegistration,
} from './service.ts'
import { idParam } from '../../web/params.ts'
import { createAttemptStore, createThrottles } from '../../web/rate-limit.ts'

declare module 'express-session' {
  interface SessionData {
    /** shown on "Votre inscription est enregistrée" after the redirect */
    signUpEstablishmentName?: string
  }
}

export const ALREADY_HANDLED = 'Cette inscription a déjà été traitée.'
const WRONG_ANSWER = 'La réponse au calcul est incorrecte. Répondez au nouveau calcul.'

function optionalIdFrom(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null
}

/** The math answer's error, if any: the expected answer was taken from the session (single use). */
function captchaError(raw: unknown, expected: number | null): string | null {
  const answer = typeof raw === 'string' ? raw.trim() : ''
  if (answer === '' || !/^\d{1,3}$/.test(answer)) return null // the form schema names this one
  return expected !== null && Number(answer) === expected ? null : WRONG_ANSWER
}

/** The page title names the person, as the h1 does: each refusal page has its own title. */
const refuseTitle = (registration: { firstName: string; lastName: string }) => `Refuser l’inscription de ${registration.firstName} ${registration.lastName}`

export function createRegistrationsHandlers({ db, config }: RouterDeps) {
  const throttles = createThrottles(config, createAttemptStore(db, config))
  async function renderSignUp(
    req: Request,
    res: Response,
    status: number,
    locals: { conventionId: number | null; errors?: FieldErrors; values?: Record<string, unknown> },
  ) {
    const choices = await loadSignUpChoices(db, locals.conventionId)
    const values = { ...locals.values, convention: choices.selectedConvention ? String(choices.selectedConvention.id) : '' }
    res.status(status).render('registrations/sign-up', {
      title: 'S’inscrire',
      ...choices,
      captchaQuestion: newCaptchaQuestion(req.session),
      errors: locals.errors ?? {},
      values,
    })
  }

  const renderNewCandidate = (res: Response, status: number, locals: { establishmentName: string; errors?: FieldErrors; values?: Record<string, unknown> }) =>
    res.status(status).render('registrations/new-candidate', { title: 'Créer un compte candidat', ...locals })

  return {
    async showSignUp(req: Request, res: Response) {
      if (req.user) return res.redirect('/tableau-de-bord')
      await renderSignUp(req, res, 200, { conventionId: optionalIdFrom(req.query.convention) })
    },

    async signUp(req: Request, res: Response) {
      if (req.user) return res.redirect('/tableau-de-bord')
      // "Un compte existe déjà avec cette adresse" tells who has an account: that answer is rationed
      const guard = throttles.signUp(req)
      await guard.check()
      const expectedAnswer = takeCaptchaAnswer(req.session)
      const form = parseForm(ZSignUpForm, req.body)
      const body = (req.body ?? {}) as Record<string, unknown>
      const values = keepValues(body, ['captcha'])
      const conventionId = form.ok ? form.data.convention : optionalIdFrom(body.convention)
      const wrongAnswer = captchaError(body.captcha, expectedAnswer)
      if (!form.ok || wrongAnswer) {
        const errors: FieldErrors = form.ok ? {} : { ...form.errors }
        if (wrongAnswer) errors.captcha = wrongAnswer
        return renderSignUp(req, res, 422, { conventionId, errors, values })
      }
      const result = await registerCandidate({ db, config }, form.data)
      await guard.record({ emailTaken: !result.ok && result.errors.email === EMAIL_TAKEN })
      if (!result.ok) return renderSignUp(req, res, 422, { conventionId, errors: result.errors, values })
      req.session.signUpEstablishmentName = result.establishmentName
      res.redirect('/inscription/en-attente')
    },

    showSignUpPending(req: Request, res: Response) {
      res.render('registrations/pending', { title: 'Votre inscription est enregistrée', establishmentName: req.session.signUpEstablishmentName ?? null })
    },

    async listRegistrations(req: Request, res: Response) {
      const actor = actorOf(req)
      const [registrations, establishmentName] = await Promise.all([listPendingRegistrations(db, actor), establishmentNameOf(db, actor)])
      res.render('registrations/to-validate', { title: 'Inscriptions à valider', registrations, establishmentName })
    },

    async validateRegistration(req: Request, res: Response) {
      const result = await validateRegistration({ db, config }, { actor: actorOf(req), userId: idParam(req.params.userId) })
      if (result.status === 'done') {
        req.flash('success', `L’inscription de ${result.name} est validée : un e-mail lui a été envoyé pour choisir son mot de passe.`)
      } else {
        req.flash('info', ALREADY_HANDLED)
      }
      res.redirect('/referent/inscriptions')
    },

    async showRefuseRegistration(req: Request, res: Response) {
      const found = await findRegistrationToDecide(db, actorOf(req), idParam(req.params.userId))
      if (found.status !== 'pending') {
        req.flash('info', ALREADY_HANDLED)
        return res.redirect('/referent/inscriptions')
      }
      res.render('registrations/refuse', { title: refuseTitle(found.registration), registration: found.registration })
    },

    async refuseRegistration(req: Request, res: Response) {
      const actor = actorOf(req)
      const userId = idParam(req.params.userId)
      const form = parseForm(ZRefuseRegistrationForm, req.body)
      if (!form.ok) {
        const found = await findRegistrationToDecide(db, actor, userId)
        if (found.status !== 'pending') {
          req.flash('info', ALREADY_HANDLED)
          return res.redirect('/referent/inscriptions')
        }
        return res.status(422).render('registrations/refuse', {
          title: refuseTitle(found.registration),
          registration: found.registration,
          errors: form.errors,
          values: keepValues(req.body),
        })
      }
      const result = await refuseRegistration({ db, config }, { actor, userId, form: form.data })
      if (result.status === 'done') {
        req.flash('success', `L’inscription de ${result.name} est refusée : un e-mail lui a été envoyé avec le motif.`)
      } else {
        req.flash('info', ALREADY_HANDLED)
      }
      res.redirect('/referent/inscriptions')
    },

    async listCandidates(req: Request, res: Response) {
      const actor = actorOf(req)
      const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : ''
      // "Statut" filter (issue 3): one of the statuses a listed candidate can have, else all
      const status = (['ACTIVE', 'INVITED', 'DISABLED'] as const).find((value) => value === req.query.statut) ?? null
      const [{ candidates, total, page }, establishmentName] = await Promise.all([
        listCandidatesOfReferent(db, actor, { query, page: req.query.page, status }),
        establishmentNameOf(db, actor),
      ])
      res.render('registrations/candidates', {
        title: page.current > 1 ? `Candidats – page ${page.current}` : 'Candidats',
        candidates,
        total,
        page,
        query,
        status,
        establishmentName,
        statusLabels: CANDIDATE_STATUS_LABELS,
      })
    },

    async showNewCandidate(req: Request, res: Response) {
      renderNewCandidate(res, 200, { establishmentName: await establishmentNameOf(db, actorOf(req)) })
    },

    async createCandidate(req: Request, res: Response) {
      const actor = actorOf(req)
      const form = parseForm(ZCreateCandidateForm, req.body)
      const result = form.ok ? await createCandidateAccount({ db, config }, { actor, form: form.data }) : form
      if (!result.ok) {
        return renderNewCandidate(res, 422, { establishmentName: await establishmentNameOf(db, actor), errors: result.errors, values: keepValues(req.body) })
      }
      req.flash('success', `Le compte de ${result.name} est créé : un e-mail lui a été envoyé pour choisir son mot de passe.`)
      res.redirect('/referent/candidats')
    },
  }
}
