import { existsSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FILE_MESSAGES, MAX_DOCUMENTS_PER_CANDIDATE } from '../../src/modules/documents/service.ts'
import { createCandidate, createDocument } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'
import { PDF } from './samples.ts'

/** The limit of 30 documents holds when uploads arrive at the same moment (SQLite and PostgreSQL). */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const storedFiles = () => (existsSync(ctx.config.uploadDir) ? readdirSync(ctx.config.uploadDir) : [])

describe('"Mes documents": the limit under concurrent uploads', () => {
  it('when a candidate with 29 documents sends 10 uploads at once, then one is added, nine are refused with the French message, and no file is left behind', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    for (let n = 1; n < MAX_DOCUMENTS_PER_CANDIDATE; n++) await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id })
    const agent = await signIn(ctx.app, user.email)
    const token = await csrfTokenFrom(agent, '/mon-compte/documents/ajouter')
    const filesBefore = storedFiles().length

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        agent
          .post(`/mon-compte/documents/ajouter?_csrf=${encodeURIComponent(token)}`)
          .field('name', `CV_en_même_temps_${n}`)
          .field('type', 'CV')
          .attach('file', PDF, `cv-${n}.pdf`),
      ),
    )

    expect(responses.map((response) => response.status).sort()).toEqual([302, ...Array<number>(9).fill(422)])
    for (const refused of responses.filter((response) => response.status === 422)) expect(decodeHtml(refused.text)).toContain(FILE_MESSAGES.tooMany)
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(MAX_DOCUMENTS_PER_CANDIDATE)
    expect(storedFiles().length).toBe(filesBefore + 1)
  })
})
