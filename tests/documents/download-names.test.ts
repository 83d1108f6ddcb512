import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApplication } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { PDF, PNG } from './samples.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'

// Every download of a document (Mes documents, the référent's candidate page, the three application
// pages) is named the same way: the document's name, and the extension of the format detected at upload.

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

/** "Ajouter un document" through the real form: the file's name is the candidate's, its content a PDF or PNG. */
async function uploadAs(agent: Agent, name: string, type: 'CV' | 'COVER_LETTER', content: Buffer, filename: string) {
  const token = await csrfTokenFrom(agent, '/mon-compte/documents/ajouter')
  const response = await agent
    .post(`/mon-compte/documents/ajouter?_csrf=${encodeURIComponent(token)}`)
    .field('name', name)
    .field('type', type)
    .attach('file', content, filename)
  expect(response.status).toBe(302)
}

const fileNameOf = (disposition: string | undefined) => /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '')?.[1]

describe('downloaded file names', () => {
  it('when a PDF was uploaded as cv.html and a PNG as lettre.bat, then every download ends in .pdf / .png, for the candidate, the référent and the employer', async () => {
    const world = await createApplicationsWorld(ctx)
    const candidate = await signIn(ctx.app, world.candidate.user.email)
    await uploadAs(candidate, 'CV', 'CV', PDF, 'cv.html')
    await uploadAs(candidate, 'Lettre', 'COVER_LETTER', PNG, 'lettre.bat')
    const cv = await ctx.db.document.findFirstOrThrow({ where: { candidateId: world.candidate.candidate.id, name: 'CV' } })
    const letter = await ctx.db.document.findFirstOrThrow({ where: { candidateId: world.candidate.candidate.id, name: 'Lettre' } })
    expect(cv.originalName).toBe('cv.html')
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [cv.id, letter.id],
    })
    const referent = await signIn(ctx.app, world.referent.user.email)
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)

    const downloads: [string, Agent, string, string][] = [
      ['Mes documents', candidate, `/mon-compte/documents/${cv.id}/telecharger`, 'CV.pdf'],
      ['the candidate’s application', candidate, `/candidatures/${application.id}/documents/${cv.id}`, 'CV.pdf'],
      ['the référent’s candidate page', referent, `/referent/candidats/${world.candidate.candidate.id}/documents/${cv.id}/telecharger`, 'CV.pdf'],
      ['the référent’s application', referent, `/referent/candidatures/${application.id}/documents/${cv.id}`, 'CV.pdf'],
      ['the référent’s application', referent, `/referent/candidatures/${application.id}/documents/${letter.id}`, 'Lettre.png'],
      ['the employer’s application', recruiter, `/recruteur/candidatures/${application.id}/documents/${cv.id}`, 'CV.pdf'],
      ['the employer’s application', recruiter, `/recruteur/candidatures/${application.id}/documents/${letter.id}`, 'Lettre.png'],
    ]
    for (const [where, agent, path, expected] of downloads) {
      const response = await agent.get(path)
      expect(response.status, where).toBe(200)
      expect(fileNameOf(response.headers['content-disposition']), where).toBe(expected)
      expect(response.headers['content-disposition'], where).toBe(`attachment; filename="${expected}"; filename*=UTF-8''${expected}`)
      expect(response.headers['content-type'], where).toBe(expected.endsWith('.pdf') ? 'application/pdf' : 'image/png')
      expect(response.headers['x-content-type-options'], where).toBe('nosniff')
      expect(response.headers['cache-control'], where).toBe('private, no-store')
    }
  })

  it('when a stored name holds a direction override (from before it was refused), then the downloaded name has none', async () => {
    const world = await createApplicationsWorld(ctx)
    await ctx.db.document.update({ where: { id: world.cv.id }, data: { name: 'CV\u202efdp.exe' } })
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [world.cv.id],
    })
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    const response = await recruiter.get(`/recruteur/candidatures/${application.id}/documents/${world.cv.id}`)
    expect(response.status).toBe(200)
    expect(decodeURIComponent(fileNameOf(response.headers['content-disposition']) ?? '')).toBe('CVfdp.exe.pdf')
  })
})
