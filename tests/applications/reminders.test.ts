import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vacuumAfterChanges } from '../../src/lib/db.ts'
import type { Logger } from '../../src/lib/logger.ts'
import { isWorkingDay, remindReferentsOfWaitingApplications, startReferentRemindersJob, workingDaysBetween } from '../../src/modules/applications/reminders.ts'
import { resubmitApplication, returnApplication } from '../../src/modules/applications/service.ts'
import { createApplication, createReferent } from '../factories/index.ts'
import { actor, createMailTestContext, type MailTestContext } from '../helpers/app.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'
import { deliverEmails, outboxTo, recipientsOf } from '../helpers/mail.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

/** Paris time, winter (UTC+1): "2026-12-04 10:00" → 09:00Z */
const paris = (day: string, time = '10:00') => new Date(`${day}T${time}:00+01:00`)

describe('working days', () => {
  it('when counting, then weekends and French public holidays are skipped, in the Paris calendar', () => {
    expect(isWorkingDay(new Date('2026-12-05T00:00:00Z'))).toBe(false) // samedi
    expect(isWorkingDay(new Date('2026-12-25T00:00:00Z'))).toBe(false) // Noël
    expect(isWorkingDay(new Date('2026-04-06T00:00:00Z'))).toBe(false) // lundi de Pâques 2026
    expect(isWorkingDay(new Date('2026-05-14T00:00:00Z'))).toBe(false) // Ascension 2026
    expect(isWorkingDay(new Date('2026-12-07T00:00:00Z'))).toBe(true)
    // submitted on Friday: Monday, Tuesday, Wednesday are the first three working days
    expect(workingDaysBetween(paris('2026-12-04'), paris('2026-12-09', '18:00'))).toBe(3)
    expect(workingDaysBetween(paris('2026-12-04'), paris('2026-12-10', '08:00'))).toBe(4)
    // a late Friday evening in Paris still counts as Friday
    expect(workingDaysBetween(paris('2026-12-04', '23:30'), paris('2026-12-07'))).toBe(1)
    // Christmas week: 24 (Thu), 25 holiday, 28 (Mon), 29 (Tue)
    expect(workingDaysBetween(paris('2026-12-23'), paris('2026-12-29'))).toBe(3)
  })
})

describe('reminders to référents', () => {
  it('when an application waits more than 3 working days, then each active référent is reminded once', async () => {
    const world = await createApplicationsWorld(ctx)
    const disabled = await createReferent(ctx.db, { establishmentId: world.establishment.id, status: 'DISABLED' })
    const friday = paris('2026-12-04')
    const old = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, submittedAt: friday })
    const recent = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.employer.id,
      submittedAt: paris('2026-12-08'),
    })
    const validated = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      employerId: world.otherEmployer.id,
      status: 'SENT',
      submittedAt: friday,
    })

    // Wednesday evening: 3 working days, not more
    expect(await remindReferentsOfWaitingApplications(ctx.db, ctx.config, paris('2026-12-09', '18:00'))).toEqual({ applications: 0, emails: 0 })
    expect(await outboxTo(ctx, world.referent.user.email)).toHaveLength(0)

    // Thursday: more than 3
    const thursday = paris('2026-12-10', '08:00')
    expect(await remindReferentsOfWaitingApplications(ctx.db, ctx.config, thursday)).toEqual({ applications: 1, emails: 2 })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: old.id } })).referentReminderAt).toEqual(thursday)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: recent.id } })).referentReminderAt).toBeNull()
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: validated.id } })).referentReminderAt).toBeNull()

    // the next runs send nothing more for it
    expect(await remindReferentsOfWaitingApplications(ctx.db, ctx.config, paris('2026-12-11'))).toEqual({ applications: 0, emails: 0 })
    expect(await outboxTo(ctx, disabled.user.email)).toHaveLength(0)
    expect(await outboxTo(ctx, world.strangerReferent.user.email)).toHaveLength(0)

    const before = ctx.smtp.messages.length
    await deliverEmails(ctx)
    const reminder = ctx.smtp.messages.slice(before).find((message) => recipientsOf(message).includes(world.referent.user.email))
    expect(reminder?.subject).toBe('Rappel : une candidature attend votre validation')
    expect(reminder?.text).toContain(`${world.candidate.user.firstName} ${world.candidate.user.lastName}`)
    expect(reminder?.text).toContain(`http://atouts.test/referent/candidatures/${old.id}`)
    expect(reminder?.text).toContain('plus de 3 jours ouvrés')
  })

  it('when several applications of an établissement are late, then one email per référent lists them all', async () => {
    const world = await createApplicationsWorld(ctx)
    const monday = paris('2026-11-02')
    await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, submittedAt: monday })
    await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, submittedAt: monday })
    const result = await remindReferentsOfWaitingApplications(ctx.db, ctx.config, paris('2026-11-12'))
    expect(result.applications).toBeGreaterThanOrEqual(2)
    const emails = await outboxTo(ctx, world.referent.user.email)
    expect(emails).toHaveLength(1)
    expect(emails[0].subject).toBe('Rappel : 2 candidatures attendent votre validation')
  })

  it('when a returned application is sent again, then its new wait can be reminded again', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      submittedAt: paris('2026-10-05'),
    })
    await remindReferentsOfWaitingApplications(ctx.db, ctx.config, paris('2026-10-12'))
    expect((await outboxTo(ctx, world.referent.user.email)).filter((email) => email.subject.startsWith('Rappel'))).toHaveLength(1)

    await returnApplication(ctx, {
      actor: await actor(ctx, world.referent.user.id),
      applicationId: application.id,
      comment: 'À compléter.',
      now: paris('2026-10-13'),
    })
    await resubmitApplication(ctx, {
      actor: await actor(ctx, world.candidate.user.id),
      applicationId: application.id,
      form: { messageToEmployer: 'Complété.', documentIds: [], shareDisability: false, messageToReferent: null, wantsHelp: false },
      now: paris('2026-10-14'),
    })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).referentReminderAt).toBeNull()
    await remindReferentsOfWaitingApplications(ctx.db, ctx.config, paris('2026-10-20'))
    expect((await outboxTo(ctx, world.referent.user.email)).filter((email) => email.subject.startsWith('Rappel'))).toHaveLength(2)
  })

  it('when the job has reminded référents on PostgreSQL, then it vacuums the applications, so that the lists keep counting from their indexes', async () => {
    const postgres = Boolean(process.env.TEST_PG_URL)
    const vacuums = async () =>
      postgres
        ? Number(
            (
              await ctx.db.$queryRawUnsafe<{ count: bigint | number }[]>(
                `SELECT vacuum_count AS "count" FROM pg_stat_user_tables WHERE relname = 'Application'`,
              )
            )[0].count,
          )
        : 0
    const world = await createApplicationsWorld(ctx)
    const waiting = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      submittedAt: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000),
    })
    const before = await vacuums()
    const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} }
    // a period after any earlier run (the job runs once per period: src/lib/jobs.ts)
    await ctx.db.scheduledJob.updateMany({ where: { name: 'referent-reminders' }, data: { lastRunAt: new Date(Date.now() - 2 * 60 * 60 * 1000) } })
    await startReferentRemindersJob({ db: ctx.db, config: ctx.config, logger: silent, intervalMs: 60 * 60 * 1000 }).stop()
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: waiting.id } })).referentReminderAt).not.toBeNull()
    if (!postgres) {
      expect(await vacuumAfterChanges(ctx.db, 'Application', 1)).toBe(false) // SQLite: nothing to do
      return
    }
    // the statistics views are updated a moment after the vacuum
    for (let waited = 0; waited < 5000 && (await vacuums()) === before; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await vacuums()).toBeGreaterThan(before)
  })
})
