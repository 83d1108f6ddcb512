// Kept HTML written into pages as bytes (src/web/view-engine.ts, KeptHtml): the page a reader gets is
// the one the same HTML given as text would make, as text/html; written escaped, it is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeptHtml, useViewEngine } from '../../src/web/view-engine.ts'

let views: string
let app: express.Express

const CHOICES = '<option value="1">Chargée d’accueil – Île-de-France</option><option value="2">Développeur·se 🚀</option>'
const CARDS = '<li>Offre « Assistant·e RH » à Besançon</li>'

beforeAll(() => {
  views = mkdtempSync(path.join(tmpdir(), 'atouts-kept-'))
  writeFileSync(
    path.join(views, 'page.ejs'),
    '<p>Bonjour <%= name %> – l’équipe</p><select><%- choices %></select><ul><%- cards %></ul><select><%- choices %></select>',
  )
  writeFileSync(path.join(views, 'escaped.ejs'), '<p><%= choices %></p>')
  app = express()
  useViewEngine(app, false)
  app.set('views', views)
  app.get('/kept', (_req, res) => res.render('page', { layout: false, name: 'Inès', choices: new KeptHtml(CHOICES), cards: new KeptHtml(CARDS) }))
  app.get('/text', (_req, res) => res.render('page', { layout: false, name: 'Inès', choices: CHOICES, cards: CARDS }))
  app.get('/escaped', (_req, res) => res.render('escaped', { layout: false, choices: new KeptHtml(CHOICES) }))
  app.use((_error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).type('text/plain').send('erreur')
  })
})
afterAll(() => rmSync(views, { recursive: true, force: true }))

describe('kept HTML in a page', () => {
  it('when a page holds kept HTML, twice and beside other kept HTML, then it is the page the same HTML as text makes, sent as UTF-8 HTML', async () => {
    const kept = await request(app).get('/kept')
    const text = await request(app).get('/text')
    expect(kept.status).toBe(200)
    expect(kept.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(text.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(kept.text).toBe(text.text)
    expect(kept.text).toBe(`<p>Bonjour Inès – l’équipe</p><select>${CHOICES}</select><ul>${CARDS}</ul><select>${CHOICES}</select>`)
    expect(Number(kept.headers['content-length'])).toBe(Buffer.byteLength(kept.text))
  })

  it('when kept HTML is written escaped (<%= %>), then the page is refused rather than written with its HTML as it is', async () => {
    const response = await request(app).get('/escaped')
    expect(response.status).toBe(500)
    expect(response.text).not.toContain('<option')
  })

  it('outside a page being rendered, kept HTML is its HTML (joined, compared, written into other kept HTML)', () => {
    const choices = new KeptHtml(CHOICES)
    expect(String(choices)).toBe(CHOICES)
    expect([choices, new KeptHtml(CARDS)].join('\n')).toBe(`${CHOICES}\n${CARDS}`)
    expect(choices.bytes.toString('utf8')).toBe(CHOICES)
  })
})
