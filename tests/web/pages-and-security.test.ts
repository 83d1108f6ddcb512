import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { createCandidate } from '../factories/index.ts'
import { createTestContext, signIn, type TestContext } from '../helpers/app.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

describe('public pages', () => {
  it.each([
    ['/', 'Accueil'],
    ['/accessibilite', 'Déclaration d’accessibilité'],
    ['/mentions-legales', 'Mentions légales'],
    ['/donnees-personnelles', 'Données personnelles'],
  ])('%s is in French with its own title, a skip link, the footer links and one h1', async (url, title) => {
    const response = await request(ctx.app).get(url)
    expect(response.status).toBe(200)
    expect(response.text).toContain('<html lang="fr">')
    expect(response.text).toContain(`<title>${title} – Atouts pour tous</title>`)
    expect(response.text).toContain('<a class="skip-link" href="#contenu">Aller au contenu</a>')
    expect(response.text.match(/<h1[ >]/g)).toHaveLength(1)
    for (const link of ['/accessibilite', '/mentions-legales', '/donnees-personnelles']) expect(response.text).toContain(`href="${link}"`)
  })

  it('when a signed-in user opens /, then they go to their dashboard', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    expect((await agent.get('/')).headers.location).toBe('/tableau-de-bord')
  })
})

describe('error pages', () => {
  it('when a page does not exist, then a French 404 page is shown', async () => {
    const response = await request(ctx.app).get('/nulle-part')
    expect(response.status).toBe(404)
    expect(response.text).toContain('<h1>Page introuvable</h1>')
  })

  it('when a role opens another role’s page, then a French 403 page is shown', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await agent.get('/referent/inscriptions')
    expect(response.status).toBe(403)
    expect(response.text).toContain('<h1>Accès refusé</h1>')
  })

  it('when something breaks, then a French 500 page is shown without any stack trace', async () => {
    const brokenDb = new Proxy(ctx.db, {
      get(target, property) {
        if (property === 'document') throw new Error('database exploded at /secret/path.ts:12')
        return Reflect.get(target, property)
      },
    })
    const app = createApp({ config: ctx.config, db: brokenDb })
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(app, user.email)
    const response = await agent.get('/mon-compte/documents')
    expect(response.status).toBe(500)
    expect(response.text).toContain('<h1>Erreur du serveur</h1>')
    expect(response.text).not.toContain('exploded')
    expect(response.text).not.toContain('.ts:')
  })

  it('when a request body is malformed, then a French 400 page is shown, not a stack trace', async () => {
    const response = await request(ctx.app).post('/connexion').set('Content-Type', 'application/x-www-form-urlencoded').send('a=%E0%A4%A')
    expect([400, 403]).toContain(response.status)
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/)
  })
})

describe('security headers', () => {
  it('every page has a strict CSP without inline scripts, no framing and no sniffing', async () => {
    const response = await request(ctx.app).get('/connexion')
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['x-powered-by']).toBeUndefined()
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(response.text).not.toMatch(/\sstyle="/)
  })
})

describe('configuration', () => {
  it('when production lacks SESSION_SECRET, BASE_URL or SMTP_URL, then the app refuses to start with a clear message', () => {
    const production = { NODE_ENV: 'production', BASE_URL: 'https://atouts.example', SMTP_URL: 'smtp://mail.example:587', SESSION_SECRET: 'x'.repeat(40) }
    expect(() => loadConfig(production)).not.toThrow()
    expect(() => loadConfig({ ...production, SESSION_SECRET: undefined })).toThrow(/SESSION_SECRET est obligatoire/)
    expect(() => loadConfig({ ...production, BASE_URL: undefined })).toThrow(/BASE_URL est obligatoire/)
    expect(() => loadConfig({ ...production, SMTP_URL: undefined })).toThrow(ConfigError)
    expect(() => loadConfig({ ...production, PORT: 'quatre' })).toThrow(/PORT/)
  })

  it('when SESSION_SECRET is absent in development, then one is generated once and kept in the data folder', () => {
    const dataDir = path.join(ctx.config.dataDir, 'secret-test')
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir })
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir })
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32)
    expect(second.sessionSecret).toBe(first.sessionSecret)
  })

  it('production cookies are Secure', async () => {
    const config = { ...ctx.config, isProduction: true }
    const app = createApp({ config, db: ctx.db })
    const response = await request(app).get('/connexion').set('X-Forwarded-Proto', 'https')
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? [])
    expect(cookies.length).toBeGreaterThan(0)
    for (const cookie of cookies) expect(cookie).toContain('Secure')
  })
})

describe('development mailbox', () => {
  it('lists the .eml files in development without SMTP, and refuses other file names', async () => {
    const config = { ...ctx.config, env: 'development' as const, smtpUrl: undefined }
    const mails = path.join(config.dataDir, 'mails')
    mkdirSync(mails, { recursive: true })
    writeFileSync(
      path.join(mails, '2026-11-28T10-00-00-000Z-abcd1234.eml'),
      'From: Atouts <a@atouts.local>\r\nTo: camille@exemple.fr\r\nSubject: Bienvenue\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOuvrez http://localhost:3000/activation/abc\r\n',
    )
    const app = createApp({ config, db: ctx.db })
    const list = await request(app).get('/dev/courriels')
    expect(list.status).toBe(200)
    expect(list.text).toContain('Bienvenue')
    const mail = await request(app).get('/dev/courriels/2026-11-28T10-00-00-000Z-abcd1234.eml')
    expect(mail.text).toContain('href="http://localhost:3000/activation/abc"')
    expect((await request(app).get('/dev/courriels/..%2F..%2Fsession-secret')).status).toBe(404)
    expect((await request(ctx.app).get('/dev/courriels')).status).toBe(404)
  })
})
