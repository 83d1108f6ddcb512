import type { SponsorshipStatus } from '../../lib/db.ts'
import { paragraphsOf } from '../applications/labels.ts'

/** The statuses as the candidate, the employer and the référent read them. */
export const STATUS_LABELS: Record<SponsorshipStatus, string> = {
  SENT: 'Envoyée',
  ACCEPTED: 'Acceptée',
  DECLINED: 'Déclinée',
  CANCELLED: 'Annulée',
}

/** The badge colour of each status; the label always says it too (never colour alone). */
export const STATUS_BADGES: Record<SponsorshipStatus, 'badge-waiting' | 'badge-ok' | 'badge-ko' | 'badge-neutral'> = {
  SENT: 'badge-waiting',
  ACCEPTED: 'badge-ok',
  DECLINED: 'badge-ko',
  CANCELLED: 'badge-neutral',
}

/** "Demande de parrainage à Garonne Numérique" */
export function sponsorshipTitle(sponsorship: { employer: { name: string } }): string {
  return `Demande de parrainage à ${sponsorship.employer.name}`
}

/** A mentor's contact as a link when it is an e-mail address or a phone number, else plain text. */
export function contactLink(contact: string | null | undefined): string | null {
  const text = contact?.trim() ?? ''
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(text)) return `mailto:${text}`
  if (/^\+?[\d\s.()-]{8,20}$/.test(text)) return `tel:${text.replace(/[^\d+]/g, '')}`
  return null
}

/** Labels and helpers every sponsorships view receives. */
export const viewLabels = {
  statusLabels: STATUS_LABELS,
  statusBadges: STATUS_BADGES,
  sponsorshipTitle,
  contactLink,
  paragraphsOf,
}
