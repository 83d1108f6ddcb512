import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { createCandidate, createNotification } from '../factories/index.ts'
import { createTestContext, signIn, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const sessionRowsOf = (userId: number) => ctx.db.session.findMany({ where: { userId }, select: { sid: true, data: true, expiresAt: true } })

describe('sessions', () => {
  it('when a signed-in user only reads pages, then their session row is not rewritten', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    // the first page with a form binds its CSRF token to the session: one write
    expect((await agent.get('/tableau-de-bord')).status).toBe(200)
    const [before] = await sessionRowsOf(user.id)
    expect(before).toBeDefined()
    for (const page of ['/tableau-de-bord', '/offres', '/candidatures', '/mon-compte']) expect((await agent.get(page)).status).toBe(200)
    expect(await sessionRowsOf(user.id)).toEqual([before])
  })

  it('when a session is close to its end, then activity pushes its expiry back', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const soon = new Date(Date.now() + 60 * 60 * 1000)
    await ctx.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: soon } })
    expect((await agent.get('/tableau-de-bord')).status).toBe(200)
    const [row] = await sessionRowsOf(user.id)
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 60 * 60 * 1000)
  })

  it('when the server restarts, then a signed-in user stays signed in', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const restarted = request.agent(createApp({ config: ctx.config, db: ctx.db }))
    restarted.jar = agent.jar
    const response = await restarted.get('/tableau-de-bord')
    expect(response.status).toBe(200)
    expect(response.text).toContain(user.firstName)
  })

  it('when the account changes, then the next request sees it: a new name at once, a disabled account signed out', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    await ctx.db.user.update({ where: { id: user.id }, data: { firstName: 'Renommée' } })
    expect((await agent.get('/tableau-de-bord')).text).toContain('Renommée')
    await ctx.db.user.update({ where: { id: user.id }, data: { status: 'DISABLED' } })
    const response = await agent.get('/tableau-de-bord')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/connexion')
  })

  it('when notifications arrive or are read, then the header’s count follows on the next page', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const countIn = (html: string) => /Notifications <span class="nav-badge">(\d+)/.exec(html)?.[1] ?? '0'
    expect(countIn((await agent.get('/tableau-de-bord')).text)).toBe('0')
    await createNotification(ctx.db, { userId: user.id })
    await createNotification(ctx.db, { userId: user.id })
    expect(countIn((await agent.get('/tableau-de-bord')).text)).toBe('2')
    await ctx.db.notification.updateMany({ where: { userId: user.id }, data: { readAt: new Date() } })
    expect(countIn((await agent.get('/tableau-de-bord')).text)).toBe('0')
  })
})
