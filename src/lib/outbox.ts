/**
 * The email outbox. Every email is an `OutboxEmail` row written in the same database transaction
 * as the change that causes it (`queueEmail(tx, …)`): if the change rolls back, no email; if it
 * commits, the email will be sent. A worker (`startOutboxWorker`) sends the due rows with nodemailer
 * and retries with an exponential backoff, so a mail server that is down delays mail but never
 * loses it nor fails the user's request.
 *
 * Delivery is at least once: a process that dies between the SMTP "250 OK" and the SENT update
 * sends that email again once its lease has expired.
 *
 * Flooding: an email queued with a `coalesceKey` ("what makes two emails the same": an alert about
 * one candidate, a password-reset link…) is one email per recipient and key every
 * COALESCE_WINDOW_MS. While the earlier one still waits for the worker, it takes the newer content;
 * once it is sent (or being sent), the newer one is not queued. `coalescedEmailState()` tells a
 * caller beforehand (a new reset link is not made when its email would not go).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { join, sqltag } from '@prisma/client/runtime/client'
import ejs from 'ejs'
import nodemailer from 'nodemailer'
import type { Config } from '../config.ts'
import { downloadFileName } from '../modules/documents/download.ts'
import { EmailStatus, type Db, type Tx } from './db.ts'
import { logger as defaultLogger, type Logger } from './logger.ts'
import { storedFilePath } from './storage.ts'

/** src/lib and dist/lib are both two levels below the project root. */
const viewsDir = path.resolve(import.meta.dirname, '../../views')
const emailViewsDir = path.join(viewsDir, 'emails')

export const MAX_ATTEMPTS = 12
const FIRST_RETRY_DELAY_MS = 30_000
const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000
/** A claimed row is hidden from other workers for this long (OUTBOX_LEASE_SECONDS); a crashed worker's rows come back after it. */
export const DEFAULT_LEASE_MS = 10 * 60_000
/** Emails with the same coalescing key to the same recipient: at most one in this period. */
export const COALESCE_WINDOW_MS = 5 * 60_000
const MAX_ERROR_LENGTH = 500

export type EmailAttachment = { documentId: number }

export type QueuedEmail = {
  to: string
  subject: string
  /** path under views/emails without extension, e.g. "applications/validated" */
  template: string
  data: Record<string, unknown>
  attachments?: EmailAttachment[]
  /** at most one email per recipient and key every COALESCE_WINDOW_MS (see the top of this file) */
  coalesceKey?: string
  /** extra message headers (e.g. List-Unsubscribe), kept with the row and sent as they are */
  headers?: Record<string, string>
}

/** 'none': no email with this key to this recipient lately; 'waiting': one is not sent yet (a new one would replace its content); 'sent': a new one would not go. */
export type CoalescedEmailState = 'none' | 'waiting' | 'sent'

const templateNamePattern = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/i

type CompiledTemplate = (data: Record<string, unknown>) => Promise<string>
type RenderedEmail = { text: string; html: string | null }
type EmailRenderer = (template: string, subject: string, data: Record<string, unknown>) => Promise<RenderedEmail>

/**
 * Renders e-mails, each template file read and compiled once by this renderer: a batch of e-mails
 * shares one (10,000 alerts would otherwise read and compile the same three files 10,000 times). Not
 * kept beyond the batch, so that an edited template is seen by the next one.
 */
function createEmailRenderer(): EmailRenderer {
  const files = new Map<string, Promise<CompiledTemplate | null>>()
  /** the file's template; null when an optional file does not exist */
  const compiled = (file: string, options: ejs.Options, required: boolean) => {
    let entry = files.get(file)
    if (!entry) {
      entry = readFile(file, 'utf8').then(
        (source): CompiledTemplate => ejs.compile(source, { ...options, filename: file, async: true, client: false }),
        (error: NodeJS.ErrnoException) => {
          if (!required && error.code === 'ENOENT') return null
          throw error
        },
      )
      files.set(file, entry)
    }
    return entry
  }
  return async (template, subject, data) => {
    if (!templateNamePattern.test(template)) throw new Error(`Nom de modèle de courriel invalide : ${template}`)
    const base = path.join(emailViewsDir, template)
    const locals = { ...data, subject }
    // Plain text is not HTML: "l'offre" must stay "l'offre", so <%= %> does not escape in .text.ejs.
    const textTemplate = await compiled(`${base}.text.ejs`, { escape: (value: unknown) => String(value ?? '') }, true)
    const text = await textTemplate!(locals)
    const htmlTemplate = await compiled(`${base}.html.ejs`, {}, false)
    if (!htmlTemplate) return { text, html: null }
    const layout = await compiled(path.join(emailViewsDir, 'layout.html.ejs'), {}, true)
    const html = await layout!({ subject, body: await htmlTemplate(locals) })
    return { text, html }
  }
}

/** Renders the text part (required) and the html part (optional, wrapped in the email layout). */
export async function renderEmail(template: string, subject: string, data: Record<string, unknown>): Promise<RenderedEmail> {
  return createEmailRenderer()(template, subject, data)
}

/** The latest email with this key to this recipient in the coalescing period, if it may still be rewritten. */
async function latestCoalesced(tx: Tx | Db, to: string, coalesceKey: string, now: Date) {
  const latest = await tx.outboxEmail.findFirst({
    where: { to, coalesceKey, createdAt: { gt: new Date(now.getTime() - COALESCE_WINDOW_MS) } },
    orderBy: { id: 'desc' },
    select: { id: true, status: true, attempts: true, nextAttemptAt: true },
  })
  if (!latest) return null
  // not claimed by a worker (a claim pushes nextAttemptAt ahead), never tried: its content may change
  const waiting = latest.status === EmailStatus.PENDING && latest.attempts === 0 && latest.nextAttemptAt <= now
  return { id: latest.id, waiting }
}

/** Whether an email with this key to this recipient would be queued, merged into one waiting, or not sent. */
export async function coalescedEmailState(tx: Tx | Db, to: string, coalesceKey: string, now = new Date()): Promise<CoalescedEmailState> {
  const latest = await latestCoalesced(tx, to, coalesceKey, now)
  return !latest ? 'none' : latest.waiting ? 'waiting' : 'sent'
}

export type QueueOutcome = 'queued' | 'merged' | 'dropped'

/**
 * Writes the email as a PENDING outbox row. Pass the transaction client (`tx`) of the change that
 * causes the email, so that both are committed or rolled back together. With a `coalesceKey`, the
 * email may instead replace the content of the same kind of email still waiting ('merged'), or not
 * be sent at all ('dropped') when one went out in the last few minutes.
 */
export async function queueEmail(tx: Tx | Db, email: QueuedEmail): Promise<QueueOutcome> {
  const [outcome] = await queueEmails(tx, [email])
  return outcome
}

/** The rows' most recent coalesced email per recipient and key, in the coalescing period (one query per 200 keys). */
async function latestCoalescedMany(tx: Tx | Db, pairs: { to: string; coalesceKey: string }[], now: Date) {
  const latest = new Map<string, { id: number; waiting: boolean }>()
  for (let start = 0; start < pairs.length; start += 200) {
    const slice = pairs.slice(start, start + 200)
    const rows = await tx.outboxEmail.findMany({
      where: {
        to: { in: [...new Set(slice.map((pair) => pair.to))] },
        coalesceKey: { in: [...new Set(slice.map((pair) => pair.coalesceKey))] },
        createdAt: { gt: new Date(now.getTime() - COALESCE_WINDOW_MS) },
      },
      orderBy: { id: 'desc' },
      select: { id: true, to: true, coalesceKey: true, status: true, attempts: true, nextAttemptAt: true },
    })
    for (const row of rows) {
      const key = pairKey(row.to, row.coalesceKey ?? '')
      // not claimed by a worker (a claim pushes nextAttemptAt ahead), never tried: its content may change
      if (!latest.has(key)) latest.set(key, { id: row.id, waiting: row.status === EmailStatus.PENDING && row.attempts === 0 && row.nextAttemptAt <= now })
    }
  }
  return latest
}

type EmailContent = { template: string; subject: string; text: string; html: string | null; attachments: string | null; headers: string | null }
type OutboxRow = EmailContent & { to: string; coalesceKey: string | null; createdAt: Date; nextAttemptAt: Date }

const pairKey = (to: string, coalesceKey: string) => `${to}\n${coalesceKey}`

/**
 * queueEmail for many emails at once (a periodic job's batch), in order, with the same rows and the
 * same coalescing, in a few statements: one look-up of the coalesced emails per 200 keys, one
 * multi-row insert, and an update per email merged into one still waiting (rare). Each template is
 * compiled once. The outcomes are in the order of `emails`.
 */
export async function queueEmails(tx: Tx | Db, emails: QueuedEmail[]): Promise<QueueOutcome[]> {
  const render = createEmailRenderer()
  const contents: EmailContent[] = []
  for (const email of emails) {
    const { text, html } = await render(email.template, email.subject, email.data)
    const attachments = email.attachments ?? []
    for (const attachment of attachments) {
      if (!Number.isInteger(attachment.documentId) || attachment.documentId <= 0) {
        throw new Error(`Pièce jointe invalide : ${JSON.stringify(attachment)}`)
      }
    }
    contents.push({
      template: email.template,
      subject: email.subject,
      text,
      html,
      attachments: attachments.length > 0 ? JSON.stringify(attachments.map(({ documentId }) => ({ documentId }))) : null,
      headers: email.headers && Object.keys(email.headers).length > 0 ? JSON.stringify(email.headers) : null,
    })
  }
  const now = new Date()
  const keyed = emails.flatMap((email) => (email.coalesceKey ? [{ to: email.to, coalesceKey: email.coalesceKey }] : []))
  const latest = keyed.length > 0 ? await latestCoalescedMany(tx, keyed, now) : new Map<string, { id: number; waiting: boolean }>()
  const outcomes: QueueOutcome[] = []
  /** the rows to insert; an email with the same key to the same recipient later in the batch takes the place of an earlier one (as if merged) */
  const inserts: OutboxRow[] = []
  const insertedAt = new Map<string, number>()
  for (const [index, email] of emails.entries()) {
    const content = contents[index]
    if (email.coalesceKey) {
      const key = pairKey(email.to, email.coalesceKey)
      const queued = insertedAt.get(key)
      if (queued !== undefined) {
        inserts[queued] = { ...inserts[queued], ...content }
        outcomes.push('merged')
        continue
      }
      const earlier = latest.get(key)
      if (earlier) {
        if (!earlier.waiting) {
          outcomes.push('dropped')
          continue
        }
        // conditional: a worker that claimed it meanwhile sends what it read, and this one is dropped
        const { count } = await tx.outboxEmail.updateMany({
          where: { id: earlier.id, status: EmailStatus.PENDING, attempts: 0, nextAttemptAt: { lte: now } },
          data: content,
        })
        outcomes.push(count === 1 ? 'merged' : 'dropped')
        continue
      }
      insertedAt.set(key, inserts.length)
    }
    // the times from this clock, as the coalescing reads them
    inserts.push({ ...content, to: email.to, coalesceKey: email.coalesceKey ?? null, createdAt: now, nextAttemptAt: now })
    outcomes.push('queued')
  }
  await insertEmails(tx, inserts)
  return outcomes
}

/**
 * Multi-row INSERTs, 100 rows each, through Prisma's raw SQL: createMany costs three times as much
 * with rows of this size (rendered e-mails of a few kB, every byte of which goes through Prisma's query
 * compiler). The other columns take their defaults (PENDING, no attempt).
 */
async function insertEmails(tx: Tx | Db, rows: OutboxRow[]) {
  for (let start = 0; start < rows.length; start += 100) {
    const values = rows
      .slice(start, start + 100)
      .map(
        (row) =>
          sqltag`(${row.to}, ${row.subject}, ${row.text}, ${row.html}, ${row.template}, ${row.attachments}, ${row.headers}, ${row.coalesceKey}, ${row.createdAt}, ${row.nextAttemptAt})`,
      )
    await tx.$executeRaw`INSERT INTO "OutboxEmail" ("to", "subject", "text", "html", "template", "attachments", "headers", "coalesceKey", "createdAt", "nextAttemptAt") VALUES ${join(values)}`
  }
}

// ───────────────────────── Transports ─────────────────────────

export type OutgoingAttachment = { filename: string; content: Buffer; contentType?: string }

export type OutgoingMessage = {
  from: string
  to: string
  subject: string
  text: string
  html?: string
  attachments?: OutgoingAttachment[]
  headers?: Record<string, string>
}

export type MailTransport = {
  send(message: OutgoingMessage): Promise<void>
  /** for logs: where the mail goes (never the credentials) */
  describe(): string
}

/**
 * With `config.smtpUrl`: SMTP. Without (development): each message is written to
 * `<dataDir>/mails/*.eml`, readable at /dev/courriels.
 *
 * SMTP_URL is `smtp://user:password@host:587` (STARTTLS used whenever the server offers it) or
 * `smtps://…:465` (TLS from the start). Nodemailer reads other transport options from the query
 * string, values "true"/"false"/numbers converted, keys starting with "tls." going to the TLS options:
 *   ?requireTLS=true                 refuse to send if the server does not offer STARTTLS
 *   ?ignoreTLS=true                  never use STARTTLS (local test servers only)
 *   ?tls.rejectUnauthorized=false    accept a self-signed certificate
 *   ?connectionTimeout=30000         override the timeouts set below (milliseconds)
 */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'dataDir'>): MailTransport {
  if (config.smtpUrl) return createSmtpTransport(config.smtpUrl)
  return createEmlFileTransport(path.join(config.dataDir, 'mails'))
}

function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    // An unreachable server must fail fast: the worker sends one email at a time.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  })
  const { host, protocol } = new URL(url)
  return {
    async send(message) {
      await transporter.sendMail(message)
    },
    describe: () => `SMTP ${protocol}//${host}`,
  }
}

function createEmlFileTransport(directory: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async send(message) {
      const info = await transporter.sendMail(message)
      await mkdir(directory, { recursive: true })
      // ":" is not allowed in Windows file names; the name still sorts chronologically.
      const date = new Date().toISOString().replaceAll(':', '-')
      const file = path.join(directory, `${date}-${randomBytes(4).toString('hex')}.eml`)
      await writeFile(file, info.message as Buffer)
    },
    describe: () => `fichiers .eml dans ${directory}`,
  }
}

// ───────────────────────── Sending ─────────────────────────

/** 30 s, 1 min, 2 min, … capped at 6 h (attempts counts the failure just recorded). */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS)
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  const message = error instanceof Error ? error.message : String(error)
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message
  return text.replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH)
}

/** The server could not be reached: the next emails would fail the same way, leave them for the next run. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(code)
}

async function loadAttachments(db: Db, uploadDir: string, json: string | null): Promise<OutgoingAttachment[]> {
  if (!json) return []
  const wanted = JSON.parse(json) as EmailAttachment[]
  if (wanted.length === 0) return []
  const documents = await db.document.findMany({ where: { id: { in: wanted.map((a) => a.documentId) } } })
  const attachments: OutgoingAttachment[] = []
  for (const { documentId } of wanted) {
    const document = documents.find((d) => d.id === documentId)
    if (!document) throw new Error(`Pièce jointe : document ${documentId} introuvable`)
    // the one guard of every stored file: a key that is not a plain file name of the folder is refused
    const file = storedFilePath(uploadDir, document.storageKey)
    attachments.push({
      // named as every download: the document's name, the extension of the format detected at upload
      filename: downloadFileName(document),
      // a missing file throws ENOENT: the row is retried (the file may come back from a restore)
      content: await readFile(file),
      contentType: document.mimeType,
    })
  }
  return attachments
}

export type SendDueEmailsOptions = {
  db: Db
  transport: MailTransport
  config: Pick<Config, 'mailFrom' | 'uploadDir'>
  /** the clock, for tests; defaults to the real time */
  now?: Date
  batchSize?: number
  /** how long a claimed email is hidden from the other workers: longer than one send can take */
  leaseMs?: number
  logger?: Logger
}

/**
 * Sends the PENDING emails that are due. Each row is claimed first (a conditional update that pushes
 * its nextAttemptAt ahead as a lease): only the worker whose update changed the row sends it, so two
 * processes never send the same email. Works on SQLite and PostgreSQL alike.
 */
export async function sendDueEmails(options: SendDueEmailsOptions): Promise<{ sent: number; failed: number }> {
  const { db, transport, config, batchSize = 50, leaseMs = DEFAULT_LEASE_MS, logger = defaultLogger } = options
  const clock = () => options.now ?? new Date()
  const startedAt = clock()
  const due = await db.outboxEmail.findMany({
    where: { status: EmailStatus.PENDING, nextAttemptAt: { lte: startedAt } },
    orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
    take: batchSize,
    select: { id: true },
  })
  let sent = 0
  let failed = 0
  for (const { id } of due) {
    const claimed = await db.outboxEmail.updateMany({
      where: { id, status: EmailStatus.PENDING, nextAttemptAt: { lte: startedAt } },
      data: { nextAttemptAt: new Date(startedAt.getTime() + leaseMs) },
    })
    if (claimed.count !== 1) continue
    const email = await db.outboxEmail.findUniqueOrThrow({ where: { id } })
    try {
      const attachments = await loadAttachments(db, config.uploadDir, email.attachments)
      await transport.send({
        from: config.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(email.headers ? { headers: JSON.parse(email.headers) as Record<string, string> } : {}),
      })
      await db.outboxEmail.update({
        where: { id },
        data: { status: EmailStatus.SENT, sentAt: clock(), lastError: null },
      })
      sent += 1
    } catch (error) {
      const attempts = email.attempts + 1
      // an unreachable server delays mail, it never loses it: only a refused message is given up
      const giveUp = attempts >= MAX_ATTEMPTS && !isConnectionError(error)
      const failedAt = clock()
      const lastError = describeError(error)
      await db.outboxEmail.update({
        where: { id },
        data: {
          attempts,
          lastError,
          status: giveUp ? EmailStatus.FAILED : EmailStatus.PENDING,
          nextAttemptAt: giveUp ? failedAt : new Date(failedAt.getTime() + retryDelayMs(attempts)),
        },
      })
      failed += 1
      const details = { emailId: id, template: email.template, attempts, error: lastError, transport: transport.describe() }
      if (giveUp) logger.error('outbox: email abandonné après le dernier essai', details)
      else logger.warn('outbox: échec d’envoi, nouvel essai plus tard', details)
      if (isConnectionError(error)) break
    }
  }
  return { sent, failed }
}

export type OutboxWorker = {
  /** stops the timer and waits for the run in progress */
  stop(): Promise<void>
  /** runs once now (or waits for the run in progress, then runs) */
  runNow(): Promise<void>
}

/**
 * Sends due emails every `intervalMs`; runs never overlap and errors are logged, never thrown.
 * Every instance of the app runs one (unlike the periodic jobs of src/lib/jobs.ts, claimed once per
 * period): each email is claimed on its own, so several workers share the queue without sending an
 * email twice, and the emails claimed by an instance that died are sent by another after `leaseMs`.
 */
export function startOutboxWorker(options: {
  db: Db
  transport: MailTransport
  config: Pick<Config, 'mailFrom' | 'uploadDir'>
  intervalMs?: number
  leaseMs?: number
  logger?: Logger
}): OutboxWorker {
  const { db, transport, config, intervalMs = 5000, leaseMs, logger = defaultLogger } = options
  let running: Promise<void> | null = null
  let stopped = false

  const runOnce = async () => {
    try {
      const { sent, failed } = await sendDueEmails({ db, transport, config, leaseMs, logger })
      if (sent > 0 || failed > 0) logger.info('outbox: envoi', { sent, failed, transport: transport.describe() })
    } catch (error) {
      logger.error('outbox: erreur du worker', { error: describeError(error) })
    }
  }

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve()
    if (running) return running
    running = runOnce().finally(() => {
      running = null
    })
    return running
  }

  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
    async runNow() {
      if (running) await running
      await tick()
    },
  }
}
