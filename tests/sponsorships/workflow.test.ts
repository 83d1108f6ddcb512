import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestSponsorship } from '../../src/modules/sponsorships/service.ts'
import { canAnswer, canCancel, findTransition, transitionSponsorship, TRANSITIONS } from '../../src/modules/sponsorships/workflow.ts'
import { createSponsorshipRequest } from '../factories/index.ts'
import { actor, createTestContext, type TestContext } from '../helpers/app.ts'
import { createSponsorshipsWorld, SPONSORSHIP_REQUEST } from '../factories/worlds.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

describe('the transition table', () => {
  it('holds exactly the issue’s statuses: envoyée → acceptée / déclinée by the employer, annulée by the candidate', () => {
    expect(TRANSITIONS.map((rule) => `${rule.from ?? 'new'}→${rule.to} by ${rule.by}`)).toEqual([
      'new→SENT by CANDIDATE',
      'SENT→ACCEPTED by RECRUITER',
      'SENT→DECLINED by RECRUITER',
      'SENT→CANCELLED by CANDIDATE',
    ])
    expect(findTransition('SENT', 'ACCEPTED', 'CANDIDATE')).toBeUndefined()
    expect(findTransition('SENT', 'CANCELLED', 'RECRUITER')).toBeUndefined()
    expect(findTransition('DECLINED', 'ACCEPTED', 'RECRUITER')).toBeUndefined()
    expect(['SENT', 'ACCEPTED', 'DECLINED', 'CANCELLED'].filter((status) => canCancel(status as never))).toEqual(['SENT'])
    expect(['SENT', 'ACCEPTED', 'DECLINED', 'CANCELLED'].filter((status) => canAnswer(status as never))).toEqual(['SENT'])
  })

  it('when a transition is not allowed, lacks the mentor, or the request moved on, then nothing is written and nobody told', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const recruiter = { id: world.recruiter.user.id, role: 'RECRUITER' as const }
    const candidate = { id: world.candidate.user.id, role: 'CANDIDATE' as const }
    const results = await ctx.db.$transaction(async (tx) => [
      await transitionSponsorship(tx, ctx.config, {
        sponsorshipId: sponsorship.id,
        from: 'SENT',
        to: 'ACCEPTED',
        actor: candidate,
        mentor: { name: 'A', contact: 'B' },
      }),
      await transitionSponsorship(tx, ctx.config, {
        sponsorshipId: sponsorship.id,
        from: 'SENT',
        to: 'ACCEPTED',
        actor: recruiter,
        mentor: { name: ' ', contact: 'b@exemple.fr' },
      }),
      await transitionSponsorship(tx, ctx.config, { sponsorshipId: sponsorship.id, from: 'SENT', to: 'CANCELLED', actor: recruiter }),
    ])
    expect(results).toEqual([
      { ok: false, reason: 'not_allowed' },
      { ok: false, reason: 'mentor_required' },
      { ok: false, reason: 'not_allowed' },
    ])
    await ctx.db.sponsorshipRequest.update({ where: { id: sponsorship.id }, data: { status: 'CANCELLED' } })
    const stale = await ctx.db.$transaction((tx) =>
      transitionSponsorship(tx, ctx.config, { sponsorshipId: sponsorship.id, from: 'SENT', to: 'DECLINED', actor: recruiter }),
    )
    expect(stale).toEqual({ ok: false, reason: 'stale' })
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: sponsorship.id } })).status).toBe('CANCELLED')
    expect(await ctx.db.auditLog.count({ where: { targetType: 'SponsorshipRequest', targetId: String(sponsorship.id) } })).toBe(0)
    expect(await ctx.db.notification.count({ where: { userId: world.candidate.user.id } })).toBe(0)
  })
})

describe('requestSponsorship', () => {
  it('when two submissions to the same employer arrive at once, then one request is created and the other is the duplicate', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const candidate = await actor(ctx, world.candidate.user.id)
    const deps = { db: ctx.db, config: ctx.config }
    const results = await Promise.all([
      requestSponsorship(deps, { actor: candidate, employerId: world.employer.id, form: SPONSORSHIP_REQUEST }),
      requestSponsorship(deps, { actor: candidate, employerId: world.employer.id, form: SPONSORSHIP_REQUEST }),
    ])
    expect(results.map((result) => result.status).sort()).toEqual(['created', 'duplicate'])
    expect(results[0].sponsorshipId).toBe(results[1].sponsorshipId)
    expect(await ctx.db.sponsorshipRequest.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(1)
    expect(await ctx.db.notification.count({ where: { userId: world.recruiter.user.id } })).toBe(1)
    // another employer is another request
    const other = await requestSponsorship(deps, { actor: candidate, employerId: world.otherEmployer.id, form: SPONSORSHIP_REQUEST })
    expect(other.status).toBe('created')
  })

  it('when the actor is not a candidate, or the employer not a partner, then it is refused before anything is written', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const deps = { db: ctx.db, config: ctx.config }
    await expect(
      requestSponsorship(deps, { actor: await actor(ctx, world.recruiter.user.id), employerId: world.employer.id, form: SPONSORSHIP_REQUEST }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(
      requestSponsorship(deps, { actor: await actor(ctx, world.candidate.user.id), employerId: world.nonPartner.id, form: SPONSORSHIP_REQUEST }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await ctx.db.sponsorshipRequest.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
  })
})
