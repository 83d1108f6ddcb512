/**
 * « Conservation des données » (RGPD): how long personal data is kept, and the periodic job that
 * applies it. See the admin README for what is kept, anonymised or deleted.
 */
import type { Config } from '../../../config.ts'
import { audit } from '../../../lib/audit.ts'
import type { Db, Tx } from '../../../lib/db.ts'
import { queueEmail } from '../../../lib/outbox.ts'
import { removeStoredFile } from '../../../lib/storage.ts'
import type { SessionUser } from '../../../lib/session-user.ts'
import { transitionAccount } from '../account-workflow.ts'
import type { TRetentionForm } from './schemas.ts'

export type RetentionSettings = TRetentionForm

export const DEFAULT_RETENTION: RetentionSettings = {
  inactiveCandidateMonths: 24,
  closedApplicationMonths: 24,
  auditLogMonths: 12,
  readNotificationMonths: 6,
}

/** The inactive candidate is warned this long before their data is removed. */
export const WARNING_DAYS = 30
const DAY_MS = 86_400_000
const SETTINGS_ID = 1
/** Closed: the candidate, the employer or the référent will not change it any more. */
export const CLOSED_APPLICATION_STATUSES = ['ACCEPTED', 'REJECTED', 'WITHDRAWN'] as const
const ANONYMOUS_NAME = 'Anonyme'

export async function readRetentionSettings(db: Db | Tx): Promise<RetentionSettings> {
  const row = await db.retentionSettings.findUnique({ where: { id: SETTINGS_ID } })
  if (!row) return { ...DEFAULT_RETENTION }
  return {
    inactiveCandidateMonths: row.inactiveCandidateMonths,
    closedApplicationMonths: row.closedApplicationMonths,
    auditLogMonths: row.auditLogMonths,
    readNotificationMonths: row.readNotificationMonths,
  }
}

/** Saves the periods; audited with what changed. */
export async function updateRetentionSettings(db: Db, { actor, form }: { actor: SessionUser; form: TRetentionForm }): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await readRetentionSettings(tx)
    const changes = Object.fromEntries(
      (Object.keys(form) as (keyof RetentionSettings)[]).filter((key) => before[key] !== form[key]).map((key) => [key, { from: before[key], to: form[key] }]),
    )
    if (Object.keys(changes).length === 0) return { changed: false }
    await tx.retentionSettings.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...form }, update: form })
    await audit(tx, { actorUserId: actor.id, action: 'retention.update', targetType: 'RetentionSettings', targetId: SETTINGS_ID, details: changes })
    return { changed: true }
  })
}

/** `date` minus whole months (UTC calendar; 31 March − 1 month → 3 March, as Date does). */
export function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date.getTime())
  result.setUTCMonth(result.getUTCMonth() - months)
  return result
}

export type RetentionRun = {
  warnedCandidates: number
  anonymisedCandidates: number
  anonymisedApplications: number
  deletedFiles: number
  deletedAuditEntries: number
  deletedNotifications: number
}

/** When the candidate was last seen: the last sign-in, or the account's creation. */
const lastActivityOf = (user: { lastLoginAt: Date | null; createdAt: Date }) => user.lastLoginAt ?? user.createdAt

/**
 * One run of the retention job at `now`: warns the candidates who reach the end of their inactivity
 * period in the next 30 days, anonymises those warned at least 30 days ago and still inactive, the
 * applications closed for longer than their period, deletes the old audit rows and read
 * notifications, and writes one audit row with the counts.
 */
export async function applyDataRetention(db: Db, config: Pick<Config, 'baseUrl' | 'uploadDir'>, now: Date = new Date()): Promise<RetentionRun> {
  const settings = await readRetentionSettings(db)
  const inactiveSince = monthsBefore(now, settings.inactiveCandidateMonths)
  const warnBefore = new Date(inactiveSince.getTime() + WARNING_DAYS * DAY_MS)
  const run: RetentionRun = {
    warnedCandidates: 0,
    anonymisedCandidates: 0,
    anonymisedApplications: 0,
    deletedFiles: 0,
    deletedAuditEntries: 0,
    deletedNotifications: 0,
  }

  // candidates inactive long enough to be warned (or removed)
  const inactive = await db.user.findMany({
    where: {
      role: 'CANDIDATE',
      anonymisedAt: null,
      OR: [{ lastLoginAt: { lt: warnBefore } }, { lastLoginAt: null, createdAt: { lt: warnBefore } }],
    },
    select: { id: true, email: true, firstName: true, lastLoginAt: true, createdAt: true, retentionWarnedAt: true },
    orderBy: { id: 'asc' },
  })
  for (const user of inactive) {
    const lastActivity = lastActivityOf(user)
    const warned = user.retentionWarnedAt !== null && user.retentionWarnedAt >= lastActivity
    if (!warned) {
      if (await warnInactiveCandidate(db, config, user, lastActivity, now, settings)) run.warnedCandidates++
    } else if (lastActivity < inactiveSince && user.retentionWarnedAt!.getTime() <= now.getTime() - WARNING_DAYS * DAY_MS) {
      const files = await anonymiseCandidate(db, user.id, lastActivity, now)
      if (files) {
        run.anonymisedCandidates++
        for (const storageKey of files.storageKeys) await removeStoredFile(config.uploadDir, storageKey)
        run.deletedFiles += files.storageKeys.length
        run.anonymisedApplications += files.applications
      }
    }
  }

  // applications closed for longer than their period: the figures stay, the words and files go
  const closedBefore = monthsBefore(now, settings.closedApplicationMonths)
  const closed = await db.application.findMany({
    where: { anonymisedAt: null, status: { in: [...CLOSED_APPLICATION_STATUSES] }, statusChangedAt: { lt: closedBefore } },
    select: { id: true },
  })
  if (closed.length > 0) {
    const ids = closed.map((application) => application.id)
    run.anonymisedApplications += await db.$transaction(async (tx) => anonymiseApplications(tx, ids, now))
  }

  const deleted = await db.$transaction(async (tx) => {
    const auditEntries = await tx.auditLog.deleteMany({ where: { createdAt: { lt: monthsBefore(now, settings.auditLogMonths) } } })
    const notifications = await tx.notification.deleteMany({ where: { readAt: { not: null, lt: monthsBefore(now, settings.readNotificationMonths) } } })
    return { auditEntries: auditEntries.count, notifications: notifications.count }
  })
  run.deletedAuditEntries = deleted.auditEntries
  run.deletedNotifications = deleted.notifications

  await db.$transaction(async (tx) => {
    await tx.auditLog.create({
      data: {
        actorUserId: null,
        action: 'retention.run',
        targetType: 'RetentionSettings',
        targetId: String(SETTINGS_ID),
        details: JSON.stringify({ ...run, settings }),
        createdAt: now,
      },
    })
  })
  return run
}

async function warnInactiveCandidate(
  db: Db,
  config: Pick<Config, 'baseUrl'>,
  user: { id: number; email: string; firstName: string; retentionWarnedAt: Date | null },
  lastActivity: Date,
  now: Date,
  settings: RetentionSettings,
): Promise<boolean> {
  // removal: the end of the period, but never less than 30 days after this warning
  const end = new Date(Math.max(monthsBefore(lastActivity, -settings.inactiveCandidateMonths).getTime(), now.getTime() + WARNING_DAYS * DAY_MS))
  return db.$transaction(async (tx) => {
    // conditional: two runs at once warn once
    const { count } = await tx.user.updateMany({
      where: { id: user.id, anonymisedAt: null, retentionWarnedAt: user.retentionWarnedAt },
      data: { retentionWarnedAt: now },
    })
    if (count !== 1) return false
    await queueEmail(tx, {
      to: user.email,
      subject: 'Votre compte Atouts pour tous sera bientôt supprimé',
      template: 'retention/inactive-warning',
      data: {
        firstName: user.firstName,
        deletionDay: end.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }),
        link: `${config.baseUrl}/connexion`,
      },
    })
    return true
  })
}

/** Removes the words and documents of these applications; returns how many it changed. */
async function anonymiseApplications(tx: Tx, ids: number[], now: Date): Promise<number> {
  await tx.applicationDocument.deleteMany({ where: { applicationId: { in: ids } } })
  await tx.applicationEvent.updateMany({ where: { applicationId: { in: ids } }, data: { comment: null } })
  const { count } = await tx.application.updateMany({
    where: { id: { in: ids }, anonymisedAt: null },
    data: { messageToEmployer: '', messageToReferent: null, shareDisability: false, wantsHelp: false, anonymisedAt: now },
  })
  return count
}

/**
 * The account stays as an anonymous, disabled row so that its applications keep their
 * établissement (statistics); everything that says who the person is goes. Returns the storage keys
 * of the deleted documents (removed from disk after the commit), or null when the candidate signed
 * in meanwhile.
 */
async function anonymiseCandidate(db: Db, userId: number, lastActivity: Date, now: Date): Promise<{ storageKeys: string[]; applications: number } | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { lastLoginAt: true, createdAt: true, anonymisedAt: true, candidate: { select: { id: true } } },
    })
    if (!user || user.anonymisedAt || lastActivityOf(user).getTime() !== lastActivity.getTime()) return null
    const candidateId = user.candidate?.id
    let storageKeys: string[] = []
    let applications = 0
    if (candidateId !== undefined) {
      const applicationIds = (await tx.application.findMany({ where: { candidateId }, select: { id: true } })).map((application) => application.id)
      applications = await anonymiseApplications(tx, applicationIds, now)
      const documents = await tx.document.findMany({ where: { candidateId }, select: { storageKey: true } })
      storageKeys = documents.map((document) => document.storageKey)
      await tx.applicationDocument.deleteMany({ where: { document: { candidateId } } })
      await tx.document.deleteMany({ where: { candidateId } })
      await tx.sponsorshipRequest.updateMany({
        where: { candidateId },
        data: { motivation: '', expectations: '', availability: '', mentorName: null, mentorContact: null, answerMessage: null },
      })
      await tx.appointment.updateMany({ where: { candidateId }, data: { subject: ANONYMOUS_NAME, location: null } })
      await tx.candidate.update({
        where: { id: candidateId },
        data: {
          civility: null,
          birthDate: null,
          phone: null,
          address: null,
          postalCode: null,
          city: null,
          familyContactName: null,
          familyRelation: null,
          familyPhone: null,
          familyEmail: null,
          sectors: null,
          desiredPlaces: null,
          availableFrom: null,
          studyLevel: null,
          currentTraining: null,
          professionalProject: null,
          rqth: null,
          accommodations: null,
        },
      })
    }
    await tx.notification.deleteMany({ where: { userId } })
    await tx.notificationPreference.deleteMany({ where: { userId } })
    await tx.authToken.deleteMany({ where: { userId } })
    await tx.twoFactorRecoveryCode.deleteMany({ where: { userId } })
    // saved searches: their names and filters say what the person looked for
    await tx.savedSearch.deleteMany({ where: { userId } })
    await tx.session.deleteMany({ where: { userId } })
    // the emails kept in the outbox say the name too; one being sent now (leased) is left to finish
    const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })
    await tx.outboxEmail.deleteMany({ where: { to: email, OR: [{ status: { not: 'PENDING' } }, { nextAttemptAt: { lte: now } }] } })
    await transitionAccount(tx, {
      action: 'anonymise',
      user: { id: userId, passwordHash: null },
      also: {
        email: `anonyme-${userId}@anonyme.invalid`,
        firstName: ANONYMOUS_NAME,
        lastName: '',
        searchText: `anonyme ${userId}`,
        passwordHash: null,
        displaySettings: null,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        anonymisedAt: now,
      },
    })
    return { storageKeys, applications }
  })
}
