import type { Request, Response } from 'express'
import type { ApplicationStatus } from '../../lib/db.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import type { RouterDeps } from '../../web/deps.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { idParam } from '../../web/params.ts'
import { redirectWithResult } from './handlers.ts'
import { applicationTitle, STATUS_LABELS, viewLabels } from './labels.ts'
import { findApplicationOfReferent } from './policy.ts'
import { statusFilterOf, ZReturnForm } from './schemas.ts'
import { listApplicationsOfReferent, listWaitingApplicationsOfReferent, returnApplication, validateApplication, validationBlocker } from './service.ts'

/** "Camille Martin – Candidature à une offre : Développeur web" */
function referentPageTitle(application: Parameters<typeof applicationTitle>[0] & { candidate: { user: { firstName: string; lastName: string } } }) {
  return `${application.candidate.user.firstName} ${application.candidate.user.lastName} – ${applicationTitle(application)}`
}

/** The référent's pages: « Candidatures à valider », the follow-up of their candidates', one application and its decision. */
export function createReferentApplicationHandlers({ db, config }: RouterDeps) {
  const deps = { db, config }

  /** The référent's page of one application (also after a form error): both parts, documents, and whether it can be sent. */
  async function renderForReferent(req: Request, res: Response, status: number, form: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const application = await findApplicationOfReferent(db, actorOf(req), idParam(req.params.id))
    res.status(status).render('applications/show-referent', {
      title: referentPageTitle(application),
      application,
      blocker: application.status === 'PENDING_REFERENT' ? await validationBlocker(db, application) : null,
      documentLink: (documentId: number) => `/referent/candidatures/${application.id}/documents/${documentId}`,
      ...form,
      ...viewLabels,
    })
  }

  return {
    async listToValidate(req: Request, res: Response) {
      const { total, applications, page } = await listWaitingApplicationsOfReferent(db, actorOf(req), { page: req.query.page })
      res.render('applications/referent-queue', {
        title: page.current > 1 ? `Candidatures à valider – page ${page.current}` : 'Candidatures à valider',
        applications,
        total,
        page,
        ...viewLabels,
      })
    },

    async listFollowed(req: Request, res: Response) {
      const actor = actorOf(req)
      const status = statusFilterOf(req.query.statut, Object.keys(STATUS_LABELS)) as ApplicationStatus | null
      const { total, applications, page } = await listApplicationsOfReferent(db, actor, { status, page: req.query.page })
      res.render('applications/referent-list', {
        title: page.current > 1 ? `Candidatures de vos candidats – page ${page.current}` : 'Candidatures de vos candidats',
        applications,
        total,
        page,
        filter: { statut: status ?? '' },
        ...viewLabels,
      })
    },

    async showForReferent(req: Request, res: Response) {
      await renderForReferent(req, res, 200)
    },

    async validate(req: Request, res: Response) {
      const applicationId = idParam(req.params.id)
      const result = await validateApplication(deps, { actor: actorOf(req), applicationId })
      redirectWithResult(req, res, result, 'La candidature est validée et envoyée à l’employeur.', `/referent/candidatures/${applicationId}`)
    },

    async returnToCandidate(req: Request, res: Response) {
      const actor = actorOf(req)
      const applicationId = idParam(req.params.id)
      const form = parseForm(ZReturnForm, req.body)
      if (!form.ok) return renderForReferent(req, res, 422, { errors: form.errors, values: keepValues(req.body) })
      const result = await returnApplication(deps, { actor, applicationId, comment: form.data.comment })
      redirectWithResult(req, res, result, 'La candidature est renvoyée au candidat avec votre commentaire.', `/referent/candidatures/${applicationId}`)
    },
  }
}
