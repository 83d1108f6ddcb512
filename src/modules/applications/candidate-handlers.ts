import type { Request, Response } from 'express'
import type { ApplicationStatus } from '../../lib/db.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import type { RouterDeps } from '../../web/deps.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { idParam } from '../../web/params.ts'
import { redirectWithResult } from './handlers.ts'
import { applicationTitle, STATUS_LABELS, viewLabels } from './labels.ts'
import { findApplicationOfCandidate } from './policy.ts'
import { statusFilterOf, ZApplicationForm } from './schemas.ts'
import {
  DUPLICATE_MESSAGE,
  findActiveApplication,
  listApplicationsOfCandidate,
  listAttachableDocuments,
  loadDisabilityInfo,
  resolveTarget,
  resubmitApplication,
  submitApplication,
  withdrawApplication,
  type ApplicationTarget,
} from './service.ts'
import { canWithdraw } from './workflow.ts'

declare module 'express-session' {
  interface SessionData {
    /**
     * What the candidate typed in an application form before leaving it for "Mes documents",
     * keyed by form ("offre-12", "employeur-3", "candidature-40"); restored when they come back.
     */
    applicationDrafts?: Record<string, Record<string, unknown>>
  }
}

const MAX_DRAFTS = 5

type FormPlace = { target: ApplicationTarget; draftKey: string; path: string }

function offerForm(req: Request): FormPlace {
  const offerId = idParam(req.params.offerId)
  return { target: { kind: 'OFFER', offerId }, draftKey: `offre-${offerId}`, path: `/offres/${offerId}/candidature` }
}

function spontaneousForm(req: Request): FormPlace {
  const employerId = idParam(req.params.employerId)
  return { target: { kind: 'SPONTANEOUS', employerId }, draftKey: `employeur-${employerId}`, path: `/employeurs/${employerId}/candidature` }
}

function saveDraft(req: Request, key: string, body: unknown) {
  const values = keepValues(body, ['action'])
  const drafts = { ...(req.session.applicationDrafts ?? {}) }
  delete drafts[key]
  // the most recent few only: the session stays small
  const kept = Object.entries(drafts).slice(-(MAX_DRAFTS - 1))
  req.session.applicationDrafts = Object.fromEntries([...kept, [key, values]])
}

function takeDraft(req: Request, key: string): Record<string, unknown> | null {
  return req.session.applicationDrafts?.[key] ?? null
}

function dropDraft(req: Request, key: string) {
  if (!req.session.applicationDrafts?.[key]) return
  const drafts = { ...req.session.applicationDrafts }
  delete drafts[key]
  req.session.applicationDrafts = drafts
}

/** The check boxes of a form ("on") as the form's values. */
function valuesOf(application: {
  messageToEmployer: string
  messageToReferent: string | null
  wantsHelp: boolean
  shareDisability: boolean
  documents: { documentId: number }[]
}) {
  return {
    messageToEmployer: application.messageToEmployer,
    messageToReferent: application.messageToReferent ?? '',
    wantsHelp: application.wantsHelp ? 'on' : undefined,
    shareDisability: application.shareDisability ? 'on' : undefined,
    documentIds: application.documents.map((document) => String(document.documentId)),
  }
}

/** The candidate's pages: the application forms (to an offer, spontaneous, « À revoir »), « Mes candidatures », withdrawing. */
export function createCandidateApplicationHandlers({ db, config }: RouterDeps) {
  const deps = { db, config }

  // ───────────────────────── The form ─────────────────────────

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    locals: {
      target: Awaited<ReturnType<typeof resolveTarget>>
      action: string
      applicationId?: number
      referentComment?: string | null
      values: Record<string, unknown>
      errors?: FieldErrors
    },
  ) {
    const actor = actorOf(req)
    const [documents, disability] = await Promise.all([listAttachableDocuments(db, actor), loadDisabilityInfo(db, actor)])
    const editing = locals.applicationId !== undefined
    const title = editing
      ? `Modifier la candidature – ${applicationTitle({ kind: locals.target.kind, offer: locals.target.offer, employer: locals.target.employer })}`
      : locals.target.kind === 'OFFER'
        ? `Envoyer une candidature – ${locals.target.offer!.title}`
        : `Envoyer une candidature spontanée – ${locals.target.employer.name}`
    const selected = new Set(([] as unknown[]).concat(locals.values.documentIds ?? []).map(String))
    res.status(status).render('applications/form', {
      title,
      editing,
      ...locals,
      errors: locals.errors ?? {},
      documents,
      selectedDocuments: selected,
      disability,
      ...viewLabels,
    })
  }

  const showNew = (placeOf: (req: Request) => FormPlace) => async (req: Request, res: Response) => {
    const actor = actorOf(req)
    const place = placeOf(req)
    const target = await resolveTarget(db, actor, place.target)
    const existing = await findActiveApplication(db, actor, target)
    if (existing) {
      return res.status(200).render('applications/already-applied', {
        title: target.kind === 'OFFER' ? `Candidature déjà en cours – ${target.offer!.title}` : `Candidature déjà en cours – ${target.employer.name}`,
        message: DUPLICATE_MESSAGE[target.kind],
        applicationId: existing.id,
      })
    }
    await renderForm(req, res, 200, { target, action: place.path, values: takeDraft(req, place.draftKey) ?? {} })
  }

  const submit = (placeOf: (req: Request) => FormPlace) => async (req: Request, res: Response) => {
    const actor = actorOf(req)
    const place = placeOf(req)
    const target = await resolveTarget(db, actor, place.target)
    const body = (req.body ?? {}) as Record<string, unknown>
    if (body.action === 'documents') {
      saveDraft(req, place.draftKey, body)
      return res.redirect(`/mon-compte/documents/ajouter?retour=${encodeURIComponent(place.path)}`)
    }
    const form = parseForm(ZApplicationForm, body)
    const values = keepValues(body, ['action'])
    if (!form.ok) return renderForm(req, res, 422, { target, action: place.path, values, errors: form.errors })
    const result = await submitApplication(deps, { actor, target: place.target, form: form.data })
    if (result.status === 'invalid') return renderForm(req, res, 422, { target, action: place.path, values, errors: result.errors })
    dropDraft(req, place.draftKey)
    if (result.status === 'duplicate') {
      req.flash('error', DUPLICATE_MESSAGE[target.kind])
      return res.redirect(`/candidatures/${result.applicationId}`)
    }
    req.flash('success', 'Votre candidature est envoyée à votre référent. Elle sera transmise à l’employeur quand votre référent l’aura validée.')
    res.redirect(`/candidatures/${result.applicationId}`)
  }

  return {
    showNewForOffer: showNew(offerForm),
    submitForOffer: submit(offerForm),
    showNewSpontaneous: showNew(spontaneousForm),
    submitSpontaneous: submit(spontaneousForm),

    // ───────────────────────── The follow-up ─────────────────────────

    async listMine(req: Request, res: Response) {
      const actor = actorOf(req)
      const { total, applications, page } = await listApplicationsOfCandidate(db, actor, { page: req.query.page })
      res.render('applications/mine', {
        title: page.current > 1 ? `Mes candidatures – page ${page.current}` : 'Mes candidatures',
        applications,
        total,
        page,
        ...viewLabels,
      })
    },

    async showMine(req: Request, res: Response) {
      const application = await findApplicationOfCandidate(db, actorOf(req), idParam(req.params.id))
      const lastReturn = application.status === 'RETURNED' ? application.events.filter((event) => event.toStatus === 'RETURNED').at(-1) : undefined
      res.render('applications/show-candidate', {
        title: applicationTitle(application),
        application,
        referentComment: lastReturn?.comment ?? null,
        canWithdraw: canWithdraw(application.status),
        documentLink: (documentId: number) => `/candidatures/${application.id}/documents/${documentId}`,
        ...viewLabels,
      })
    },

    async showEdit(req: Request, res: Response) {
      const actor = actorOf(req)
      const application = await findApplicationOfCandidate(db, actor, idParam(req.params.id))
      if (application.status !== 'RETURNED') {
        req.flash('error', 'Seule une candidature « À revoir » peut être modifiée.')
        return res.redirect(`/candidatures/${application.id}`)
      }
      const draftKey = `candidature-${application.id}`
      const lastReturn = application.events.filter((event) => event.toStatus === 'RETURNED').at(-1)
      await renderForm(req, res, 200, {
        target: { kind: application.kind, offer: application.offer, employer: application.employer },
        action: `/candidatures/${application.id}/modifier`,
        applicationId: application.id,
        referentComment: lastReturn?.comment ?? null,
        values: takeDraft(req, draftKey) ?? valuesOf(application),
      })
    },

    async resubmit(req: Request, res: Response) {
      const actor = actorOf(req)
      const application = await findApplicationOfCandidate(db, actor, idParam(req.params.id))
      const draftKey = `candidature-${application.id}`
      const path = `/candidatures/${application.id}/modifier`
      const body = (req.body ?? {}) as Record<string, unknown>
      if (body.action === 'documents') {
        saveDraft(req, draftKey, body)
        return res.redirect(`/mon-compte/documents/ajouter?retour=${encodeURIComponent(path)}`)
      }
      const form = parseForm(ZApplicationForm, body)
      const values = keepValues(body, ['action'])
      const lastReturn = application.events.filter((event) => event.toStatus === 'RETURNED').at(-1)
      const rerender = (errors: FieldErrors) =>
        renderForm(req, res, 422, {
          target: { kind: application.kind, offer: application.offer, employer: application.employer },
          action: path,
          applicationId: application.id,
          referentComment: lastReturn?.comment ?? null,
          values,
          errors,
        })
      if (!form.ok) return rerender(form.errors)
      const result = await resubmitApplication(deps, { actor, applicationId: application.id, form: form.data })
      if (result.status === 'invalid') return rerender(result.errors)
      dropDraft(req, draftKey)
      redirectWithResult(req, res, result, 'Votre candidature modifiée est renvoyée à votre référent.', `/candidatures/${application.id}`)
    },

    async showWithdraw(req: Request, res: Response) {
      const application = await findApplicationOfCandidate(db, actorOf(req), idParam(req.params.id))
      if (!canWithdraw(application.status)) {
        req.flash('error', 'Cette candidature ne peut plus être retirée.')
        return res.redirect(`/candidatures/${application.id}`)
      }
      res.render('applications/withdraw', { title: `Retirer la candidature – ${applicationTitle(application)}`, application, ...viewLabels })
    },

    async withdraw(req: Request, res: Response) {
      const applicationId = idParam(req.params.id)
      const seen = statusFilterOf((req.body as Record<string, unknown> | undefined)?.currentStatus, Object.keys(STATUS_LABELS)) as ApplicationStatus | null
      const result = await withdrawApplication(deps, { actor: actorOf(req), applicationId, from: seen })
      redirectWithResult(req, res, result, 'Votre candidature est retirée.', `/candidatures/${applicationId}`)
    },
  }
}
