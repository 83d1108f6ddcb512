import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { Config } from '../../src/config.ts'
import { configureLogger, formatLogLine, logger } from '../../src/lib/logger.ts'
import { createCandidate, TEST_PASSWORD } from '../factories/index.ts'
import { createTestContext, submitForm, type TestContext } from '../helpers/app.ts'

// One line per request, read from the log's destination: id, method, route, status, duration, user;
// never a password, a form body, a query string, a cookie or a token of a link.

let ctx: TestContext
const lines: string[] = []
const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>)

function appWith(overrides: Partial<Config> = {}) {
  return createApp({ config: { ...ctx.config, ...overrides }, db: ctx.db })
}

beforeAll(async () => {
  ctx = await createTestContext()
  configureLogger({ logLevel: 'info', logFormat: 'json' }, { write: (line: string) => void lines.push(line) })
})
afterAll(async () => {
  configureLogger({ logLevel: 'silent', logFormat: 'json' })
  await ctx.cleanup()
})

describe('the request log', () => {
  it('when a person signs in, then one line per request with its id, route, status, duration and user, and no password', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = request.agent(appWith())
    lines.length = 0
    const response = await submitForm(agent, '/connexion', { email: user.email, password: TEST_PASSWORD })
    expect(response.status).toBe(302)

    const log = entries()
    expect(log.map((entry) => `${entry.method} ${entry.route} ${entry.status}`)).toEqual(['GET /connexion 200', 'POST /connexion 302'])
    const signIn = log[1]
    expect(signIn).toMatchObject({ level: 'info', method: 'POST', route: '/connexion', status: 302, userId: user.id })
    expect(signIn.requestId).toBe(response.headers['x-request-id'])
    expect(signIn.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(log[0].requestId).not.toBe(signIn.requestId)
    expect(typeof signIn.durationMs).toBe('number')
    expect(log[0].userId).toBeUndefined()

    const text = lines.join('')
    expect(text).not.toContain(TEST_PASSWORD)
    expect(text).not.toContain('_csrf')
    expect(text).not.toContain('atouts.sid')
    expect(text).not.toMatch(/cookie/i)
  })

  it('when a link carries a token in its path or a query string, then neither is logged', async () => {
    const app = appWith()
    lines.length = 0
    await request(app).get('/reinitialisation/jeton-secret-1?email=personne%40exemple.fr')
    await request(app).get('/alertes-offres/arreter/jeton-secret-2')
    // no route answers this one: the path itself is logged, its token hidden all the same
    await request(app).get('/activation/jeton-secret-3/autre?q=secret-4')
    const log = entries()
    expect(log.map((entry) => entry.route)).toEqual(['/reinitialisation/:token', '/alertes-offres/arreter/:token', '/activation/:token/autre'])
    expect(log[2].status).toBe(404)
    expect(lines.join('')).not.toMatch(/jeton-secret|secret-4|personne/)
  })

  it('keeps the reverse proxy’s request id only when TRUST_PROXY is set', async () => {
    lines.length = 0
    const direct = await request(appWith()).get('/connexion').set('X-Request-Id', 'proxy-id-1')
    expect(direct.headers['x-request-id']).not.toBe('proxy-id-1')
    const proxied = await request(appWith({ trustProxy: 1 }))
      .get('/connexion')
      .set('X-Request-Id', 'proxy-id-2')
    expect(proxied.headers['x-request-id']).toBe('proxy-id-2')
    const odd = await request(appWith({ trustProxy: 1 }))
      .get('/connexion')
      .set('X-Request-Id', 'a b<c>')
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(entries().map((entry) => entry.requestId)).toEqual([direct.headers['x-request-id'], 'proxy-id-2', odd.headers['x-request-id']])
  })

  it('does not log the load balancer’s health checks', async () => {
    lines.length = 0
    await request(appWith()).get('/sante')
    expect(lines).toEqual([])
  })

  it('writes the modules’ messages to the same log', async () => {
    lines.length = 0
    logger.warn('un avertissement', { detail: 1 })
    expect(entries()).toEqual([expect.objectContaining({ level: 'warn', msg: 'un avertissement', detail: 1 })])
  })
})

describe('the readable form (development)', () => {
  it('puts a request on one line: time, level, method, route, status, duration, then the other fields', () => {
    const line = formatLogLine(
      JSON.stringify({
        level: 'info',
        time: '2026-12-04T09:30:07.123Z',
        pid: 1,
        hostname: 'h',
        requestId: 'abc',
        method: 'GET',
        route: '/offres/:id',
        status: 200,
        durationMs: 1.5,
        userId: 3,
        msg: 'GET /offres/:id 200 1.5 ms',
      }),
    )
    expect(line).toBe('09:30:07 INFO  GET /offres/:id 200 1.5 ms requestId=abc userId=3\n')
  })

  it('prints a stack below its line', () => {
    const line = formatLogLine(
      JSON.stringify({ level: 'error', time: '2026-12-04T09:30:07.123Z', msg: 'unhandled error', path: '/x', error: 'Error: boom\n    at f (a.ts:1:1)' }),
    )
    expect(line).toBe('09:30:07 ERROR unhandled error path=/x\nError: boom\n    at f (a.ts:1:1)\n')
  })
})
