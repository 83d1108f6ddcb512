/**
 * Who may see which parrainage request. Every query of this domain starts from one of these scopes,
 * so a request outside the actor's scope is "not found" (404), never "forbidden".
 *
 * - a candidate: their own requests;
 * - a recruiter: the requests addressed to their employer — the candidate's name and what the
 *   request says, never the candidate's profile, documents or RQTH (SPEC §9);
 * - a référent: the requests of the candidates of their établissement, read only.
 */
import type { Db, Prisma, SponsorshipStatus } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import type { SessionUser } from '../../lib/session-user.ts'

/** Still open: a second request to the same employer is refused while one of these exists. */
export const OPEN_STATUSES: SponsorshipStatus[] = ['SENT', 'ACCEPTED']

export function sponsorshipsOfCandidate(actor: SessionUser): Prisma.SponsorshipRequestWhereInput {
  return { candidateId: actor.role === 'CANDIDATE' ? (actor.candidateId ?? -1) : -1 }
}

export function sponsorshipsOfRecruiter(actor: SessionUser): Prisma.SponsorshipRequestWhereInput {
  return { employerId: actor.role === 'RECRUITER' ? (actor.employerId ?? -1) : -1 }
}

export function sponsorshipsOfReferent(actor: SessionUser): Prisma.SponsorshipRequestWhereInput {
  return { candidate: { establishmentId: actor.role === 'REFERENT' ? (actor.establishmentId ?? -1) : -1 } }
}

const employerSelect = { select: { id: true, name: true } } as const

/** One request of the signed-in candidate, with everything its follow-up page shows; 404 otherwise. */
export async function findSponsorshipOfCandidate(db: Db, actor: SessionUser, id: number) {
  return orNotFound(
    await db.sponsorshipRequest.findFirst({
      where: { id, ...sponsorshipsOfCandidate(actor) },
      include: { employer: employerSelect },
    }),
  )
}

/**
 * One request addressed to the recruiter's employer: the candidate's name and the request only.
 * The candidate's profile, documents and health data are not even read. 404 otherwise.
 */
export async function findSponsorshipOfRecruiter(db: Db, actor: SessionUser, id: number) {
  const sponsorship = await db.sponsorshipRequest.findFirst({
    where: { id, ...sponsorshipsOfRecruiter(actor) },
    select: {
      id: true,
      status: true,
      motivation: true,
      expectations: true,
      availability: true,
      mentorName: true,
      mentorContact: true,
      answerMessage: true,
      answeredAt: true,
      createdAt: true,
      updatedAt: true,
      employer: employerSelect,
      candidate: { select: { user: { select: { firstName: true, lastName: true } } } },
    },
  })
  const { candidate, ...rest } = orNotFound(sponsorship)
  return { ...rest, candidate: { firstName: candidate.user.firstName, lastName: candidate.user.lastName } }
}

/** One request of a candidate of the référent's établissement; 404 otherwise. */
export async function findSponsorshipOfReferent(db: Db, actor: SessionUser, id: number) {
  return orNotFound(
    await db.sponsorshipRequest.findFirst({
      where: { id, ...sponsorshipsOfReferent(actor) },
      include: {
        employer: employerSelect,
        candidate: { select: { id: true, user: { select: { firstName: true, lastName: true } } } },
      },
    }),
  )
}
