import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSessionUser } from '../../src/web/auth.ts'
import { documentsVisibleTo } from '../../src/modules/documents/policy.ts'
import { createAdmin, createApplication, createCandidate, createDocument, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

async function visibleIds(userId: number, candidateId: number): Promise<number[]> {
  const actor = (await loadSessionUser(ctx.db, userId))!
  const rows = await ctx.db.document.findMany({ where: { candidateId, ...documentsVisibleTo(actor) }, select: { id: true }, orderBy: { id: 'asc' } })
  return rows.map((row) => row.id)
}

describe('documentsVisibleTo (SPEC §9)', () => {
  it('when each role asks, then a candidate sees their own, the référent of the établissement all, a recruiter only the CV and lettre of an application sent to them, an administrator none', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const other = await createCandidate(ctx.db)
    const cv = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, type: 'CV' })
    const letter = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, type: 'COVER_LETTER' })
    const autre = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, type: 'OTHER' })
    const pendingCv = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, type: 'CV' })
    const referent = await createReferent(ctx.db, { establishmentId: candidate.establishmentId })
    const strangerReferent = await createReferent(ctx.db)
    const recruiter = await createRecruiter(ctx.db)
    const otherRecruiter = await createRecruiter(ctx.db)
    const admin = await createAdmin(ctx.db)
    const employerId = recruiter.recruiter.employerId
    // sent to the employer, with an "Autre" document attached by mistake: still never visible to it
    await createApplication(ctx.db, { candidateId: candidate.id, employerId, status: 'IN_REVIEW', documentIds: [cv.id, letter.id, autre.id] })
    // not validated yet: nothing reaches the employer
    await createApplication(ctx.db, { candidateId: candidate.id, employerId, status: 'PENDING_REFERENT', documentIds: [pendingCv.id] })

    expect(await visibleIds(user.id, candidate.id)).toEqual([cv.id, letter.id, autre.id, pendingCv.id])
    expect(await visibleIds(other.user.id, candidate.id)).toEqual([])
    expect(await visibleIds(referent.user.id, candidate.id)).toEqual([cv.id, letter.id, autre.id, pendingCv.id])
    expect(await visibleIds(strangerReferent.user.id, candidate.id)).toEqual([])
    expect(await visibleIds(recruiter.user.id, candidate.id)).toEqual([cv.id, letter.id])
    expect(await visibleIds(otherRecruiter.user.id, candidate.id)).toEqual([])
    expect(await visibleIds(admin.user.id, candidate.id)).toEqual([])
  })
})
