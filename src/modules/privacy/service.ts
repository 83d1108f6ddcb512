/**
 * "Mes données personnelles" (SPEC §10, GDPR arts. 15, 17 and 20): a candidate downloads everything the
 * platform keeps about them, and may delete their account with all of it.
 */
import type { Config } from '../../config.ts'
import { audit } from '../../lib/audit.ts'
import type { Db } from '../../lib/db.ts'
import { logger } from '../../lib/logger.ts'
import { verifyPassword } from '../../lib/passwords.ts'
import { removeStoredFile } from '../../lib/storage.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import type { TDeleteAccountForm } from './schemas.ts'

/** Everything about the candidate, in one JSON-ready object; documents are listed (their files are in "Mes documents"). */
export async function exportCandidateData(db: Db, actor: SessionUser) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      email: true,
      firstName: true,
      lastName: true,
      status: true,
      createdAt: true,
      lastLoginAt: true,
      notificationPrefs: { select: { event: true, email: true, inSite: true } },
      notifications: { select: { title: true, body: true, link: true, readAt: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
      candidate: {
        include: {
          establishment: { select: { name: true, city: true, convention: { select: { name: true } } } },
          documents: { select: { name: true, type: true, originalName: true, mimeType: true, size: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
          applications: {
            orderBy: { submittedAt: 'asc' },
            select: {
              kind: true,
              status: true,
              messageToEmployer: true,
              shareDisability: true,
              messageToReferent: true,
              wantsHelp: true,
              submittedAt: true,
              validatedAt: true,
              employer: { select: { name: true } },
              offer: { select: { title: true } },
              documents: { select: { document: { select: { name: true } } } },
              events: { select: { fromStatus: true, toStatus: true, comment: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
            },
          },
          sponsorships: {
            orderBy: { createdAt: 'asc' },
            select: {
              status: true,
              motivation: true,
              expectations: true,
              availability: true,
              mentorName: true,
              mentorContact: true,
              answerMessage: true,
              createdAt: true,
              answeredAt: true,
              employer: { select: { name: true } },
            },
          },
          appointments: {
            orderBy: { startsAt: 'asc' },
            select: { startsAt: true, durationMinutes: true, mode: true, location: true, subject: true, status: true },
          },
        },
      },
    },
  })
  const { candidate, notificationPrefs, notifications, ...account } = user
  const {
    establishment,
    documents,
    applications,
    sponsorships,
    appointments,
    id: _id,
    userId: _userId,
    establishmentId: _e,
    createdByUserId: _c,
    validatedByUserId: _v,
    ...profile
  } = candidate!
  return {
    exportedAt: new Date().toISOString(),
    account,
    profile: { ...profile, establishment: establishment.name, establishmentCity: establishment.city, convention: establishment.convention.name },
    documents,
    applications: applications.map(({ documents: attached, ...application }) => ({
      ...application,
      employer: application.employer.name,
      offer: application.offer?.title ?? null,
      documents: attached.map((link) => link.document.name),
    })),
    sponsorships: sponsorships.map((sponsorship) => ({ ...sponsorship, employer: sponsorship.employer.name })),
    appointments,
    notificationPreferences: notificationPrefs,
    notifications,
  }
}

export async function recordExport(db: Db, actor: SessionUser) {
  await audit(db, { actorUserId: actor.id, action: 'privacy.export', targetType: 'User', targetId: actor.id })
}

export type DeleteOutcome = { ok: true } | { ok: false; wrongPassword: true; errors: FieldErrors }

/**
 * Deletes the candidate's account and everything attached to it, in one transaction; then their files.
 * The audit log keeps that an account was deleted, with counts only.
 */
export async function deleteCandidateAccount(
  { db, config }: { db: Db; config: Config },
  { actor, form }: { actor: SessionUser; form: TDeleteAccountForm },
): Promise<DeleteOutcome> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true, email: true, candidate: { select: { id: true } } } })
  if (!(await verifyPassword(user.passwordHash, form.currentPassword))) {
    return {
      ok: false,
      wrongPassword: true,
      errors: { currentPassword: 'Ce mot de passe n’est pas le bon. Saisissez le mot de passe que vous utilisez pour vous connecter.' },
    }
  }
  const candidateId = user.candidate!.id
  const storageKeys = await db.$transaction(async (tx) => {
    const documents = await tx.document.findMany({ where: { candidateId }, select: { storageKey: true } })
    // applications first: their links to documents would otherwise hold the documents back
    const applications = await tx.application.deleteMany({ where: { candidateId } })
    const sponsorships = await tx.sponsorshipRequest.deleteMany({ where: { candidateId } })
    const appointments = await tx.appointment.deleteMany({ where: { candidateId } })
    await tx.document.deleteMany({ where: { candidateId } })
    // no email is sent to an address that asked to be forgotten
    await tx.outboxEmail.deleteMany({ where: { to: user.email, status: 'PENDING' } })
    await tx.user.delete({ where: { id: actor.id } })
    await audit(tx, {
      actorUserId: null,
      action: 'account.delete',
      targetType: 'User',
      targetId: actor.id,
      details: {
        role: 'CANDIDATE',
        documents: documents.length,
        applications: applications.count,
        sponsorships: sponsorships.count,
        appointments: appointments.count,
      },
    })
    return documents.map((document) => document.storageKey)
  })
  for (const key of storageKeys) {
    await removeStoredFile(config.uploadDir, key).catch((error: unknown) =>
      logger.warn('stored file of a deleted account not removed', { key, error: String(error) }),
    )
  }
  return { ok: true }
}
