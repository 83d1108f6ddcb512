import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicationStatus, Prisma } from '../../src/lib/db.ts'
import { applicationsOfCandidate, applicationsOfRecruiter, applicationsOfReferent } from '../../src/modules/applications/policy.ts'
import {
  listApplicationsOfCandidate,
  listApplicationsOfReferent,
  listOffersOfRecruiter,
  listReceivedApplications,
  listWaitingApplicationsOfReferent,
} from '../../src/modules/applications/service.ts'
import { createApplication, createCandidate, createOffer } from '../factories/index.ts'
import { actor, createTestContext, signIn, type TestContext } from '../helpers/app.ts'
import { createApplicationsWorld, type ApplicationsWorld } from '../factories/worlds.ts'
import { decodeHtml } from '../helpers/html.ts'

// The list pages read in SQL (the read layer) with the SQL twins of the policy.ts scopes. These tests
// hold them to the Prisma scopes: the same rows, in the same order (ties broken by id), page by page,
// shaped as the views read them — and never a row of another candidate, établissement or employer,
// nor, for a recruiter, an application that no référent has validated.

let ctx: TestContext
let world: ApplicationsWorld
let stranger: ApplicationsWorld
/** The applications outside each actor's scope, by who must never see them. */
const foreign = { toCandidate: [] as number[], toReferent: [] as number[], toRecruiter: [] as number[] }

const STATUSES: ApplicationStatus[] = ['PENDING_REFERENT', 'RETURNED', 'SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']
const BASE = Date.parse('2026-03-02T08:00:00.000Z')
/** Four distinct moments only: many applications share one, so the order rests on the id too. */
const momentOf = (index: number) => new Date(BASE + (index % 4) * 3_600_000)

beforeAll(async () => {
  ctx = await createTestContext()
  world = await createApplicationsWorld(ctx)
  stranger = await createApplicationsWorld(ctx)
  const db = ctx.db
  const classmate = await createCandidate(db, { establishmentId: world.establishment.id })
  const secondOffer = await createOffer(db, { employerId: world.employer.id, title: 'Assistant·e RH' })

  // the candidate: 25 applications to the employer in every status, to offers and spontaneous (with the 2 below, two pages)
  for (let index = 0; index < 25; index += 1) {
    const target = index % 3 === 0 ? { employerId: world.employer.id } : { offerId: index % 3 === 1 ? world.offer.id : secondOffer.id }
    await createApplication(db, {
      candidateId: world.candidate.candidate.id,
      ...target,
      status: STATUSES[index % STATUSES.length],
      submittedAt: momentOf(index),
      wantsHelp: index % 2 === 0,
    })
  }
  // a classmate (same établissement): the référent sees them, the candidate does not
  for (let index = 0; index < 4; index += 1) {
    const application = await createApplication(db, {
      candidateId: classmate.candidate.id,
      offerId: world.offer.id,
      status: STATUSES[index],
      submittedAt: momentOf(index),
    })
    foreign.toCandidate.push(application.id)
  }
  // the candidate's applications to another employer: never in the recruiter's inbox
  for (const status of ['SENT', 'INTERVIEW'] as const) {
    foreign.toRecruiter.push((await createApplication(db, { candidateId: world.candidate.candidate.id, employerId: world.otherEmployer.id, status })).id)
  }
  // a candidate of another établissement, applying to the same employer: the recruiter sees what was validated
  for (let index = 0; index < STATUSES.length; index += 1) {
    const application = await createApplication(db, {
      candidateId: stranger.candidate.candidate.id,
      offerId: world.offer.id,
      status: STATUSES[index],
      submittedAt: momentOf(index),
    })
    foreign.toCandidate.push(application.id)
    foreign.toReferent.push(application.id)
  }
  // withdrawn after the référent validated it: the employer had received it, and still sees it
  for (let index = 0; index < 3; index += 1) {
    foreign.toCandidate.push(
      (await createApplication(db, { candidateId: classmate.candidate.id, employerId: world.employer.id, status: 'WITHDRAWN', validatedAt: momentOf(index) }))
        .id,
    )
  }
  // before the gate, whatever the status says: withdrawn before validation, and a row with no validatedAt
  for (const status of ['WITHDRAWN', 'SENT'] as const) {
    const application = await createApplication(db, { candidateId: classmate.candidate.id, offerId: world.offer.id, status, validatedAt: null })
    foreign.toCandidate.push(application.id)
    foreign.toRecruiter.push(application.id)
  }
  foreign.toRecruiter.push(
    ...(
      await db.application.findMany({ where: { employerId: world.employer.id, status: { in: ['PENDING_REFERENT', 'RETURNED'] } }, select: { id: true } })
    ).map((row) => row.id),
  )
})
afterAll(async () => {
  await ctx.cleanup()
})

const targetSelect = { offer: { select: { id: true, title: true } }, employer: { select: { id: true, name: true } } } as const
const nameSelect = { candidate: { select: { user: { select: { firstName: true, lastName: true } } } } } as const
const listSelect = { id: true, kind: true, status: true, submittedAt: true, statusChangedAt: true, wantsHelp: true, ...targetSelect } as const

/** One page as Prisma reads it (page 1 = the first 20). */
function prismaPage<S extends Prisma.ApplicationSelect>(
  where: Prisma.ApplicationWhereInput,
  orderBy: Prisma.ApplicationOrderByWithRelationInput[],
  select: S,
  page = 1,
  size = 20,
) {
  return ctx.db.application.findMany({ where, orderBy, select, skip: (page - 1) * size, take: size })
}

describe('the lists read in SQL, held to the Prisma scopes', () => {
  it('when a candidate lists theirs, then exactly their applications, newest first, page by page', async () => {
    const candidate = await actor(ctx, world.candidate.user.id)
    const where = applicationsOfCandidate(candidate)
    const orderBy = [{ submittedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.ApplicationOrderByWithRelationInput[]
    for (const page of [1, 2]) {
      const list = await listApplicationsOfCandidate(ctx.db, candidate, { page: String(page) })
      expect(list.total).toBe(27)
      expect(list.page).toEqual({ current: page, last: 2, size: 20 })
      expect(list.applications).toEqual(await prismaPage(where, orderBy, listSelect, page))
      expect(list.applications[0].submittedAt).toBeInstanceOf(Date)
      for (const application of list.applications) expect(foreign.toCandidate).not.toContain(application.id)
    }
    expect((await listApplicationsOfCandidate(ctx.db, candidate, { page: '2' })).applications).toHaveLength(7)
  })

  it('when a référent lists their candidates’ applications, by status or not, then exactly those of their établissement', async () => {
    const referent = await actor(ctx, world.referent.user.id)
    const orderBy = [{ statusChangedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.ApplicationOrderByWithRelationInput[]
    for (const status of [null, 'SENT', 'PENDING_REFERENT', 'WITHDRAWN'] as const) {
      const where = { ...applicationsOfReferent(referent), ...(status ? { status } : {}) }
      const expectedTotal = await ctx.db.application.count({ where })
      expect(expectedTotal).toBeGreaterThan(0)
      for (const page of [1, 2]) {
        const list = await listApplicationsOfReferent(ctx.db, referent, { status, page: String(page) })
        expect(list.total).toBe(expectedTotal)
        expect(list.applications).toEqual(await prismaPage(where, orderBy, { ...listSelect, ...nameSelect }, list.page.current))
        for (const application of list.applications) expect(foreign.toReferent).not.toContain(application.id)
      }
    }
    expect((await listApplicationsOfReferent(ctx.db, referent, { status: null, page: '1' })).total).toBe(27 + 4 + 3 + 2)
  })

  it('when a référent opens “Candidatures à valider”, then the waiting applications of their établissement, the oldest first', async () => {
    const referent = await actor(ctx, world.referent.user.id)
    const where = { ...applicationsOfReferent(referent), status: 'PENDING_REFERENT' } satisfies Prisma.ApplicationWhereInput
    // 5 wait already; 18 more from another classmate (to another employer) make two pages of 20
    const late = await createCandidate(ctx.db, { establishmentId: world.establishment.id })
    for (let index = 0; index < 18; index += 1) {
      await createApplication(ctx.db, {
        candidateId: late.candidate.id,
        employerId: world.otherEmployer.id,
        status: 'PENDING_REFERENT',
        submittedAt: momentOf(index),
        wantsHelp: index % 2 === 0,
      })
    }
    const expectedTotal = await ctx.db.application.count({ where })
    expect(expectedTotal).toBe(5 + 18)
    const seen: Awaited<ReturnType<typeof listWaitingApplicationsOfReferent>>['applications'] = []
    for (const page of [1, 2]) {
      const queue = await listWaitingApplicationsOfReferent(ctx.db, referent, { page: String(page) })
      expect(queue.total).toBe(expectedTotal)
      expect(queue.page).toEqual({ current: page, last: 2, size: 20 })
      expect(queue.applications).toEqual(await prismaPage(where, [{ statusChangedAt: 'asc' }, { id: 'asc' }], { ...listSelect, ...nameSelect }, page))
      for (const application of queue.applications) expect(foreign.toReferent).not.toContain(application.id)
      seen.push(...queue.applications)
    }
    expect(new Set(seen.map((application) => application.id)).size).toBe(expectedTotal)
    expect(seen.some((application) => application.wantsHelp)).toBe(true)
    const strangers = await listWaitingApplicationsOfReferent(ctx.db, await actor(ctx, stranger.referent.user.id), { page: undefined })
    expect(strangers.total).toBe(1)
    expect(strangers.applications).toHaveLength(1)
  })

  it('when a recruiter lists what they received, filtered or not, then only validated applications to their employer, newest first', async () => {
    const recruiter = await actor(ctx, world.recruiter.user.id)
    const offers = await listOffersOfRecruiter(ctx.db, recruiter, ctx.config.listingsMaxAgeMs)
    expect(offers).toEqual(
      await ctx.db.offer.findMany({ where: { employerId: world.employer.id }, select: { id: true, title: true }, orderBy: [{ title: 'asc' }, { id: 'asc' }] }),
    )
    const orderBy = [{ validatedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.ApplicationOrderByWithRelationInput[]
    const select = { id: true, kind: true, status: true, validatedAt: true, ...targetSelect, ...nameSelect } as const
    const filters = [
      { status: null, offerId: null, where: {} },
      { status: 'INTERVIEW', offerId: null, where: { status: 'INTERVIEW' } },
      { status: null, offerId: world.offer.id, where: { offerId: world.offer.id } },
      // a status before the gate is no filter
      { status: 'PENDING_REFERENT', offerId: null, where: {} },
    ] as const
    for (const filter of filters) {
      const where = { ...applicationsOfRecruiter(recruiter), ...filter.where }
      const expectedTotal = await ctx.db.application.count({ where })
      expect(expectedTotal).toBeGreaterThan(0)
      const list = await listReceivedApplications(ctx.db, recruiter, { status: filter.status, offerId: filter.offerId, page: '1' })
      expect(list.total).toBe(expectedTotal)
      expect(list.applications).toEqual(await prismaPage(where, orderBy, select, 1))
      for (const application of list.applications) {
        expect(foreign.toRecruiter).not.toContain(application.id)
        expect(['PENDING_REFERENT', 'RETURNED']).not.toContain(application.status)
        expect(application.validatedAt).toBeInstanceOf(Date)
      }
    }
    // two pages: the validated ones of the candidate (15), of the classmate (3 withdrawn after validation) and of the stranger (5)
    const all = await listReceivedApplications(ctx.db, recruiter, { status: null, offerId: null, page: '2' })
    expect(all.page.current).toBe(2)
    expect(all.applications).toEqual(await prismaPage(applicationsOfRecruiter(recruiter), orderBy, select, 2))
  })
})

describe('the list pages never show another’s rows', () => {
  const linksOf = (html: string, prefix: string) => [...html.matchAll(new RegExp(`href="${prefix}/(\\d+)"`, 'g'))].map((match) => Number(match[1]))

  it('when each role opens its lists, then no application outside its scope is linked', async () => {
    const candidate = await signIn(ctx.app, world.candidate.user.email)
    const mine = [
      ...linksOf((await candidate.get('/candidatures')).text, '/candidatures'),
      ...linksOf((await candidate.get('/candidatures?page=2')).text, '/candidatures'),
    ]
    expect(mine).toHaveLength(27)
    for (const id of foreign.toCandidate) expect(mine).not.toContain(id)

    const referent = await signIn(ctx.app, world.referent.user.email)
    const queue = linksOf((await referent.get('/referent/candidatures')).text, '/referent/candidatures')
    const followed = linksOf((await referent.get('/referent/candidatures/suivi')).text, '/referent/candidatures')
    const sent = decodeHtml((await referent.get('/referent/candidatures/suivi?statut=SENT')).text)
    expect(queue.length).toBeGreaterThan(0)
    expect(followed).toHaveLength(20)
    expect(sent).toContain(
      `${await ctx.db.application.count({ where: { candidate: { establishmentId: world.establishment.id }, status: 'SENT' } })} candidatures`,
    )
    for (const id of foreign.toReferent) {
      expect(queue).not.toContain(id)
      expect(followed).not.toContain(id)
      expect(linksOf(sent, '/referent/candidatures')).not.toContain(id)
    }

    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    const inbox = [
      ...linksOf((await recruiter.get('/recruteur/candidatures')).text, '/recruteur/candidatures'),
      ...linksOf((await recruiter.get('/recruteur/candidatures?page=2')).text, '/recruteur/candidatures'),
    ]
    const expected = await ctx.db.application.findMany({ where: applicationsOfRecruiter(await actor(ctx, world.recruiter.user.id)), select: { id: true } })
    expect(inbox.sort((a, b) => a - b)).toEqual(expected.map((row) => row.id).sort((a, b) => a - b))
    for (const id of foreign.toRecruiter) expect(inbox).not.toContain(id)
    const pending = await ctx.db.application.findMany({
      where: { employerId: world.employer.id, OR: [{ validatedAt: null }, { status: { in: ['PENDING_REFERENT', 'RETURNED'] } }] },
      select: { id: true },
    })
    expect(pending.length).toBeGreaterThan(0)
    for (const { id } of pending) expect(inbox).not.toContain(id)
  })
})
