import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmailStatus } from '../../src/lib/db.ts'
import { createApplication, createCandidate, createEmployer, createEstablishment, createReferent, TEST_PASSWORD } from '../factories/index.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'
import { startInstances, Visitor, type AppInstance } from '../helpers/instances.ts'
import { recipientsOf } from '../helpers/mail.ts'
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts'

/**
 * Two real instances of the app (two processes, A and B) on one PostgreSQL database, as behind a
 * reverse proxy: sessions, throttles, transitions, emails and periodic jobs are shared, and B carries
 * on alone when A is killed. PostgreSQL only (`npm run test:pg`): a SQLite site is one machine.
 *
 * Short periods for the test, by configuration only: the session clean-up job every second, job
 * claims of 2 s, each outbox worker looking every 0.1 s, an email claim of 3 s.
 */
const JOB = 'expired-sessions'
const JOB_INTERVAL_MS = 1000

let testDb: TestDb
let smtp: TestSmtpServer
let files: string
let a: AppInstance
let b: AppInstance

const postgres = Boolean(process.env.TEST_PG_URL)
if (!postgres) console.info('tests/multi-instance: skipped, PostgreSQL only (npm run test:pg)')

describe.skipIf(!postgres)('two instances of the app on one PostgreSQL database', () => {
  beforeAll(async () => {
    files = mkdtempSync(path.join(tmpdir(), 'atouts-instances-'))
    ;[testDb, smtp] = await Promise.all([freshDb(), startSmtpServer()])
    // the database is migrated (a copy of the test template): the instances only check it (MIGRATIONS=verify)
    ;[a, b] = await startInstances(['A', 'B'], {
      DATABASE_URL: testDb.url,
      SESSION_SECRET: randomBytes(48).toString('base64url'),
      BASE_URL: 'https://atouts.test',
      SMTP_URL: smtp.url,
      TRUST_PROXY: '1',
      UPLOAD_DIR: path.join(files, 'uploads'),
      DATA_DIR: path.join(files, 'data'),
      MIGRATIONS: 'verify',
      JOB_INTERVALS: `${JOB}=${JOB_INTERVAL_MS / 1000}`,
      JOB_LEASE_SECONDS: '2',
      OUTBOX_INTERVAL_SECONDS: '0.1',
      OUTBOX_LEASE_SECONDS: '3',
    })
  }, 120_000)

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((instance) => instance.kill('SIGKILL')))
    await smtp?.stop()
    await testDb?.cleanup()
    rmSync(files, { recursive: true, force: true })
  })

  /** Polls until `condition` holds; fails with both instances' logs otherwise. */
  async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (await condition()) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`never happened: ${what}\n${a.output()}\n${b.output()}`)
  }

  const allEmailsSent = () => until(async () => (await testDb.db.outboxEmail.count({ where: { status: { not: EmailStatus.SENT } } })) === 0, 'every email sent')

  /** An établissement with two référents, an employer reached at its contact address, and pending applications. */
  async function establishmentWithApplications(count: number) {
    const db = testDb.db
    const establishment = await createEstablishment(db)
    const referents = [await createReferent(db, { establishmentId: establishment.id }), await createReferent(db, { establishmentId: establishment.id })]
    const contactEmail = `contact-${randomBytes(4).toString('hex')}@employeur.test`
    const employer = await createEmployer(db, { contactEmail })
    const applications = []
    for (let index = 0; index < count; index++) {
      const { candidate } = await createCandidate(db, { establishmentId: establishment.id })
      applications.push(await createApplication(db, { candidateId: candidate.id, employerId: employer.id }))
    }
    return { referents: referents.map((referent) => referent.user), contactEmail, applications }
  }

  const validate = (visitor: Visitor, on: AppInstance, applicationId: number) =>
    visitor.submit(on, `/referent/candidatures/${applicationId}/valider`, {}, `/referent/candidatures/${applicationId}`)

  const mailsTo = (address: string, from = 0) => smtp.messages.slice(from).filter((mail: ParsedMail) => recipientsOf(mail).includes(address))

  it('when a person signs in on A, then B knows them with the same cookie, and signing out on B signs them out on A', async () => {
    const { user } = await createCandidate(testDb.db, { firstName: 'Inès', lastName: 'Partagée' })
    const browser = new Visitor()
    await browser.signIn(a, user.email, TEST_PASSWORD)

    const onB = await browser.get(b, '/mon-compte')
    expect(onB.status).toBe(200)
    expect(onB.text).toContain(user.email)

    // a form of B, with a token read on A: one site for the browser
    const token = await browser.csrfToken(a, '/mon-compte')
    expect((await browser.request(b, 'POST', '/deconnexion', { _csrf: token })).status).toBe(302)
    const onA = await browser.get(a, '/mon-compte')
    expect(onA.status).toBe(302)
    expect(onA.location).toMatch(/\/connexion/)
  })

  it('when wrong passwords are spread over A and B, then they are counted as one: past the limit both refuse, even the right password', async () => {
    const { user } = await createCandidate(testDb.db)
    const browser = new Visitor('198.51.100.23')
    // the limit per account and address is 10 (config.authRateLimit)
    for (let attempt = 0; attempt < 10; attempt++) {
      const answer = await browser.submit(attempt % 2 === 0 ? a : b, '/connexion', { email: user.email, password: 'pas le bon mot de passe' })
      expect(answer.status).toBe(401)
    }
    for (const instance of [a, b]) {
      const refused = await browser.submit(instance, '/connexion', { email: user.email, password: TEST_PASSWORD })
      expect(refused.status).toBe(429)
      expect(refused.text).toContain('Trop de tentatives')
    }
  })

  it('when a référent on A and another on B validate the same application at the same moment, then it changes once and the employer gets one email', async () => {
    const { referents, contactEmail, applications } = await establishmentWithApplications(1)
    const [application] = applications
    const [onA, onB] = [new Visitor(), new Visitor()]
    await Promise.all([onA.signIn(a, referents[0].email, TEST_PASSWORD), onB.signIn(b, referents[1].email, TEST_PASSWORD)])
    const [tokenA, tokenB] = await Promise.all([
      onA.csrfToken(a, `/referent/candidatures/${application.id}`),
      onB.csrfToken(b, `/referent/candidatures/${application.id}`),
    ])

    const answers = await Promise.all([
      onA.request(a, 'POST', `/referent/candidatures/${application.id}/valider`, { _csrf: tokenA }),
      onB.request(b, 'POST', `/referent/candidatures/${application.id}/valider`, { _csrf: tokenB }),
    ])
    expect(answers.map((answer) => answer.status)).toEqual([302, 302])

    const events = await testDb.db.applicationEvent.findMany({ where: { applicationId: application.id, toStatus: 'SENT' } })
    expect(events).toHaveLength(1)
    expect(referents.map((referent) => referent.id)).toContain(events[0].actorUserId)
    expect(await testDb.db.outboxEmail.count({ where: { to: contactEmail } })).toBe(1)
    await allEmailsSent()
    expect(mailsTo(contactEmail)).toHaveLength(1)
  })

  it('when both instances are up, then the periodic job runs once per period, not once per instance', async () => {
    const job = () => testDb.db.scheduledJob.findUniqueOrThrow({ where: { name: JOB } })
    const startedAt = Date.now()
    const before = (await job()).runs
    let after = before
    await until(async () => {
      after = (await job()).runs
      return after >= before + 4
    }, 'four runs of the job')
    const elapsed = Date.now() - startedAt
    // two runs are at least one period apart, whichever instance makes them
    expect(after - before).toBeLessThanOrEqual(Math.floor(elapsed / JOB_INTERVAL_MS) + 1)
  })

  it('when A is killed (SIGKILL) while B serves a stream of requests, then B answers every one, nothing A wrote is lost, each email A queued is sent once, by B, and the jobs carry on', async () => {
    await allEmailsSent()
    const { referents, applications } = await establishmentWithApplications(4)
    const [onA, onB] = [new Visitor(), new Visitor()]
    await Promise.all([onA.signIn(a, referents[0].email, TEST_PASSWORD), onB.signIn(b, referents[1].email, TEST_PASSWORD)])

    // the mail server stalls: each instance's worker claims an email and waits at the server
    const mailsBefore = smtp.messages.length
    smtp.pause()
    for (const application of applications) expect((await validate(onA, a, application.id)).status).toBe(302)
    const queued = await testDb.db.outboxEmail.findMany({ where: { status: EmailStatus.PENDING }, select: { id: true, to: true, subject: true } })
    expect(queued.length).toBeGreaterThanOrEqual(applications.length)
    await until(async () => smtp.held() === 2, 'one email of each instance waiting at the mail server')

    // B serves a référent's pages without a pause, before, during and after the kill
    const answers: (number | string)[] = []
    let streaming = true
    const stream = (async () => {
      for (let index = 0; streaming || index < 5; index++) {
        const page = index % 2 === 0 ? '/referent/candidatures' : `/referent/candidatures/${applications[index % applications.length].id}`
        answers.push(
          await onB.get(b, page).then(
            (answer) => answer.status,
            (error: unknown) => String(error),
          ),
        )
      }
    })()
    await until(async () => answers.length >= 3, 'B answering')
    const jobRunsAtKill = (await testDb.db.scheduledJob.findUniqueOrThrow({ where: { name: JOB } })).runs
    await a.kill('SIGKILL')
    smtp.resume()

    await until(
      async () => (await testDb.db.outboxEmail.count({ where: { id: { in: queued.map((email) => email.id) }, status: EmailStatus.SENT } })) === queued.length,
      'every email queued by A sent',
    )
    // the periodic job goes on, on B alone (after the lease of a claim A held, if it did)
    await until(async () => (await testDb.db.scheduledJob.findUniqueOrThrow({ where: { name: JOB } })).runs >= jobRunsAtKill + 2, 'the job running on B')
    streaming = false
    await stream

    expect(answers.filter((status) => status !== 200)).toEqual([])
    for (const application of applications) {
      expect(await testDb.db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ status: 'SENT' })
      expect(await testDb.db.applicationEvent.count({ where: { applicationId: application.id, toStatus: 'SENT' } })).toBe(1)
    }
    const received = smtp.messages.slice(mailsBefore)
    for (const email of queued) {
      expect(
        received.filter((mail) => mail.subject === email.subject && recipientsOf(mail).includes(email.to)),
        `${email.subject} → ${email.to}`,
      ).toHaveLength(1)
    }
    expect(received).toHaveLength(queued.length)
  })
})
