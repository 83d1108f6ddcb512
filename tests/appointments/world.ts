import { createCandidate, createConvention, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import type { TestContext } from '../helpers/app.ts'

/**
 * One établissement with two référents and a candidate (plus a disabled one and one waiting for
 * validation, who cannot be given appointments); another établissement with its référent and candidate;
 * a recruiter.
 */
export async function createWorld(ctx: TestContext) {
  const { db } = ctx
  const convention = await createConvention(db)
  const establishment = await createEstablishment(db, { conventionId: convention.id })
  const referent = await createReferent(db, { establishmentId: establishment.id, firstName: 'Hélène', lastName: `Durand${establishment.id}` })
  const colleague = await createReferent(db, { establishmentId: establishment.id })
  const candidate = await createCandidate(db, { establishmentId: establishment.id, firstName: 'Camille', lastName: `Martin${establishment.id}` })
  const disabledCandidate = await createCandidate(db, { establishmentId: establishment.id, status: 'DISABLED' })
  const pendingCandidate = await createCandidate(db, { establishmentId: establishment.id, status: 'PENDING_VALIDATION' })
  const otherEstablishment = await createEstablishment(db, { conventionId: convention.id })
  const strangerReferent = await createReferent(db, { establishmentId: otherEstablishment.id })
  const strangerCandidate = await createCandidate(db, { establishmentId: otherEstablishment.id })
  const recruiter = await createRecruiter(db)
  return {
    establishment,
    referent,
    colleague,
    candidate,
    disabledCandidate,
    pendingCandidate,
    otherEstablishment,
    strangerReferent,
    strangerCandidate,
    recruiter,
  }
}
export type World = Awaited<ReturnType<typeof createWorld>>

/** A year that is always to come, whatever the day the tests run. */
export const NEXT_YEAR = new Date().getUTCFullYear() + 1

/** The last Sunday of March of a year: the day Paris moves to summer time ("yyyy-mm-dd"). */
export function summerTimeDay(year: number): string {
  const lastDay = new Date(Date.UTC(year, 3, 0))
  return `${year}-03-${String(lastDay.getUTCDate() - lastDay.getUTCDay()).padStart(2, '0')}`
}

export { decodeHtml } from '../helpers/html.ts'

export const h1Count = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length
