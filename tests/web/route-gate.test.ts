import express, { Router, type NextFunction, type Request, type Response } from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { routersByFirstSegment } from '../../src/web/route-gate.ts'

function appWith(routers: Router[]) {
  const app = express()
  app.use(routersByFirstSegment(routers))
  app.use((_req, res) => res.status(404).send('introuvable'))
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => res.status(500).send(error.message))
  return app
}

describe('routersByFirstSegment', () => {
  const first = Router()
  first.get('/referent/candidats/nouveau', (_req, res) => res.send('nouveau'))
  first.get('/referent/passe', (_req, _res, next) => next('router'))
  first.get('/referent/erreur', () => {
    throw new Error('échec')
  })
  const second = Router()
  second.get('/referent/candidats/:id', (req, res) => res.send(`candidat ${req.params.id}`))
  second.get('/referent/passe', (_req, res) => res.send('second'))
  second.get('/', (_req, res) => res.send('accueil'))
  const app = appWith([first, second])

  it('sends a request to the routers of its first segment, in their order, as Express would', async () => {
    expect((await request(app).get('/referent/candidats/nouveau')).text).toBe('nouveau')
    expect((await request(app).get('/referent/candidats/12')).text).toBe('candidat 12')
    expect((await request(app).get('/Referent/Candidats/Nouveau')).text).toBe('nouveau')
    expect((await request(app).get('/')).text).toBe('accueil')
  })

  it('goes on to the next router after next("router"), and to the error handler after an error', async () => {
    expect((await request(app).get('/referent/passe')).text).toBe('second')
    expect((await request(app).get('/referent/erreur')).status).toBe(500)
  })

  it('answers 404 for a path no router has', async () => {
    const response = await request(app).get('/inconnu/page')
    expect(response.status).toBe(404)
    expect(response.text).toBe('introuvable')
  })

  it('sends every request to a router with a route that is not plain text at its start', async () => {
    const catchAll = Router()
    catchAll.get('/:slug', (req, res) => res.send(`page ${req.params.slug}`))
    const withCatchAll = appWith([first, catchAll])
    expect((await request(withCatchAll).get('/autre')).text).toBe('page autre')
    expect((await request(withCatchAll).get('/referent')).text).toBe('page referent')
    expect((await request(withCatchAll).get('/referent/candidats/nouveau')).text).toBe('nouveau')
  })
})
