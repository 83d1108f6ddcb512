import type { Request, Response } from 'express'
import type { ApplicationStatus } from '../../lib/db.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import type { RouterDeps } from '../../web/deps.ts'
import { keepValues } from '../../web/forms.ts'
import { keptOptionsHtml } from '../../web/format.ts'
import { actorOf } from '../../web/guards.ts'
import { idOf, idParam } from '../../web/params.ts'
import { redirectWithResult } from './handlers.ts'
import { STATUS_LABELS, viewLabels } from './labels.ts'
import { EMPLOYER_VISIBLE_STATUSES, findApplicationOfRecruiter } from './policy.ts'
import { statusFilterOf, ZEmployerStatusForm } from './schemas.ts'
import { listOffersOfRecruiter, listReceivedApplications, updateStatusByEmployer } from './service.ts'
import { nextStatuses } from './workflow.ts'

/** "Candidature reçue de Camille Martin – Développeur web" */
function employerPageTitle(application: { offer: { title: string } | null; candidate: { firstName: string; lastName: string } }) {
  return `Candidature reçue de ${application.candidate.firstName} ${application.candidate.lastName} – ${application.offer?.title ?? 'candidature spontanée'}`
}

/** The recruiter's pages: « Candidatures reçues » (validated applications only, policy.ts), one application and its status. */
export function createRecruiterApplicationHandlers({ db, config }: RouterDeps) {
  const deps = { db, config }

  /** The employer's page of one application (also after a form error): part 1, the documents, the next statuses. */
  async function renderForEmployer(req: Request, res: Response, status: number, form: { errors?: FieldErrors; values: Record<string, unknown> }) {
    const application = await findApplicationOfRecruiter(db, actorOf(req), idParam(req.params.id))
    res.status(status).render('applications/show-employer', {
      title: employerPageTitle(application),
      application,
      nextStatuses: nextStatuses(application.status, 'RECRUITER'),
      documentLink: (documentId: number) => `/recruteur/candidatures/${application.id}/documents/${documentId}`,
      ...form,
      ...viewLabels,
    })
  }

  return {
    async listReceived(req: Request, res: Response) {
      const actor = actorOf(req)
      const status = statusFilterOf(req.query.statut, EMPLOYER_VISIBLE_STATUSES) as ApplicationStatus | null
      const offers = await listOffersOfRecruiter(db, actor, config.listingsMaxAgeMs)
      const wantedOffer = idOf(req.query.offre)
      const offerId = wantedOffer !== null && offers.some((offer) => offer.id === wantedOffer) ? wantedOffer : null
      const { total, applications, page } = await listReceivedApplications(db, actor, { status, offerId, page: req.query.page })
      res.render('applications/inbox', {
        title: page.current > 1 ? `Candidatures reçues – page ${page.current}` : 'Candidatures reçues',
        applications,
        total,
        page,
        // the « Offre » filter's choices: hundreds for some employers
        offerOptionsHtml: keptOptionsHtml(offers, (offer) => ({ value: String(offer.id), label: offer.title }), offerId ? String(offerId) : ''),
        filterStatuses: EMPLOYER_VISIBLE_STATUSES,
        filter: { statut: status ?? '', offre: offerId ? String(offerId) : '' },
        ...viewLabels,
      })
    },

    async showForEmployer(req: Request, res: Response) {
      await renderForEmployer(req, res, 200, { values: {} })
    },

    async updateStatus(req: Request, res: Response) {
      const actor = actorOf(req)
      const applicationId = idParam(req.params.id)
      const form = parseForm(ZEmployerStatusForm, req.body)
      if (!form.ok) return renderForEmployer(req, res, 422, { errors: form.errors, values: keepValues(req.body) })
      const result = await updateStatusByEmployer(deps, { actor, applicationId, form: form.data })
      redirectWithResult(
        req,
        res,
        result,
        `Le statut de la candidature est enregistré : ${STATUS_LABELS[form.data.status]}. Le candidat en est informé.`,
        `/recruteur/candidatures/${applicationId}`,
      )
    },
  }
}
