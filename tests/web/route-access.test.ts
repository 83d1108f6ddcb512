import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../src/lib/db.ts'
import { createAdmin, createCandidate, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, type Agent, type TestContext } from '../helpers/app.ts'

/**
 * Every route of the app, from every wrong role. The list of routes is read from the app itself, so a
 * new route that is not classified below makes this test fail until someone says who may use it.
 */
type Access = 'public' | 'signed-in' | Role[]

const PUBLIC = new Set([
  'GET /',
  'GET /accessibilite',
  'GET /mentions-legales',
  'GET /donnees-personnelles',
  'GET /connexion',
  'POST /connexion',
  'POST /deconnexion',
  'GET /mot-de-passe-oublie',
  'POST /mot-de-passe-oublie',
  'GET /activation/:token',
  'POST /activation/nouveau-lien',
  'POST /activation/:token',
  'GET /reinitialisation/:token',
  'POST /reinitialisation/:token',
  'GET /inscription',
  'POST /inscription',
  'GET /inscription/en-attente',
  // « Code de vérification » after the password: not signed in yet (without a right password first, back to /connexion)
  'GET /connexion/verification',
  'POST /connexion/verification',
  // « Paramètres d’affichage »: for everyone, signed in (saved on the account) or not (a cookie)
  'GET /parametres-affichage',
  'POST /parametres-affichage',
  // the stop link of a job alert e-mail: a signed token, no sign-in (RFC 8058)
  'GET /alertes-offres/arreter/:token',
  'POST /alertes-offres/arreter/:token',
  // the load balancer's health checks (src/web/health.ts)
  'GET /sante',
  'GET /sante/pret',
])

const SIGNED_IN_PREFIXES = ['/tableau-de-bord', '/notifications', '/mon-compte/alertes', '/mon-compte/double-authentification', '/actualites']
const SIGNED_IN_EXACT = new Set(['/mon-compte', '/mon-compte/mot-de-passe', '/mon-compte/deconnexion-partout'])

function accessOf(method: string, path: string): Access {
  if (PUBLIC.has(`${method} ${path}`)) return 'public'
  if (SIGNED_IN_EXACT.has(path) || SIGNED_IN_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return 'signed-in'
  if (path.startsWith('/referent/')) return ['REFERENT']
  if (path.startsWith('/recruteur/')) return ['RECRUITER']
  if (path.startsWith('/admin/')) return ['ADMIN']
  // SPEC §9: référents see the offers of their convention's partners; applying stays the candidate's
  if (/^\/offres(\/:id)?$/.test(path)) return ['CANDIDATE', 'REFERENT']
  if (
    /^\/(offres|employeurs|candidatures|parrainages|rendez-vous|mon-compte\/informations|mon-compte\/documents|mon-compte\/donnees|mon-compte\/recherches)(\/|$)/.test(
      path,
    )
  )
    return ['CANDIDATE']
  throw new Error(`route not classified in route-access.test.ts: ${method} ${path}`)
}

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }
function routesOf(stack: Layer[]): { method: string; path: string }[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path }))
    return layer.handle?.stack ? routesOf(layer.handle.stack) : []
  })
}

const ROLES: Role[] = ['CANDIDATE', 'REFERENT', 'RECRUITER', 'ADMIN']
let ctx: TestContext
const agents = {} as Record<Role, { agent: Agent; token: string }>

beforeAll(async () => {
  ctx = await createTestContext()
  const users = {
    CANDIDATE: (await createCandidate(ctx.db)).user,
    REFERENT: (await createReferent(ctx.db)).user,
    RECRUITER: (await createRecruiter(ctx.db)).user,
    ADMIN: (await createAdmin(ctx.db)).user,
  }
  for (const role of ROLES) {
    const agent = await signIn(ctx.app, users[role].email)
    agents[role] = { agent, token: await csrfTokenFrom(agent, '/tableau-de-bord') }
  }
})
afterAll(async () => ctx.cleanup())

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '1')

describe('route access', () => {
  it('every route is classified, and a role outside it gets 403 (GET and POST, with a valid CSRF token)', async () => {
    const routes = routesOf((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack)
    expect(routes.length).toBeGreaterThan(50)
    const failures: string[] = []
    for (const { method, path } of routes) {
      const access = accessOf(method, path)
      if (access === 'public' || access === 'signed-in') continue
      for (const role of ROLES.filter((candidate) => !access.includes(candidate))) {
        const { agent, token } = agents[role]
        const response = method === 'GET' ? await agent.get(concrete(path)) : await agent.post(concrete(path)).type('form').send({ _csrf: token })
        if (response.status !== 403 || response.text.includes('Le formulaire a expiré')) failures.push(`${role} ${method} ${path} → ${response.status}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('a signed-out visitor is sent to the sign-in page for every private GET, and refused every private POST', async () => {
    const routes = routesOf((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack)
    const failures: string[] = []
    for (const { method, path } of routes) {
      if (accessOf(method, path) === 'public') continue
      const visitor = request.agent(ctx.app)
      if (method === 'GET') {
        const response = await visitor.get(concrete(path))
        if (response.status !== 302 || response.headers.location !== '/connexion') failures.push(`GET ${path} → ${response.status}`)
      } else {
        const token = await csrfTokenFrom(visitor, '/connexion')
        const response = await visitor.post(concrete(path)).type('form').send({ _csrf: token })
        if (response.status !== 403) failures.push(`POST ${path} → ${response.status}`)
      }
    }
    expect(failures).toEqual([])
  })
})
