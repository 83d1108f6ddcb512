/**
 * The messages the applications domain sends. Everything is written inside the transaction of the
 * transition that causes it (workflow.ts), so a rolled-back change tells nobody anything.
 *
 * People with an account are told through `notify()` (src/modules/notifications), which follows
 * their "Alertes et notifications" choices:
 * - submitted or resubmitted → the active référents of the candidate's établissement ("application.to_validate");
 * - validated → the employer's active recruiters ("application.received"), the email carrying part 1,
 *   the candidate's name and email and the CV / lettre attached; the candidate ("application.sent");
 * - returned → the candidate, with the référent's comment ("application.returned");
 * - status changed by the employer → the candidate, with the employer's message ("application.status_changed");
 * - withdrawn after it was sent → the recruiters ("application.received").
 * An employer without any recruiter account gets the application by plain email at the offer's
 * contact address, or else the employer's. The référents' email about an employer's change is plain
 * email too: the catalogue has no référent event for it yet.
 *
 * The employer never receives part 2 (message to the référent, "Je souhaite de l’aide"), nor the RQTH
 * and accommodations unless the candidate ticked "Mentionner ma RQTH…".
 */
import type { Config } from '../../config.ts'
import type { ApplicationStatus, Db, Tx } from '../../lib/db.ts'
import { queueEmail } from '../../lib/outbox.ts'
import { fullName } from '../../lib/text.ts'
import { notify } from '../notifications/service.ts'
import { DOCUMENT_TYPE_LABELS, KIND_LABELS, RQTH_LABELS, STATUS_LABELS } from './labels.ts'
import { SHAREABLE_DOCUMENT_TYPES } from './policy.ts'
import type { TransitionRule } from './workflow.ts'

export type ApplicationNotice = {
  applicationId: number
  action: TransitionRule['action']
  from: ApplicationStatus | null
  to: ApplicationStatus
  actorUserId: number
  comment: string | null
}

type Client = Tx | Db

async function loadApplication(tx: Client, applicationId: number) {
  return tx.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: {
      offer: { select: { id: true, title: true, contactEmail: true } },
      employer: { select: { id: true, name: true, contactEmail: true } },
      documents: {
        where: { document: { type: { in: [...SHAREABLE_DOCUMENT_TYPES] } } },
        include: { document: { select: { id: true, name: true, type: true } } },
        orderBy: { documentId: 'asc' },
      },
      candidate: {
        select: {
          establishmentId: true,
          rqth: true,
          accommodations: true,
          user: { select: { id: true, firstName: true, lastName: true, email: true } },
        },
      },
    },
  })
}
type LoadedApplication = Awaited<ReturnType<typeof loadApplication>>

/** "l’offre « Développeur web » de Garonne Numérique" / "Garonne Numérique (candidature spontanée)" */
function targetText(application: LoadedApplication): string {
  return application.offer ? `l’offre « ${application.offer.title} » de ${application.employer.name}` : `${application.employer.name} (candidature spontanée)`
}

function candidateName(application: LoadedApplication): string {
  return fullName(application.candidate.user)
}

/** The active référents of an établissement: they validate its candidates' applications. */
export function activeReferentsOf(tx: Client, establishmentId: number) {
  return tx.user.findMany({
    where: { role: 'REFERENT', status: 'ACTIVE', referent: { establishmentId } },
    select: { id: true, email: true, firstName: true },
    orderBy: { id: 'asc' },
  })
}

/**
 * Who receives a validated application: the employer's active recruiters; when it has none, the
 * offer's contact address, or else the employer's.
 */
export async function employerRecipients(
  tx: Client,
  application: { employerId: number; offer: { contactEmail: string | null } | null; employer: { contactEmail: string | null } },
): Promise<{ recruiters: { id: number; email: string }[]; contactEmail: string | null }> {
  const recruiters = await tx.user.findMany({
    where: { role: 'RECRUITER', status: 'ACTIVE', recruiter: { employerId: application.employerId } },
    select: { id: true, email: true },
    orderBy: { id: 'asc' },
  })
  if (recruiters.length > 0) return { recruiters, contactEmail: null }
  return { recruiters: [], contactEmail: application.offer?.contactEmail || application.employer.contactEmail || null }
}

async function tellReferentsToValidate(tx: Client, config: Config, application: LoadedApplication, resubmitted: boolean) {
  const name = candidateName(application)
  for (const referent of await activeReferentsOf(tx, application.candidate.establishmentId)) {
    await notify(
      tx,
      {
        userId: referent.id,
        event: 'application.to_validate',
        title: `Candidature à valider : ${name}`,
        body: `${resubmitted ? 'Candidature modifiée et renvoyée' : KIND_LABELS[application.kind]} : ${targetText(application)}.${application.wantsHelp ? ` ${name} souhaite de l’aide.` : ''}`,
        link: `/referent/candidatures/${application.id}`,
        // submitting and withdrawing in a loop is coalesced; a resubmission answers the référent's own request
        coalesceEmail: !resubmitted,
        email: {
          subject: `Candidature à valider : ${name}`,
          template: 'applications/to-validate',
          data: {
            candidateName: name,
            kind: KIND_LABELS[application.kind],
            target: targetText(application),
            resubmitted,
            wantsHelp: application.wantsHelp,
            link: `${config.baseUrl}/referent/candidatures/${application.id}`,
          },
        },
      },
      { baseUrl: config.baseUrl },
    )
  }
}

/** Whether a validated application would reach anyone at the employer: an active recruiter, or a contact address. */
export async function canReachEmployer(tx: Client, applicationId: number): Promise<boolean> {
  const application = await tx.application.findUniqueOrThrow({
    where: { id: applicationId },
    select: { employerId: true, offer: { select: { contactEmail: true } }, employer: { select: { contactEmail: true } } },
  })
  const { recruiters, contactEmail } = await employerRecipients(tx, application)
  return recruiters.length > 0 || contactEmail !== null
}

/** The application itself, to the employer: part 1, the candidate's contact, the documents attached. */
async function sendToEmployer(tx: Client, config: Config, application: LoadedApplication) {
  const { recruiters, contactEmail } = await employerRecipients(tx, application)
  const documents = application.documents.map(({ document }) => ({ id: document.id, name: document.name, typeLabel: DOCUMENT_TYPE_LABELS[document.type] }))
  const attachments = documents.map((document) => ({ documentId: document.id }))
  const name = candidateName(application)
  const subject = application.offer ? `Nouvelle candidature à votre offre « ${application.offer.title} »` : `Nouvelle candidature spontanée : ${name}`
  const data = {
    employerName: application.employer.name,
    offerTitle: application.offer?.title ?? null,
    candidateName: name,
    candidateEmail: application.candidate.user.email,
    message: application.messageToEmployer,
    documents,
    disability: application.shareDisability
      ? {
          rqth: application.candidate.rqth ? RQTH_LABELS[application.candidate.rqth] : 'Non renseignée',
          accommodations: application.candidate.accommodations?.trim() || 'Aucun besoin indiqué',
        }
      : null,
    link: `${config.baseUrl}/recruteur/candidatures/${application.id}`,
  }
  for (const recruiter of recruiters) {
    await notify(
      tx,
      {
        userId: recruiter.id,
        event: 'application.received',
        title: `Nouvelle candidature : ${name}`,
        body: application.offer ? `Pour votre offre « ${application.offer.title} ».` : 'Candidature spontanée.',
        link: `/recruteur/candidatures/${application.id}`,
        email: { subject, template: 'applications/received', data: { ...data, hasAccount: true }, attachments },
      },
      { baseUrl: config.baseUrl },
    )
  }
  if (contactEmail) {
    await queueEmail(tx, {
      to: contactEmail,
      subject,
      template: 'applications/received',
      data: { ...data, firstName: null, hasAccount: false },
      attachments,
    })
  }
}

async function tellCandidate(
  tx: Client,
  config: Config,
  application: LoadedApplication,
  message: {
    event: 'application.sent' | 'application.returned' | 'application.status_changed'
    title: string
    body: string
    template: string
    data: Record<string, unknown>
  },
) {
  await notify(
    tx,
    {
      userId: application.candidate.user.id,
      event: message.event,
      title: message.title,
      body: message.body,
      link: `/candidatures/${application.id}`,
      email: {
        subject: message.title,
        template: message.template,
        data: { target: targetText(application), link: `${config.baseUrl}/candidatures/${application.id}`, ...message.data },
      },
    },
    { baseUrl: config.baseUrl },
  )
}

/** Queue everything one transition causes. Called by workflow.ts only. */
export async function notifyApplicationEvent(tx: Client, config: Config, notice: ApplicationNotice): Promise<void> {
  const application = await loadApplication(tx, notice.applicationId)
  switch (notice.action) {
    case 'submit':
    case 'resubmit':
      await tellReferentsToValidate(tx, config, application, notice.action === 'resubmit')
      return
    case 'validate':
      await sendToEmployer(tx, config, application)
      await tellCandidate(tx, config, application, {
        event: 'application.sent',
        title: 'Votre candidature a été validée et envoyée à l’employeur',
        body: `Votre référent a validé votre candidature : ${targetText(application)}.`,
        template: 'applications/validated',
        data: {},
      })
      return
    case 'return':
      await tellCandidate(tx, config, application, {
        event: 'application.returned',
        title: 'Votre référent vous demande de revoir votre candidature',
        body: notice.comment ?? '',
        template: 'applications/returned',
        data: { comment: notice.comment ?? '', editLink: `${config.baseUrl}/candidatures/${application.id}/modifier` },
      })
      return
    case 'employer_update': {
      const statusLabel = STATUS_LABELS[notice.to]
      await tellCandidate(tx, config, application, {
        event: 'application.status_changed',
        title: `Votre candidature : ${statusLabel}`,
        body: notice.comment
          ? `${application.employer.name} : ${notice.comment}`
          : `${application.employer.name} a mis à jour votre candidature (${targetText(application)}).`,
        template: 'applications/status-changed',
        data: { statusLabel, employerName: application.employer.name, message: notice.comment },
      })
      for (const referent of await activeReferentsOf(tx, application.candidate.establishmentId)) {
        await queueEmail(tx, {
          to: referent.email,
          subject: `Candidature de ${candidateName(application)} : ${statusLabel}`,
          template: 'applications/status-changed-referent',
          data: {
            firstName: referent.firstName,
            candidateName: candidateName(application),
            target: targetText(application),
            statusLabel,
            link: `${config.baseUrl}/referent/candidatures/${application.id}`,
          },
        })
      }
      return
    }
    case 'withdraw': {
      // before validation the employer knows nothing of it, and must not learn it now
      if (!application.validatedAt) return
      const { recruiters, contactEmail } = await employerRecipients(tx, application)
      const name = candidateName(application)
      const data = { candidateName: name, target: targetText(application), link: `${config.baseUrl}/recruteur/candidatures/${application.id}` }
      for (const recruiter of recruiters) {
        await notify(
          tx,
          {
            userId: recruiter.id,
            event: 'application.received',
            title: `Candidature retirée : ${name}`,
            body: `${name} a retiré sa candidature : ${targetText(application)}.`,
            link: `/recruteur/candidatures/${application.id}`,
            email: { subject: `Candidature retirée : ${name}`, template: 'applications/withdrawn', data: { ...data, hasAccount: true } },
          },
          { baseUrl: config.baseUrl },
        )
      }
      if (contactEmail) {
        await queueEmail(tx, {
          to: contactEmail,
          subject: `Candidature retirée : ${name}`,
          template: 'applications/withdrawn',
          data: { ...data, firstName: null, hasAccount: false },
        })
      }
      return
    }
  }
}

/**
 * The reminder to a référent: applications of their établissement waiting for more than 3 working
 * days. A plain email, not an alert one can switch off: it is the safety net of the gate.
 */
export async function queueReferentReminderEmail(
  tx: Client,
  config: Config,
  message: { to: string; firstName: string; applications: { id: number; candidateName: string; title: string; submittedAt: Date }[] },
) {
  const count = message.applications.length
  await queueEmail(tx, {
    to: message.to,
    subject: count === 1 ? 'Rappel : une candidature attend votre validation' : `Rappel : ${count} candidatures attendent votre validation`,
    template: 'applications/reminder',
    data: {
      firstName: message.firstName,
      applications: message.applications.map((application) => ({
        ...application,
        submittedOn: application.submittedAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }),
        link: `${config.baseUrl}/referent/candidatures/${application.id}`,
      })),
      listLink: `${config.baseUrl}/referent/candidatures`,
    },
  })
}
