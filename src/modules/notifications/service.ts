import type { Db, Tx } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import { queueEmail, type EmailAttachment } from '../../lib/outbox.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { paginate } from '../../lib/pagination.ts'
import { eventsForRole, NOTIFICATION_EVENTS, type EventDefinition, type NotificationEvent } from './events.ts'
import type { TPreferencesForm } from './schemas.ts'

export type Choice = { email: boolean; inSite: boolean }

export type NotifyInput = {
  /** who is told */
  userId: number
  event: NotificationEvent
  /** one line: the notification's title, and the email's subject when no `email` is given */
  title: string
  body?: string | null
  /** a path of this site ("/candidatures/12"): the notification links to it */
  link?: string | null
  /**
   * the email to queue when the user wants an alert, with its documents attached (read from UPLOAD_DIR
   * when it is sent); without it, a generic email is built from title, body and link
   */
  email?: { subject: string; template: string; data: Record<string, unknown>; attachments?: EmailAttachment[] }
  /** false: emailed even when the event's emails are coalesced (events.ts), e.g. what answers the recipient's own request */
  coalesceEmail?: boolean
}

export type NotifyOutcome = { inSite: boolean; email: boolean }

const isSitePath = (link: string) => link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\')

/** A user's choice for one event: their saved row, else the catalogue's default. */
async function choiceOf(tx: Tx | Db, userId: number, event: NotificationEvent): Promise<Choice> {
  const saved = await tx.notificationPreference.findUnique({ where: { userId_event: { userId, event } } })
  return saved ? { email: saved.email, inSite: saved.inSite } : { ...NOTIFICATION_EVENTS[event].defaults }
}

/**
 * Tells a user that something happened, the way they chose in "Alertes et notifications": a
 * notification in the site and/or an email queued in the outbox. Pass the transaction of the change
 * that causes it (`tx`), so that the change, the notification and the email commit or roll back together.
 *
 * A disabled or not yet validated account gets nothing; an invited account (no password yet) gets the
 * in-site notification only, to read once it signs in.
 *
 * `options.baseUrl` (config.baseUrl) makes the link of the generic email absolute.
 */
export async function notify(tx: Tx | Db, input: NotifyInput, options: { baseUrl?: string } = {}): Promise<NotifyOutcome> {
  const definition = checkedDefinition(input)
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, firstName: true, role: true, status: true } })
  if (!user) throw new Error(`notify: utilisateur ${input.userId} introuvable`)
  if (definition.role !== user.role) throw new Error(`notify: l’événement ${input.event} ne concerne pas le rôle ${user.role}`)
  if (user.status === 'DISABLED' || user.status === 'PENDING_VALIDATION') return { inSite: false, email: false }

  const choice = await choiceOf(tx, user.id, input.event)
  const outcome: NotifyOutcome = { inSite: false, email: false }
  if (choice.inSite) {
    await tx.notification.create({
      data: { userId: user.id, event: input.event, title: input.title, body: input.body ?? null, link: input.link ?? null },
    })
    outcome.inSite = true
  }
  if (choice.email && user.status === 'ACTIVE') {
    await queueAlertEmail(tx, user, input, options.baseUrl)
    outcome.email = true
  }
  return outcome
}

function checkedDefinition(input: { event: NotificationEvent; link?: string | null }) {
  const definition = NOTIFICATION_EVENTS[input.event]
  if (!definition) throw new Error(`Événement de notification inconnu : ${String(input.event)}`)
  if (input.link && !isSitePath(input.link)) throw new Error(`Le lien d’une notification doit être un chemin du site : ${input.link}`)
  return definition
}

/** The alert email of one event to one user: the domain's own email, or a generic one built from title, body and link. */
async function queueAlertEmail(tx: Tx | Db, user: { email: string; firstName: string }, input: Omit<NotifyInput, 'userId'>, rawBaseUrl: string | undefined) {
  const baseUrl = rawBaseUrl?.replace(/\/+$/, '')
  const coalescing = input.coalesceEmail === false ? undefined : (NOTIFICATION_EVENTS[input.event] as EventDefinition).coalesceEmails
  const email = input.email ?? {
    subject: input.title,
    template: 'notifications/event',
    data: { title: input.title, body: input.body ?? null, link: input.link && baseUrl ? `${baseUrl}${input.link}` : null },
  }
  await queueEmail(tx, {
    to: user.email,
    subject: email.subject,
    template: email.template,
    data: {
      firstName: user.firstName,
      eventLabel: NOTIFICATION_EVENTS[input.event].label,
      preferencesLink: baseUrl ? `${baseUrl}/mon-compte/alertes` : null,
      ...email.data,
    },
    attachments: input.email?.attachments,
    ...(coalescing ? { coalesceKey: coalescing === 'any title' ? input.event : `${input.event}:${input.title}` } : {}),
  })
}

const NOTIFICATIONS_PER_INSERT = 500

/**
 * notify() for every user of the event's role at once — a platform news item to every candidate — with
 * the same rules (their saved choice or the event's default; nothing for a disabled or pending account;
 * an invited one gets the in-site notification only), in a few queries whatever the number of users.
 */
export async function notifyEveryone(
  tx: Tx | Db,
  input: Omit<NotifyInput, 'userId' | 'email'>,
  options: { baseUrl?: string } = {},
): Promise<{ inSite: number; email: number }> {
  const definition = checkedDefinition(input)
  const [users, saved] = await Promise.all([
    tx.user.findMany({
      where: { role: definition.role, status: { in: ['ACTIVE', 'INVITED'] } },
      select: { id: true, email: true, firstName: true, status: true },
      orderBy: { id: 'asc' },
    }),
    tx.notificationPreference.findMany({ where: { event: input.event, user: { role: definition.role } }, select: { userId: true, email: true, inSite: true } }),
  ])
  const choices = new Map(saved.map((row) => [row.userId, row]))
  const choiceFor = (userId: number): Choice => choices.get(userId) ?? { ...definition.defaults }
  const inSite = users.filter((user) => choiceFor(user.id).inSite)
  for (let start = 0; start < inSite.length; start += NOTIFICATIONS_PER_INSERT) {
    await tx.notification.createMany({
      data: inSite.slice(start, start + NOTIFICATIONS_PER_INSERT).map((user) => ({
        userId: user.id,
        event: input.event,
        title: input.title,
        body: input.body ?? null,
        link: input.link ?? null,
      })),
    })
  }
  const byEmail = users.filter((user) => user.status === 'ACTIVE' && choiceFor(user.id).email)
  for (const user of byEmail) await queueAlertEmail(tx, user, input, options.baseUrl)
  return { inSite: inSite.length, email: byEmail.length }
}

// ───────────────────────── "Alertes et notifications" ─────────────────────────

export type PreferenceRow = { event: NotificationEvent; label: string; hint: string } & Choice

/** The events of the user's role with their current choices (saved, or the defaults). */
export async function loadPreferences(db: Db, actor: SessionUser): Promise<PreferenceRow[]> {
  const events = eventsForRole(actor.role)
  const saved = await db.notificationPreference.findMany({ where: { userId: actor.id, event: { in: events } } })
  return events.map((event) => {
    const row = saved.find((preference) => preference.event === event)
    const { label, hint, defaults } = NOTIFICATION_EVENTS[event]
    return { event, label, hint, email: row?.email ?? defaults.email, inSite: row?.inSite ?? defaults.inSite }
  })
}

/** Saves a choice for every event of the user's role: a box left unticked is a "no". */
export async function savePreferences(db: Db, { actor, form }: { actor: SessionUser; form: TPreferencesForm }): Promise<void> {
  const events = eventsForRole(actor.role)
  await db.$transaction(async (tx) => {
    for (const event of events) {
      const choice = { email: form.email.includes(event), inSite: form.inSite.includes(event) }
      await tx.notificationPreference.upsert({
        where: { userId_event: { userId: actor.id, event } },
        create: { userId: actor.id, event, ...choice },
        update: choice,
      })
    }
  })
}

// ───────────────────────── The notification centre ─────────────────────────

const NOTIFICATIONS_PAGE_SIZE = 20

/** One cheap query for the header: an indexed count on (userId, readAt). */
export function countUnreadNotifications(db: Db, userId: number): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } })
}

/** The user's notifications, newest first. */
export async function listNotifications(db: Db, actor: SessionUser, options: { page: unknown }) {
  const where = { userId: actor.id }
  const [{ total, page, rows }, unread] = await Promise.all([
    paginate(options.page, NOTIFICATIONS_PAGE_SIZE, db.notification.count({ where }), (range) =>
      db.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...range }),
    ),
    countUnreadNotifications(db, actor.id),
  ])
  return {
    notifications: rows.map((notification) => ({
      ...notification,
      link: notification.link && isSitePath(notification.link) ? notification.link : null,
    })),
    total,
    unread,
    page,
  }
}

/** "Marquer comme lue": only the user's own notification; anyone else's is not found. */
export async function markNotificationRead(db: Db, { actor, notificationId }: { actor: SessionUser; notificationId: number }): Promise<void> {
  const notification = orNotFound(await db.notification.findFirst({ where: { id: notificationId, userId: actor.id }, select: { id: true } }))
  await db.notification.updateMany({ where: { id: notification.id, userId: actor.id, readAt: null }, data: { readAt: new Date() } })
}

/** "Tout marquer comme lu". */
export async function markAllNotificationsRead(db: Db, { actor }: { actor: SessionUser }): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: new Date() } })
  return count
}
