/**
 * Use cases of the applications domain (candidatures). Each takes the signed-in actor and reaches
 * rows only through the scoped finders of policy.ts; each status change goes through workflow.ts.
 */
import type { Config } from '../../config.ts'
import type { Compilable, Expression, SqlBool } from 'kysely'
import { isPostgresUrl, type ApplicationKind, type ApplicationStatus, type Db, type Document, type Prisma, type Tx } from '../../lib/db.ts'
import { cacheOf } from '../../lib/cache.ts'
import { audit } from '../../lib/audit.ts'
import type { ChangeResult } from '../../lib/change-result.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import { countAll, preparedQuery, toDate, type Sql } from '../../lib/sql.ts'
import { readStoredFile } from '../../lib/storage.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { paginate, type Paged } from '../../lib/pagination.ts'
import { visibleEmployersForCandidate, visibleOffersForCandidate } from '../offers/policy.ts'
import { canReachEmployer } from './emails.ts'
import {
  ACTIVE_STATUSES,
  applicationsOfCandidateSql,
  applicationsOfReferent,
  applicationsOfReferentSql,
  applicationsReceivedBySql,
  countReceivedApplicationsSql,
  EMPLOYER_VISIBLE_STATUSES,
  findApplicationOfCandidate,
  findApplicationOfRecruiter,
  findApplicationOfReferent,
  findDocumentForCandidate,
  findDocumentForRecruiter,
  findDocumentForReferent,
  onApplication,
  applicationStatusForReferent,
  SHAREABLE_DOCUMENT_TYPES,
} from './policy.ts'
import type { TApplicationForm, TEmployerStatusForm } from './schemas.ts'
import { canWithdraw, nextStatuses, transitionApplication, type TransitionResult } from './workflow.ts'

export type Deps = { db: Db; config: Config }

const PAGE_SIZE = 20

/** What an application is addressed to: an offer (and its employer), or an employer (spontaneous). */
export type ApplicationTarget = { kind: 'OFFER'; offerId: number } | { kind: 'SPONTANEOUS'; employerId: number }

export type ResolvedTarget = {
  kind: 'OFFER' | 'SPONTANEOUS'
  offer: { id: number; title: string } | null
  employer: { id: number; name: string }
}

/** Messages shown when a transition could not be made: nothing was changed. */
export const TRANSITION_MESSAGES = {
  stale: 'Cette candidature a changé entre-temps (quelqu’un d’autre l’a peut-être déjà traitée) : rien n’a été modifié. Voici son état actuel.',
  not_allowed: 'Cette action n’est pas possible pour une candidature dans cet état : rien n’a été modifié.',
  comment_required: 'Écrivez un commentaire pour le candidat.',
} as const

export const DUPLICATE_MESSAGE = {
  OFFER: 'Vous avez déjà une candidature en cours pour cette offre. Vous pouvez la suivre ici ; pour en envoyer une nouvelle, retirez d’abord celle-ci.',
  SPONTANEOUS:
    'Vous avez déjà une candidature spontanée en cours auprès de cet employeur. Vous pouvez la suivre ici ; pour en envoyer une nouvelle, retirez d’abord celle-ci.',
} as const

// ───────────────────────── Candidate: the form ─────────────────────────

/** The offer or employer a candidate applies to; 404 unless the candidate may see it. */
export async function resolveTarget(db: Db, actor: SessionUser, target: ApplicationTarget): Promise<ResolvedTarget> {
  if (target.kind === 'OFFER') {
    const offer = orNotFound(
      await db.offer.findFirst({
        where: { id: target.offerId, ...visibleOffersForCandidate(actor) },
        select: { id: true, title: true, employer: { select: { id: true, name: true } } },
      }),
    )
    return { kind: 'OFFER', offer: { id: offer.id, title: offer.title }, employer: offer.employer }
  }
  const employer = orNotFound(
    await db.employer.findFirst({
      where: { id: target.employerId, ...visibleEmployersForCandidate(actor) },
      select: { id: true, name: true },
    }),
  )
  return { kind: 'SPONTANEOUS', offer: null, employer }
}

/** The candidate's CV and lettres, the documents that may be attached ("Autre" never is). */
export function listAttachableDocuments(db: Db, actor: SessionUser) {
  return db.document.findMany({
    where: { candidateId: actor.candidateId ?? -1, type: { in: [...SHAREABLE_DOCUMENT_TYPES] } },
    select: { id: true, name: true, type: true, createdAt: true },
    orderBy: [{ type: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }],
  })
}

/** What the form shows about the candidate's RQTH and accommodations, next to the check box. */
export function loadDisabilityInfo(db: Db, actor: SessionUser) {
  return db.candidate.findUnique({ where: { id: actor.candidateId ?? -1 }, select: { rqth: true, accommodations: true } })
}

function activeApplicationWhere(candidateId: number, target: ResolvedTarget): Prisma.ApplicationWhereInput {
  return target.kind === 'OFFER'
    ? { candidateId, offerId: target.offer!.id, status: { in: ACTIVE_STATUSES } }
    : { candidateId, kind: 'SPONTANEOUS', employerId: target.employer.id, status: { in: ACTIVE_STATUSES } }
}

/** The candidate's application still in progress for this offer / employer, if any. */
export async function findActiveApplication(db: Db | Tx, actor: SessionUser, target: ResolvedTarget) {
  return db.application.findFirst({ where: activeApplicationWhere(actor.candidateId ?? -1, target), select: { id: true } })
}

async function checkDocuments(db: Db | Tx, actor: SessionUser, documentIds: number[]): Promise<FieldErrors | null> {
  if (documentIds.length === 0) return null
  const count = await db.document.count({
    where: { id: { in: documentIds }, candidateId: actor.candidateId ?? -1, type: { in: [...SHAREABLE_DOCUMENT_TYPES] } },
  })
  return count === documentIds.length ? null : { documentIds: 'Choisissez vos documents dans la liste : l’un d’eux n’existe plus ou ne peut pas être envoyé.' }
}

/**
 * One candidate's submissions, one at a time: two clicks (or two tabs) cannot both pass the duplicate
 * check. On PostgreSQL a row lock on the candidate, held until the transaction ends; SQLite already
 * runs one transaction at a time. (Not a serializable transaction: with the pg driver adapter, a write
 * conflict detected at COMMIT leaks the pooled connection.)
 */
async function lockCandidate(tx: Tx, config: Config, candidateId: number) {
  if (isPostgresUrl(config.databaseUrl)) await tx.$queryRaw`SELECT "id" FROM "Candidate" WHERE "id" = ${candidateId} FOR UPDATE`
}

export type SubmitResult =
  | { status: 'created'; applicationId: number }
  | { status: 'invalid'; errors: FieldErrors }
  | { status: 'duplicate'; applicationId: number }

/**
 * "Envoyer la candidature": the application is created waiting for the référent, who is notified.
 * Nothing reaches the employer. A second application in progress to the same offer (or, when
 * spontaneous, the same employer) is refused, even when two submissions arrive at once.
 */
export async function submitApplication(
  { db, config }: Deps,
  { actor, target, form, now = new Date() }: { actor: SessionUser; target: ApplicationTarget; form: TApplicationForm; now?: Date },
): Promise<SubmitResult> {
  if (actor.role !== 'CANDIDATE' || !actor.candidateId) throw new AppError('FORBIDDEN')
  const candidateId = actor.candidateId
  const resolved = await resolveTarget(db, actor, target)
  return db.$transaction(async (tx): Promise<SubmitResult> => {
    await lockCandidate(tx, config, candidateId)
    const existing = await findActiveApplication(tx, actor, resolved)
    if (existing) return { status: 'duplicate', applicationId: existing.id }
    const errors = await checkDocuments(tx, actor, form.documentIds)
    if (errors) return { status: 'invalid', errors }
    const application = await tx.application.create({
      data: {
        kind: resolved.kind,
        candidateId,
        employerId: resolved.employer.id,
        offerId: resolved.offer?.id ?? null,
        status: 'PENDING_REFERENT',
        messageToEmployer: form.messageToEmployer,
        shareDisability: form.shareDisability,
        messageToReferent: form.messageToReferent,
        wantsHelp: form.wantsHelp,
        submittedAt: now,
        statusChangedAt: now,
        documents: { create: form.documentIds.map((documentId) => ({ documentId })) },
      },
    })
    const result = await transitionApplication(tx, config, {
      applicationId: application.id,
      from: null,
      to: 'PENDING_REFERENT',
      actor: { id: actor.id, role: actor.role },
      now,
    })
    if (!result.ok) throw new Error(`submit: ${result.reason}`)
    return { status: 'created', applicationId: application.id }
  })
}

type ApplicationChange = ChangeResult<'invalid' | 'refused'>

function refusal(result: Extract<TransitionResult, { ok: false }>): ApplicationChange {
  return { status: 'refused', message: TRANSITION_MESSAGES[result.reason] }
}

/**
 * Run a change in one transaction. A refusal happens before anything is written (the conditional
 * update of the transition is the first write), so the transaction simply commits nothing: never
 * roll back on purpose — on SQLite every query shares one connection, and a rollback would also undo
 * the writes other requests made meanwhile (their sessions, for instance).
 */
function inTransaction(db: Db, run: (tx: Tx) => Promise<ApplicationChange>): Promise<ApplicationChange> {
  return db.$transaction(run)
}

/** "Modifier la candidature" then "Envoyer la candidature": a returned application goes back to the référent. */
export async function resubmitApplication(
  { db, config }: Deps,
  { actor, applicationId, form, now = new Date() }: { actor: SessionUser; applicationId: number; form: TApplicationForm; now?: Date },
): Promise<ApplicationChange> {
  const application = await findApplicationOfCandidate(db, actor, applicationId)
  return inTransaction(db, async (tx) => {
    const errors = await checkDocuments(tx, actor, form.documentIds)
    if (errors) return { status: 'invalid', errors }
    // conditional, like every transition: a second click finds it no longer "À revoir" and changes nothing
    const { count } = await tx.application.updateMany({
      where: { id: applicationId, status: 'RETURNED' },
      data: {
        messageToEmployer: form.messageToEmployer,
        shareDisability: form.shareDisability,
        messageToReferent: form.messageToReferent,
        wantsHelp: form.wantsHelp,
      },
    })
    if (count !== 1) return refusal({ ok: false, reason: application.status === 'RETURNED' ? 'stale' : 'not_allowed' })
    await tx.applicationDocument.deleteMany({ where: { applicationId } })
    if (form.documentIds.length > 0) {
      await tx.applicationDocument.createMany({ data: form.documentIds.map((documentId) => ({ applicationId, documentId })) })
    }
    // after the new content is written, so that the référents' email shows it; the row is ours since
    // the update above, so this cannot be refused — if it were, throwing undoes the update
    const result = await transitionApplication(tx, config, { applicationId, from: 'RETURNED', to: 'PENDING_REFERENT', actor, now })
    if (!result.ok) throw new Error(`resubmit: ${result.reason}`)
    return { status: 'done' }
  })
}

/** "Retirer la candidature": possible until a final status. */
export async function withdrawApplication(
  { db, config }: Deps,
  { actor, applicationId, from, now = new Date() }: { actor: SessionUser; applicationId: number; from: ApplicationStatus | null; now?: Date },
): Promise<ApplicationChange> {
  const application = await findApplicationOfCandidate(db, actor, applicationId)
  const seen = from ?? application.status
  if (!canWithdraw(seen)) return { status: 'refused', message: 'Cette candidature ne peut plus être retirée : rien n’a été modifié.' }
  return inTransaction(db, async (tx) => {
    const result = await transitionApplication(tx, config, { applicationId, from: seen, to: 'WITHDRAWN', actor, now })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

// ───────────────────────── Référent ─────────────────────────

/** "Valider et envoyer à l’employeur": in one transaction, status, history, emails to the employer. */
/**
 * Why a référent cannot validate an application yet, or null: an employer with no active recruiter and
 * no contact address would receive it nowhere, so it is not sent into the void.
 */
export async function validationBlocker(db: Db, application: { id: number; employer: { name: string } }): Promise<string | null> {
  if (await canReachEmployer(db, application.id)) return null
  return `${application.employer.name} n’a encore ni recruteur inscrit sur la plateforme ni adresse e-mail de contact : la candidature ne peut pas lui être envoyée. Prévenez l’administrateur de la plateforme, qui peut ajouter une adresse de contact ou inviter un recruteur.`
}

export async function validateApplication(
  { db, config }: Deps,
  { actor, applicationId, now = new Date() }: { actor: SessionUser; applicationId: number; now?: Date },
): Promise<ApplicationChange> {
  const application = await findApplicationOfReferent(db, actor, applicationId)
  const blocker = application.status === 'PENDING_REFERENT' ? await validationBlocker(db, application) : null
  if (blocker) return { status: 'refused', message: blocker }
  return inTransaction(db, async (tx) => {
    const result = await transitionApplication(tx, config, { applicationId, from: 'PENDING_REFERENT', to: 'SENT', actor, now })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

/** "Renvoyer au candidat" with the required "Commentaire pour le candidat". */
export async function returnApplication(
  { db, config }: Deps,
  { actor, applicationId, comment, now = new Date() }: { actor: SessionUser; applicationId: number; comment: string; now?: Date },
): Promise<ApplicationChange> {
  await findApplicationOfReferent(db, actor, applicationId) // another établissement's: 404
  return inTransaction(db, async (tx) => {
    const result = await transitionApplication(tx, config, { applicationId, from: 'PENDING_REFERENT', to: 'RETURNED', actor, comment, now })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

// ───────────────────────── Employer ─────────────────────────

/** "Statut" + "Message au candidat (facultatif)" + "Enregistrer". */
export async function updateStatusByEmployer(
  { db, config }: Deps,
  { actor, applicationId, form, now = new Date() }: { actor: SessionUser; applicationId: number; form: TEmployerStatusForm; now?: Date },
): Promise<ApplicationChange> {
  const application = await findApplicationOfRecruiter(db, actor, applicationId)
  if (!nextStatuses(form.currentStatus, 'RECRUITER').includes(form.status)) {
    return application.status !== form.currentStatus ? refusal({ ok: false, reason: 'stale' }) : refusal({ ok: false, reason: 'not_allowed' })
  }
  return inTransaction(db, async (tx) => {
    const result = await transitionApplication(tx, config, {
      applicationId,
      from: form.currentStatus,
      to: form.status,
      actor,
      comment: form.message,
      now,
    })
    return result.ok ? { status: 'done' } : refusal(result)
  })
}

// ───────────────────────── Lists and counts ─────────────────────────
//
// The list pages ("Mes candidatures", the référent's "Candidatures à valider" and "Candidatures de vos
// candidats", the recruiter's "Candidatures reçues") read through the read layer (src/lib/sql.ts),
// scoped by the SQL twins of the policy.ts scopes: a count, then one statement for the page. That
// statement first picks the page's ids in the list's order from Application alone (from the scope's
// index where there is one), then joins only those rows to their offer, employer and candidate:
// joining first would look up the names of every application in scope — 10,000 for a large
// établissement — before keeping 20.

/** An application's offer (null when spontaneous) and employer, nested as the views read them. */
export type ApplicationTargetNames = { offer: { id: number; title: string } | null; employer: { id: number; name: string } }

/** The candidate's name, nested as the views read it (`application.candidate.user.firstName`). */
export type CandidateName = { candidate: { user: { firstName: string; lastName: string } } }

/** A row of the candidate's and the référent's lists. */
export type ApplicationListItem = ApplicationTargetNames & {
  id: number
  kind: ApplicationKind
  status: ApplicationStatus
  submittedAt: Date
  statusChangedAt: Date
  wantsHelp: boolean
}

export type ReferentListItem = ApplicationListItem & CandidateName

/** A row of the recruiter's inbox: nothing of the part for the référent. */
export type ReceivedListItem = ApplicationTargetNames &
  CandidateName & {
    id: number
    kind: ApplicationKind
    status: ApplicationStatus
    validatedAt: Date | null
  }

type ListOrder = { column: 'submittedAt' | 'statusChangedAt' | 'validatedAt'; direction: 'asc' | 'desc' }

/** `count(*)` of the applications a list's `where` keeps. */
function countApplications(reader: Sql, where: Expression<SqlBool>) {
  return reader.selectFrom('Application as a').select(countAll().as('total')).where(where)
}

/**
 * The applications of one range of a list, in its order (the id breaks ties, as in every list), joined
 * to their offer and employer; the caller picks the columns and may join the candidate. The order is
 * given again outside: joins need not keep the order of the subquery.
 */
function applicationsInRange(reader: Sql, where: Expression<SqlBool>, order: ListOrder, skip: number) {
  const ids = reader
    .selectFrom('Application as a')
    .select('a.id')
    .where(where)
    .orderBy(`a.${order.column}`, order.direction)
    .orderBy('a.id', order.direction)
    .limit(PAGE_SIZE)
    .offset(skip)
  return reader
    .selectFrom(ids.as('page'))
    .innerJoin('Application as a', 'a.id', 'page.id')
    .leftJoin('Offer as o', 'o.id', 'a.offerId')
    .innerJoin('Employer as e', 'e.id', 'a.employerId')
    .orderBy(`a.${order.column}`, order.direction)
    .orderBy('a.id', order.direction)
}

type ApplicationsInRange = ReturnType<typeof applicationsInRange>

/**
 * The prepared statements of one list shape, built once (src/lib/sql.ts, preparedQuery): its count,
 * and its page, whose size is written in the SQL (rowLimit) and whose offset (`skip`) is a value like
 * the scope's ids. `where` gets the
 * placeholders of `names`; `columns` picks the page's columns (and joins) from applicationsInRange.
 * `count` replaces the count of the rows `where` keeps by another statement of the same number.
 */
function preparedList<Name extends string, Row>(
  names: readonly Name[],
  where: (values: Record<Name, never>) => Expression<SqlBool>,
  order: ListOrder,
  columns: (applications: ApplicationsInRange) => Compilable<Row>,
  options: { countPlannedEachTime?: boolean; count?: (reader: Sql, values: Record<Name, never>) => Compilable<{ total: number }> } = {},
) {
  const count = preparedQuery(names, options.count ?? ((reader, values) => countApplications(reader, where(values))), {
    planEachTime: options.countPlannedEachTime,
  })
  const rows = preparedQuery([...names, 'skip'], (reader, values) => columns(applicationsInRange(reader, where(values), order, values.skip)))
  return {
    /** count → page → rows (paginate), with the values of `names`. */
    read(db: Db, values: Record<Name, unknown>, rawPage: unknown): Promise<Paged<Row>> {
      const total = count.executeTakeFirstOrThrow(db, values).then((row) => row.total)
      return paginate(rawPage, PAGE_SIZE, total, (range) => rows.execute(db, { ...values, skip: range.skip }))
    },
  }
}

const TARGET_COLUMNS = ['o.id as offerId', 'o.title as offerTitle', 'e.id as employerId', 'e.name as employerName'] as const
const LIST_COLUMNS = ['a.id', 'a.kind', 'a.status', 'a.submittedAt', 'a.statusChangedAt', 'a.wantsHelp', ...TARGET_COLUMNS] as const
const CANDIDATE_NAME_COLUMNS = ['u.firstName', 'u.lastName'] as const

type TargetRow = { offerId: number | null; offerTitle: string | null; employerId: number; employerName: string }
type ListRow = TargetRow & {
  id: number
  kind: ApplicationKind
  status: ApplicationStatus
  submittedAt: string
  statusChangedAt: string
  wantsHelp: boolean | number
}
type NameRow = { firstName: string; lastName: string }

function targetNamesOf(row: TargetRow): ApplicationTargetNames {
  return {
    offer: row.offerId === null ? null : { id: row.offerId, title: row.offerTitle! },
    employer: { id: row.employerId, name: row.employerName },
  }
}

const candidateNameOf = (row: NameRow): CandidateName => ({ candidate: { user: { firstName: row.firstName, lastName: row.lastName } } })

function toListItem(row: ListRow): ApplicationListItem {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    submittedAt: toDate(row.submittedAt),
    statusChangedAt: toDate(row.statusChangedAt),
    wantsHelp: Boolean(row.wantsHelp),
    ...targetNamesOf(row),
  }
}

const toReferentListItem = (row: ListRow & NameRow): ReferentListItem => ({ ...toListItem(row), ...candidateNameOf(row) })

/** The rows of a référent's list: the list's columns and the candidate's name. */
function withCandidateNames(applications: ApplicationsInRange) {
  return applications
    .innerJoin('Candidate as c', 'c.id', 'a.candidateId')
    .innerJoin('User as u', 'u.id', 'c.userId')
    .select([...LIST_COLUMNS, ...CANDIDATE_NAME_COLUMNS])
}

const CANDIDATE_LIST = preparedList(
  ['candidateId'],
  ({ candidateId }) => applicationsOfCandidateSql({ candidateId }),
  { column: 'submittedAt', direction: 'desc' },
  (applications) => applications.select(LIST_COLUMNS),
)

/** "Mes candidatures": newest first. */
export async function listApplicationsOfCandidate(db: Db, actor: SessionUser, options: { page: unknown }) {
  const { total, page, rows } = await CANDIDATE_LIST.read(db, { candidateId: actor.candidateId ?? -1 }, options.page)
  return { total, applications: rows.map(toListItem), page }
}

const REFERENT_WAITING_LIST = preparedList(
  ['establishmentId'],
  ({ establishmentId }) => onApplication.and([applicationsOfReferentSql({ establishmentId }), applicationStatusForReferent('PENDING_REFERENT')]),
  { column: 'statusChangedAt', direction: 'asc' },
  withCandidateNames,
)

/** "Candidatures à valider": the oldest wait first, 20 a page. */
export async function listWaitingApplicationsOfReferent(db: Db, actor: SessionUser, options: { page: unknown }) {
  const { total, page, rows } = await REFERENT_WAITING_LIST.read(db, { establishmentId: actor.establishmentId ?? -1 }, options.page)
  return { total, applications: rows.map(toReferentListItem), page }
}

const REFERENT_ORDER: ListOrder = { column: 'statusChangedAt', direction: 'desc' }

/** The référent's applications: without a status filter, and with one. */
const REFERENT_LISTS = {
  all: preparedList(['establishmentId'], ({ establishmentId }) => applicationsOfReferentSql({ establishmentId }), REFERENT_ORDER, withCandidateNames),
  byStatus: preparedList(
    ['establishmentId', 'status'],
    ({ establishmentId, status }) => onApplication.and([applicationsOfReferentSql({ establishmentId }), applicationStatusForReferent(status)]),
    REFERENT_ORDER,
    withCandidateNames,
  ),
}

/** Every application of the référent's candidates, filtered by status, newest change first. */
export async function listApplicationsOfReferent(db: Db, actor: SessionUser, filter: { status: ApplicationStatus | null; page: unknown }) {
  const establishmentId = actor.establishmentId ?? -1
  const { total, page, rows } = filter.status
    ? await REFERENT_LISTS.byStatus.read(db, { establishmentId, status: filter.status }, filter.page)
    : await REFERENT_LISTS.all.read(db, { establishmentId }, filter.page)
  return { total, applications: rows.map(toReferentListItem), page }
}

const listInclude = {
  offer: { select: { id: true, title: true } },
  employer: { select: { id: true, name: true } },
} satisfies Prisma.ApplicationInclude

/** The référent's page of one candidate: that candidate's applications, newest first. */
export function listApplicationsOfCandidateForReferent(db: Db, actor: SessionUser, candidateId: number) {
  return db.application.findMany({
    where: { ...applicationsOfReferent(actor), candidateId },
    include: listInclude,
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    take: 100,
  })
}

/**
 * One shape of the recruiter's inbox: the employer's received applications, filtered by status or not,
 * by offer or not. The filters chosen here fix the statement; their values are placeholders.
 */
function receivedList(filters: { status: boolean; offer: boolean }) {
  const names = ['employerId', ...(filters.status ? (['status'] as const) : []), ...(filters.offer ? (['offerId'] as const) : [])]
  return preparedList(
    names,
    ({ employerId, status, offerId }) => {
      const conditions = [applicationsReceivedBySql(employerId)]
      if (filters.status) conditions.push(onApplication('a.status', '=', status))
      if (filters.offer) conditions.push(onApplication('a.offerId', '=', offerId))
      return onApplication.and(conditions)
    },
    { column: 'validatedAt', direction: 'desc' },
    (applications) =>
      applications
        .innerJoin('Candidate as c', 'c.id', 'a.candidateId')
        .innerJoin('User as u', 'u.id', 'c.userId')
        .select(['a.id', 'a.kind', 'a.status', 'a.validatedAt', ...TARGET_COLUMNS, ...CANDIDATE_NAME_COLUMNS]),
    filters.offer
      ? // an offer's applications are counted from the index Application(offerId, status, validatedAt,
        // employerId), planned with its values on PostgreSQL: offers receive from none to hundreds
        { countPlannedEachTime: true }
      : // the employer's, thousands for some, from the counts kept per status (0.33 ms → a few µs for
        // the benchmark's employer's 6,656 on SQLite; PostgreSQL counted them in 1.4 ms)
        { count: (reader, { employerId, status }) => countReceivedApplicationsSql(reader, employerId, filters.status ? status : undefined) },
  )
}

const RECEIVED_LISTS = {
  all: receivedList({ status: false, offer: false }),
  byStatus: receivedList({ status: true, offer: false }),
  byOffer: receivedList({ status: false, offer: true }),
  byStatusAndOffer: receivedList({ status: true, offer: true }),
}

/** "Candidatures reçues": validated applications to the recruiter's employer, newest first. */
export async function listReceivedApplications(
  db: Db,
  actor: SessionUser,
  filter: { status: ApplicationStatus | null; offerId: number | null; page: unknown },
) {
  // a status before the gate is no filter: the scope already leaves those applications out
  const byStatus = filter.status !== null && EMPLOYER_VISIBLE_STATUSES.includes(filter.status)
  const byOffer = Boolean(filter.offerId)
  const list = byStatus ? (byOffer ? RECEIVED_LISTS.byStatusAndOffer : RECEIVED_LISTS.byStatus) : byOffer ? RECEIVED_LISTS.byOffer : RECEIVED_LISTS.all
  // applicationsOfRecruiterSql(actor) is applicationsReceivedBySql of the recruiter's employer
  const values = { employerId: actor.employerId ?? -1, status: filter.status, offerId: filter.offerId }
  const { total, page, rows } = await list.read(db, values, filter.page)
  const applications = rows.map(
    (row): ReceivedListItem => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      validatedAt: toDate(row.validatedAt),
      ...targetNamesOf(row),
      ...candidateNameOf(row),
    }),
  )
  return { total, applications, page }
}

const OFFERS_OF_EMPLOYER = preparedQuery(['employerId'], (reader, { employerId }) =>
  reader.selectFrom('Offer').select(['id', 'title']).where('employerId', '=', employerId).orderBy('title').orderBy('id'),
)

export type OfferChoice = { id: number; title: string }

/**
 * The employer's offers, for the inbox's "Offre" filter (and to check the one asked for): hundreds
 * for some employers, read once per employer every `maxAgeMs` (config.listingsMaxAgeMs, a few
 * seconds; 0 in tests). An offer created meanwhile has no application to filter yet.
 */
export async function listOffersOfRecruiter(db: Db, actor: SessionUser, maxAgeMs: number): Promise<OfferChoice[]> {
  // no stale answers: past its age, the list is read again before answering
  const cache = cacheOf<OfferChoice[]>(db, 'recruiter-offer-choices', { maxAgeMs, maxStaleMs: maxAgeMs })
  const employerId = actor.employerId ?? -1
  return (await cache.get(String(employerId), () => OFFERS_OF_EMPLOYER.execute(db, { employerId }))).value
}

// ───────────────────────── Files ─────────────────────────

/** The content of a stored document (under UPLOAD_DIR); 404 when the file is missing. */
async function readDocumentFile(config: Pick<Config, 'uploadDir'>, document: Pick<Document, 'storageKey'>): Promise<Buffer> {
  return orNotFound(await readStoredFile(config.uploadDir, document.storageKey).catch(() => null))
}

/** Who may download which document of an application: each role through its scoped finder (policy.ts). */
const DOCUMENT_FINDERS: Partial<Record<SessionUser['role'], typeof findDocumentForCandidate>> = {
  CANDIDATE: findDocumentForCandidate,
  REFERENT: findDocumentForReferent,
  RECRUITER: findDocumentForRecruiter,
}

/**
 * A document attached to an application, with its bytes, for a download: the candidate's own, one of
 * the référent's candidates', or a CV or letter sent to the recruiter's employer; 404 for anyone else.
 * A download by a référent or a recruiter is written to the audit log, as in "Mes documents".
 */
export async function openApplicationDocument(
  { db, config }: Deps,
  { actor, applicationId, documentId }: { actor: SessionUser; applicationId: number; documentId: number },
) {
  const find = DOCUMENT_FINDERS[actor.role]
  if (!find) throw new AppError('NOT_FOUND')
  const document = await find(db, actor, applicationId, documentId)
  const content = await readDocumentFile(config, document)
  if (actor.role !== 'CANDIDATE') {
    await audit(db, { actorUserId: actor.id, action: 'document.download', targetType: 'Document', targetId: document.id, details: { applicationId } })
  }
  return { document, content }
}
