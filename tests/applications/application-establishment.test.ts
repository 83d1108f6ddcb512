import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { sqlOf } from '../../src/lib/sql.ts'
import { createApplication, createCandidate } from '../factories/index.ts'
import { createApplicationsWorld, type ApplicationsWorld } from '../factories/worlds.ts'
import { createTestContext, signIn, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

// A référent's queue, follow-up and dashboard read their établissement's applications by the
// établissement each application carries ("Application"."establishmentId"), which the database copies
// from the candidate (triggers of the migration …_application_establishment). It is what decides which
// référent sees an application: after each kind of change, it must be the candidate's, and the pages
// must follow.

let ctx: TestContext
let world: ApplicationsWorld

beforeAll(async () => {
  ctx = await createTestContext()
  world = await createApplicationsWorld(ctx)
})
afterAll(async () => ctx?.cleanup())

/** The applications whose établissement is not their candidate's (none, whatever happened). */
async function strays(): Promise<{ id: number; carried: number | null; candidates: number }[]> {
  const { rows } = await sql<{ id: number; carried: number | null; candidates: number }>`
    select a."id" as "id", a."establishmentId" as "carried", c."establishmentId" as "candidates"
    from "Application" a join "Candidate" c on c."id" = a."candidateId"
    where a."establishmentId" is null or a."establishmentId" <> c."establishmentId"`.execute(sqlOf(ctx.db))
  return rows
}

const queueTotal = (html: string) => {
  const text = decodeHtml(html)
  if (text.includes('1 candidature attend votre validation.')) return 1
  const match = /(\d+) candidatures attendent votre validation\./.exec(text)
  return match ? Number(match[1]) : 0
}

describe('the établissement of an application, kept by the database', () => {
  it('when applications are created, moved between candidates, written by hand and their candidate changes établissement, then each carries its candidate’s', async () => {
    const { db } = ctx
    const candidate = world.candidate.candidate.id
    // through Prisma, as the app writes them
    await createApplication(db, { candidateId: candidate, offerId: world.offer.id })
    await createApplication(db, { candidateId: candidate, employerId: world.employer.id, status: 'SENT' })
    const stranger = await createCandidate(db, { establishmentId: world.otherEstablishment.id })
    const theirs = await createApplication(db, { candidateId: stranger.candidate.id, employerId: world.employer.id })
    // by a script, in SQL
    await db.$executeRaw`insert into "Application" ("kind", "candidateId", "employerId", "messageToEmployer", "updatedAt")
      values ('SPONTANEOUS', ${stranger.candidate.id}, ${world.otherEmployer.id}, 'Bonjour', ${new Date()})`
    expect(await strays()).toEqual([])
    expect(await db.application.count({ where: { establishmentId: world.otherEstablishment.id } })).toBe(2)

    // an application given to another candidate, and a wrong établissement written over it: put back
    await db.application.update({ where: { id: theirs.id }, data: { candidateId: candidate } })
    expect(await strays()).toEqual([])
    await db.application.update({ where: { id: theirs.id }, data: { establishmentId: world.otherEstablishment.id } })
    expect(await strays()).toEqual([])

    // the candidate changes établissement: all their applications go with them, and back
    await db.candidate.update({ where: { id: candidate }, data: { establishmentId: world.otherEstablishment.id } })
    expect(await strays()).toEqual([])
    expect(await db.application.count({ where: { establishmentId: world.establishment.id } })).toBe(0)
    await db.candidate.update({ where: { id: candidate }, data: { establishmentId: world.establishment.id } })
    expect(await strays()).toEqual([])
  })

  it('when a candidate moves to another établissement, then their applications leave the first référents’ queue, follow-up and dashboard for the new ones’', async () => {
    const { db } = ctx
    const mover = await createCandidate(db, { establishmentId: world.establishment.id })
    const waiting = await createApplication(db, { candidateId: mover.candidate.id, offerId: world.offer.id })
    await createApplication(db, { candidateId: mover.candidate.id, employerId: world.otherEmployer.id, status: 'INTERVIEW' })
    const name = `${mover.user.firstName} ${mover.user.lastName}`

    const first = await signIn(ctx.app, world.referent.user.email)
    const next = await signIn(ctx.app, world.strangerReferent.user.email)
    const pages = async (agent: typeof first) => ({
      queue: (await agent.get('/referent/candidatures')).text,
      followUp: (await agent.get('/referent/candidatures/suivi')).text,
      interview: (await agent.get('/referent/candidatures/suivi?statut=INTERVIEW')).text,
      dashboard: (await agent.get('/tableau-de-bord')).text,
      application: (await agent.get(`/referent/candidatures/${waiting.id}`)).status,
    })
    const waitingFor = (referentPages: Awaited<ReturnType<typeof pages>>) => queueTotal(referentPages.queue)

    const before = { first: await pages(first), next: await pages(next) }
    for (const page of ['queue', 'followUp', 'interview'] as const) {
      expect(decodeHtml(before.first[page])).toContain(name)
      expect(decodeHtml(before.next[page])).not.toContain(name)
    }
    expect(before.first.application).toBe(200)
    expect(before.next.application).toBe(404)

    await db.candidate.update({ where: { id: mover.candidate.id }, data: { establishmentId: world.otherEstablishment.id } })

    const after = { first: await pages(first), next: await pages(next) }
    for (const page of ['queue', 'followUp', 'interview'] as const) {
      expect(decodeHtml(after.first[page])).not.toContain(name)
      expect(decodeHtml(after.next[page])).toContain(name)
    }
    expect(after.first.application).toBe(404)
    expect(after.next.application).toBe(200)
    expect(waitingFor(after.first)).toBe(waitingFor(before.first) - 1)
    expect(waitingFor(after.next)).toBe(waitingFor(before.next) + 1)
    // the dashboard's count of applications to validate is the queue's
    expect(queueTotal(after.first.dashboard)).toBe(waitingFor(after.first))
    expect(queueTotal(after.next.dashboard)).toBe(waitingFor(after.next))
  })
})
