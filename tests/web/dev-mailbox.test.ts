import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import path from 'node:path'
import type { Request } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { isFromThisMachine } from '../../src/web/local-request.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

// "/dev/courriels" shows every email, reset links included: only to a browser on the machine itself.

let ctx: TestContext
let config: TestContext['config']
const MAIL = '2026-11-28T10-00-00-000Z-abcd1234.eml'

beforeAll(async () => {
  ctx = await createTestContext()
  config = { ...ctx.config, env: 'development' as const, smtpUrl: undefined, trustProxy: 1 }
  const mails = path.join(config.dataDir, 'mails')
  mkdirSync(mails, { recursive: true })
  writeFileSync(
    path.join(mails, MAIL),
    'From: Atouts <a@atouts.local>\r\nTo: camille@exemple.fr\r\nSubject: Choisir un nouveau mot de passe\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOuvrez http://localhost:3000/reinitialisation/secret-token\r\n',
  )
})
afterAll(async () => ctx.cleanup())

/** A request as Express sees it: the socket's address, its headers, and what req.ip says (trust proxy). */
const fakeRequest = (remoteAddress: string | undefined, headers: Record<string, string> = {}, ip = remoteAddress) =>
  ({ socket: { remoteAddress }, headers, ip }) as unknown as Request

describe('who may read the development mailbox', () => {
  it.each(['127.0.0.1', '127.12.0.3', '::1', '::ffff:127.0.0.1'])('a request whose socket comes from %s is from this machine', (address) => {
    expect(isFromThisMachine(fakeRequest(address))).toBe(true)
  })

  it.each(['192.0.2.10', '::ffff:192.0.2.10', 'fd00::2', '10.0.0.1', '0.0.0.0', '::'])('a request from %s is not', (address) => {
    expect(isFromThisMachine(fakeRequest(address))).toBe(false)
  })

  it('a request without a socket address is not', () => {
    expect(isFromThisMachine(fakeRequest(undefined))).toBe(false)
  })

  it('a remote request claiming 127.0.0.1 in X-Forwarded-For (req.ip trusting it) is not', () => {
    expect(isFromThisMachine(fakeRequest('203.0.113.9', { 'x-forwarded-for': '127.0.0.1' }, '127.0.0.1'))).toBe(false)
  })

  it('a request that came through a proxy on this machine (X-Forwarded-For or Forwarded) is not', () => {
    expect(isFromThisMachine(fakeRequest('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, '203.0.113.9'))).toBe(false)
    expect(isFromThisMachine(fakeRequest('127.0.0.1', { forwarded: 'for=203.0.113.9' }))).toBe(false)
  })
})

describe('/dev/courriels over HTTP', () => {
  it('when a browser on this machine opens it, then it lists the emails and says it is served to this machine only', async () => {
    const app = createApp({ config, db: ctx.db })
    const list = await request(app).get('/dev/courriels')
    expect(list.status).toBe(200)
    const html = decodeHtml(list.text)
    expect(html).toContain('Choisir un nouveau mot de passe')
    expect(html).toContain('Cette page n’est servie qu’aux navigateurs de la machine qui fait tourner la plateforme')
    expect(html).toContain('href="/dev/courriels"')
    const mail = await request(app).get(`/dev/courriels/${MAIL}`)
    expect(mail.status).toBe(200)
    expect(mail.text).toContain('secret-token')
  })

  it('when the request comes from this machine through a proxy (X-Forwarded-For), then it is refused', async () => {
    const app = createApp({ config, db: ctx.db })
    const response = await request(app).get('/dev/courriels').set('X-Forwarded-For', '203.0.113.9')
    expect(response.status).toBe(403)
    expect(response.text).not.toContain('Choisir un nouveau mot de passe')
  })

  // another address of this machine (not loopback): the socket's remote address is that address
  const otherAddress = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address

  describe.skipIf(!otherAddress)(`from another address (${otherAddress ?? 'none on this machine'})`, () => {
    let server: Server
    let base: string
    beforeAll(async () => {
      server = createServer(createApp({ config, db: ctx.db }))
      await new Promise<void>((resolve) => server.listen(0, otherAddress, resolve))
      base = `http://${otherAddress}:${(server.address() as AddressInfo).port}`
    })
    afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())))

    it('when a browser elsewhere opens the mailbox or an email, even claiming 127.0.0.1, then 403 with a French page and no email shown', async () => {
      for (const page of ['/dev/courriels', `/dev/courriels/${MAIL}`]) {
        const response = await request(base).get(page).set('X-Forwarded-For', '127.0.0.1')
        expect(response.status, page).toBe(403)
        const html = decodeHtml(response.text)
        expect(html).toContain('<h1>Accès refusé</h1>')
        expect(html).toContain('Les courriels envoyés en développement ne se consultent que depuis la machine qui fait tourner la plateforme')
        expect(html).not.toContain('Choisir un nouveau mot de passe')
        expect(html).not.toContain('secret-token')
      }
    })

    it('when a browser elsewhere opens a page, then the footer has no link to the mailbox', async () => {
      const response = await request(base).get('/connexion')
      expect(response.status).toBe(200)
      expect(response.text).not.toContain('href="/dev/courriels"')
    })
  })
})
