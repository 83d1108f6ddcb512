import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createCandidate, createConvention, createDocument, createEstablishment, createReferent } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, submitForm, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'
import { submitSignUp } from '../helpers/sign-up.ts'
import { ZInviteUserForm } from '../../src/modules/admin/schemas.ts'
import { ZInviteColleagueForm } from '../../src/modules/employers/schemas.ts'
import { ZAcceptForm } from '../../src/modules/sponsorships/schemas.ts'
import { parseForm } from '../../src/lib/forms.ts'
import { cleanInput } from '../../src/lib/text.ts'
import { parseQueryString } from '../../src/web/input.ts'
import { PDF } from '../documents/samples.ts'

// Every text input is cleaned in one place (src/web/input.ts): NUL and other control characters are
// removed before any handler sees them; direction overrides are refused in names of people and documents.

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

let sequence = 0
const RLO = '\u202e'

async function openEstablishment() {
  const convention = await createConvention(ctx.db, { name: `Convention nettoyage ${++sequence}` })
  return createEstablishment(ctx.db, { conventionId: convention.id, name: `Université nettoyage ${sequence}` })
}

const PROFILE = '/mon-compte/informations'
const profileFields = (email: string, changes: Record<string, string>) => ({
  civility: 'Mme',
  lastName: 'Martin',
  firstName: 'Camille',
  email,
  phone: '',
  address: '',
  postalCode: '',
  city: '',
  professionalProject: '',
  accommodations: '',
  ...changes,
})

describe('cleanInput', () => {
  it('cleans strings in arrays, nested objects and keys, and a "__proto__" field stays a field', () => {
    const body = JSON.parse('{"a\\u0000b": ["x\\u0001y", "z"], "n": {"m": "\\u007fv"}, "__proto__": {"polluted": "oui"}}') as Record<string, unknown>
    const cleaned = cleanInput(body) as Record<string, unknown>
    expect(cleaned.ab).toEqual(['xy', 'z'])
    expect(cleaned.n).toEqual({ m: 'v' })
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype)
    expect(Object.hasOwn(cleaned, '__proto__')).toBe(true)
    expect((cleaned as { polluted?: string }).polluted).toBeUndefined()
  })

  it('keeps passwords exactly as typed: they are only hashed', () => {
    expect(cleanInput({ password: 'mot\tde\u0001passe', currentPassword: 'a\tb', name: 'a\tb' })).toEqual({
      password: 'mot\tde\u0001passe',
      currentPassword: 'a\tb',
      name: 'a b',
    })
  })

  it('parses a query string as Express does, cleaned', () => {
    const query = parseQueryString('q=abc%00def&statut=A&statut=B%1B&vide=')
    expect({ ...query }).toEqual({ q: 'abcdef', statut: ['A', 'B'], vide: '' })
  })
})

describe('NUL bytes and control characters', () => {
  it('when a visitor signs up with a NUL byte and control characters in their name, then the account is created with the name cleaned', async () => {
    const establishment = await openEstablishment()
    const email = `nul${++sequence}@exemple.fr`
    const agent = request.agent(ctx.app)
    const response = await submitSignUp(agent, {
      lastName: 'Du\u0000rand\u0007',
      firstName: '\u001bÉlo\u0000ïse',
      email,
      establishmentId: String(establishment.id),
    })
    expect(response.status).toBe(302)
    const user = await ctx.db.user.findUniqueOrThrow({ where: { email } })
    expect(user.lastName).toBe('Durand')
    expect(user.firstName).toBe('Éloïse')
  })

  it('when a candidate saves a multi-line field with control characters, then they are removed, line breaks kept and tabs become spaces', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const response = await submitForm(
      agent,
      PROFILE,
      profileFields(user.email, { professionalProject: 'Ligne\u0000 un\u0008\r\nLigne\tdeux\u007f\u0085', city: 'Tou\u0000louse' }),
    )
    expect(response.status).toBe(302)
    const saved = await ctx.db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })
    expect(saved.professionalProject).toBe('Ligne un\r\nLigne deux')
    expect(saved.city).toBe('Toulouse')
  })

  it.each([
    ['the référent’s candidates', 'REFERENT', '/referent/candidats?q=abc%00def'],
    ['the administrator’s users', 'ADMIN', '/admin/utilisateurs?q=abc%00def'],
    ['the administrator’s employers', 'ADMIN', '/admin/employeurs?q=abc%00def'],
    ['the administrator’s conventions', 'ADMIN', '/admin/conventions?q=abc%00def'],
    ['the administrator’s établissements', 'ADMIN', '/admin/etablissements?q=abc%00def'],
    ['the offers', 'CANDIDATE', '/offres?motscles=abc%00def'],
    ['the employers', 'CANDIDATE', '/employeurs?q=abc%00def'],
  ])('when a search of %s holds a NUL byte, then the page answers normally with the search cleaned', async (_label, role, path) => {
    const user =
      role === 'REFERENT' ? (await createReferent(ctx.db)).user : role === 'ADMIN' ? (await createAdmin(ctx.db)).user : (await createCandidate(ctx.db)).user
    const agent = await signIn(ctx.app, user.email)
    // the offers' search redirects to its short address first
    const response = await agent.get(path).redirects(1)
    expect(response.status).toBe(200)
    expect(response.text).not.toContain('\u0000')
  })

  it('when an upload’s fields and file name hold control characters, then the document is added and its recorded name is cleaned', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const token = await csrfTokenFrom(agent, '/mon-compte/documents/ajouter')
    const response = await agent
      .post(`/mon-compte/documents/ajouter?_csrf=${encodeURIComponent(token)}`)
      .field('name', 'CV_Martin\u0000_Comptable')
      .field('type', 'CV')
      .attach('file', PDF, 'mon\u0085cv.pdf')
    expect(response.status).toBe(302)
    const document = await ctx.db.document.findFirstOrThrow({ where: { candidateId: candidate.id } })
    expect(document.name).toBe('CV_Martin_Comptable')
    expect(document.originalName).toBe('moncv.pdf')
  })
})

describe('direction overrides (U+202E and the like) in names', () => {
  it('when a visitor signs up with a right-to-left override in their first name, then 422 with a French message next to the field, and no account', async () => {
    const establishment = await openEstablishment()
    const email = `rlo${++sequence}@exemple.fr`
    const response = await submitSignUp(request.agent(ctx.app), {
      lastName: 'Durand',
      firstName: `Élo${RLO}esï`,
      email,
      establishmentId: String(establishment.id),
    })
    expect(response.status).toBe(422)
    const html = decodeHtml(response.text)
    expect(html).toMatch(
      /id="field-firstName-error"><span class="visually-hidden">Erreur : <\/span>Le prénom contient un caractère invisible qui inverse le sens de lecture/,
    )
    expect(html).toContain('href="#field-firstName"')
    expect(await ctx.db.user.count({ where: { email } })).toBe(0)
  })

  it.each(['202A', '202B', '202C', '202D', '2066', '2067', '2068', '2069'])(
    'when a candidate’s last name holds U+%s, then "Modifier mes informations" refuses it and keeps the old name',
    async (code) => {
      const character = String.fromCodePoint(Number.parseInt(code, 16))
      const { user } = await createCandidate(ctx.db, { lastName: 'Martin' })
      const agent = await signIn(ctx.app, user.email)
      const response = await submitForm(agent, PROFILE, profileFields(user.email, { lastName: `Mar${character}tin` }))
      expect(response.status).toBe(422)
      expect(decodeHtml(response.text)).toMatch(/id="field-lastName-error">.*Le nom contient un caractère invisible/)
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).lastName).toBe('Martin')
    },
  )

  it('when a référent creates a candidate whose name holds an override, then it is refused next to the field', async () => {
    const { user } = await createReferent(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const email = `rlo-ref${++sequence}@exemple.fr`
    const response = await submitForm(agent, '/referent/candidats/nouveau', { lastName: `Exe${RLO}fdp.`, firstName: 'Lucas', email })
    expect(response.status).toBe(422)
    expect(decodeHtml(response.text)).toMatch(/id="field-lastName-error">.*Le nom contient un caractère invisible/)
    expect(await ctx.db.user.count({ where: { email } })).toBe(0)
  })

  it('when a candidate names or renames a document with an override, then it is refused next to "Nom du document"', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const token = await csrfTokenFrom(agent, '/mon-compte/documents/ajouter')
    const added = await agent
      .post(`/mon-compte/documents/ajouter?_csrf=${encodeURIComponent(token)}`)
      .field('name', `CV${RLO}fdp.exe`)
      .field('type', 'CV')
      .attach('file', PDF, 'cv.pdf')
    expect(added.status).toBe(422)
    expect(decodeHtml(added.text)).toMatch(/id="field-name-error">.*Le nom du document contient un caractère invisible/)
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(0)

    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, name: 'CV_Martin' })
    const renamed = await submitForm(agent, `/mon-compte/documents/${document.id}/renommer`, { name: `CV${RLO}fdp.exe` })
    expect(renamed.status).toBe(422)
    expect(decodeHtml(renamed.text)).toMatch(/id="field-name-error">.*Le nom du document contient un caractère invisible/)
    expect((await ctx.db.document.findUniqueOrThrow({ where: { id: document.id } })).name).toBe('CV_Martin')
  })

  it('when a free-text message holds right-to-left text (Arabic, Hebrew), then it is kept as written', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    const project = 'Je parle arabe : \u0645\u0631\u062d\u0628\u0627'
    const response = await submitForm(agent, PROFILE, profileFields(user.email, { professionalProject: project }))
    expect(response.status).toBe(302)
    expect((await ctx.db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).professionalProject).toBe(project)
  })

  it.each([
    [
      '"Inviter un utilisateur"',
      ZInviteUserForm,
      { firstName: `Ad${RLO}min`, lastName: 'Benali', email: 'a@exemple.fr', role: 'ADMIN' },
      'firstName',
      'Le prénom',
    ],
    ['"Inviter un collègue"', ZInviteColleagueForm, { firstName: 'Julien', lastName: `Ro${RLO}ux`, email: 'j@exemple.fr' }, 'lastName', 'Le nom'],
    [
      '"Accepter" a parrainage',
      ZAcceptForm,
      { mentorName: `Marie${RLO} Curie`, mentorContact: 'marie@exemple.fr' },
      'mentorName',
      'Le nom du parrain ou de la marraine',
    ],
  ])('the other forms naming a person refuse an override too: %s', (_form, schema, fields, field, subject) => {
    const result = parseForm(schema, fields)
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.errors[field]).toMatch(new RegExp(`^${subject} contient un caractère invisible`))
  })
})
