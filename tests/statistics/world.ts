import type { ApplicationStatus, Db } from '../../src/lib/db.ts'
import { createAdmin, createApplication, createCandidate, createConvention, createEmployer, createEstablishment, createOffer } from '../factories/index.ts'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/** June 2026 in Paris (UTC+2): from 2026-05-31T22:00Z to 2026-06-30T22:00Z. */
export const JUNE = { du: '2026-06-01', au: '2026-06-30' }

/**
 * A small world whose figures are worked out by hand in the tests (statistics.test.ts):
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
