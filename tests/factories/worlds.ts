/**
 * Worlds: the rows a domain's tests share, built from the factories of index.ts. Each call makes new
 * rows, so tests of one file do not see each other's. The rows are made in a fixed order (ids and
 * generated names follow it), the one each domain's tests were written with.
 */
import type { ApplicationStatus, Db } from '../../src/lib/db.ts'
import {
  createAdmin,
  createApplication,
  createCandidate,
  createConvention,
  createDocument,
  createEmployer,
  createEstablishment,
  createOffer,
  createRecruiter,
  createReferent,
} from './index.ts'

type People = {
  convention: { id: number }
  establishment: { id: number }
  candidate: Awaited<ReturnType<typeof createCandidate>>
  employer: { id: number }
}

/**
 * One convention with an établissement (a candidate, a référent) and a partner employer (a
 * recruiter); then the strangers of the "wrong organisation" tests: a référent of another
 * établissement of the convention, a recruiter of another partner employer. What a domain adds is
 * made at its place: `withEstablishment` after the référent, `withEmployer` after the recruiter.
 */
export async function createConventionWorld<AtEstablishment extends object = object, AtEmployer extends object = object>(
  db: Db,
  options: {
    candidateName?: (conventionId: number) => { firstName: string; lastName: string }
    withEstablishment?: (people: Omit<People, 'employer'>) => Promise<AtEstablishment>
    withEmployer?: (people: People) => Promise<AtEmployer>
  } = {},
) {
  const convention = await createConvention(db)
  const establishment = await createEstablishment(db, { conventionId: convention.id })
  const candidate = await createCandidate(db, { establishmentId: establishment.id, ...options.candidateName?.(convention.id) })
  const referent = await createReferent(db, { establishmentId: establishment.id })
  const atEstablishment = ((await options.withEstablishment?.({ convention, establishment, candidate })) ?? {}) as AtEstablishment
  const employer = await createEmployer(db, { partnerOf: [convention.id] })
  const recruiter = await createRecruiter(db, { employerId: employer.id })
  const atEmployer = ((await options.withEmployer?.({ convention, establishment, candidate, employer })) ?? {}) as AtEmployer
  const otherEstablishment = await createEstablishment(db, { conventionId: convention.id })
  const strangerReferent = await createReferent(db, { establishmentId: otherEstablishment.id })
  const otherEmployer = await createEmployer(db, { partnerOf: [convention.id] })
  const strangerRecruiter = await createRecruiter(db, { employerId: otherEmployer.id })
  return {
    convention,
    establishment,
    candidate,
    referent,
    ...atEstablishment,
    employer,
    recruiter,
    ...atEmployer,
    otherEstablishment,
    strangerReferent,
    otherEmployer,
    strangerRecruiter,
  }
}

// ───────────────────────── Candidatures ─────────────────────────

/**
 * The convention world with a second référent, a published offer of the employer, and a CV, a
 * lettre and an "Autre" document of the candidate (real files under config.uploadDir).
 */
export async function createApplicationsWorld({ db, config }: { db: Db; config: { uploadDir: string } }) {
  return createConventionWorld(db, {
    withEstablishment: async ({ establishment }) => ({ secondReferent: await createReferent(db, { establishmentId: establishment.id }) }),
    withEmployer: async ({ candidate, employer }) => {
      const offer = await createOffer(db, { employerId: employer.id, title: `Développeur·se web ${employer.id}` })
      const document = (name: string, type: 'CV' | 'COVER_LETTER' | 'OTHER') =>
        createDocument(db, config.uploadDir, { candidateId: candidate.candidate.id, name, type })
      const cv = await document(`CV_${candidate.user.lastName}_Developpeur`, 'CV')
      const letter = await document(`Lettre_${candidate.user.lastName}`, 'COVER_LETTER')
      const other = await document(`Certificat_medical_${candidate.user.lastName}`, 'OTHER')
      return { offer, cv, letter, other }
    },
  })
}
export type ApplicationsWorld = Awaited<ReturnType<typeof createApplicationsWorld>>

// ───────────────────────── Parrainage ─────────────────────────

/**
 * The convention world with the candidate Camille Martin, a colleague of the recruiter, and an
 * employer that is not a partner of the convention.
 */
export async function createSponsorshipsWorld({ db }: { db: Db }) {
  const world = await createConventionWorld(db, {
    candidateName: (conventionId) => ({ firstName: 'Camille', lastName: `Martin${conventionId}` }),
    withEmployer: async ({ employer }) => ({ colleague: await createRecruiter(db, { employerId: employer.id }) }),
  })
  const nonPartner = await createEmployer(db, { partnerOf: [(await createConvention(db)).id] })
  return { ...world, nonPartner }
}
export type SponsorshipsWorld = Awaited<ReturnType<typeof createSponsorshipsWorld>>

/** What a candidate writes in "Demander un parrainage". */
export const SPONSORSHIP_REQUEST = {
  motivation: 'Je prépare un BTS SIO et j’aimerais découvrir le métier de développeur dans votre entreprise.',
  expectations: 'Des conseils sur mon CV et sur la préparation des entretiens.',
  availability: 'Le mercredi après-midi, en visio ou sur place.',
}

// ───────────────────────── Rendez-vous ─────────────────────────

/**
 * One établissement with two référents and a candidate (plus a disabled one and one waiting for
 * validation, who cannot be given appointments); another établissement with its référent and
 * candidate; a recruiter.
 */
export async function createAppointmentsWorld({ db }: { db: Db }) {
  const convention = await createConvention(db)
  const establishment = await createEstablishment(db, { conventionId: convention.id })
  const referent = await createReferent(db, { establishmentId: establishment.id, firstName: 'Hélène', lastName: `Durand${establishment.id}` })
  const colleague = await createReferent(db, { establishmentId: establishment.id })
  const candidate = await createCandidate(db, { establishmentId: establishment.id, firstName: 'Camille', lastName: `Martin${establishment.id}` })
  const disabledCandidate = await createCandidate(db, { establishmentId: establishment.id, status: 'DISABLED' })
  const pendingCandidate = await createCandidate(db, { establishmentId: establishment.id, status: 'PENDING_VALIDATION' })
  const otherEstablishment = await createEstablishment(db, { conventionId: convention.id })
  const strangerReferent = await createReferent(db, { establishmentId: otherEstablishment.id })
  const strangerCandidate = await createCandidate(db, { establishmentId: otherEstablishment.id })
  const recruiter = await createRecruiter(db)
  return {
    establishment,
    referent,
    colleague,
    candidate,
    disabledCandidate,
    pendingCandidate,
    otherEstablishment,
    strangerReferent,
    strangerCandidate,
    recruiter,
  }
}
export type AppointmentsWorld = Awaited<ReturnType<typeof createAppointmentsWorld>>

// ───────────────────────── Statistiques ─────────────────────────

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/** June 2026 in Paris (UTC+2): from 2026-05-31T22:00Z to 2026-06-30T22:00Z. */
export const JUNE = { du: '2026-06-01', au: '2026-06-30' }

/**
 * A small world whose figures are worked out by hand in the tests (tests/statistics/):
 *
 * Conventions: Alpha (Lycée Alpha, Université Alpha; campus "Nord"), Bêta (Mission locale Bêta),
 * Gamma (one établissement, nobody). Employers: "Employeur Un" (partner of Alpha and Bêta),
 * "=SOMME(A1:A2)" (partner of Alpha), "Employeur Trois" (no partnership), '-Employeur; "quatre"'
 * (partner of Bêta, nothing else). Applications of June 2026 (in the period) and a few outside it,
 * including one a second before and one a second inside each end of the period, in Paris time, and a
 * few at the first and last instants of Paris months, away from June.
 */
export async function createStatisticsWorld(db: Db) {
  const admin = await createAdmin(db)

  const alpha = await createConvention(db, { name: 'Convention Alpha', region: 'Occitanie' })
  const beta = await createConvention(db, { name: 'Convention Bêta', region: 'Bretagne' })
  const gamma = await createConvention(db, { name: 'Convention Gamma', region: 'Normandie' })
  const lycee = await createEstablishment(db, { conventionId: alpha.id, name: 'Lycée Alpha', kind: 'LYCEE' })
  const universite = await createEstablishment(db, { conventionId: alpha.id, name: 'Université Alpha; campus "Nord"' })
  const missionLocale = await createEstablishment(db, { conventionId: beta.id, name: 'Mission locale Bêta', kind: 'MISSION_LOCALE' })
  const empty = await createEstablishment(db, { conventionId: gamma.id, name: 'Établissement Gamma' })

  // candidates: only ACTIVE and PENDING_VALIDATION accounts are counted
  const c1 = await createCandidate(db, { establishmentId: lycee.id })
  const c2 = await createCandidate(db, { establishmentId: lycee.id })
  await createCandidate(db, { establishmentId: lycee.id, status: 'PENDING_VALIDATION', password: null })
  const c4 = await createCandidate(db, { establishmentId: universite.id })
  await createCandidate(db, { establishmentId: universite.id, status: 'DISABLED' })
  const c6 = await createCandidate(db, { establishmentId: missionLocale.id })
  await createCandidate(db, { establishmentId: missionLocale.id, status: 'PENDING_VALIDATION', password: null })
  await createCandidate(db, { establishmentId: missionLocale.id, status: 'INVITED', password: null })

  const un = await createEmployer(db, { name: 'Employeur Un', partnerOf: [alpha.id, beta.id] })
  const somme = await createEmployer(db, { name: '=SOMME(A1:A2)', partnerOf: [alpha.id] })
  const trois = await createEmployer(db, { name: 'Employeur Trois' })
  const quatre = await createEmployer(db, { name: '-Employeur; "quatre"', partnerOf: [beta.id] })

  // offers published in June: Un 3 (one closed since), =SOMME 1, Trois 1
  await createOffer(db, { employerId: un.id, publishedAt: new Date('2026-06-05T08:00:00Z') })
  await createOffer(db, { employerId: un.id, publishedAt: new Date('2026-06-20T08:00:00Z') })
  await createOffer(db, { employerId: un.id, status: 'CLOSED', publishedAt: new Date('2026-06-10T08:00:00Z') })
  await createOffer(db, { employerId: un.id, publishedAt: new Date('2026-05-15T08:00:00Z') })
  await createOffer(db, { employerId: un.id, status: 'DRAFT' })
  // 1 July 00:30 in Paris: outside
  await createOffer(db, { employerId: un.id, publishedAt: new Date('2026-06-30T22:30:00Z') })
  await createOffer(db, { employerId: somme.id, publishedAt: new Date('2026-06-15T08:00:00Z') })
  await createOffer(db, { employerId: trois.id, publishedAt: new Date('2026-06-16T08:00:00Z') })

  /** An application submitted at `submitted`, validated `validatedAfter` days later, answered `answeredAfter` days after that. */
  const apply = async (
    candidateId: number,
    employerId: number,
    status: ApplicationStatus,
    submitted: string,
    delays: { validatedAfter?: number; answeredAfter?: number; interviewEvent?: boolean } = {},
  ) => {
    const submittedAt = new Date(submitted)
    const validatedAt = delays.validatedAfter === undefined ? null : new Date(submittedAt.getTime() + delays.validatedAfter * DAY)
    const application = await createApplication(db, { candidateId, employerId, status, submittedAt, validatedAt })
    if (delays.answeredAfter !== undefined) {
      await db.application.update({ where: { id: application.id }, data: { answeredAt: new Date(validatedAt!.getTime() + delays.answeredAfter * DAY) } })
    }
    if (delays.interviewEvent) {
      await db.applicationEvent.create({
        data: { applicationId: application.id, fromStatus: 'IN_REVIEW', toStatus: 'INTERVIEW', createdAt: new Date(submittedAt.getTime() + HOUR) },
      })
    }
    return application
  }

  // Lycée Alpha
  await apply(c1.candidate.id, un.id, 'ACCEPTED', '2026-06-02T10:00:00Z', { validatedAfter: 1, answeredAfter: 2 })
  await apply(c1.candidate.id, somme.id, 'REJECTED', '2026-06-04T10:00:00Z', { validatedAfter: 3, answeredAfter: 4, interviewEvent: true })
  await apply(c1.candidate.id, un.id, 'PENDING_REFERENT', '2026-06-10T10:00:00Z')
  await apply(c2.candidate.id, un.id, 'INTERVIEW', '2026-06-05T10:00:00Z', { validatedAfter: 0.5, answeredAfter: 1 })
  await apply(c2.candidate.id, trois.id, 'SENT', '2026-06-06T10:00:00Z', { validatedAfter: 2 })
  await apply(c2.candidate.id, un.id, 'WITHDRAWN', '2026-06-07T10:00:00Z', { validatedAfter: 1 })
  await apply(c2.candidate.id, somme.id, 'RETURNED', '2026-06-08T10:00:00Z')
  // 30 June 23:59:59 in Paris: inside; 31 May 23:59:59 in Paris: outside
  await apply(c2.candidate.id, un.id, 'PENDING_REFERENT', '2026-06-30T21:59:59Z')
  await apply(c2.candidate.id, somme.id, 'PENDING_REFERENT', '2026-05-31T21:59:59Z')
  // Université Alpha
  await apply(c4.candidate.id, un.id, 'IN_REVIEW', '2026-06-09T10:00:00Z', { validatedAfter: 4, answeredAfter: 6 })
  await apply(c4.candidate.id, somme.id, 'WITHDRAWN', '2026-06-11T10:00:00Z')
  // Mission locale Bêta: accepted after an interview (counted once in "Entretien")
  await apply(c6.candidate.id, un.id, 'ACCEPTED', '2026-06-12T10:00:00Z', { validatedAfter: 1, answeredAfter: 3, interviewEvent: true })
  // outside June
  await apply(c1.candidate.id, un.id, 'ACCEPTED', '2026-05-20T10:00:00Z', { validatedAfter: 10, answeredAfter: 10 })
  await apply(c6.candidate.id, trois.id, 'SENT', '2026-07-02T10:00:00Z', { validatedAfter: 1 })
  // at the edges of Paris months (for the applications per month), outside June:
  // 1 April 00:30 in Paris (summer time; still March in UTC), 1 July 00:00:00 in Paris (the first instant of July),
  // 31 October 23:30 in Paris (winter time since 25 October: October), 1 November 00:30 in Paris (still October in UTC)
  await apply(c4.candidate.id, trois.id, 'PENDING_REFERENT', '2026-03-31T22:30:00Z')
  await apply(c4.candidate.id, trois.id, 'PENDING_REFERENT', '2026-06-30T22:00:00Z')
  await apply(c4.candidate.id, trois.id, 'PENDING_REFERENT', '2026-10-31T22:30:00Z')
  await apply(c4.candidate.id, trois.id, 'PENDING_REFERENT', '2026-10-31T23:30:00Z')

  return { admin, alpha, beta, gamma, lycee, universite, missionLocale, empty, un, somme, trois, quatre }
}
export type StatisticsWorld = Awaited<ReturnType<typeof createStatisticsWorld>>
