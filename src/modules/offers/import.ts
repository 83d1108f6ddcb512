// "Importer des offres" (recruiters for their employer, administrators for the employer they look at).
// 1. The file is read (import-files.ts) and its rows kept server-side in an OfferImport row, for
//    the user who sent it and the employer of the page (EmployerScope): nothing of the file travels
//    back through the browser, so the confirmation cannot aim at another employer.
// 2. The preview plans the import against the employer's offers: each row goes through the offer
//    form's own validation (parseOfferForm, offerData, offerStatusAfterSave) and becomes an offer to
//    create, to update (same `reference`), unchanged, or a refused row with its line and reason.
// 3. "Confirmer l’import" plans again, inside one transaction, and writes it all: the refused rows
//    are left out, the others written; the same file imported twice changes nothing the second time.

import type { ContractType, Db, Offer, OfferStatus, Tx } from '../../lib/db.ts'
import { audit } from '../../lib/audit.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import { isPrismaError } from '../../lib/db.ts'
import { logger } from '../../lib/logger.ts'
import { sqlOf, toDate } from '../../lib/sql.ts'
import { cleanInput, fullName, normalizeForSearch } from '../../lib/text.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import type { EmployerScope } from '../employers/policy.ts'
import { isDepartmentCode } from './departments.ts'
import { readImportFile, type ImportColumn, type ImportRecord } from './import-files.ts'
import { CONTRACT_LABELS, CONTRACT_SLUGS, CONTRACT_TYPES } from './labels.ts'
import { displayStatusOf, offersOfEmployer } from './policy.ts'
import { offerFormBody, parseOfferForm, type OfferFormAction } from './schemas.ts'
import { offerData, offerStatusAfterSave, sectorChoices } from './service.ts'

/** How long a preview waits for "Confirmer l’import". */
export const IMPORT_PREVIEW_MINUTES = 60
/** How long the page of an expired preview still says « Aperçu expiré » (then the preview is removed, and its page is a 404). */
export const EXPIRED_PREVIEW_KEPT_HOURS = 24
export const REFERENCE_MAX = 100

type OfferData = ReturnType<typeof offerData>

/** The offer form's field → the column of the file, for the messages. */
const COLUMN_OF_FIELD: Record<string, ImportColumn> = {
  title: 'intitule',
  description: 'description',
  missions: 'missions',
  profileSought: 'profil',
  contractType: 'type_contrat',
  city: 'ville',
  department: 'departement',
  sector: 'secteur',
  duration: 'duree',
  startDate: 'date_debut',
  endDate: 'date_fin_publication',
  remote: 'teletravail',
  accessibility: 'accessibilite',
  contactEmail: 'contact',
}

/** What changed in an updated offer, in words. */
const FIELD_LABELS: Record<keyof OfferData, string> = {
  title: 'intitulé',
  description: 'description',
  missions: 'missions',
  profileSought: 'profil',
  contractType: 'type de contrat',
  city: 'ville',
  department: 'département',
  sector: 'secteur',
  duration: 'durée',
  startDate: 'date de début',
  endDate: 'date de fin de publication',
  remote: 'télétravail',
  accessibility: 'accessibilité',
  contactEmail: 'contact',
}

export type RefusedRow = { line: number; label: string; reference: string; reasons: string[] }
export type PlannedRow = {
  line: number
  label: string
  reference: string
  title: string
  offerId: number | null
  status: OfferStatus
  data: OfferData
  publishedAt: Date | null
  closedAt: Date | null
  /** for an update: what changes, in words */
  changes: string[]
  /** for an update: the fields that change */
  changedFields: (keyof OfferData)[]
}
export type ClosedOffer = { offerId: number; reference: string; title: string }
export type ImportPlan = { created: PlannedRow[]; updated: PlannedRow[]; unchanged: PlannedRow[]; refused: RefusedRow[]; closed: ClosedOffer[] }

/** What the OfferImport row keeps of its file. */
type StoredRows = { records: ImportRecord[]; ignoredColumns: string[]; encoding: string }

/** What the OfferImport row keeps once confirmed (for its page). */
export type StoredResult = {
  created: { reference: string; title: string; status: OfferStatus }[]
  updated: { reference: string; title: string; changes: string[] }[]
  refused: RefusedRow[]
  closed: { reference: string; title: string }[]
}

// ───────────────────────── A row → the offer form ─────────────────────────

const YES = ['oui', 'o', 'yes', 'y', 'vrai', 'true', '1', 'x']
const NO = ['non', 'n', 'no', 'faux', 'false', '0', '']

/** "stage", "Service civique", "SERVICE_CIVIQUE", "service-civique", "Emploi saisonnier", "saisonnier"… */
export function contractTypeOfText(text: string): ContractType | null {
  const key = normalizeForSearch(text).replace(/[\s_-]+/g, ' ')
  for (const type of CONTRACT_TYPES) {
    const names = [type, CONTRACT_SLUGS[type], CONTRACT_LABELS[type]].map((name) => normalizeForSearch(name).replace(/[\s_-]+/g, ' '))
    if (names.includes(key)) return type
  }
  return null
}

/** "01/09/2027", "1/9/2027" → "2027-09-01"; "2027-09-01" as given; anything else as given (refused by the form). */
export function dayOfText(text: string): string {
  const value = text.trim()
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value)
  if (french) return `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}`
  return value
}

const quoted = (value: string) => `« ${value.length > 60 ? `${value.slice(0, 60)}…` : value} »`

type RowOutcome = { ok: true; data: OfferData; action: OfferFormAction } | { ok: false; reasons: string[] }

/**
 * One row as the offer form would receive it, then the form's own validation. The columns are
 * converted first (contract names, dd/mm/yyyy, oui/non, brouillon/publiée); a value they cannot
 * convert is a reason of its own; the others are the form's messages, named by their column.
 */
function validateRow(values: Partial<Record<ImportColumn, string>>, existing: Offer | null, sectors: string[], employerSector: string): RowOutcome {
  const reasons: string[] = []
  const body: Record<string, string | undefined> = offerFormBody(existing, employerSector)
  const text = (column: ImportColumn) => values[column]
  const has = (column: ImportColumn) => values[column] !== undefined

  const plain: [ImportColumn, string][] = [
    ['intitule', 'title'],
    ['description', 'description'],
    ['missions', 'missions'],
    ['profil', 'profileSought'],
    ['duree', 'duration'],
    ['ville', 'city'],
    ['accessibilite', 'accessibility'],
    ['contact', 'contactEmail'],
  ]
  for (const [column, field] of plain) if (has(column)) body[field] = text(column)

  if (has('type_contrat')) {
    const raw = text('type_contrat')!.trim()
    const type = raw === '' ? null : contractTypeOfText(raw)
    if (raw !== '' && !type) {
      reasons.push(`« type_contrat » : ${quoted(raw)} n’est pas un type de contrat. Écrivez stage, alternance, cdd, cdi, service civique ou emploi saisonnier.`)
    }
    body.contractType = type ?? ''
  }
  if (has('departement')) {
    let code = text('departement')!.trim().toUpperCase()
    // a spreadsheet drops the leading zero of "01"…"09"
    if (/^\d$/.test(code)) code = `0${code}`
    if (code !== '' && !isDepartmentCode(code)) {
      reasons.push(`« departement » : le département ${quoted(code)} n’existe pas. Écrivez son numéro, par exemple 31, 2A ou 974.`)
    }
    body.department = code
  }
  if (has('secteur') && text('secteur')!.trim() !== '') {
    const raw = text('secteur')!.trim()
    const sector = sectors.find((choice) => normalizeForSearch(choice) === normalizeForSearch(raw))
    if (!sector) reasons.push(`« secteur » : le secteur ${quoted(raw)} n’existe pas. Choisissez-en un de la liste de la page d’import.`)
    body.sector = sector ?? raw
  }
  if (has('teletravail')) {
    const raw = normalizeForSearch(text('teletravail'))
    if (YES.includes(raw)) body.remote = 'on'
    else if (NO.includes(raw)) body.remote = undefined
    else reasons.push(`« teletravail » : écrivez oui ou non (et non ${quoted(text('teletravail')!.trim())}).`)
  }
  for (const [column, field] of [
    ['date_debut', 'startDate'],
    ['date_fin_publication', 'endDate'],
  ] as const) {
    if (has(column)) body[field] = dayOfText(text(column)!)
  }
  let action: OfferFormAction = existing ? 'save' : 'draft'
  if (has('statut')) {
    const raw = normalizeForSearch(text('statut'))
    if (['publiee', 'publie', 'publier', 'published'].includes(raw)) action = 'publish'
    else if (!['brouillon', 'draft', ''].includes(raw)) reasons.push(`« statut » : écrivez brouillon ou publiée (et non ${quoted(text('statut')!.trim())}).`)
  }

  const form = parseOfferForm(body, sectors)
  if (!form.ok) {
    const convertedColumns = new Set(reasons.map((reason) => /^« ([a-z_]+) »/.exec(reason)?.[1]))
    for (const [field, message] of Object.entries(form.errors)) {
      const column = COLUMN_OF_FIELD[field] ?? field
      // a value already explained above is not explained twice
      if (!convertedColumns.has(column)) reasons.push(`« ${column} » : ${message}`)
    }
  }
  if (reasons.length > 0 || !form.ok) return { ok: false, reasons }
  return { ok: true, data: offerData(form.data), action }
}

const sameValue = (left: unknown, right: unknown) =>
  left instanceof Date || right instanceof Date ? (left as Date | null)?.getTime() === (right as Date | null)?.getTime() : left === right

// ───────────────────────── The plan ─────────────────────────

/**
 * Lets the event loop turn between batches of rows: on SQLite the driver is synchronous, so without it
 * the answer to "Confirmer l’import" (due after CONFIRM_WAIT_MS) and the other requests' reads (the
 * read layer's own connection) would wait for the whole import.
 */
const letOthersRun = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * What importing these rows into the employer would do now. Read through `client` (the database,
 * for the preview; the transaction, for the confirmation).
 */
export async function planOfferImport(
  client: Db | Tx,
  { scope, rows, closeAbsent, now }: { scope: EmployerScope; rows: StoredRows; closeAbsent: boolean; now: Date },
): Promise<ImportPlan> {
  const existingOffers = await client.offer.findMany({ where: { ...offersOfEmployer(scope.employerId), reference: { not: null } } })
  const byReference = new Map(existingOffers.map((offer) => [offer.reference!, offer]))
  const sectors = sectorChoices(scope.employerSector)
  const plan: ImportPlan = { created: [], updated: [], unchanged: [], refused: [], closed: [] }
  const seen = new Map<string, string>()

  for (const [index, record] of rows.records.entries()) {
    if (index % 250 === 249) await letOthersRun()
    // every text of the file is cleaned as the app's form input (src/web/input.ts)
    const values = cleanInput(record.values) as Partial<Record<ImportColumn, string>>
    const reference = (values.reference ?? '').trim()
    const refuse = (...reasons: string[]) => plan.refused.push({ line: record.line, label: record.label, reference, reasons })
    if (record.problem) {
      refuse(record.problem)
      continue
    }
    if (reference === '') {
      refuse('« reference » : indiquez la référence de l’offre, votre propre identifiant : elle permet de la mettre à jour lors des imports suivants.')
      continue
    }
    if (reference.length > REFERENCE_MAX) {
      refuse(`« reference » : la référence doit compter au plus ${REFERENCE_MAX} caractères.`)
      continue
    }
    const earlier = seen.get(reference)
    if (earlier) {
      refuse(
        `« reference » : la référence ${quoted(reference)} figure déjà plus haut (${earlier.charAt(0).toLowerCase()}${earlier.slice(1)}) : chaque offre a sa propre référence.`,
      )
      continue
    }
    seen.set(reference, record.label)

    const existing = byReference.get(reference) ?? null
    const row = validateRow(values, existing, sectors, scope.employerSector)
    if (!row.ok) {
      refuse(...row.reasons)
      continue
    }
    const next = offerStatusAfterSave(existing, row.data, row.action, now)
    if (!next.ok) {
      refuse(`« date_fin_publication » : ${next.error}`)
      continue
    }
    const planned: PlannedRow = {
      line: record.line,
      label: record.label,
      reference,
      title: row.data.title,
      offerId: existing?.id ?? null,
      status: next.status,
      data: row.data,
      publishedAt: next.publishedAt,
      closedAt: next.closedAt,
      changes: [],
      changedFields: [],
    }
    if (!existing) {
      plan.created.push(planned)
      continue
    }
    planned.changedFields = (Object.keys(FIELD_LABELS) as (keyof OfferData)[]).filter((field) => !sameValue(row.data[field], existing[field]))
    planned.changes = planned.changedFields.map((field) => FIELD_LABELS[field])
    if (next.status !== existing.status) planned.changes.push('statut')
    if (planned.changes.length === 0 && sameValue(next.publishedAt, existing.publishedAt) && sameValue(next.closedAt, existing.closedAt))
      plan.unchanged.push(planned)
    else plan.updated.push(planned)
  }

  if (closeAbsent) {
    // the references of refused rows are in the file too: their offers are not closed
    const inFile = new Set(rows.records.map((record) => (cleanInput(record.values.reference ?? '') as string).trim()))
    for (const offer of existingOffers) {
      if (!inFile.has(offer.reference!) && displayStatusOf(offer, now) === 'PUBLISHED') {
        plan.closed.push({ offerId: offer.id, reference: offer.reference!, title: offer.title })
      }
    }
  }
  plan.refused.sort((left, right) => left.line - right.line)
  return plan
}

// ───────────────────────── Use cases ─────────────────────────

const scopedImport = (scope: EmployerScope, actor: SessionUser, importId: number) => ({ id: importId, employerId: scope.employerId, userId: actor.id })

/**
 * "Voir l’aperçu": the file read and kept for its preview. A new file replaces the user's previous
 * preview for this employer (it expires at once); the expired previews are cleaned (cleanExpiredImportPreviews).
 */
export async function createOfferImport(
  db: Db,
  {
    actor,
    scope,
    file,
    closeAbsent,
    now = new Date(),
  }: { actor: SessionUser; scope: EmployerScope; file: { content: Buffer; originalName: string }; closeAbsent: boolean; now?: Date },
): Promise<{ ok: true; importId: number } | { ok: false; error: string }> {
  const read = readImportFile(file.content)
  if (!read.ok) return read
  const rows: StoredRows = { records: read.records, ignoredColumns: read.ignoredColumns, encoding: read.encoding }
  // shown in the history: without the invisible characters that reverse the text (« offres\u202Evsc.exe »)
  const fileName =
    file.originalName
      .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
      .trim()
      .slice(0, 200) || 'fichier'
  return db.$transaction(async (tx) => {
    await cleanExpiredImportPreviews(tx, now)
    // the user's previous preview for this employer ends here (its page says so; its rows are let go)
    await tx.offerImport.updateMany({
      where: { status: 'PREVIEW', employerId: scope.employerId, userId: actor.id },
      data: { rows: null, expiresAt: now },
    })
    const created = await tx.offerImport.create({
      data: {
        employerId: scope.employerId,
        userId: actor.id,
        fileName,
        format: read.format,
        closeAbsent,
        rows: JSON.stringify(rows),
        expiresAt: new Date(now.getTime() + IMPORT_PREVIEW_MINUTES * 60_000),
        createdAt: now,
      },
      select: { id: true },
    })
    return { ok: true as const, importId: created.id }
  })
}

/**
 * The expired previews, at each upload and by the offers' periodic job (jobs.ts): the file's rows go at
 * once (nothing of the file is kept longer than needed), the preview itself EXPIRED_PREVIEW_KEPT_HOURS
 * later. Returns how many previews were removed.
 */
export async function cleanExpiredImportPreviews(client: Db | Tx, now = new Date()): Promise<number> {
  await client.offerImport.updateMany({ where: { status: 'PREVIEW', expiresAt: { lte: now }, rows: { not: null } }, data: { rows: null } })
  const removed = await client.offerImport.deleteMany({
    where: { status: 'PREVIEW', expiresAt: { lte: new Date(now.getTime() - EXPIRED_PREVIEW_KEPT_HOURS * 60 * 60_000) } },
  })
  return removed.count
}

export type ImportPage =
  /** `failure`: an earlier "Confirmer l’import" wrote nothing, and why */
  | { state: 'preview'; offerImport: ImportSummary; plan: ImportPlan; ignoredColumns: string[]; encoding: string; failure: ImportFailure | null }
  | { state: 'expired'; offerImport: ImportSummary; failure: ImportFailure | null }
  | { state: 'running'; offerImport: ImportSummary }
  | { state: 'confirmed'; offerImport: ImportSummary; result: StoredResult }

type ImportSummary = {
  id: number
  fileName: string
  format: string
  closeAbsent: boolean
  createdAt: Date
  confirmedAt: Date | null
  expiresAt: Date
  created: number
  updated: number
  unchanged: number
  refused: number
  closed: number
}

/**
 * An import's page. Its preview is shown to the user who sent the file only; a confirmed import,
 * to anyone who manages the employer (its history). Another employer's import is a 404.
 */
export async function findOfferImportPage(
  db: Db,
  { actor, scope, importId, now = new Date() }: { actor: SessionUser; scope: EmployerScope; importId: number; now?: Date },
): Promise<ImportPage> {
  // through the read layer: on SQLite, the page of an import being written is shown while the
  // import's transaction holds Prisma's one connection (the claim, RUNNING, is committed before it)
  const found = orNotFound(
    await sqlOf(db)
      .selectFrom('OfferImport')
      .selectAll()
      .where('id', '=', importId)
      .where('employerId', '=', scope.employerId)
      .where((eb) => eb.or([eb('userId', '=', actor.id), eb('status', '=', 'CONFIRMED')]))
      .executeTakeFirst(),
  )
  const { rows, result } = found
  const offerImport: ImportSummary = {
    id: found.id,
    fileName: found.fileName,
    format: found.format,
    closeAbsent: Boolean(found.closeAbsent),
    createdAt: toDate(found.createdAt),
    confirmedAt: toDate(found.confirmedAt),
    expiresAt: toDate(found.expiresAt),
    created: found.created,
    updated: found.updated,
    unchanged: found.unchanged,
    refused: found.refused,
    closed: found.closed,
  }
  if (found.status === 'RUNNING') return { state: 'running', offerImport }
  if (found.status === 'CONFIRMED') return { state: 'confirmed', offerImport, result: JSON.parse(result ?? '{}') as StoredResult }
  const failure = result ? ((JSON.parse(result) as { failure?: ImportFailure }).failure ?? null) : null
  if (offerImport.expiresAt <= now || !rows) return { state: 'expired', offerImport, failure }
  const stored = JSON.parse(rows) as StoredRows
  const plan = await planOfferImport(db, { scope, rows: stored, closeAbsent: offerImport.closeAbsent, now })
  return { state: 'preview', offerImport, plan, ignoredColumns: stored.ignoredColumns, encoding: stored.encoding, failure }
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size))

export type ImportCounts = { created: number; updated: number; unchanged: number; refused: number; closed: number }
/** Why a confirmation wrote nothing; kept on the preview (OfferImport.result) for its page to say. */
export type ImportFailure = 'conflict' | 'failed' | 'interrupted'
export type ConfirmOutcome = ({ ok: true } & ImportCounts) | { ok: false; reason: 'expired' | Exclude<ImportFailure, 'interrupted'> }
/** `running`: still being written when the answer was due; `done` settles once it is written (or not). */
export type ConfirmResult = ConfirmOutcome | { ok: 'running'; done: Promise<ConfirmOutcome> }

/**
 * How long "Confirmer l’import" waits for the writes before answering: a longer import goes on, and
 * the page it leads to says it is running and refreshes itself until it is done (2,000 rows take a few
 * seconds: scripts/bench-import.ts).
 */
export const CONFIRM_WAIT_MS = 2000
/** An import still RUNNING after this long was interrupted: its process stopped, its transaction was rolled back. */
export const RUNNING_LEASE_MINUTES = 10

/**
 * "Confirmer l’import": the import claimed (RUNNING, committed: a second "Confirmer", from another tab
 * or a double click, finds it taken; its page shows it running), then the plan made again and written in
 * one transaction, with the audit of each offer and of the import (writeImport). Only by the user who
 * sent the file, once, before it expires. Waits up to `waitMs` for the writes (0: not at all).
 */
export async function confirmOfferImport(
  db: Db,
  {
    actor,
    scope,
    importId,
    now = new Date(),
    waitMs = CONFIRM_WAIT_MS,
  }: { actor: SessionUser; scope: EmployerScope; importId: number; now?: Date; waitMs?: number },
): Promise<ConfirmResult> {
  // someone else's import, or another employer's: 404
  orNotFound(await db.offerImport.findFirst({ where: scopedImport(scope, actor, importId), select: { id: true } }))
  const claimed = await db.offerImport.updateMany({
    where: { ...scopedImport(scope, actor, importId), status: 'PREVIEW', expiresAt: { gt: now } },
    data: { status: 'RUNNING', confirmedAt: now, result: null },
  })
  if (claimed.count !== 1) return { ok: false, reason: 'expired' }
  const done = writeImport(db, { actor, scope, importId, now })
  if (waitMs <= 0) return { ok: 'running', done }
  let timer: NodeJS.Timeout | undefined
  const outcome = await Promise.race([done, new Promise<null>((resolve) => (timer = setTimeout(resolve, waitMs, null)))])
  clearTimeout(timer)
  return outcome ?? { ok: 'running', done }
}

/** A claimed (RUNNING) import written in one transaction; whatever happens, it leaves RUNNING. Never throws. */
async function writeImport(
  db: Db,
  { actor, scope, importId, now }: { actor: SessionUser; scope: EmployerScope; importId: number; now: Date },
): Promise<ConfirmOutcome> {
  try {
    return await db.$transaction(
      async (tx) => {
        const offerImport = await tx.offerImport.findUniqueOrThrow({ where: { id: importId } })
        const rows = JSON.parse(offerImport.rows ?? '{"records":[],"ignoredColumns":[],"encoding":"UTF-8"}') as StoredRows
        const plan = await planOfferImport(tx, { scope, rows, closeAbsent: offerImport.closeAbsent, now })
        await writePlan(tx, plan, { actor, scope, importId, now })
        const counts: ImportCounts = {
          created: plan.created.length,
          updated: plan.updated.length,
          unchanged: plan.unchanged.length,
          refused: plan.refused.length,
          closed: plan.closed.length,
        }
        const result: StoredResult = {
          created: plan.created.map((row) => ({ reference: row.reference, title: row.title, status: row.status })),
          updated: plan.updated.map((row) => ({ reference: row.reference, title: row.title, changes: row.changes })),
          refused: plan.refused,
          closed: plan.closed.map((offer) => ({ reference: offer.reference, title: offer.title })),
        }
        // still ours: not released as interrupted meanwhile (releaseInterruptedImports)
        const { count } = await tx.offerImport.updateMany({
          where: { id: importId, status: 'RUNNING' },
          data: { status: 'CONFIRMED', ...counts, rows: null, result: JSON.stringify(result) },
        })
        if (count !== 1) throw new AppError('CONFLICT')
        await audit(tx, {
          actorUserId: actor.id,
          action: 'offer.import',
          targetType: 'Employer',
          targetId: scope.employerId,
          details: { importId, fileName: offerImport.fileName, format: offerImport.format, closeAbsent: offerImport.closeAbsent, ...counts },
        })
        return { ok: true as const, ...counts }
      },
      // up to 2,000 offers: longer than the default 5 s on a busy machine
      { maxWait: 15_000, timeout: 120_000 },
    )
  } catch (error) {
    // another import (or the form) wrote one of these references meanwhile; or anything else: nothing was written
    const conflict = isPrismaError(error, 'P2002') || (error instanceof AppError && error.code === 'CONFLICT')
    if (!conflict) logger.error('offer import failed', { importId, error: error instanceof Error ? error.message : String(error) })
    const reason = conflict ? 'conflict' : 'failed'
    // the preview again, saying why (if this fails too, releaseInterruptedImports will)
    await db.offerImport
      .updateMany({
        where: { id: importId, status: 'RUNNING' },
        data: { status: 'PREVIEW', confirmedAt: null, result: JSON.stringify({ failure: reason }) },
      })
      .catch((reset: unknown) => logger.error('offer import not reset', { importId, error: reset instanceof Error ? reset.message : String(reset) }))
    return { ok: false, reason }
  }
}

/**
 * Imports left RUNNING by a process that stopped mid-way (their transaction rolled back: nothing was
 * written) become previews again, saying so (the offers' periodic job, jobs.ts). Returns how many.
 */
export async function releaseInterruptedImports(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.offerImport.updateMany({
    where: { status: 'RUNNING', confirmedAt: { lte: new Date(now.getTime() - RUNNING_LEASE_MINUTES * 60_000) } },
    data: { status: 'PREVIEW', confirmedAt: null, result: JSON.stringify({ failure: 'interrupted' satisfies ImportFailure }) },
  })
  return count
}

async function writePlan(tx: Tx, plan: ImportPlan, { actor, scope, importId, now }: { actor: SessionUser; scope: EmployerScope; importId: number; now: Date }) {
  const auditRows: { actorUserId: number; action: string; targetType: string; targetId: string; details: string }[] = []
  const auditOf = (action: string, offerId: number, details: Record<string, unknown>) =>
    auditRows.push({ actorUserId: actor.id, action, targetType: 'Offer', targetId: String(offerId), details: JSON.stringify({ importId, ...details }) })

  // createMany then one read of the ids: createManyAndReturn is several times slower here
  for (const chunk of chunks(plan.created, 100)) {
    await tx.offer.createMany({
      data: chunk.map((row) => ({
        ...row.data,
        reference: row.reference,
        employerId: scope.employerId,
        status: row.status,
        publishedAt: row.publishedAt,
        closedAt: row.closedAt,
        createdByUserId: actor.id,
        createdAt: now,
      })),
    })
    const created = await tx.offer.findMany({
      where: { ...offersOfEmployer(scope.employerId), reference: { in: chunk.map((row) => row.reference) } },
      select: { id: true, status: true },
    })
    for (const offer of created) auditOf(offer.status === 'PUBLISHED' ? 'offer.publish' : 'offer.create', offer.id, { employerId: scope.employerId })
    await letOthersRun()
  }
  for (const [index, row] of plan.updated.entries()) {
    if (index % 100 === 99) await letOthersRun()
    // only the fields that change: the search index is rewritten only when a text of it changes
    const data: Partial<OfferData> = {}
    for (const field of row.changedFields) (data as Record<string, unknown>)[field] = row.data[field]
    // the employer id in the where: the row cannot be another employer's
    const { count } = await tx.offer.updateMany({
      where: { id: row.offerId!, ...offersOfEmployer(scope.employerId) },
      data: { ...data, status: row.status, publishedAt: row.publishedAt, closedAt: row.closedAt },
    })
    if (count !== 1) throw new AppError('CONFLICT')
    auditOf(row.changes.includes('statut') && row.status === 'PUBLISHED' ? 'offer.publish' : 'offer.update', row.offerId!, { changes: row.changes })
  }
  for (const chunk of chunks(plan.closed, 500)) {
    await tx.offer.updateMany({
      where: { id: { in: chunk.map((offer) => offer.offerId) }, status: 'PUBLISHED', ...offersOfEmployer(scope.employerId) },
      data: { status: 'CLOSED', closedAt: now },
    })
    for (const offer of chunk) auditOf('offer.close', offer.offerId, { absentFromImport: true })
  }
  for (const chunk of chunks(auditRows, 500)) await tx.auditLog.createMany({ data: chunk })
}

/** "Imports précédents": the employer's confirmed imports, newest first, with who made them. */
export async function listOfferImports(db: Db, scope: EmployerScope, take = 10) {
  const imports = await db.offerImport.findMany({
    where: { employerId: scope.employerId, status: 'CONFIRMED' },
    orderBy: [{ confirmedAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      fileName: true,
      format: true,
      userId: true,
      confirmedAt: true,
      created: true,
      updated: true,
      unchanged: true,
      refused: true,
      closed: true,
    },
  })
  const userIds = [...new Set(imports.map((item) => item.userId).filter((id): id is number => id !== null))]
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, firstName: true, lastName: true } })
  const names = new Map(users.map((user) => [user.id, fullName(user)]))
  return imports.map((item) => ({ ...item, by: (item.userId && names.get(item.userId)) || 'Compte supprimé' }))
}
