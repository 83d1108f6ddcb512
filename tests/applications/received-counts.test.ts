import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicationStatus } from '../../src/lib/db.ts'
import { sqlOf } from '../../src/lib/sql.ts'
import { countReceivedApplicationsSql } from '../../src/modules/applications/policy.ts'
import { updateStatusByEmployer, validateApplication, withdrawApplication } from '../../src/modules/applications/service.ts'
import { createApplication, createCandidate } from '../factories/index.ts'
import { createApplicationsWorld, type ApplicationsWorld } from '../factories/worlds.ts'
import { actor, createTestContext, signIn, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

// The recruiter's inbox and dashboard read how many applications an employer has received from the
// counts that triggers on "Application" keep per employer and status (ReceivedApplicationCount). Each
// kind of change an application goes through must move them, in the database itself: here, after each
// one, the kept counts are held to a count of the rows, and the recruiter's pages to both.

let ctx: TestContext
let world: ApplicationsWorld

beforeAll(async () => {
  ctx = await createTestContext()
  world = await createApplicationsWorld(ctx)
})
afterAll(async () => ctx?.cleanup())

type Tally = { employerId: number; status: string; count: number }
const byKey = (a: Tally, b: Tally) => a.employerId - b.employerId || a.status.localeCompare(b.status)

/** The counts the triggers keep, those at 0 left out (a count back to 0 keeps its row). */
async function keptCounts(): Promise<Tally[]> {
  const rows = await ctx.db.receivedApplicationCount.findMany({ where: { count: { not: 0 } } })
  return rows.map(({ employerId, status, count }) => ({ employerId, status, count })).sort(byKey)
}

/** The same figures, counted from the applications themselves. */
async function countedFromApplications(): Promise<Tally[]> {
  const groups = await ctx.db.application.groupBy({ by: ['employerId', 'status'], where: { validatedAt: { not: null } }, _count: { _all: true } })
  return groups.map((group) => ({ employerId: group.employerId, status: group.status, count: group._count._all })).sort(byKey)
}

async function expectCountsKept() {
  const counted = await countedFromApplications()
  expect(await keptCounts()).toEqual(counted)
  return counted
}

const totalOf = (tallies: Tally[], employerId: number, statuses?: ApplicationStatus[]) =>
  tallies.filter((t) => t.employerId === employerId && (statuses ?? [t.status]).includes(t.status as ApplicationStatus)).reduce((sum, t) => sum + t.count, 0)

describe('the counts of received applications, kept by the database', () => {
  it('when applications are sent, validated, answered, withdrawn, moved and deleted, then the counts follow every change', async () => {
    const { db } = ctx
    const candidate = world.candidate.candidate.id
    // created in every state: a pending one counts nowhere, a validated one in its status
    const pending = await createApplication(db, { candidateId: candidate, offerId: world.offer.id })
    const spontaneous = await createApplication(db, { candidateId: candidate, employerId: world.employer.id })
    await createApplication(db, { candidateId: candidate, employerId: world.otherEmployer.id, status: 'INTERVIEW' })
    await createApplication(db, { candidateId: candidate, employerId: world.employer.id, status: 'RETURNED' })
    const classmate = await createCandidate(db, { establishmentId: world.establishment.id })
    await createApplication(db, { candidateId: classmate.candidate.id, employerId: world.employer.id, status: 'SENT' })
    await createApplication(db, { candidateId: classmate.candidate.id, employerId: world.otherEmployer.id, status: 'ACCEPTED' })
    let counted = await expectCountsKept()
    expect(totalOf(counted, world.employer.id)).toBe(1)

    // the référent validates: the employer receives them (validatedAt set, SENT)
    const referent = await actor(ctx, world.referent.user.id)
    for (const applicationId of [pending.id, spontaneous.id]) expect((await validateApplication(ctx, { actor: referent, applicationId })).status).toBe('done')
    counted = await expectCountsKept()
    expect(totalOf(counted, world.employer.id, ['SENT'])).toBe(3)

    // the recruiter answers: one count down, another up
    const recruiter = await actor(ctx, world.recruiter.user.id)
    const answer = { currentStatus: 'SENT', status: 'INTERVIEW', message: '' } as const
    expect((await updateStatusByEmployer(ctx, { actor: recruiter, applicationId: pending.id, form: answer })).status).toBe('done')
    counted = await expectCountsKept()
    expect(totalOf(counted, world.employer.id, ['SENT'])).toBe(2)
    expect(totalOf(counted, world.employer.id, ['INTERVIEW'])).toBe(1)

    // the candidate withdraws it: still received, now withdrawn
    const withdrawn = await withdrawApplication(ctx, { actor: await actor(ctx, world.candidate.user.id), applicationId: spontaneous.id, from: 'SENT' })
    expect(withdrawn.status).toBe('done')
    counted = await expectCountsKept()
    expect(totalOf(counted, world.employer.id, ['WITHDRAWN'])).toBe(1)

    // changes no page makes, by a script or by hand: another employer, the validation undone, a field the counts ignore
    await db.application.update({ where: { id: pending.id }, data: { employerId: world.otherEmployer.id, offerId: null } })
    await db.application.update({ where: { id: spontaneous.id }, data: { validatedAt: null, status: 'PENDING_REFERENT' } })
    await db.application.updateMany({ where: { candidateId: candidate }, data: { wantsHelp: true, referentReminderAt: new Date() } })
    counted = await expectCountsKept()
    expect(totalOf(counted, world.employer.id)).toBe(1)

    // a candidate deleted: their applications go with them (the foreign key's cascade)
    await db.user.delete({ where: { id: classmate.user.id } })
    counted = await expectCountsKept()
    expect(totalOf(counted, world.employer.id)).toBe(0)
  })

  it('when a recruiter opens « Candidatures reçues » and the dashboard, then the totals are the counts of the applications it may see', async () => {
    const { db } = ctx
    const candidate = world.candidate.candidate.id
    const statuses: ApplicationStatus[] = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']
    for (const status of statuses) await createApplication(db, { candidateId: candidate, offerId: world.offer.id, status })
    // validated, then sent back to the candidate (a status employers never see): counted in RETURNED, shown nowhere
    await createApplication(db, { candidateId: candidate, employerId: world.employer.id, status: 'RETURNED', validatedAt: new Date() })
    await expectCountsKept()
    const recruiter = await actor(ctx, world.recruiter.user.id)
    const visible = await db.application.count({
      where: { employerId: world.employer.id, validatedAt: { not: null }, status: { notIn: ['PENDING_REFERENT', 'RETURNED'] } },
    })
    const fresh = await db.application.count({ where: { employerId: world.employer.id, validatedAt: { not: null }, status: 'SENT' } })
    expect(visible).toBeGreaterThan(fresh)

    const reader = sqlOf(db)
    const total = async (status?: ApplicationStatus) =>
      (await countReceivedApplicationsSql(reader, recruiter.employerId ?? -1, status).executeTakeFirstOrThrow()).total
    expect(await total()).toBe(visible)
    expect(await total('SENT')).toBe(fresh)
    expect(await total('RETURNED')).toBe(0)

    const agent = await signIn(ctx.app, world.recruiter.user.email)
    expect(decodeHtml((await agent.get('/recruteur/candidatures')).text)).toContain(`${visible} candidatures reçues`)
    expect(decodeHtml((await agent.get('/recruteur/candidatures?statut=SENT')).text)).toContain(`${fresh} candidatures reçues`)
    expect(decodeHtml((await agent.get('/tableau-de-bord')).text)).toContain(`${fresh} nouvelles candidatures à étudier.`)
    // another employer's recruiter sees none of them
    const stranger = await signIn(ctx.app, world.strangerRecruiter.user.email)
    const theirs = await db.application.count({
      where: { employerId: world.otherEmployer.id, validatedAt: { not: null }, status: { notIn: ['PENDING_REFERENT', 'RETURNED'] } },
    })
    const inbox = decodeHtml((await stranger.get('/recruteur/candidatures')).text)
    expect(inbox).toContain(theirs === 0 ? 'Aucune candidature reçue' : theirs === 1 ? '1 candidature reçue' : `${theirs} candidatures reçues`)
  })
})
