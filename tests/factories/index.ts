import type { ApplicationStatus, ContractType, Db, DocumentType, EstablishmentKind, Role, UserStatus } from '../../src/lib/db.ts'
import { hashPassword } from '../../src/lib/passwords.ts'
import { storeFile } from '../../src/lib/storage.ts'
import { normalizeForSearch } from '../../src/lib/text.ts'

/** Factories with sensible defaults: each call makes new, unique rows. */
let sequence = 0
const next = () => ++sequence

export const TEST_PASSWORD = 'Mot-de-passe-de-test-42'
let testPasswordHash: Promise<string> | undefined
function passwordHashFor(password: string): Promise<string> {
  if (password !== TEST_PASSWORD) return hashPassword(password)
  testPasswordHash ??= hashPassword(TEST_PASSWORD)
  return testPasswordHash
}

export async function createConvention(db: Db, data: { name?: string; region?: string } = {}) {
  const n = next()
  return db.convention.create({ data: { name: data.name ?? `Convention ${n}`, region: data.region ?? 'Occitanie' } })
}

export async function createEstablishment(db: Db, data: { conventionId?: number; name?: string; kind?: EstablishmentKind; city?: string } = {}) {
  const conventionId = data.conventionId ?? (await createConvention(db)).id
  return db.establishment.create({
    data: { conventionId, name: data.name ?? `Établissement ${next()}`, kind: data.kind ?? 'UNIVERSITE', city: data.city ?? 'Toulouse' },
  })
}

export async function createEmployer(db: Db, data: { name?: string; partnerOf?: number[]; sector?: string; city?: string; contactEmail?: string } = {}) {
  const name = data.name ?? `Employeur ${next()}`
  return db.employer.create({
    data: {
      name,
      searchName: normalizeForSearch(name),
      description: `${name} accueille des jeunes en stage et en alternance.`,
      sector: data.sector ?? 'Numérique',
      city: data.city ?? 'Toulouse',
      contactEmail: data.contactEmail ?? null,
      partnerships: { create: (data.partnerOf ?? []).map((conventionId) => ({ conventionId })) },
    },
  })
}

type UserData = {
  email?: string
  firstName?: string
  lastName?: string
  status?: UserStatus
  password?: string | null
}

async function userFields(role: Role, data: UserData) {
  const n = next()
  const firstName = data.firstName ?? `Prénom${n}`
  const lastName = data.lastName ?? `Nom${n}`
  const email = (data.email ?? `${role.toLowerCase()}${n}@test.atouts.fr`).toLowerCase()
  const password = data.password === undefined ? TEST_PASSWORD : data.password
  return {
    email,
    firstName,
    lastName,
    role,
    status: data.status ?? 'ACTIVE',
    searchText: normalizeForSearch(lastName, firstName, email),
    passwordHash: password === null ? null : await passwordHashFor(password),
  }
}

export async function createCandidate(db: Db, data: UserData & { establishmentId?: number; birthDate?: Date } = {}) {
  const establishmentId = data.establishmentId ?? (await createEstablishment(db)).id
  const user = await db.user.create({
    data: { ...(await userFields('CANDIDATE', data)), candidate: { create: { establishmentId, birthDate: data.birthDate ?? null } } },
    include: { candidate: true },
  })
  return { user, candidate: user.candidate! }
}

export async function createReferent(db: Db, data: UserData & { establishmentId?: number } = {}) {
  const establishmentId = data.establishmentId ?? (await createEstablishment(db)).id
  const user = await db.user.create({
    data: { ...(await userFields('REFERENT', data)), referent: { create: { establishmentId } } },
    include: { referent: true },
  })
  return { user, referent: user.referent! }
}

export async function createRecruiter(db: Db, data: UserData & { employerId?: number } = {}) {
  const employerId = data.employerId ?? (await createEmployer(db)).id
  const user = await db.user.create({
    data: { ...(await userFields('RECRUITER', data)), recruiter: { create: { employerId } } },
    include: { recruiter: true },
  })
  return { user, recruiter: user.recruiter! }
}

export async function createAdmin(db: Db, data: UserData = {}) {
  const user = await db.user.create({ data: await userFields('ADMIN', data) })
  return { user }
}

export async function createOffer(
  db: Db,
  data: {
    employerId: number
    title?: string
    contractType?: ContractType
    city?: string
    department?: string
    status?: 'DRAFT' | 'PUBLISHED' | 'CLOSED'
    publishedAt?: Date
    endDate?: Date | null
  },
) {
  const status = data.status ?? 'PUBLISHED'
  return db.offer.create({
    data: {
      employerId: data.employerId,
      title: data.title ?? `Offre ${next()}`,
      description: 'Une mission au sein d’une équipe bienveillante.',
      contractType: data.contractType ?? 'STAGE',
      city: data.city ?? 'Toulouse',
      department: data.department ?? '31',
      sector: 'Numérique',
      status,
      publishedAt: status === 'DRAFT' ? null : (data.publishedAt ?? new Date()),
      endDate: data.endDate ?? null,
    },
  })
}

// ───────────────────────── Documents and applications (issue 5) ─────────────────────────

/** A minimal but real one-page PDF, so that downloads and email attachments carry a valid file. */
export function minimalPdf(text = 'Atouts pour tous'): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, index) => {
    offsets.push(body.length)
    body += `${index + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

/** A candidate's document, with a real PDF file stored under uploadDir (config.uploadDir) like an upload. */
export async function createDocument(
  db: Db,
  uploadDir: string,
  data: { candidateId: number; name?: string; type?: DocumentType; content?: Buffer; mimeType?: string; originalName?: string },
) {
  const n = next()
  const content = data.content ?? minimalPdf(data.name ?? `Document ${n}`)
  const storageKey = await storeFile(uploadDir, content)
  return db.document.create({
    data: {
      candidateId: data.candidateId,
      name: data.name ?? `CV_Document${n}`,
      type: data.type ?? 'CV',
      originalName: data.originalName ?? `document-${n}.pdf`,
      storageKey,
      mimeType: data.mimeType ?? 'application/pdf',
      size: content.length,
    },
  })
}

const EMPLOYER_SEEN_STATUSES = ['SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED'] as const

/**
 * An application written directly (no emails), in any status, with a matching history. Give an
 * offerId (application to an offer) or an employerId (spontaneous).
 */
export async function createApplication(
  db: Db,
  data: {
    candidateId: number
    offerId?: number
    employerId?: number
    status?: ApplicationStatus
    documentIds?: number[]
    messageToEmployer?: string
    messageToReferent?: string | null
    wantsHelp?: boolean
    shareDisability?: boolean
    submittedAt?: Date
    validatedAt?: Date | null
  },
) {
  const offer = data.offerId ? await db.offer.findUniqueOrThrow({ where: { id: data.offerId } }) : null
  const employerId = offer?.employerId ?? data.employerId
  if (!employerId) throw new Error('createApplication: offerId or employerId is required')
  const status = data.status ?? 'PENDING_REFERENT'
  const submittedAt = data.submittedAt ?? new Date()
  const reachedEmployer = (EMPLOYER_SEEN_STATUSES as readonly string[]).includes(status)
  const validatedAt = data.validatedAt !== undefined ? data.validatedAt : reachedEmployer ? submittedAt : null
  return db.application.create({
    data: {
      kind: offer ? 'OFFER' : 'SPONTANEOUS',
      candidateId: data.candidateId,
      employerId,
      offerId: offer?.id ?? null,
      status,
      messageToEmployer: data.messageToEmployer ?? `Madame, Monsieur, je vous prie de trouver ci-joint ma candidature (${next()}).`,
      messageToReferent: data.messageToReferent === undefined ? 'Pouvez-vous relire mon message ?' : data.messageToReferent,
      wantsHelp: data.wantsHelp ?? false,
      shareDisability: data.shareDisability ?? false,
      submittedAt,
      statusChangedAt: submittedAt,
      validatedAt,
      documents: { create: (data.documentIds ?? []).map((documentId) => ({ documentId })) },
      events: {
        create: [
          { fromStatus: null, toStatus: 'PENDING_REFERENT', createdAt: submittedAt },
          ...(status === 'PENDING_REFERENT' ? [] : [{ fromStatus: 'PENDING_REFERENT' as const, toStatus: status, createdAt: submittedAt }]),
        ],
      },
    },
  })
}

// ───────────────────────── Notifications (issue 3) ─────────────────────────

export async function createNotification(
  db: Db,
  data: { userId: number; title?: string; event?: string; readAt?: Date | null; createdAt?: Date; link?: string | null },
) {
  return db.notification.create({
    data: {
      userId: data.userId,
      event: data.event ?? 'account.news',
      title: data.title ?? `Notification ${next()}`,
      link: data.link ?? null,
      readAt: data.readAt ?? null,
      ...(data.createdAt ? { createdAt: data.createdAt } : {}),
    },
  })
}

// ───────────────────────── Offers with every field (issue 4) ─────────────────────────

/** An offer of this employer with any of its fields set (createOffer's defaults for the others). */
export async function createOfferWithDetails(
  db: Db,
  data: Partial<Omit<import('../../src/lib/db.ts').Prisma.OfferUncheckedCreateInput, 'employerId'>> & { employerId: number },
) {
  const status = data.status ?? 'PUBLISHED'
  return db.offer.create({
    data: {
      title: `Offre ${next()}`,
      description: 'Une mission au sein d’une équipe bienveillante.',
      contractType: 'STAGE',
      city: 'Toulouse',
      department: '31',
      sector: 'Numérique',
      publishedAt: status === 'DRAFT' ? null : new Date(),
      ...data,
      status,
    },
  })
}

// ───────────────────────── Parrainage, rendez-vous, news (issue 6) ─────────────────────────

export async function createSponsorshipRequest(
  db: Db,
  data: Partial<Omit<import('../../src/lib/db.ts').Prisma.SponsorshipRequestUncheckedCreateInput, 'candidateId' | 'employerId'>> & {
    candidateId: number
    employerId: number
  },
) {
  return db.sponsorshipRequest.create({
    data: {
      motivation: `Je souhaite découvrir le métier au contact d’un professionnel (${next()}).`,
      expectations: 'Des conseils pour mon projet et mon CV.',
      availability: 'Le mercredi après-midi.',
      ...data,
    },
  })
}

export async function createAppointment(
  db: Db,
  data: Partial<Omit<import('../../src/lib/db.ts').Prisma.AppointmentUncheckedCreateInput, 'candidateId' | 'referentId'>> & {
    candidateId: number
    referentId: number
  },
) {
  return db.appointment.create({
    data: {
      startsAt: new Date(Date.now() + 3 * 24 * 3600 * 1000),
      durationMinutes: 45,
      mode: 'IN_PERSON',
      location: 'Bureau du référent',
      subject: `Point sur le projet professionnel (${next()})`,
      ...data,
    },
  })
}

export async function createNews(
  db: Db,
  data: { title?: string; body?: string; published?: boolean; publishedAt?: Date | null; authorUserId?: number | null } = {},
) {
  const published = data.published ?? true
  return db.news.create({
    data: {
      title: data.title ?? `Actualité ${next()}`,
      body: data.body ?? 'Une nouveauté de la plateforme.',
      published,
      publishedAt: data.publishedAt !== undefined ? data.publishedAt : published ? new Date() : null,
      authorUserId: data.authorUserId ?? null,
    },
  })
}
