// « Conservation des données » (RGPD): the administrator's settings page, and the periodic job run
// with the clock moved forward — the warning email 30 days before, a sign-in that resets the clock,
// the anonymised account (files gone, statistics unchanged), old audit rows and read notifications
// deleted, one audit line per run.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStoredFile } from '../../src/lib/storage.ts'
import { applyDataRetention, monthsBefore } from '../../src/modules/admin/retention/service.ts'
import { computeStatistics, type Statistics } from '../../src/modules/statistics/service.ts'
import { createAdmin, createApplication, createCandidate, createNotification, createRecruiter, createReferent } from '../factories/index.ts'
import { createMailTestContext, signIn, submitForm, type Agent, type MailTestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'

const PAGE = '/admin/conservation-des-donnees'
const DAY_MS = 86_400_000

let ctx: MailTestContext
let admin: Agent
let adminId: number

beforeAll(async () => {
  ctx = await createMailTestContext()
  const { user } = await createAdmin(ctx.db)
  adminId = user.id
  admin = await signIn(ctx.app, user.email)
})
afterAll(() => ctx?.cleanup())

const settingsRow = () => ctx.db.retentionSettings.findUnique({ where: { id: 1 } })
const monthsAfter = (date: Date, months: number) => monthsBefore(date, -months)
const daysAfter = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS)

describe('"Conservation des données" page', () => {
  it('as an administrator, I see the default periods, and saving new ones keeps them, with an audit row', async () => {
    const page = await admin.get(PAGE)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Conservation des données – Atouts pour tous</title>')
    expect(page.text).toContain('<h1>Conservation des données</h1>')
    expect(page.text).toMatch(/<label for="field-inactiveCandidateMonths">Comptes candidats inactifs \(en mois\)/)
    expect(page.text).toContain('name="inactiveCandidateMonths" value="24"')
    expect(page.text).toContain('name="closedApplicationMonths" value="24"')
    expect(page.text).toContain('name="auditLogMonths" value="12"')
    expect(page.text).toContain('name="readNotificationMonths" value="6"')

    const saved = await submitForm(admin, PAGE, {
      inactiveCandidateMonths: '36',
      closedApplicationMonths: '24',
      auditLogMonths: ' 18 ',
      readNotificationMonths: '3',
    })
    expect(saved.status).toBe(302)
    expect(saved.headers.location).toBe(PAGE)
    const after = await admin.get(PAGE)
    expect(decodeHtml(after.text)).toContain('Les durées de conservation sont enregistrées.')
    expect(after.text).toContain('name="inactiveCandidateMonths" value="36"')
    expect(after.text).toContain('name="auditLogMonths" value="18"')
    expect(await settingsRow()).toMatchObject({ inactiveCandidateMonths: 36, closedApplicationMonths: 24, auditLogMonths: 18, readNotificationMonths: 3 })
    const rows = await ctx.db.auditLog.findMany({ where: { action: 'retention.update' } })
    expect(rows).toHaveLength(1)
    expect(rows[0].actorUserId).toBe(adminId)
    expect(JSON.parse(rows[0].details ?? '{}')).toEqual({
      inactiveCandidateMonths: { from: 24, to: 36 },
      auditLogMonths: { from: 12, to: 18 },
      readNotificationMonths: { from: 6, to: 3 },
    })

    // the public page « Données personnelles » states them
    const privacy = decodeHtml((await request(ctx.app).get('/donnees-personnelles')).text)
    expect(privacy).toContain('<h2>Durées de conservation</h2>')
    expect(privacy).toContain('Un compte candidat sans connexion depuis 36 mois est supprimé')
    expect(privacy).toContain('Le journal des actions (qui a consulté ou modifié quoi) est gardé 18 mois.')
    expect(privacy).toContain('Les notifications lues sont supprimées après 3 mois.')

    // the same values again: nothing to record
    await submitForm(admin, PAGE, { inactiveCandidateMonths: '36', closedApplicationMonths: '24', auditLogMonths: '18', readNotificationMonths: '3' })
    expect(await ctx.db.auditLog.count({ where: { action: 'retention.update' } })).toBe(1)
  })

  it('as an administrator, bad periods are refused with French messages next to the fields, and nothing changes', async () => {
    const before = await settingsRow()
    const response = await submitForm(admin, PAGE, {
      inactiveCandidateMonths: '1',
      closedApplicationMonths: 'deux ans',
      auditLogMonths: '',
      readNotificationMonths: '0',
    })
    expect(response.status).toBe(422)
    const text = decodeHtml(response.text)
    expect(text).toContain('doit être d’au moins 2 mois')
    expect(text).toContain('La durée de conservation des candidatures clôturées doit être un nombre entier de mois.')
    expect(text).toContain('Saisissez la durée de conservation du journal d’audit.')
    expect(text).toContain('La durée de conservation des notifications lues doit être d’au moins 1 mois.')
    expect(response.text).toContain('id="field-closedApplicationMonths-error"')
    expect(response.text).toContain('value="deux ans"')
    expect(await settingsRow()).toEqual(before)
    const tooLong = await submitForm(admin, PAGE, {
      inactiveCandidateMonths: '24',
      closedApplicationMonths: '24',
      auditLogMonths: '500',
      readNotificationMonths: '6',
    })
    expect(tooLong.status).toBe(422)
    expect(decodeHtml(tooLong.text)).toContain('La durée de conservation du journal d’audit doit être d’au plus 120 mois.')
    expect(await settingsRow()).toEqual(before)
  })

  it('as a candidate, a référent or a recruiter, the page and the form are 403 and nothing changes', async () => {
    const before = await settingsRow()
    for (const other of [await createCandidate(ctx.db), await createReferent(ctx.db), await createRecruiter(ctx.db)]) {
      const agent = await signIn(ctx.app, other.user.email)
      expect((await agent.get(PAGE)).status, other.user.role).toBe(403)
      const posted = await submitForm(
        agent,
        PAGE,
        { inactiveCandidateMonths: '2', closedApplicationMonths: '1', auditLogMonths: '1', readNotificationMonths: '1' },
        '/tableau-de-bord',
      )
      expect(posted.status, other.user.role).toBe(403)
    }
    expect(await settingsRow()).toEqual(before)
  })
})

/** The figures of the applications (the candidates are counted by their account's current status, so aside). */
function applicationFigures(statistics: Statistics) {
  const strip = <T extends object>(row: T) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'activeCandidates' && key !== 'pendingCandidates'))
  return {
    conventions: { rows: statistics.conventions.rows.map(strip), total: strip(statistics.conventions.total) },
    establishments: { rows: statistics.establishments.rows.map(strip), total: strip(statistics.establishments.total) },
    employers: statistics.employers,
    months: statistics.months,
  }
}

describe('the retention job', () => {
  it('when a candidate stays inactive, then one warning email, a sign-in resets the clock, and past the limit the account is anonymised with the same statistics', async () => {
    await ctx.db.retentionSettings.deleteMany()
    const world = await createApplicationsWorld(ctx)
    const realNow = new Date()
    const { user, candidate } = world.candidate
    // inactive for 24 months and 10 days: past the limit, but never warned
    const createdAt = daysAfter(monthsBefore(realNow, 24), -10)
    await ctx.db.user.update({ where: { id: user.id }, data: { createdAt, lastLoginAt: null } })
    const accepted = await createApplication(ctx.db, {
      candidateId: candidate.id,
      offerId: world.offer.id,
      status: 'INTERVIEW',
      documentIds: [world.cv.id, world.letter.id],
      submittedAt: daysAfter(createdAt, 1),
    })
    await ctx.db.application.update({ where: { id: accepted.id }, data: { status: 'ACCEPTED', statusChangedAt: daysAfter(realNow, -60) } })
    const waiting = await createApplication(ctx.db, {
      candidateId: candidate.id,
      employerId: world.employer.id,
      status: 'SENT',
      documentIds: [world.cv.id],
      submittedAt: daysAfter(createdAt, 2),
    })
    await ctx.db.savedSearch.create({ data: { userId: user.id, name: 'Stage · Toulouse', query: 'lieu=Toulouse', frequency: 'WEEKLY', alertedUntil: realNow } })
    const period = { from: monthsBefore(realNow, 30), to: daysAfter(realNow, 1) }
    const statisticsBefore = await computeStatistics(ctx.db, period)
    const runs = async (now: Date) => {
      const result = await applyDataRetention(ctx.db, ctx.config, now)
      expect(await ctx.db.auditLog.count({ where: { action: 'retention.run', createdAt: now } })).toBe(1)
      return result
    }
    const warnings = async () => {
      await deliverEmails(ctx)
      return ctx.smtp.messages.filter(
        (message) => recipientsOf(message).includes(user.email) && message.subject === 'Votre compte Atouts pour tous sera bientôt supprimé',
      )
    }

    // today: warned, not removed (30 days' notice)
    expect((await runs(realNow)).warnedCandidates).toBeGreaterThanOrEqual(1)
    await runs(daysAfter(realNow, 1))
    await runs(daysAfter(realNow, 29))
    const first = await warnings()
    expect(first).toHaveLength(1)
    expect(first[0].text).toContain(`Bonjour ${user.firstName},`)
    expect(first[0].text).toContain('http://atouts.test/connexion')
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).anonymisedAt).toBeNull()

    // the candidate signs in: 31 days later, nothing happens to the account
    await signIn(ctx.app, user.email)
    await runs(daysAfter(realNow, 31))
    expect(await warnings()).toHaveLength(1)
    const kept = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(kept.email).toBe(user.email)
    expect(kept.anonymisedAt).toBeNull()
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(3)

    // 24 months after that sign-in: a new warning, then the removal 30 days later
    const lastLogin = kept.lastLoginAt!
    await runs(daysAfter(monthsAfter(lastLogin, 24), -29))
    expect(await warnings()).toHaveLength(2)
    // warned 29 days before the end: removed 30 days after the warning, not before
    const removalDay = daysAfter(monthsAfter(lastLogin, 24), 1.5)
    await runs(daysAfter(removalDay, -1))
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).anonymisedAt).toBeNull()
    const storageKeys = [world.cv.storageKey, world.letter.storageKey, world.other.storageKey]
    for (const storageKey of storageKeys) expect(await readStoredFile(ctx.config.uploadDir, storageKey)).not.toBeNull()

    const result = await runs(removalDay)
    // (with the other candidates of this file, as inactive by then)
    expect(result.anonymisedCandidates).toBeGreaterThanOrEqual(1)
    expect(result.deletedFiles).toBeGreaterThanOrEqual(3)
    expect(await warnings()).toHaveLength(2)

    const anonymous = await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { candidate: true } })
    expect(anonymous).toMatchObject({ firstName: 'Anonyme', lastName: '', status: 'DISABLED', passwordHash: null, anonymisedAt: removalDay })
    expect(anonymous.email).not.toContain(user.email.split('@')[0])
    expect(anonymous.candidate).toMatchObject({ birthDate: null, phone: null, address: null })
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(0)
    for (const storageKey of storageKeys) expect(await readStoredFile(ctx.config.uploadDir, storageKey)).toBeNull()
    for (const application of [accepted, waiting]) {
      const row = await ctx.db.application.findUniqueOrThrow({ where: { id: application.id }, include: { documents: true } })
      expect(row).toMatchObject({
        messageToEmployer: '',
        messageToReferent: null,
        employerId: application.employerId,
        offerId: application.offerId,
        submittedAt: application.submittedAt,
      })
      expect(row.documents).toHaveLength(0)
    }
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe('ACCEPTED')
    expect(await ctx.db.outboxEmail.count({ where: { to: user.email } })).toBe(0)
    expect(await ctx.db.savedSearch.count({ where: { userId: user.id } })).toBe(0)

    // the statistics count the same applications, the same way
    expect(applicationFigures(await computeStatistics(ctx.db, period))).toEqual(applicationFigures(statisticsBefore))
    expect(statisticsBefore.employers.total.applications).toBeGreaterThanOrEqual(2)

    // the account cannot be used any more, and a later run changes nothing
    const again = await runs(daysAfter(removalDay, 40))
    expect(again.anonymisedCandidates).toBe(0)
    expect(await warnings()).toHaveLength(2)
  })

  it('when audit rows and read notifications are older than their periods, then they are deleted, the recent and the unread kept', async () => {
    await ctx.db.retentionSettings.deleteMany()
    const now = new Date()
    const { user } = await createCandidate(ctx.db)
    const oldAudit = await ctx.db.auditLog.create({
      data: { actorUserId: null, action: 'test.old', targetType: 'Test', createdAt: daysAfter(monthsBefore(now, 12), -1) },
    })
    const recentAudit = await ctx.db.auditLog.create({
      data: { actorUserId: null, action: 'test.recent', targetType: 'Test', createdAt: daysAfter(monthsBefore(now, 12), 1) },
    })
    const oldRead = await createNotification(ctx.db, { userId: user.id, readAt: daysAfter(monthsBefore(now, 6), -1), createdAt: monthsBefore(now, 8) })
    const recentRead = await createNotification(ctx.db, { userId: user.id, readAt: daysAfter(monthsBefore(now, 6), 1), createdAt: monthsBefore(now, 8) })
    const oldUnread = await createNotification(ctx.db, { userId: user.id, readAt: null, createdAt: monthsBefore(now, 8) })

    const result = await applyDataRetention(ctx.db, ctx.config, now)
    expect(result.deletedAuditEntries).toBeGreaterThanOrEqual(1)
    expect(result.deletedNotifications).toBe(1)
    expect(await ctx.db.auditLog.findUnique({ where: { id: oldAudit.id } })).toBeNull()
    expect(await ctx.db.auditLog.findUnique({ where: { id: recentAudit.id } })).not.toBeNull()
    expect(await ctx.db.notification.findUnique({ where: { id: oldRead.id } })).toBeNull()
    expect(await ctx.db.notification.findUnique({ where: { id: recentRead.id } })).not.toBeNull()
    expect(await ctx.db.notification.findUnique({ where: { id: oldUnread.id } })).not.toBeNull()

    // one audit line for the run, with its counts
    const lines = await ctx.db.auditLog.findMany({ where: { action: 'retention.run', createdAt: now } })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0].details ?? '{}')).toMatchObject({ deletedNotifications: 1, deletedAuditEntries: result.deletedAuditEntries })
  })

  it('when an application has been closed for longer than its period, then it loses its messages and documents but keeps its figures; the candidate keeps the documents', async () => {
    await ctx.db.retentionSettings.deleteMany()
    const world = await createApplicationsWorld(ctx)
    const now = new Date()
    const closed = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'REJECTED',
      documentIds: [world.cv.id],
      submittedAt: monthsBefore(now, 26),
    })
    await ctx.db.application.update({ where: { id: closed.id }, data: { statusChangedAt: monthsBefore(now, 25) } })
    const recent = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      status: 'REJECTED',
      documentIds: [world.cv.id],
      submittedAt: monthsBefore(now, 2),
    })
    await ctx.db.user.update({ where: { id: world.candidate.user.id }, data: { lastLoginAt: now } })

    await applyDataRetention(ctx.db, ctx.config, now)
    const old = await ctx.db.application.findUniqueOrThrow({ where: { id: closed.id }, include: { documents: true } })
    expect(old).toMatchObject({ status: 'REJECTED', messageToEmployer: '', messageToReferent: null, offerId: world.offer.id, submittedAt: closed.submittedAt })
    expect(old.documents).toHaveLength(0)
    expect(await ctx.db.application.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({
      messageToEmployer: recent.messageToEmployer,
      anonymisedAt: null,
    })
    expect(await readStoredFile(ctx.config.uploadDir, world.cv.storageKey)).not.toBeNull()
    expect((await ctx.db.user.findUniqueOrThrow({ where: { id: world.candidate.user.id } })).anonymisedAt).toBeNull()
  })
})
