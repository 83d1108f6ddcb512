import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDb, EmailStatus, type Db } from '../../src/lib/db.ts'
import { closeDb } from '../../src/lib/sql.ts'
import {
  createMailTransport,
  DEFAULT_LEASE_MS,
  MAX_ATTEMPTS,
  queueEmail,
  queueEmails,
  sendDueEmails,
  startOutboxWorker,
  type MailTransport,
} from '../../src/lib/outbox.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts'

let testDb: TestDb
let db: Db
let smtp: TestSmtpServer
let uploadDir: string
const mailFrom = 'Atouts pour tous <ne-pas-repondre@atouts.test>'

beforeAll(async () => {
  testDb = await freshDb()
  db = testDb.db
  smtp = await startSmtpServer()
  uploadDir = mkdtempSync(path.join(tmpdir(), 'atouts-uploads-'))
})

afterAll(async () => {
  await smtp.stop()
  await testDb.cleanup()
  rmSync(uploadDir, { recursive: true, force: true })
})

afterEach(async () => {
  await db.outboxEmail.deleteMany()
})

const config = () => ({ mailFrom, uploadDir })

const hello = (to: string, extra: Partial<Parameters<typeof queueEmail>[1]> = {}) => ({
  to,
  subject: `Candidature reçue (${to})`,
  template: 'test/hello',
  data: { firstName: 'Éloïse', offerTitle: "Développeur d'applications <web>", link: 'http://localhost:3000/candidatures/1' },
  ...extra,
})

let documentSequence = 0
async function createDocument(options: { withFile: boolean }) {
  documentSequence += 1
  const n = documentSequence
  const convention = await db.convention.create({ data: { name: `Convention ${n}`, region: 'Occitanie' } })
  const establishment = await db.establishment.create({
    data: { name: `Lycée ${n}`, kind: 'LYCEE', city: 'Toulouse', conventionId: convention.id },
  })
  const user = await db.user.create({
    data: {
      email: `candidate${n}@example.test`,
      role: 'CANDIDATE',
      status: 'ACTIVE',
      firstName: 'Éloïse',
      lastName: 'Martin',
      searchText: `martin eloise candidate${n}@example.test`,
    },
  })
  const candidate = await db.candidate.create({ data: { userId: user.id, establishmentId: establishment.id } })
  const storageKey = `doc-${n}-${Date.now()}.pdf`
  const content = Buffer.from(`%PDF-1.4 fake pdf ${n}\n`)
  if (options.withFile) writeFileSync(path.join(uploadDir, storageKey), content)
  const document = await db.document.create({
    data: {
      candidateId: candidate.id,
      name: 'CV Éloïse Martin',
      type: 'CV',
      originalName: 'mon-cv.PDF',
      storageKey,
      mimeType: 'application/pdf',
      size: content.length,
    },
  })
  return { document, content }
}

describe('outbox', () => {
  it('when a queued email is sent, then the SMTP server receives its subject, text, html and attachment', async () => {
    const { document, content } = await createDocument({ withFile: true })
    await queueEmail(db, hello('a@example.test', { attachments: [{ documentId: document.id }] }))

    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir })
    const result = await sendDueEmails({ db, transport, config: config() })

    expect(result).toEqual({ sent: 1, failed: 0 })
    const mail = await smtp.waitFor((m) => m.subject === 'Candidature reçue (a@example.test)')
    expect(mail.from?.text).toContain('ne-pas-repondre@atouts.test')
    // plain text is not HTML-escaped; the HTML part is, and it is wrapped in the layout
    expect(mail.text).toContain("Bonjour Éloïse,\n\nVotre candidature « Développeur d'applications <web> » a bien été reçue.")
    expect(mail.html).toContain('<html lang="fr"')
    expect(mail.html).toContain('<title>Candidature reçue (a@example.test)</title>')
    expect(mail.html).toContain('Développeur d&#39;applications &lt;web&gt;')
    expect(mail.html).toContain('<a href="http://localhost:3000/candidatures/1">Suivre la candidature</a>')
    expect(mail.html).toContain('merci de ne pas y répondre')
    expect(mail.attachments).toHaveLength(1)
    // the extension of the detected format, not the uploaded name's (mon-cv.PDF)
    expect(mail.attachments[0].filename).toBe('CV Éloïse Martin.pdf')
    expect(mail.attachments[0].contentType).toBe('application/pdf')
    expect(mail.attachments[0].content.equals(content)).toBe(true)

    const row = await db.outboxEmail.findFirstOrThrow()
    expect(row.status).toBe(EmailStatus.SENT)
    expect(row.sentAt).toBeInstanceOf(Date)
    expect(row.attempts).toBe(0)
  })

  it('when the template has no html part, then the email is text only', async () => {
    await queueEmail(db, { to: 'b@example.test', subject: 'Texte seul', template: 'test/text-only', data: { firstName: 'Léa' } })

    const row = await db.outboxEmail.findFirstOrThrow()
    expect(row.html).toBeNull()
    expect(row.text).toContain('Bonjour Léa,')
  })

  it('when the SMTP server is down, then the email stays pending with a backoff and is received once the server is up', async () => {
    const downServer = await startSmtpServer()
    const { port, url } = downServer
    await downServer.stop()
    await queueEmail(db, hello('c@example.test'))
    const transport = createMailTransport({ smtpUrl: url, dataDir: uploadDir })
    const t0 = new Date()

    const firstRun = await sendDueEmails({ db, transport, config: config(), now: t0 })

    expect(firstRun).toEqual({ sent: 0, failed: 1 })
    const pending = await db.outboxEmail.findFirstOrThrow()
    expect(pending.status).toBe(EmailStatus.PENDING)
    expect(pending.attempts).toBe(1)
    expect(pending.lastError).toBeTruthy()
    expect(pending.lastError!.length).toBeLessThanOrEqual(500)
    expect(pending.nextAttemptAt.getTime()).toBe(t0.getTime() + 30_000)

    const upServer = await startSmtpServer({ port })
    try {
      const tooEarly = await sendDueEmails({ db, transport, config: config(), now: new Date(t0.getTime() + 10_000) })
      expect(tooEarly).toEqual({ sent: 0, failed: 0 })

      const later = await sendDueEmails({ db, transport, config: config(), now: new Date(t0.getTime() + 31_000) })

      expect(later).toEqual({ sent: 1, failed: 0 })
      await upServer.waitFor((m) => m.subject === 'Candidature reçue (c@example.test)')
      const row = await db.outboxEmail.findFirstOrThrow()
      expect(row.status).toBe(EmailStatus.SENT)
      expect(row.attempts).toBe(1)
    } finally {
      await upServer.stop()
    }
  })

  it('when sending keeps failing, then the delay doubles up to 6 hours and the email is FAILED after the last attempt', async () => {
    const failing: MailTransport = {
      send: async () => {
        throw new Error('boom')
      },
      describe: () => 'failing',
    }
    await queueEmail(db, hello('d@example.test'))
    let now = new Date()
    const delays: number[] = []
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const result = await sendDueEmails({ db, transport: failing, config: config(), now })
      expect(result).toEqual({ sent: 0, failed: 1 })
      const row = await db.outboxEmail.findFirstOrThrow()
      expect(row.attempts).toBe(attempt)
      delays.push(row.nextAttemptAt.getTime() - now.getTime())
      now = row.nextAttemptAt
    }

    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(delays[10]).toBe(6 * 60 * 60_000)
    const row = await db.outboxEmail.findFirstOrThrow()
    expect(row.status).toBe(EmailStatus.FAILED)
    expect(row.lastError).toBe('boom')
    expect(await sendDueEmails({ db, transport: failing, config: config(), now: new Date(now.getTime() + 86_400_000) })).toEqual({
      sent: 0,
      failed: 0,
    })
  })

  it('when the server stays unreachable past the last attempt, then the email is still PENDING (delayed, never lost)', async () => {
    const unreachable: MailTransport = {
      send: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNECTION' })
      },
      describe: () => 'unreachable',
    }
    await queueEmail(db, hello('never-lost@example.test'))
    let now = new Date()
    for (let attempt = 1; attempt <= MAX_ATTEMPTS + 3; attempt += 1) {
      await sendDueEmails({ db, transport: unreachable, config: config(), now })
      now = (await db.outboxEmail.findFirstOrThrow({ where: { to: 'never-lost@example.test' } })).nextAttemptAt
    }
    const row = await db.outboxEmail.findFirstOrThrow({ where: { to: 'never-lost@example.test' } })
    expect(row.status).toBe(EmailStatus.PENDING)
    expect(row.attempts).toBe(MAX_ATTEMPTS + 3)
    await db.outboxEmail.delete({ where: { id: row.id } })
  })

  it('when an attachment file is missing, then the email is retried later', async () => {
    const { document } = await createDocument({ withFile: false })
    await queueEmail(db, hello('e@example.test', { attachments: [{ documentId: document.id }] }))
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir })

    const result = await sendDueEmails({ db, transport, config: config() })

    expect(result).toEqual({ sent: 0, failed: 1 })
    const row = await db.outboxEmail.findFirstOrThrow()
    expect(row.status).toBe(EmailStatus.PENDING)
    expect(row.attempts).toBe(1)
    expect(row.lastError).toContain('ENOENT')
    expect(smtp.messages.some((m) => m.subject === 'Candidature reçue (e@example.test)')).toBe(false)
  })

  it('when a document’s storage key is not a plain file name of the upload folder, then no file is read and the email is not sent', async () => {
    const { document } = await createDocument({ withFile: false })
    // a file beside the upload folder, which a key such as "../name" would reach
    const outside = `outside-${Date.now()}.pdf`
    writeFileSync(path.join(uploadDir, '..', outside), '%PDF-1.4 not an upload\n')
    try {
      await db.document.update({ where: { id: document.id }, data: { storageKey: `../${outside}` } })
      await queueEmail(db, hello('key@example.test', { attachments: [{ documentId: document.id }] }))
      const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir })

      const result = await sendDueEmails({ db, transport, config: config() })

      expect(result).toEqual({ sent: 0, failed: 1 })
      const row = await db.outboxEmail.findFirstOrThrow()
      expect(row.status).toBe(EmailStatus.PENDING)
      expect(row.lastError).toContain('Clé de fichier invalide')
      expect(smtp.messages.some((m) => m.subject === 'Candidature reçue (key@example.test)')).toBe(false)
    } finally {
      rmSync(path.join(uploadDir, '..', outside), { force: true })
    }
  })

  it('when a batch of emails is queued at once, then each recipient receives theirs, and the coalescing is the one of queueEmail', async () => {
    // one alert already sent a minute ago (not queued again), one still waiting (takes the newer content)
    await queueEmail(db, hello('sent@example.test', { coalesceKey: 'alert:1' }))
    await db.outboxEmail.updateMany({ where: { to: 'sent@example.test' }, data: { status: EmailStatus.SENT, sentAt: new Date() } })
    await queueEmail(db, hello('waiting@example.test', { coalesceKey: 'alert:2', subject: 'Ancien contenu' }))

    const outcomes = await db.$transaction((tx) =>
      queueEmails(tx, [
        hello('one@example.test', { coalesceKey: 'alert:3' }),
        hello('sent@example.test', { coalesceKey: 'alert:1' }),
        hello('waiting@example.test', { coalesceKey: 'alert:2', subject: 'Nouveau contenu' }),
        hello('two@example.test', { coalesceKey: 'alert:4', subject: 'Premier' }),
        hello('two@example.test', { coalesceKey: 'alert:4', subject: 'Second' }),
        hello('three@example.test'),
      ]),
    )
    expect(outcomes).toEqual(['queued', 'dropped', 'merged', 'queued', 'merged', 'queued'])

    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir })
    expect(await sendDueEmails({ db, transport, config: config() })).toEqual({ sent: 4, failed: 0 })
    const one = await smtp.waitFor((m) => m.subject === 'Candidature reçue (one@example.test)')
    expect(one.text).toContain("Votre candidature « Développeur d'applications <web> » a bien été reçue.")
    expect(one.html).toContain('Développeur d&#39;applications &lt;web&gt;')
    await smtp.waitFor((m) => m.subject === 'Nouveau contenu')
    await smtp.waitFor((m) => m.subject === 'Second')
    await smtp.waitFor((m) => m.subject === 'Candidature reçue (three@example.test)')
    const rows = await db.outboxEmail.findMany({ orderBy: { id: 'asc' }, select: { to: true, subject: true, status: true } })
    expect(rows.map((row) => [row.to, row.subject])).toEqual([
      ['sent@example.test', 'Candidature reçue (sent@example.test)'],
      ['waiting@example.test', 'Nouveau contenu'],
      ['one@example.test', 'Candidature reçue (one@example.test)'],
      ['two@example.test', 'Second'],
      ['three@example.test', 'Candidature reçue (three@example.test)'],
    ])
    expect(rows.every((row) => row.status === EmailStatus.SENT)).toBe(true)
  })

  it('when queueEmail runs in a transaction that throws, then no email is written', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await queueEmail(tx, hello('f@example.test'))
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')

    expect(await db.outboxEmail.count()).toBe(0)
  })

  it('when two workers send at the same time, then each email is sent once', async () => {
    const recipients = ['g1@example.test', 'g2@example.test', 'g3@example.test', 'g4@example.test']
    for (const to of recipients) await queueEmail(db, hello(to))
    // a second client on the same database, as a second process would have
    const otherDb = await createDb(testDb.url)
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir })
    try {
      const results = await Promise.all([
        sendDueEmails({ db, transport, config: config() }),
        sendDueEmails({ db: otherDb, transport, config: config() }),
        sendDueEmails({ db, transport, config: config() }),
      ])

      expect(results.reduce((total, r) => total + r.sent, 0)).toBe(recipients.length)
      expect(results.every((r) => r.failed === 0)).toBe(true)
    } finally {
      await closeDb(otherDb)
    }
    for (const to of recipients) await smtp.waitFor((m) => m.subject === `Candidature reçue (${to})`)
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const to of recipients) {
      expect(smtp.messages.filter((m) => m.subject === `Candidature reçue (${to})`)).toHaveLength(1)
    }
    expect(await db.outboxEmail.count({ where: { status: EmailStatus.SENT } })).toBe(recipients.length)
  })

  it('when the worker that claimed an email died before sending it, then another sends it once its lease is over, not before, and only once', async () => {
    await queueEmail(db, hello('lease@example.test'))
    // a worker claims the email, then its process is killed while it talks to the server: it never answers
    const killed: MailTransport = { send: () => new Promise<void>(() => {}), describe: () => 'killed' }
    void sendDueEmails({ db, transport: killed, config: config(), leaseMs: DEFAULT_LEASE_MS })
    const claimedAt = Date.now()
    for (let tries = 0; tries < 100 && (await db.outboxEmail.findFirstOrThrow()).nextAttemptAt.getTime() <= claimedAt; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const transport = createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir })
    const other = (minutes: number) => sendDueEmails({ db, transport, config: config(), now: new Date(claimedAt + minutes * 60_000) })

    expect(await other(DEFAULT_LEASE_MS / 60_000 - 1)).toEqual({ sent: 0, failed: 0 })
    expect(await other(DEFAULT_LEASE_MS / 60_000 + 1)).toEqual({ sent: 1, failed: 0 })
    expect(await other(DEFAULT_LEASE_MS / 60_000 + 30)).toEqual({ sent: 0, failed: 0 })
    await smtp.waitFor((m) => m.subject === 'Candidature reçue (lease@example.test)')
    expect(smtp.messages.filter((m) => m.subject === 'Candidature reçue (lease@example.test)')).toHaveLength(1)
    expect(await db.outboxEmail.findFirstOrThrow()).toMatchObject({ status: EmailStatus.SENT, attempts: 0 })
  })

  it('when there is no SMTP URL, then each email is written as a readable .eml file under dataDir/mails', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'atouts-data-'))
    try {
      const transport = createMailTransport({ smtpUrl: undefined, dataDir })
      expect(transport.describe()).toContain(path.join(dataDir, 'mails'))
      await queueEmail(db, hello('h@example.test'))

      expect(await sendDueEmails({ db, transport, config: config() })).toEqual({ sent: 1, failed: 0 })

      const files = readdirSync(path.join(dataDir, 'mails'))
      expect(files).toHaveLength(1)
      expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+\.\d{3}Z-[0-9a-f]{8}\.eml$/)
      const mail = await simpleParser(readFileSync(path.join(dataDir, 'mails', files[0])))
      expect(mail.subject).toBe('Candidature reçue (h@example.test)')
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('h@example.test')
      expect(mail.text).toContain('Bonjour Éloïse,')
      expect(mail.html).toContain('Suivre la candidature')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('when the worker runs, then it sends due emails, never overlaps itself and stops after the run in progress', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const delivered: string[] = []
    const slow: MailTransport = {
      async send(message) {
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 50))
        delivered.push(message.to)
        inFlight -= 1
      },
      describe: () => 'slow',
    }
    await queueEmail(db, hello('i1@example.test'))
    await queueEmail(db, hello('i2@example.test'))
    const worker = startOutboxWorker({ db, transport: slow, config: config(), intervalMs: 10 })

    await Promise.all([worker.runNow(), worker.runNow()])
    await worker.stop()

    expect(maxInFlight).toBe(1)
    expect(delivered.sort()).toEqual(['i1@example.test', 'i2@example.test'])
    expect(await db.outboxEmail.count({ where: { status: EmailStatus.SENT } })).toBe(2)
  })

  it('when the database fails during a run, then the worker logs the error and does not throw', async () => {
    const errors: string[] = []
    const logger = { info: () => {}, warn: () => {}, error: (message: string) => void errors.push(message) }
    const brokenDb = {
      outboxEmail: {
        findMany: async () => {
          throw new Error('database is locked')
        },
      },
    } as unknown as Db
    const worker = startOutboxWorker({ db: brokenDb, transport: createMailTransport({ smtpUrl: smtp.url, dataDir: uploadDir }), config: config(), logger })

    await expect(worker.runNow()).resolves.toBeUndefined()
    await worker.stop()

    expect(errors).toEqual(['outbox: erreur du worker'])
  })
})
