import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { ChangeResult } from '../../lib/change-result.ts'
import { AppError } from '../../lib/errors.ts'
import { fullName } from '../../lib/text.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { appointmentDateTime, viewLabels } from './labels.ts'
import { findAppointmentOfCandidate, findAppointmentOfReferent } from './policy.ts'
import { sequenceOf, ZAppointmentChangeForm, ZAppointmentForm } from './schemas.ts'
import { idOf, idParam } from '../../web/params.ts'
import {
  cancelAppointment,
  exportAppointmentIcs,
  listAppointmentsOfCandidate,
  listAppointmentsOfReferent,
  listPlannableCandidates,
  moveAppointment,
  planAppointment,
  REFUSAL_MESSAGES,
} from './service.ts'
import { parisDay, parisTime } from '../../lib/paris-time.ts'
import { canChange } from './workflow.ts'

const LIST = '/referent/rendez-vous'

type ReferentAppointment = Awaited<ReturnType<typeof findAppointmentOfReferent>>

/** "Camille Martin, jeudi 10 décembre 2026 à 14:30" */
const describe = (appointment: ReferentAppointment) => `${fullName(appointment.candidate.user)}, ${appointmentDateTime(appointment.startsAt)}`

function formValuesOf(appointment: ReferentAppointment) {
  return {
    date: parisDay(appointment.startsAt),
    time: parisTime(appointment.startsAt),
    durationMinutes: String(appointment.durationMinutes),
    mode: appointment.mode,
    location: appointment.location ?? '',
    subject: appointment.subject,
  }
}

export function createAppointmentsHandlers({ db, config }: RouterDeps) {
  const deps = { db, config }

  /** A référent's appointment that can still change; otherwise back to the list with the reason. */
  async function changeableAppointment(req: Request, res: Response): Promise<ReferentAppointment | null> {
    const appointment = await findAppointmentOfReferent(db, actorOf(req), idParam(req.params.id))
    if (canChange(appointment)) return appointment
    req.flash('error', REFUSAL_MESSAGES[appointment.status === 'CANCELLED' ? 'cancelled' : 'over'])
    res.redirect(LIST)
    return null
  }

  async function renderNewForm(req: Request, res: Response, status: number, locals: { values: Record<string, unknown>; errors?: FieldErrors }) {
    const candidates = await listPlannableCandidates(db, actorOf(req))
    res.status(status).render('appointments/form', {
      title: 'Planifier un rendez-vous',
      editing: false,
      action: `${LIST}/nouveau`,
      candidates: candidates.map((candidate) => ({
        value: candidate.id,
        label: `${candidate.user.lastName} ${candidate.user.firstName} (${candidate.user.email})`,
      })),
      appointment: null,
      values: locals.values,
      errors: locals.errors ?? {},
      ...viewLabels,
    })
  }

  function renderEditForm(res: Response, status: number, appointment: ReferentAppointment, locals: { values: Record<string, unknown>; errors?: FieldErrors }) {
    res.status(status).render('appointments/form', {
      title: `Modifier le rendez-vous – ${describe(appointment)}`,
      editing: true,
      action: `${LIST}/${appointment.id}/modifier`,
      candidates: [],
      appointment,
      candidateName: fullName(appointment.candidate.user),
      values: locals.values,
      errors: locals.errors ?? {},
      ...viewLabels,
    })
  }

  function redirectWithResult(
    req: Request,
    res: Response,
    result: ChangeResult<'unchanged' | 'refused', { candidateName: string }>,
    success: (candidateName: string) => string,
  ) {
    if (result.status === 'done') req.flash('success', success(result.candidateName))
    else if (result.status === 'unchanged') req.flash('info', 'Vous n’avez rien changé : le rendez-vous reste tel quel.')
    else req.flash('error', result.message)
    res.redirect(LIST)
  }

  return {
    // ───────────────────────── Référent ─────────────────────────

    async listForReferent(req: Request, res: Response) {
      const list = await listAppointmentsOfReferent(db, actorOf(req), { page: req.query.page, candidateId: idOf(req.query.candidat) })
      const base = list.candidate ? `Rendez-vous de ${fullName(list.candidate.user)}` : 'Rendez-vous'
      res.render('appointments/referent-list', {
        title: list.page.current > 1 ? `${base} – page ${list.page.current}` : base,
        ...list,
        query: list.candidate ? { candidat: String(list.candidate.id) } : {},
        canChange,
        ...viewLabels,
      })
    },

    async showNew(req: Request, res: Response) {
      const preselected = idOf(req.query.candidat)
      await renderNewForm(req, res, 200, { values: preselected ? { candidateId: String(preselected), durationMinutes: '45' } : { durationMinutes: '45' } })
    },

    async plan(req: Request, res: Response) {
      const actor = actorOf(req)
      const form = parseForm(ZAppointmentForm, req.body)
      const values = keepValues(req.body)
      if (!form.ok) return renderNewForm(req, res, 422, { values, errors: form.errors })
      const result = await planAppointment(deps, { actor, form: form.data })
      if (result.status === 'invalid') return renderNewForm(req, res, 422, { values, errors: result.errors })
      req.flash(
        'success',
        `Le rendez-vous avec ${result.candidateName} est planifié le ${appointmentDateTime(form.data.startsAt)}. Il apparaît dans l’espace de ${result.candidateName} ; un avis lui est envoyé selon ses choix d’alertes.`,
      )
      res.redirect(LIST)
    },

    async showEdit(req: Request, res: Response) {
      const appointment = await changeableAppointment(req, res)
      if (!appointment) return
      renderEditForm(res, 200, appointment, { values: formValuesOf(appointment) })
    },

    async move(req: Request, res: Response) {
      const actor = actorOf(req)
      const appointmentId = idParam(req.params.id)
      const seenSequence = sequenceOf((req.body as Record<string, unknown> | undefined)?.sequence)
      if (seenSequence === null) throw new AppError('BAD_REQUEST')
      const form = parseForm(ZAppointmentChangeForm, req.body)
      if (!form.ok) {
        const appointment = await findAppointmentOfReferent(db, actor, appointmentId)
        return renderEditForm(res, 422, appointment, { values: keepValues(req.body, ['sequence']), errors: form.errors })
      }
      const result = await moveAppointment(deps, { actor, appointmentId, seenSequence, form: form.data })
      redirectWithResult(
        req,
        res,
        result,
        (name) =>
          `Le rendez-vous avec ${name} est modifié : il aura lieu le ${appointmentDateTime(form.data.startsAt)}. Il est à jour dans l’espace de ${name} ; un avis lui est envoyé selon ses choix d’alertes.`,
      )
    },

    async showCancel(req: Request, res: Response) {
      const appointment = await changeableAppointment(req, res)
      if (!appointment) return
      res.render('appointments/cancel', {
        title: `Annuler le rendez-vous – ${describe(appointment)}`,
        appointment,
        candidateName: fullName(appointment.candidate.user),
        referentName: fullName(appointment.referent.user),
        ...viewLabels,
      })
    },

    async cancel(req: Request, res: Response) {
      const appointmentId = idParam(req.params.id)
      const seenSequence = sequenceOf((req.body as Record<string, unknown> | undefined)?.sequence)
      if (seenSequence === null) throw new AppError('BAD_REQUEST')
      const result = await cancelAppointment(deps, { actor: actorOf(req), appointmentId, seenSequence })
      redirectWithResult(
        req,
        res,
        result,
        (name) =>
          `Le rendez-vous avec ${name} est annulé. Il apparaît comme annulé dans l’espace de ${name} ; un avis lui est envoyé selon ses choix d’alertes.`,
      )
    },

    // ───────────────────────── Candidate ─────────────────────────

    async listMine(req: Request, res: Response) {
      const list = await listAppointmentsOfCandidate(db, actorOf(req), { page: req.query.page })
      res.render('appointments/mine', {
        title: list.page.current > 1 ? `Mes rendez-vous – page ${list.page.current}` : 'Mes rendez-vous',
        ...list,
        ...viewLabels,
      })
    },

    async showMine(req: Request, res: Response) {
      const appointment = await findAppointmentOfCandidate(db, actorOf(req), idParam(req.params.id))
      res.render('appointments/show-candidate', {
        title: `Rendez-vous du ${appointmentDateTime(appointment.startsAt)}${appointment.status === 'CANCELLED' ? ' (annulé)' : ''}`,
        appointment,
        referentName: fullName(appointment.referent.user),
        ...viewLabels,
      })
    },

    async downloadIcs(req: Request, res: Response) {
      const { fileName, content } = await exportAppointmentIcs(deps, { actor: actorOf(req), appointmentId: idParam(req.params.id) })
      res.attachment(fileName)
      res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' })
      res.send(content)
    },
  }
}
