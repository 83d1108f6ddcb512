import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { Candidate, User } from '../../lib/db.ts'
import { fullName } from '../../lib/text.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { toDateInput } from '../../web/format.ts'
import { actorOf } from '../../web/guards.ts'
import { DOCUMENT_TYPE_LABELS, formatFileSize, formatLabel } from '../documents/labels.ts'
import { STATUS_BADGES as SPONSORSHIP_STATUS_BADGES, STATUS_LABELS as SPONSORSHIP_STATUS_LABELS } from '../sponsorships/labels.ts'
import { listSponsorshipsOfCandidateForReferent } from '../sponsorships/service.ts'
import { viewLabels as appointmentLabels } from '../appointments/labels.ts'
import { listUpcomingAppointmentsForReferent } from '../appointments/service.ts'
import {
  KIND_LABELS as APPLICATION_KIND_LABELS,
  STATUS_BADGES as APPLICATION_STATUS_BADGES,
  STATUS_LABELS as APPLICATION_STATUS_LABELS,
} from '../applications/labels.ts'
import { listApplicationsOfCandidateForReferent } from '../applications/service.ts'
import { ageOn, isUnder18, todayInFrance } from './age.ts'
import { ACCOUNT_STATUS_LABELS, CIVILITY_OPTIONS, parseSoughtContracts, RQTH_LABELS, SOUGHT_CONTRACT_OPTIONS, soughtContractsText } from './labels.ts'
import { ZProfileForm } from './schemas.ts'
import {
  disableCandidateAccount,
  enableCandidateAccount,
  findCandidateForAccountChange,
  loadOwnProfile,
  updateOwnProfile,
  viewCandidateAsReferent,
} from './service.ts'
import { idParam } from '../../web/params.ts'

/** Check-box groups come back as a string, a list, or nothing: the view wants a list. */
function asList(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]
}

/** The form's values from the stored profile (dates as yyyy-mm-dd, contracts as a list). */
function profileFormValues(candidate: Candidate & { user: User }): Record<string, unknown> {
  const { user } = candidate
  return {
    civility: candidate.civility ?? '',
    lastName: user.lastName,
    firstName: user.firstName,
    birthDate: toDateInput(candidate.birthDate),
    email: user.email,
    phone: candidate.phone ?? '',
    address: candidate.address ?? '',
    postalCode: candidate.postalCode ?? '',
    city: candidate.city ?? '',
    familyContactName: candidate.familyContactName ?? '',
    familyRelation: candidate.familyRelation ?? '',
    familyPhone: candidate.familyPhone ?? '',
    familyEmail: candidate.familyEmail ?? '',
    soughtContracts: parseSoughtContracts(candidate.soughtContracts),
    sectors: candidate.sectors ?? '',
    desiredPlaces: candidate.desiredPlaces ?? '',
    availableFrom: toDateInput(candidate.availableFrom),
    studyLevel: candidate.studyLevel ?? '',
    currentTraining: candidate.currentTraining ?? '',
    professionalProject: candidate.professionalProject ?? '',
    rqth: candidate.rqth ?? '',
    accommodations: candidate.accommodations ?? '',
  }
}

export function createCandidatesHandlers({ db, config }: RouterDeps) {
  const renderProfile = (res: Response, status: number, locals: { values: Record<string, unknown>; errors?: FieldErrors }) =>
    res.status(status).render('candidates/profile', {
      title: 'Modifier mes informations',
      civilityOptions: CIVILITY_OPTIONS,
      contractOptions: SOUGHT_CONTRACT_OPTIONS,
      rqthLabels: RQTH_LABELS,
      errors: locals.errors ?? {},
      values: { ...locals.values, soughtContracts: asList(locals.values.soughtContracts) },
    })

  return {
    async showProfile(req: Request, res: Response) {
      const candidate = await loadOwnProfile(db, actorOf(req))
      renderProfile(res, 200, { values: profileFormValues(candidate) })
    },

    async saveProfile(req: Request, res: Response) {
      const actor = actorOf(req)
      const form = parseForm(ZProfileForm, req.body)
      const result = form.ok ? await updateOwnProfile({ db, config }, { actor, form: form.data }) : form
      if (!result.ok) return renderProfile(res, 422, { values: keepValues(req.body), errors: result.errors })
      req.flash(
        'success',
        result.emailChanged
          ? 'Vos informations sont enregistrées. Votre nouvelle adresse e-mail sert désormais à vous connecter ; un message a été envoyé à l’ancienne adresse pour l’en informer.'
          : 'Vos informations sont enregistrées.',
      )
      res.redirect('/mon-compte/informations')
    },

    async showCandidate(req: Request, res: Response) {
      const actor = actorOf(req)
      const { candidate, documents } = await viewCandidateAsReferent(db, { actor, candidateId: idParam(req.params.candidateId) })
      const name = fullName(candidate.user)
      const applications = await listApplicationsOfCandidateForReferent(db, actor, candidate.id)
      const sponsorships = await listSponsorshipsOfCandidateForReferent(db, actor, candidate.id)
      const appointments = await listUpcomingAppointmentsForReferent(db, actor, candidate.id)
      res.render('candidates/referent-view', {
        title: `${name} – Candidats`,
        name,
        candidate,
        documents,
        applications: applications.map((application) => ({
          ...application,
          title: application.offer?.title ?? APPLICATION_KIND_LABELS.SPONTANEOUS,
          statusLabel: APPLICATION_STATUS_LABELS[application.status],
          statusBadge: APPLICATION_STATUS_BADGES[application.status],
        })),
        sponsorships: sponsorships.map((sponsorship) => ({
          ...sponsorship,
          statusLabel: SPONSORSHIP_STATUS_LABELS[sponsorship.status],
          statusBadge: SPONSORSHIP_STATUS_BADGES[sponsorship.status],
        })),
        appointments,
        appointmentLabels,
        age: candidate.birthDate ? ageOn(candidate.birthDate, todayInFrance()) : null,
        under18: isUnder18(candidate.birthDate),
        civilityLabel: CIVILITY_OPTIONS.find((option) => option.value === candidate.civility)?.label ?? candidate.civility,
        soughtContracts: soughtContractsText(candidate.soughtContracts),
        rqthLabels: RQTH_LABELS,
        statusLabels: ACCOUNT_STATUS_LABELS,
        typeLabels: DOCUMENT_TYPE_LABELS,
        formatFileSize,
        formatLabel,
      })
    },

    async showDisableCandidate(req: Request, res: Response) {
      const candidate = await findCandidateForAccountChange(db, { actor: actorOf(req), candidateId: idParam(req.params.candidateId) })
      if (candidate.user.status === 'DISABLED') {
        req.flash('info', `Le compte de ${fullName(candidate.user)} est déjà désactivé.`)
        return res.redirect(`/referent/candidats/${candidate.id}`)
      }
      const name = fullName(candidate.user)
      res.render('candidates/disable', { title: `Désactiver le compte de ${name}`, name, candidate })
    },

    async disableCandidate(req: Request, res: Response) {
      const candidateId = idParam(req.params.candidateId)
      const result = await disableCandidateAccount(db, { actor: actorOf(req), candidateId })
      req.flash(
        result.status === 'done' ? 'success' : 'info',
        result.status === 'done'
          ? `Le compte de ${result.name} est désactivé : cette personne ne peut plus se connecter. Ses informations et ses documents sont conservés.`
          : `Le compte de ${result.name} est déjà désactivé.`,
      )
      res.redirect(`/referent/candidats/${candidateId}`)
    },

    async enableCandidate(req: Request, res: Response) {
      const candidateId = idParam(req.params.candidateId)
      const result = await enableCandidateAccount(db, { actor: actorOf(req), candidateId })
      let message = `Le compte de ${result.name} est déjà actif.`
      if (result.status === 'done') {
        message =
          result.newStatus === 'ACTIVE'
            ? `Le compte de ${result.name} est réactivé : cette personne peut de nouveau se connecter.`
            : `Le compte de ${result.name} est réactivé. Cette personne n’a pas encore choisi de mot de passe : elle peut demander un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion.`
      }
      req.flash(result.status === 'done' ? 'success' : 'info', message)
      res.redirect(`/referent/candidats/${candidateId}`)
    },
  }
}
