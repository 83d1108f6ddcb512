import type { ParsedMail } from 'mailparser'
import { createMailTransport, sendDueEmails } from '../../src/lib/outbox.ts'
import { loadSessionUser, type SessionUser } from '../../src/web/auth.ts'
import {
  createCandidate,
  createConvention,
  createDocument,
  createEmployer,
  createEstablishment,
  createOffer,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import type { TestContext } from '../helpers/app.ts'

/**
 * One convention with an établissement (a candidate, two référents), a partner employer (a recruiter,
 * a published offer), and a CV, a lettre and an "Autre" document of the candidate; plus strangers:
 * a référent of another établissement and a recruiter of another (partner) employer.
 */
export async function createWorld(ctx: TestContext) {
  const { db } = ctx
  const convention = await createConvention(db)
  const establishment = await createEstablishment(db, { conventionId: convention.id })
  const candidate = await createCandidate(db, { establishmentId: establishment.id })
  const referent = await createReferent(db, { establishmentId: establishment.id })
  const secondReferent = await createReferent(db, { establishmentId: establishment.id })
  const employer = await createEmployer(db, { partnerOf: [convention.id] })
  const recruiter = await createRecruiter(db, { employerId: employer.id })
  const offer = await createOffer(db, { employerId: employer.id, title: `Développeur·se web ${employer.id}` })
  const cv = await createDocument(db, ctx.config.uploadDir, {
    candidateId: candidate.candidate.id,
    name: `CV_${candidate.user.lastName}_Developpeur`,
    type: 'CV',
  })
  const letter = await createDocument(db, ctx.config.uploadDir, {
    candidateId: candidate.candidate.id,
    name: `Lettre_${candidate.user.lastName}`,
    type: 'COVER_LETTER',
  })
  const other = await createDocument(db, ctx.config.uploadDir, {
    candidateId: candidate.candidate.id,
    name: `Certificat_medical_${candidate.user.lastName}`,
    type: 'OTHER',
  })
  const otherEstablishment = await createEstablishment(db, { conventionId: convention.id })
  const strangerReferent = await createReferent(db, { establishmentId: otherEstablishment.id })
  const otherEmployer = await createEmployer(db, { partnerOf: [convention.id] })
  const strangerRecruiter = await createRecruiter(db, { employerId: otherEmployer.id })
  return {
    convention,
    establishment,
    candidate,
    referent,
    secondReferent,
    employer,
    recruiter,
    offer,
    cv,
    letter,
    other,
    strangerReferent,
    otherEmployer,
    strangerRecruiter,
  }
}
export type World = Awaited<ReturnType<typeof createWorld>>

export async function actor(ctx: TestContext, userId: number): Promise<SessionUser> {
  const user = await loadSessionUser(ctx.db, userId)
  if (!user) throw new Error(`no active user ${userId}`)
  return user
}

/** Send what the outbox holds to the test SMTP server (ctx built with smtpUrl). */
export async function deliverEmails(ctx: TestContext) {
  return sendDueEmails({ db: ctx.db, transport: createMailTransport(ctx.config), config: ctx.config })
}

export const recipientsOf = (message: ParsedMail): string[] =>
  (Array.isArray(message.to) ? message.to : message.to ? [message.to] : []).flatMap((address) => address.value.map((value) => value.address ?? ''))

export const outboxTo = (ctx: TestContext, email: string) => ctx.db.outboxEmail.findMany({ where: { to: email }, orderBy: { id: 'asc' } })

export { decodeHtml } from '../helpers/html.ts'
