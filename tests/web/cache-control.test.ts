import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createApplication } from '../factories/index.ts'
import { createTestContext, signIn, type Agent, type TestContext } from '../helpers/app.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'

// Signed-in pages hold personal and health data (RQTH, aménagements): no browser or proxy keeps them.

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

async function expectNoStore(agent: Agent, paths: string[]) {
  for (const path of paths) {
    const response = await agent.get(path)
    expect(response.status, path).toBeLessThan(500)
    expect(response.headers['cache-control'], path).toMatch(/(^|[ ,])no-store([ ,]|$)/)
  }
}

describe('Cache-Control', () => {
  it('when a person is signed in, then every page they get, redirects and error pages included, says no-store', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      documentIds: [world.cv.id],
    })
    const { user: admin } = await createAdmin(ctx.db)

    await expectNoStore(await signIn(ctx.app, world.candidate.user.email), [
      '/tableau-de-bord',
      '/mon-compte/informations',
      '/candidatures',
      `/candidatures/${application.id}`,
      '/',
      '/accessibilite',
      '/nulle-part',
    ])
    await expectNoStore(await signIn(ctx.app, world.referent.user.email), [
      '/tableau-de-bord',
      `/referent/candidats/${world.candidate.candidate.id}`,
      `/referent/candidatures/${application.id}`,
      '/referent/inscriptions',
    ])
    await expectNoStore(await signIn(ctx.app, world.recruiter.user.email), ['/tableau-de-bord', `/recruteur/candidatures/${application.id}`])
    await expectNoStore(await signIn(ctx.app, admin.email), ['/tableau-de-bord', '/admin/utilisateurs'])
  })

  it('when nobody is signed in, then the public pages and the static files keep their own caching', async () => {
    for (const path of ['/', '/accessibilite', '/mentions-legales', '/connexion', '/inscription']) {
      const response = await request(ctx.app).get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers['cache-control'], path).toBeUndefined()
    }
    const css = await request(ctx.app).get('/css/main.css')
    expect(css.headers['cache-control']).toBe('public, max-age=0')
  })

  it('when a signed-in person loads a static file, then it keeps its own caching too', async () => {
    const world = await createApplicationsWorld(ctx)
    const agent = await signIn(ctx.app, world.candidate.user.email)
    expect((await agent.get('/css/main.css')).headers['cache-control']).toBe('public, max-age=0')
  })
})
