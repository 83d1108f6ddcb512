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
import { access, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import ejs from 'ejs'
import nodemailer from 'nodemailer'
import type { Config } from '../config.ts'
import { downloadFileName } from '../modules/documents/download.ts'
import { EmailStatus, type Db, type Tx } from './db.ts'
import { logger as defaultLogger, type Logger } from './logger.ts'

/** src/lib and dist/lib are both two levels below the project root. */
const viewsDir = path.resolve(import.meta.dirname, '../../views')
const emailViewsDir = path.join(viewsDir, 'emails')

export const MAX_ATTEMPTS = 12
const FIRST_RETRY_DELAY_MS = 30_000
const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000
/** A claimed row is hidden from other workers for this long; a crashed worker's rows come back after it. */
const LEASE_MS = 10 * 60_000
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

async function renderTemplate(file: string, data: Record<string, unknown>, options: ejs.Options = {}) {
  return ejs.renderFile(file, data, { ...options, async: true })
}

/** Renders the text part (required) and the html part (optional, wrapped in the email layout). */
export async function renderEmail(template: string, subject: string, data: Record<string, unknown>) {
  if (!templateNamePattern.test(template)) throw new Error(`Nom de modèle de courriel invalide : ${template}`)
  const base = path.join(emailViewsDir, template)
  const locals = { ...data, subject }
  // Plain text is not HTML: "l'offre" must stay "l'offre", so <%= %> does not escape in .text.ejs.
  const text = await renderTemplate(`${base}.text.ejs`, locals, { escape: (value: unknown) => String(value ?? '') })
  const htmlFile = `${base}.html.ejs`
  if (!(await fileExists(htmlFile))) return { text, html: null }
  const body = await renderTemplate(htmlFile, locals)
  const html = await renderTemplate(path.join(emailViewsDir, 'layout.html.ejs'), { subject, body })
  return { text, html }
}

async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
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

/**
 * Writes the email as a PENDING outbox row. Pass the transaction client (`tx`) of the change that
 * causes the email, so that both are committed or rolled back together. With a `coalesceKey`, the
 * email may instead replace the content of the same kind of email still waiting ('merged'), or not
 * be sent at all ('dropped') when one went out in the last few minutes.
 */
export async function queueEmail(tx: Tx | Db, email: QueuedEmail): Promise<'queued' | 'merged' | 'dropped'> {
  const { text, html } = await renderEmail(email.template, email.subject, email.data)
  const attachments = email.attachments ?? []
  for (const attachment of attachments) {
    if (!Number.isInteger(attachment.documentId) || attachment.documentId <= 0) {
      throw new Error(`Pièce jointe invalide : ${JSON.stringify(attachment)}`)
    }
  }
  const content = {
    template: email.template,
    subject: email.subject,
    text,
    html,
    attachments: attachments.length > 0 ? JSON.stringify(attachments.map(({ documentId }) => ({ documentId }))) : null,
    headers: email.headers && Object.keys(email.headers).length > 0 ? JSON.stringify(email.headers) : null,
  }
  const now = new Date()
  if (email.coalesceKey) {
    const latest = await latestCoalesced(tx, email.to, email.coalesceKey, now)
    if (latest) {
      if (!latest.waiting) return 'dropped'
      // conditional: a worker that claimed it meanwhile sends what it read, and this one is dropped
      const { count } = await tx.outboxEmail.updateMany({
        where: { id: latest.id, status: EmailStatus.PENDING, attempts: 0, nextAttemptAt: { lte: now } },
        data: content,
      })
      return count === 1 ? 'merged' : 'dropped'
    }
  }
  // the times from this clock, as the coalescing reads them
  await tx.outboxEmail.create({ data: { ...content, to: email.to, coalesceKey: email.coalesceKey ?? null, createdAt: now, nextAttemptAt: now } })
  return 'queued'
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
  const root = path.resolve(uploadDir)
  const attachments: OutgoingAttachment[] = []
  for (const { documentId } of wanted) {
    const document = documents.find((d) => d.id === documentId)
    if (!document) throw new Error(`Pièce jointe : document ${documentId} introuvable`)
    const file = path.resolve(root, document.storageKey)
    if (path.dirname(file) !== root && !file.startsWith(root + path.sep)) {
      throw new Error(`Pièce jointe : document ${documentId} hors du dossier des fichiers`)
    }
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
  logger?: Logger
}

/**
 * Sends the PENDING emails that are due. Each row is claimed first (a conditional update that pushes
 * its nextAttemptAt ahead as a lease): only the worker whose update changed the row sends it, so two
 * processes never send the same email. Works on SQLite and PostgreSQL alike.
 */
export async function sendDueEmails(options: SendDueEmailsOptions): Promise<{ sent: number; failed: number }> {
  const { db, transport, config, batchSize = 50, logger = defaultLogger } = options
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
      data: { nextAttemptAt: new Date(startedAt.getTime() + LEASE_MS) },
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

/** Sends due emails every `intervalMs`; runs never overlap and errors are logged, never thrown. */
export function startOutboxWorker(options: {
  db: Db
  transport: MailTransport
  config: Pick<Config, 'mailFrom' | 'uploadDir'>
  intervalMs?: number
  logger?: Logger
}): OutboxWorker {
  const { db, transport, config, intervalMs = 5000, logger = defaultLogger } = options
  let running: Promise<void> | null = null
  let stopped = false

  const runOnce = async () => {
    try {
      const { sent, failed } = await sendDueEmails({ db, transport, config, logger })
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
