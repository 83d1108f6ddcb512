import { loadSessionUser, type SessionUser } from '../../src/web/auth.ts'
import { createCandidate, createConvention, createEmployer, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import type { TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

/**
 * One convention with an établissement (a candidate, a référent), a partner employer (two
 * recruiters), and strangers: a référent of another établissement, a recruiter of another partner
 * employer, an employer that is not a partner of the convention.
 */
export async function createWorld(ctx: TestContext) {
  const { db } = ctx
  const convention = await createConvention(db)
  const establishment = await createEstablishment(db, { conventionId: convention.id })
  const candidate = await createCandidate(db, { establishmentId: establishment.id, firstName: 'Camille', lastName: `Martin${convention.id}` })
  const referent = await createReferent(db, { establishmentId: establishment.id })
  const employer = await createEmployer(db, { partnerOf: [convention.id] })
  const recruiter = await createRecruiter(db, { employerId: employer.id })
  const colleague = await createRecruiter(db, { employerId: employer.id })
  const otherEstablishment = await createEstablishment(db, { conventionId: convention.id })
  const strangerReferent = await createReferent(db, { establishmentId: otherEstablishment.id })
  const otherEmployer = await createEmployer(db, { partnerOf: [convention.id] })
  const strangerRecruiter = await createRecruiter(db, { employerId: otherEmployer.id })
  const nonPartner = await createEmployer(db, { partnerOf: [(await createConvention(db)).id] })
  return {
    convention,
    establishment,
    candidate,
    referent,
    employer,
    recruiter,
    colleague,
    otherEstablishment,
    strangerReferent,
    otherEmployer,
    strangerRecruiter,
    nonPartner,
  }
}
export type World = Awaited<ReturnType<typeof createWorld>>

export async function actor(ctx: TestContext, userId: number): Promise<SessionUser> {
  const user = await loadSessionUser(ctx.db, userId)
  if (!user) throw new Error(`no active user ${userId}`)
  return user
}

export const REQUEST = {
  motivation: 'Je prépare un BTS SIO et j’aimerais découvrir le métier de développeur dans votre entreprise.',
  expectations: 'Des conseils sur mon CV et sur la préparation des entretiens.',
  availability: 'Le mercredi après-midi, en visio ou sur place.',
}

export { decodeHtml }

export const titleOf = (html: string) => decodeHtml(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '')
export const h1Count = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length
export const idIn = (location: string | undefined) => Number(/\/parrainages\/(\d+)$/.exec(location ?? '')?.[1])
