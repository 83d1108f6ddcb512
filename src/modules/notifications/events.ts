/**
 * The catalogue of events a user can be told about (SPEC §4, "Alertes et notifications").
 * Each has a French label (the legend on the preferences page), the role that receives it, and the
 * default choices that apply while the user has not saved theirs (no NotificationPreference row).
 *
 *   email  = "Alerte par e-mail": an email each time it happens
 *   inSite = "Notification sur le site": a message in the notification centre
 *
 * A new event is added here, then raised with `notify(tx, { event, … })` by the domain that causes it.
 *
 * `coalesceEmails`: events one person can raise again and again (submitting and withdrawing, asking
 * and cancelling, signing up): their alert emails to one recipient are at most one every few minutes
 * (src/lib/outbox.ts): 'same title' — per title, i.e. per candidate or établissement the title names;
 * 'any title' — whatever the title. The in-site notifications are all kept. Events that carry a
 * decision or the application itself are never coalesced.
 */
import type { Role } from '../../lib/db.ts'

export type EventDefinition = {
  /** shown as the legend of the event's fieldset */
  label: string
  /** one sentence under the legend */
  hint: string
  role: Role
  defaults: { email: boolean; inSite: boolean }
  coalesceEmails?: 'same title' | 'any title'
}

export const NOTIFICATION_EVENTS = {
  // ───── candidates ─────
  'application.sent': {
    label: 'Candidature validée par le référent et envoyée',
    hint: 'Votre référent a validé une candidature : elle vient d’être envoyée à l’employeur.',
    role: 'CANDIDATE',
    defaults: { email: true, inSite: true },
  },
  'application.returned': {
    label: 'Candidature renvoyée par le référent',
    hint: 'Votre référent vous demande de revoir une candidature avant de l’envoyer.',
    role: 'CANDIDATE',
    defaults: { email: true, inSite: true },
  },
  'application.status_changed': {
    label: 'Changement du statut d’une candidature par l’employeur',
    hint: 'L’employeur étudie votre candidature, vous propose un entretien ou vous donne sa réponse.',
    role: 'CANDIDATE',
    defaults: { email: true, inSite: true },
  },
  'sponsorship.answered': {
    label: 'Réponse à une demande de parrainage',
    hint: 'Un employeur a accepté ou décliné votre demande de parrainage.',
    role: 'CANDIDATE',
    defaults: { email: true, inSite: true },
  },
  'appointment.planned': {
    label: 'Rendez-vous planifié ou modifié',
    hint: 'Votre référent a fixé, déplacé ou annulé un rendez-vous avec vous.',
    role: 'CANDIDATE',
    defaults: { email: true, inSite: true },
  },
  'offers.saved_search': {
    label: 'Nouvelles offres de vos recherches enregistrées',
    hint: 'Des offres qui correspondent à une de vos recherches enregistrées ont été publiées. Le rythme se choisit pour chaque recherche dans « Mes recherches enregistrées » (« Fréquence des alertes »).',
    role: 'CANDIDATE',
    defaults: { email: true, inSite: false },
  },
  'account.news': {
    label: 'Actualités de votre compte et de la plateforme',
    hint: 'Les nouveautés de la plateforme et les informations sur votre compte.',
    role: 'CANDIDATE',
    defaults: { email: false, inSite: true },
  },
  // ───── référents ─────
  'registration.to_validate': {
    label: 'Nouvelle inscription à valider',
    hint: 'Une personne s’est inscrite en choisissant votre établissement.',
    role: 'REFERENT',
    defaults: { email: true, inSite: true },
    coalesceEmails: 'any title',
  },
  'application.to_validate': {
    label: 'Candidature en attente de votre validation',
    hint: 'Un candidat de votre établissement a envoyé ou renvoyé une candidature.',
    role: 'REFERENT',
    defaults: { email: true, inSite: true },
    coalesceEmails: 'same title',
  },
  'candidate_application.status_changed': {
    label: 'Réponse d’un employeur à la candidature d’un de vos candidats',
    hint: 'Un employeur a changé le statut d’une candidature que vous avez validée.',
    role: 'REFERENT',
    defaults: { email: true, inSite: true },
  },
  'candidate_sponsorship.sent': {
    label: 'Demande de parrainage d’un de vos candidats',
    hint: 'Un candidat de votre établissement a demandé un parrainage à un employeur.',
    role: 'REFERENT',
    defaults: { email: false, inSite: true },
    coalesceEmails: 'same title',
  },
  // ───── recruiters ─────
  'application.received': {
    label: 'Candidature reçue',
    hint: 'Un référent a validé une candidature adressée à votre organisation.',
    role: 'RECRUITER',
    defaults: { email: true, inSite: true },
  },
  'sponsorship.received': {
    label: 'Demande de parrainage reçue',
    hint: 'Un candidat demande un parrainage à votre organisation.',
    role: 'RECRUITER',
    defaults: { email: true, inSite: true },
    coalesceEmails: 'same title',
  },
  'sponsorship.cancelled': {
    label: 'Demande de parrainage annulée par le candidat',
    hint: 'Un candidat a annulé une demande de parrainage : vous n’avez plus à y répondre.',
    role: 'RECRUITER',
    defaults: { email: false, inSite: true },
    coalesceEmails: 'same title',
  },
  // ───── administrators ─────
  'registration.without_referent': {
    label: 'Inscription dans un établissement sans référent actif',
    hint: 'Une personne s’est inscrite dans un établissement où personne ne peut valider son compte.',
    role: 'ADMIN',
    defaults: { email: true, inSite: true },
    coalesceEmails: 'same title',
  },
} as const satisfies Record<string, EventDefinition>

export type NotificationEvent = keyof typeof NOTIFICATION_EVENTS

export function isNotificationEvent(value: unknown): value is NotificationEvent {
  return typeof value === 'string' && Object.hasOwn(NOTIFICATION_EVENTS, value)
}

/** The events a role can receive, in catalogue order. */
export function eventsForRole(role: Role): NotificationEvent[] {
  return (Object.keys(NOTIFICATION_EVENTS) as NotificationEvent[]).filter((event) => NOTIFICATION_EVENTS[event].role === role)
}
