import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { ChangeResult } from '../../lib/change-result.ts'
import { fullName } from '../../lib/text.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { formatDate } from '../../web/format.ts'
import { actorOf } from '../../web/guards.ts'
import { STATUS_LABELS, sponsorshipTitle, viewLabels } from './labels.ts'
import { findSponsorshipOfCandidate, findSponsorshipOfRecruiter, findSponsorshipOfReferent } from './policy.ts'
import { statusFilterOf, ZAcceptForm, ZDeclineForm, ZSponsorshipForm } from './schemas.ts'
import { idParam } from '../../web/params.ts'
import {
  acceptSponsorship,
  cancelSponsorship,
  CANCEL_REFUSED_MESSAGE,
  declineSponsorship,
  DUPLICATE_MESSAGE,
  findEmployerForRequest,
  findOpenSponsorship,
  listSponsorshipsOfCandidate,
  listSponsorshipsOfRecruiter,
  listSponsorshipsOfReferent,
  requestSponsorship,
} from './service.ts'
import { canAnswer, canCancel } from './workflow.ts'

const pageSuffix = (current: number) => (current > 1 ? ` – page ${current}` : '')

function redirectWithResult(req: Request, res: Response, result: ChangeResult<'refused'>, success: string, target: string) {
  if (result.status === 'done') req.flash('success', success)
  else req.flash('error', result.message)
  res.redirect(target)
}

const statusOptions = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))

export function createSponsorshipsHandlers({ db, config }: RouterDeps) {
  const deps = { db, config }

  // ───────────────────────── Candidate ─────────────────────────

  function renderForm(
    res: Response,
    status: number,
    employer: { id: number; name: string },
    locals: { values?: Record<string, unknown>; errors?: FieldErrors } = {},
  ) {
    res.status(status).render('sponsorships/form', {
      title: `Demander un parrainage – ${employer.name}`,
      employer,
      values: locals.values ?? {},
      errors: locals.errors ?? {},
    })
  }

  async function renderCandidateShow(req: Request, res: Response, id: number) {
    const sponsorship = await findSponsorshipOfCandidate(db, actorOf(req), id)
    res.render('sponsorships/show-candidate', {
      title: `${sponsorshipTitle(sponsorship)} – envoyée le ${formatDate(sponsorship.createdAt)}`,
      sponsorship,
      canCancel: canCancel(sponsorship.status),
      ...viewLabels,
    })
  }

  return {
    async showNew(req: Request, res: Response) {
      const actor = actorOf(req)
      const employer = await findEmployerForRequest(db, actor, idParam(req.params.employerId))
      const open = await findOpenSponsorship(db, actor, employer.id)
      if (open) {
        return res.render('sponsorships/already-requested', {
          title: `Demande de parrainage déjà en cours – ${employer.name}`,
          employer,
          sponsorship: open,
          message: DUPLICATE_MESSAGE,
          ...viewLabels,
        })
      }
      renderForm(res, 200, employer)
    },

    async submit(req: Request, res: Response) {
      const actor = actorOf(req)
      const employer = await findEmployerForRequest(db, actor, idParam(req.params.employerId))
      const form = parseForm(ZSponsorshipForm, req.body)
      if (!form.ok) return renderForm(res, 422, employer, { values: keepValues(req.body), errors: form.errors })
      const result = await requestSponsorship(deps, { actor, employerId: employer.id, form: form.data })
      if (result.status === 'duplicate') {
        req.flash('error', DUPLICATE_MESSAGE)
        return res.redirect(`/parrainages/${result.sponsorshipId}`)
      }
      req.flash(
        'success',
        `Votre demande de parrainage est envoyée à ${employer.name}. Vous serez informé de sa réponse ; votre référent en est informé aussi.`,
      )
      res.redirect(`/parrainages/${result.sponsorshipId}`)
    },

    async listMine(req: Request, res: Response) {
      const { total, sponsorships, page } = await listSponsorshipsOfCandidate(db, actorOf(req), { page: req.query.page })
      res.render('sponsorships/mine', { title: `Mes demandes de parrainage${pageSuffix(page.current)}`, total, sponsorships, page, ...viewLabels })
    },

    async showMine(req: Request, res: Response) {
      await renderCandidateShow(req, res, idParam(req.params.id))
    },

    async showCancel(req: Request, res: Response) {
      const sponsorship = await findSponsorshipOfCandidate(db, actorOf(req), idParam(req.params.id))
      if (!canCancel(sponsorship.status)) {
        req.flash('error', CANCEL_REFUSED_MESSAGE)
        return res.redirect(`/parrainages/${sponsorship.id}`)
      }
      res.render('sponsorships/cancel', { title: `Annuler la ${sponsorshipTitle(sponsorship).toLowerCase()}`, sponsorship, ...viewLabels })
    },

    async cancel(req: Request, res: Response) {
      const sponsorshipId = idParam(req.params.id)
      const result = await cancelSponsorship(deps, { actor: actorOf(req), sponsorshipId })
      redirectWithResult(req, res, result, 'Votre demande de parrainage est annulée. L’employeur en est informé.', `/parrainages/${sponsorshipId}`)
    },

    // ───────────────────────── Employer ─────────────────────────

    async listReceived(req: Request, res: Response) {
      const status = statusFilterOf(req.query.statut)
      const { total, sponsorships, page } = await listSponsorshipsOfRecruiter(db, actorOf(req), { status, page: req.query.page })
      res.render('sponsorships/inbox', {
        title: `Demandes de parrainage${status ? ` – ${STATUS_LABELS[status].toLowerCase()}s` : ''}${pageSuffix(page.current)}`,
        total,
        sponsorships,
        page,
        filter: { statut: status ?? '' },
        statusOptions,
        ...viewLabels,
      })
    },

    async showForEmployer(req: Request, res: Response) {
      await renderEmployerShow(req, res, 200, idParam(req.params.id))
    },

    async accept(req: Request, res: Response) {
      const actor = actorOf(req)
      const sponsorshipId = idParam(req.params.id)
      const form = parseForm(ZAcceptForm, req.body)
      if (!form.ok) return renderEmployerShow(req, res, 422, sponsorshipId, { errors: form.errors, values: keepValues(req.body) })
      const result = await acceptSponsorship(deps, { actor, sponsorshipId, form: form.data })
      redirectWithResult(
        req,
        res,
        result,
        'Vous avez accepté la demande de parrainage. Le candidat est informé du nom et du contact de son parrain ou de sa marraine.',
        `/recruteur/parrainages/${sponsorshipId}`,
      )
    },

    async decline(req: Request, res: Response) {
      const actor = actorOf(req)
      const sponsorshipId = idParam(req.params.id)
      const form = parseForm(ZDeclineForm, req.body)
      if (!form.ok) return renderEmployerShow(req, res, 422, sponsorshipId, { errors: form.errors, values: keepValues(req.body) })
      const result = await declineSponsorship(deps, { actor, sponsorshipId, form: form.data })
      redirectWithResult(req, res, result, 'Vous avez décliné la demande de parrainage. Le candidat en est informé.', `/recruteur/parrainages/${sponsorshipId}`)
    },

    // ───────────────────────── Référent ─────────────────────────

    async listForReferent(req: Request, res: Response) {
      const status = statusFilterOf(req.query.statut)
      const { total, sponsorships, page } = await listSponsorshipsOfReferent(db, actorOf(req), { status, page: req.query.page })
      res.render('sponsorships/referent-list', {
        title: `Demandes de parrainage de vos candidats${status ? ` – ${STATUS_LABELS[status].toLowerCase()}s` : ''}${pageSuffix(page.current)}`,
        total,
        sponsorships,
        page,
        filter: { statut: status ?? '' },
        statusOptions,
        ...viewLabels,
      })
    },

    async showForReferent(req: Request, res: Response) {
      const sponsorship = await findSponsorshipOfReferent(db, actorOf(req), idParam(req.params.id))
      const name = fullName(sponsorship.candidate.user)
      res.render('sponsorships/show-referent', {
        title: `Demande de parrainage de ${name} à ${sponsorship.employer.name} – envoyée le ${formatDate(sponsorship.createdAt)}`,
        sponsorship,
        name,
        ...viewLabels,
      })
    },
  }

  async function renderEmployerShow(
    req: Request,
    res: Response,
    status: number,
    id: number,
    locals: { errors?: FieldErrors; values?: Record<string, unknown> } = {},
  ) {
    const sponsorship = await findSponsorshipOfRecruiter(db, actorOf(req), id)
    const name = fullName(sponsorship.candidate)
    res.status(status).render('sponsorships/show-employer', {
      title: `Demande de parrainage de ${name} – reçue le ${formatDate(sponsorship.createdAt)}`,
      sponsorship,
      name,
      canAnswer: canAnswer(sponsorship.status),
      errors: locals.errors ?? {},
      values: locals.values ?? {},
      ...viewLabels,
    })
  }
}
