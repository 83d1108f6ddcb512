import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { logger } from '../../src/lib/logger.ts'
import { createCandidate } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

// A body that the parser refuses fails before the session is read: the French error page all the
// same (HTML, the right status), and one warning line in the log, never an error with a stack.

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())
afterEach(() => {
  vi.restoreAllMocks()
})

function watchLog() {
  return { warn: vi.spyOn(logger, 'warn'), error: vi.spyOn(logger, 'error') }
}

const form = () => request(ctx.app).post('/connexion').set('Content-Type', 'application/x-www-form-urlencoded')

function expectFrenchErrorPage(response: request.Response, title: string, message: RegExp) {
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
  const html = decodeHtml(response.text)
  expect(html).toContain('<html lang="fr">')
  expect(html).toContain(`<title>${title} – Atouts pour tous</title>`)
  expect(html).toContain(`<h1>${title}</h1>`)
  expect(html).toMatch(message)
  expect(html).toContain('<a href="/">Revenir à l’accueil</a>')
  expect(html).not.toMatch(/at .*\.(ts|js):\d+/)
}

describe('requests refused before the session', () => {
  it('when a form body is 1 MB, then 413 with the French page and one warning line', async () => {
    const log = watchLog()
    const response = await form().send(`email=a%40b.fr&password=${'x'.repeat(1024 * 1024)}`)
    expect(response.status).toBe(413)
    expectFrenchErrorPage(response, 'Demande trop volumineuse', /Le formulaire envoyé est trop volumineux/)
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.warn).toHaveBeenCalledWith('request refused', expect.objectContaining({ path: '/connexion', status: 413, reason: 'entity.too.large' }))
    expect(log.error).not.toHaveBeenCalled()
  })

  it('when a form has more than 200 fields, then 400 with the French page and one warning line', async () => {
    const log = watchLog()
    const response = await form().send(Array.from({ length: 201 }, (_, i) => `champ${i}=1`).join('&'))
    expect(response.status).toBe(400)
    expectFrenchErrorPage(response, 'Demande incorrecte', /Le formulaire envoyé contient trop de champs/)
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.warn).toHaveBeenCalledWith('request refused', expect.objectContaining({ status: 400, reason: 'parameters.too.many' }))
    expect(log.error).not.toHaveBeenCalled()
  })

  it('when a form is sent as UTF-16, then 415 with the French page and one warning line', async () => {
    const log = watchLog()
    const response = await request(ctx.app)
      .post('/inscription')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-16')
      .send(Buffer.from('lastName=Durand', 'utf16le'))
    expect(response.status).toBe(415)
    expectFrenchErrorPage(response, 'Demande incorrecte', /Le formulaire a été envoyé dans un format que le site ne lit pas/)
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.warn).toHaveBeenCalledWith('request refused', expect.objectContaining({ status: 415, reason: 'charset.unsupported' }))
    expect(log.error).not.toHaveBeenCalled()
  })

  it('when a signed-in person sends a body too large, then the same page, and they are still signed in afterwards', async () => {
    const { user } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const token = await csrfTokenFrom(agent, '/mon-compte/informations')
    const log = watchLog()
    const response = await agent
      .post('/mon-compte/informations')
      .type('form')
      .send(`_csrf=${token}&professionalProject=${'x'.repeat(200 * 1024)}`)
    expect(response.status).toBe(413)
    expectFrenchErrorPage(response, 'Demande trop volumineuse', /Raccourcissez les textes saisis/)
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.error).not.toHaveBeenCalled()
    expect((await agent.get('/mon-compte/informations')).status).toBe(200)
  })
})
