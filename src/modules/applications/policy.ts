/**
 * Who may see which application. Every query of this domain starts from one of these scopes, so an
 * application outside the actor's scope is "not found" (404), never "forbidden".
 *
 * The gate: an employer sees an application only once a référent has validated it (validatedAt set
 * by the workflow's "validate" transition, and a status the employer may know). Before that, nothing
 * of it exists for the employer: no page, no list row, no count, no download, no email.
 */
import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely'
import type { DB } from '../../generated/kysely/types.ts'
import type { ApplicationStatus, Db, Prisma } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import type { Sql } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'

/** The statuses in which an application exists for its employer. */
export const EMPLOYER_VISIBLE_STATUSES: ApplicationStatus[] = ['SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']

/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES: ApplicationStatus[] = ['ACCEPTED', 'REJECTED', 'WITHDRAWN']

/** Still in progress: a second application to the same offer (or employer, if spontaneous) is refused. */
export const ACTIVE_STATUSES: ApplicationStatus[] = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'IN_REVIEW', 'INTERVIEW']

/** Only these document types ever go to an employer ("Autre" is for the référent only). */
export const SHAREABLE_DOCUMENT_TYPES = ['CV', 'COVER_LETTER'] as const

export function applicationsOfCandidate(actor: SessionUser): Prisma.ApplicationWhereInput {
  return { candidateId: actor.candidateId ?? -1 }
}

/** The applications of the candidates of the référent's établissement. */
export function applicationsOfReferent(actor: SessionUser): Prisma.ApplicationWhereInput {
  return { candidate: { establishmentId: actor.establishmentId ?? -1 } }
}

/** What an employer has received: validated by a référent, and addressed to it. */
export function applicationsReceivedBy(employerId: number): Prisma.ApplicationWhereInput {
  return { employerId, validatedAt: { not: null }, status: { in: EMPLOYER_VISIBLE_STATUSES } }
}

export function applicationsOfRecruiter(actor: SessionUser): Prisma.ApplicationWhereInput {
  return applicationsReceivedBy(actor.employerId ?? -1)
}

// ───────── The same scopes in SQL, for the pages read through the read layer (src/lib/sql.ts) ─────────
// Each twin is the condition of the Prisma scope above it, on the application of a query that names
// it `a` (`selectFrom('Application as a')`): `.where(applicationsOfReferentSql(actor))`. Change a rule
// here and in its twin together.

/** Builds conditions on `Application as a` (and subqueries on the other tables). */
export const onApplication = expressionBuilder<DB & { a: DB['Application'] }, 'a'>()

/** SQL twin of applicationsOfCandidate. */
export function applicationsOfCandidateSql(actor: Pick<SessionUser, 'candidateId'>): Expression<SqlBool> {
  return onApplication('a.candidateId', '=', actor.candidateId ?? -1)
}

/**
 * SQL twin of applicationsOfReferent, by the établissement each application carries: the database
 * copies its candidate's there when the application is written and when the candidate changes
 * établissement, in the same statement (triggers of the migration …_application_establishment), so
 * that it is the candidate's at every moment. A range of the index Application(establishmentId, …)
 * instead of the applications of each of the établissement's candidates (154 probes and a sort for
 * the benchmark's référent: 0.16 → 0.07 ms of SQLite for the queue).
 */
export function applicationsOfReferentSql(actor: Pick<SessionUser, 'establishmentId'>): Expression<SqlBool> {
  return onApplication('a.establishmentId', '=', actor.establishmentId ?? -1)
}

/**
 * A status condition beside applicationsOfReferentSql (a référent's lists and counts): the index
 * Application(establishmentId, status, statusChangedAt, id) serves both together, on both databases.
 */
export function applicationStatusForReferent(status: ApplicationStatus): Expression<SqlBool> {
  return onApplication('a.status', '=', status)
}

/** Validated and addressed to the employer, in the statuses `status` keeps: the rule of the two below. */
function receivedBySql(employerId: number, status: Expression<SqlBool>): Expression<SqlBool> {
  return onApplication.and([onApplication('a.employerId', '=', employerId), onApplication('a.validatedAt', 'is not', null), status])
}

/** SQL twin of applicationsReceivedBy: validated, in a status the employer may know, addressed to it. */
export function applicationsReceivedBySql(employerId: number): Expression<SqlBool> {
  return receivedBySql(employerId, onApplication('a.status', 'in', EMPLOYER_VISIBLE_STATUSES))
}

/**
 * applicationsReceivedBySql narrowed to one status the employer may know (the dashboard's new ones):
 * that status alone, not also the `in` list of the visible ones, which SQLite checked at each row (the
 * benchmark's employer's 1,840 new applications counted in 0.26 ms instead of 0.04).
 */
export function applicationsReceivedInStatusSql(employerId: number, status: ApplicationStatus): Expression<SqlBool> {
  if (!EMPLOYER_VISIBLE_STATUSES.includes(status)) throw new Error(`applicationsReceivedInStatusSql: ${status} is not shown to employers`)
  return receivedBySql(employerId, onApplication('a.status', '=', status))
}

/**
 * How many applications applicationsReceivedBySql(employerId) holds, or, with `status`, those of that
 * status among them: summed from the counts that the triggers of "Application" keep per employer and
 * status of its validated applications (table ReceivedApplicationCount, migration
 * …_received_application_counts), a row per status instead of an index entry per application. The
 * visible statuses are the scope's: a status employers never see counts 0.
 */
export function countReceivedApplicationsSql(reader: Sql, employerId: number, status?: ApplicationStatus) {
  const visible = reader
    .selectFrom('ReceivedApplicationCount')
    .select(sql<number>`cast(coalesce(sum("count"), 0) as integer)`.as('total'))
    .where('employerId', '=', employerId)
    .where('status', 'in', EMPLOYER_VISIBLE_STATUSES)
  return status === undefined ? visible : visible.where('status', '=', status)
}

/** SQL twin of applicationsOfRecruiter. */
export function applicationsOfRecruiterSql(actor: Pick<SessionUser, 'employerId'>): Expression<SqlBool> {
  return applicationsReceivedBySql(actor.employerId ?? -1)
}

/** For other domains (offer lists, dashboards): how many applications each offer has received. */
export async function countReceivedApplicationsByOffer(db: Db, employerId: number): Promise<Map<number, number>> {
  const groups = await db.application.groupBy({
    by: ['offerId'],
    where: { ...applicationsReceivedBy(employerId), offerId: { not: null } },
    _count: { _all: true },
  })
  return new Map(groups.map((group) => [group.offerId as number, group._count._all]))
}

const timelineInclude = {
  orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  include: { actor: { select: { firstName: true, lastName: true, role: true } } },
} satisfies Prisma.Application$eventsArgs

const documentsInclude = {
  include: { document: { select: { id: true, name: true, type: true, mimeType: true, size: true } } },
  orderBy: { documentId: 'asc' },
} satisfies Prisma.Application$documentsArgs

/** What the candidate's and the référent's pages of one application show: target, documents, timeline. */
const followUpInclude = {
  offer: { select: { id: true, title: true } },
  employer: { select: { id: true, name: true } },
  documents: documentsInclude,
  events: timelineInclude,
} satisfies Prisma.ApplicationInclude

/** One application of the signed-in candidate, with everything the follow-up page shows; 404 otherwise. */
export async function findApplicationOfCandidate(db: Db, actor: SessionUser, id: number) {
  return orNotFound(
    await db.application.findFirst({
      where: { id, ...applicationsOfCandidate(actor) },
      include: {
        ...followUpInclude,
        candidate: { select: { rqth: true, accommodations: true } },
      },
    }),
  )
}

/** One application of a candidate of the référent's établissement: both parts, documents, timeline; 404 otherwise. */
export async function findApplicationOfReferent(db: Db, actor: SessionUser, id: number) {
  return orNotFound(
    await db.application.findFirst({
      where: { id, ...applicationsOfReferent(actor) },
      include: {
        ...followUpInclude,
        candidate: {
          select: {
            id: true,
            rqth: true,
            accommodations: true,
            user: { select: { firstName: true, lastName: true, email: true } },
          },
        },
      },
    }),
  )
}

/**
 * One application received by the recruiter's employer: part 1 only. The part for the référent
 * (message, "Je souhaite de l’aide") is not even read; the RQTH and accommodations only when the
 * candidate chose to share them; documents of the shareable types only. 404 otherwise.
 */
export async function findApplicationOfRecruiter(db: Db, actor: SessionUser, id: number) {
  const application = await db.application.findFirst({
    where: { id, ...applicationsOfRecruiter(actor) },
    select: {
      id: true,
      kind: true,
      status: true,
      employerId: true,
      messageToEmployer: true,
      shareDisability: true,
      validatedAt: true,
      statusChangedAt: true,
      offer: { select: { id: true, title: true } },
      employer: { select: { id: true, name: true } },
      documents: { ...documentsInclude, where: { document: { type: { in: [...SHAREABLE_DOCUMENT_TYPES] } } } },
      candidate: {
        select: { rqth: true, accommodations: true, user: { select: { firstName: true, lastName: true, email: true } } },
      },
      events: { ...timelineInclude, where: { toStatus: { in: EMPLOYER_VISIBLE_STATUSES } } },
    },
  })
  const { candidate, ...rest } = orNotFound(application)
  return {
    ...rest,
    candidate: {
      firstName: candidate.user.firstName,
      lastName: candidate.user.lastName,
      email: candidate.user.email,
      disability: rest.shareDisability ? { rqth: candidate.rqth, accommodations: candidate.accommodations } : null,
    },
  }
}

/** An attached document an employer may download: of an application it has received, CV or lettre only; 404 otherwise. */
export async function findDocumentForRecruiter(db: Db, actor: SessionUser, applicationId: number, documentId: number) {
  return orNotFound(
    await db.document.findFirst({
      where: {
        id: documentId,
        type: { in: [...SHAREABLE_DOCUMENT_TYPES] },
        applications: { some: { applicationId, application: applicationsOfRecruiter(actor) } },
      },
    }),
  )
}

/** An attached document of one of the référent's candidates' applications; 404 otherwise. */
export async function findDocumentForReferent(db: Db, actor: SessionUser, applicationId: number, documentId: number) {
  return orNotFound(
    await db.document.findFirst({
      where: { id: documentId, applications: { some: { applicationId, application: applicationsOfReferent(actor) } } },
    }),
  )
}

/** An attached document of one of the candidate's own applications; 404 otherwise. */
export async function findDocumentForCandidate(db: Db, actor: SessionUser, applicationId: number, documentId: number) {
  return orNotFound(
    await db.document.findFirst({
      where: { id: documentId, applications: { some: { applicationId, application: applicationsOfCandidate(actor) } } },
    }),
  )
}
