import type { ApplicationKind, ApplicationStatus } from '../../lib/db.ts'
import ejs from 'ejs'
import { DOCUMENT_TYPE_LABELS } from '../documents/labels.ts'
import { RQTH_LABELS } from '../candidates/labels.ts'

/** The status names of the issue, word for word (typographic apostrophes, as everywhere in the UI). */
export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  PENDING_REFERENT: 'En attente de validation par le référent',
  RETURNED: 'À revoir',
  SENT: 'Validée par le référent – envoyée à l’employeur',
  IN_REVIEW: 'En cours d’étude',
  INTERVIEW: 'Entretien',
  ACCEPTED: 'Retenue',
  REJECTED: 'Non retenue',
  WITHDRAWN: 'Retirée',
}

/** The badge colour of each status; the label always says it too (never colour alone). */
export const STATUS_BADGES: Record<ApplicationStatus, 'badge-waiting' | 'badge-ok' | 'badge-ko' | 'badge-neutral'> = {
  PENDING_REFERENT: 'badge-waiting',
  RETURNED: 'badge-waiting',
  SENT: 'badge-neutral',
  IN_REVIEW: 'badge-neutral',
  INTERVIEW: 'badge-neutral',
  ACCEPTED: 'badge-ok',
  REJECTED: 'badge-ko',
  WITHDRAWN: 'badge-ko',
}

export const KIND_LABELS: Record<ApplicationKind, string> = {
  OFFER: 'Candidature à une offre',
  SPONTANEOUS: 'Candidature spontanée',
}

// one wording everywhere: the documents' types and the RQTH answers are those of « Mon compte »
export { DOCUMENT_TYPE_LABELS } from '../documents/labels.ts'
export { RQTH_LABELS } from '../candidates/labels.ts'

/** "Candidature à une offre : Développeur web" / "Candidature spontanée : Garonne Numérique" */
export function applicationTitle(application: { kind: ApplicationKind; offer: { title: string } | null; employer: { name: string } }): string {
  return application.kind === 'OFFER' && application.offer
    ? `${KIND_LABELS.OFFER} : ${application.offer.title}`
    : `${KIND_LABELS.SPONTANEOUS} : ${application.employer.name}`
}

/** What one history row says happened, in the timeline. */
export function eventDescription(event: { fromStatus: ApplicationStatus | null; toStatus: ApplicationStatus }): string {
  if (event.fromStatus === null) return 'Candidature envoyée au référent'
  if (event.fromStatus === 'RETURNED' && event.toStatus === 'PENDING_REFERENT') return 'Candidature modifiée et renvoyée au référent'
  if (event.toStatus === 'SENT') return 'Validée par le référent et envoyée à l’employeur'
  if (event.toStatus === 'RETURNED') return 'Renvoyée au candidat par le référent : à revoir'
  if (event.toStatus === 'WITHDRAWN') return 'Candidature retirée par le candidat'
  return `Nouveau statut donné par l’employeur : ${STATUS_LABELS[event.toStatus]}`
}

/** A typed text as paragraphs of lines, for views that must keep the line breaks without inline styles. */
export function paragraphsOf(text: string | null | undefined): string[][] {
  return (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n'))
    .filter((lines) => lines.some((line) => line.trim() !== ''))
}

/** Labels and formatting helpers every applications view receives. */
/**
 * An application's status as the badge the pages show, made once: the lists show one a row, and an
 * EJS include per row copied all of the page's locals each time.
 */
const STATUS_BADGE_HTML = Object.fromEntries(
  (Object.keys(STATUS_LABELS) as ApplicationStatus[]).map((status) => [
    status,
    `<span class="badge ${STATUS_BADGES[status]}">${ejs.escapeXML(STATUS_LABELS[status])}</span>`,
  ]),
) as Record<ApplicationStatus, string>

export const viewLabels = {
  statusBadgeHtml: STATUS_BADGE_HTML,
  statusLabels: STATUS_LABELS,
  statusBadges: STATUS_BADGES,
  kindLabels: KIND_LABELS,
  documentTypeLabels: DOCUMENT_TYPE_LABELS,
  rqthLabels: RQTH_LABELS,
  applicationTitle,
  eventDescription,
  paragraphsOf,
}
