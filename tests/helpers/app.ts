import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Express } from 'express'
import request from 'supertest'
import { createApp } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import type { Db } from '../../src/lib/db.ts'
import { configureLogger } from '../../src/lib/logger.ts'
import { loadSessionUser, type SessionUser } from '../../src/web/auth.ts'
import { TEST_PASSWORD } from '../factories/index.ts'
import { freshDb } from './db.ts'
import { startSmtpServer, type TestSmtpServer } from './smtp.ts'

export type TestContext = { app: Express; db: Db; config: Config; cleanup: () => Promise<void> }

/** createApp() on a fresh database and temporary folders; call cleanup() in afterAll. */
export async function createTestContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const testDb = await freshDb()
  const dir = mkdtempSync(path.join(tmpdir(), 'atouts-files-'))
  const config = loadConfig(
    { NODE_ENV: 'test', DATABASE_URL: testDb.url, BASE_URL: 'http://atouts.test', LOG_TESTS: process.env.LOG_TESTS },
    { uploadDir: path.join(dir, 'uploads'), dataDir: path.join(dir, 'data'), authRateLimit: 1000, ...overrides },
  )
  // silent unless LOG_TESTS is set (then readable lines)
  configureLogger(config)
  const app = createApp({ config, db: testDb.db })
  return {
    app,
    db: testDb.db,
    config,
    cleanup: async () => {
      await testDb.cleanup()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type MailTestContext = TestContext & { smtp: TestSmtpServer }

/**
 * createTestContext() whose emails go to a real SMTP server of its own (the outbox sends there);
 * cleanup() stops both. For a test file: `beforeAll(async () => { ctx = await createMailTestContext() })`.
 */
export async function createMailTestContext(overrides: Partial<Config> = {}): Promise<MailTestContext> {
  const smtp = await startSmtpServer()
  const ctx = await createTestContext({ smtpUrl: smtp.url, ...overrides })
  return {
    ...ctx,
    smtp,
    cleanup: async () => {
      await ctx.cleanup()
      await smtp.stop()
    },
  }
}

export type Agent = ReturnType<typeof request.agent>

/** The CSRF token of the first form on a page (the agent keeps the cookies it is bound to). */
export async function csrfTokenFrom(agent: Agent, page: string): Promise<string> {
  const response = await agent.get(page)
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text)
  if (!match) throw new Error(`no CSRF token on ${page} (status ${response.status})`)
  return match[1]
}

/** Submit a form as a browser would: read the token on `fromPage` (default: the same path), then POST. */
export async function submitForm(agent: Agent, action: string, fields: Record<string, string | string[]>, fromPage = action) {
  const token = await csrfTokenFrom(agent, fromPage)
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: token })
}

/** A signed-in agent for this email (password of the factories unless given). */
export async function signIn(app: Express, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = request.agent(app)
  const response = await submitForm(agent, '/connexion', { email, password })
  if (response.status !== 302) throw new Error(`sign-in failed for ${email}: ${response.status}`)
  return agent
}

/** The signed-in person as the services receive them (the session's user), for tests that call a service. */
export async function actor(ctx: TestContext, userId: number): Promise<SessionUser> {
  const user = await loadSessionUser(ctx.db, userId)
  if (!user) throw new Error(`no active user ${userId}`)
  return user
}

/** The id at the end of a redirect's Location (`/parrainages/12` → 12). */
export const idIn = (location: string | undefined) => Number(/\/(\d+)$/.exec(location ?? '')?.[1])
