// The employer's logo (SPEC §2 "logo optional"): uploaded on "Page employeur" by its recruiters or an
// administrator, checked by its content (PNG or JPEG, 1 MB at most), shown to the candidates of its
// partner conventions on the company page and in "Employeurs" — and to nobody else.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_LOGO_SIZE } from '../../src/modules/employers/service.ts'
import { createAdmin, createCandidate, createConvention, createEmployer, createEstablishment, createRecruiter, createReferent } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { ELF, JPEG, PDF, WINDOWS_EXE } from '../documents/samples.ts'

/** A real 1×1 PNG (one opaque blue pixel): signature, IHDR, IDAT, IEND, each chunk with its CRC. */
function onePixelPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])))
    return Buffer.concat([length, Buffer.from(type), data, crc])
  }
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]) // 1×1, 8 bits, RGB
  const pixels = deflateSync(Buffer.from([0, 0x1f, 0x4e, 0x9b])) // filter byte, then R G B
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
const PNG = onePixelPng()

let ctx: TestContext
let convention: { id: number }
let partner: { id: number; name: string }
let ownEmployer: { id: number; name: string }
let nonPartner: { id: number; name: string }
let recruiter: Agent
let otherRecruiter: Agent
let admin: Agent
let adminId: number
let recruiterId: number
let candidate: Agent
let otherConventionCandidate: Agent
let referent: Agent

beforeAll(async () => {
  ctx = await createTestContext()
  convention = await createConvention(ctx.db)
  const otherConvention = await createConvention(ctx.db)
  partner = await createEmployer(ctx.db, { name: 'Garonne Numérique', partnerOf: [convention.id] })
  ownEmployer = await createEmployer(ctx.db, { name: 'AéroComposites Sud', partnerOf: [otherConvention.id] })
  nonPartner = await createEmployer(ctx.db, { name: 'Estuaire Conseil' })
  const recruiterUser = (await createRecruiter(ctx.db, { employerId: partner.id })).user
  recruiterId = recruiterUser.id
  recruiter = await signIn(ctx.app, recruiterUser.email)
  otherRecruiter = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: ownEmployer.id })).user.email)
  const adminUser = (await createAdmin(ctx.db)).user
  adminId = adminUser.id
  admin = await signIn(ctx.app, adminUser.email)
  candidate = await signIn(
    ctx.app,
    (await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: convention.id })).id })).user.email,
  )
  otherConventionCandidate = await signIn(
    ctx.app,
    (await createCandidate(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: otherConvention.id })).id })).user.email,
  )
  referent = await signIn(
    ctx.app,
    (await createReferent(ctx.db, { establishmentId: (await createEstablishment(ctx.db, { conventionId: convention.id })).id })).user.email,
  )
})
afterAll(async () => ctx.cleanup())

const storedFiles = () => (existsSync(ctx.config.uploadDir) ? readdirSync(ctx.config.uploadDir).sort() : [])
const logoPathOf = async (employerId: number) => (await ctx.db.employer.findUniqueOrThrow({ where: { id: employerId } })).logoPath
const auditRows = (action: string, employerId: number) =>
  ctx.db.auditLog.findMany({ where: { action, targetType: 'Employer', targetId: String(employerId) }, orderBy: { id: 'asc' } })

/** The "Logo" form's action, as the page gives it (the CSRF token in its query string). */
async function logoAction(agent: Agent, pagePath: string): Promise<string> {
  const page = await agent.get(pagePath)
  const match = /<form method="post" action="([^"]+\/logo\?_csrf=[^"]+)" enctype="multipart\/form-data"/.exec(page.text)
  if (!match) throw new Error(`no logo form on ${pagePath} (status ${page.status})`)
  return match[1].replaceAll('&amp;', '&')
}

/** "Enregistrer le logo" as the browser sends it: multipart, to the action of the page's form. */
async function uploadLogo(agent: Agent, pagePath: string, file: { content: Buffer; filename: string } | null, options: { withToken?: boolean } = {}) {
  const action = await logoAction(agent, pagePath)
  let post = agent.post(options.withToken === false ? action.replace(/\?.*$/, '') : action)
  post = file ? post.attach('logo', file.content, file.filename) : post.field('nothing', '')
  return post
}

/** An image response, with its bytes. */
function getImage(agent: Agent | ReturnType<typeof request>, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => done(null, Buffer.concat(chunks)))
    })
}

describe('"Logo" on "Page employeur" (recruiter)', () => {
  it('shows a separate multipart form with the field, its hint and the button; the page form stays urlencoded', async () => {
    const page = await recruiter.get('/recruteur/employeur')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<form method="post" action="/recruteur/employeur" class="stack" novalidate>')
    expect(page.text).toContain('<h2 id="logo">Logo</h2>')
    expect(page.text).toMatch(
      /<form method="post" action="\/recruteur\/employeur\/logo\?_csrf=[^"]+" enctype="multipart\/form-data" class="stack" novalidate aria-labelledby="logo">/,
    )
    expect(page.text).toContain('<label for="field-logo">Logo (facultatif)</label>')
    expect(page.text).toContain(
      '<p class="hint" id="field-logo-hint">PNG ou JPEG, 1 Mo au plus. Il s’affiche sur la page de l’employeur et dans la liste « Employeurs ».</p>',
    )
    expect(page.text).toMatch(
      /<input type="file" id="field-logo" name="logo"[^>]* aria-describedby="field-logo-hint"[^>]*accept="\.png,\.jpg,\.jpeg,image\/png,image\/jpeg">/,
    )
    expect(page.text).toContain('>Enregistrer le logo</button>')
    expect(page.text).toContain('Aucun logo pour l’instant.')
    expect(page.text).not.toContain('Supprimer le logo')
  })

  it('when the recruiter uploads a PNG, then it is stored under a random name, logged, shown on the page and served with its type', async () => {
    const before = storedFiles()
    const response = await uploadLogo(recruiter, '/recruteur/employeur', { content: PNG, filename: 'logo.png' })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/recruteur/employeur')
    const logoPath = await logoPathOf(partner.id)
    expect(logoPath).toMatch(/^[0-9a-f-]{36}$/)
    expect(storedFiles()).toEqual([...before, logoPath].sort())
    expect(Buffer.compare(readFileSync(path.join(ctx.config.uploadDir, logoPath!)), PNG)).toBe(0)
    const [row] = await auditRows('employer.update_logo', partner.id)
    expect(row.actorUserId).toBe(recruiterId)
    expect(JSON.parse(row.details!)).toEqual({ mimeType: 'image/png', size: PNG.length, replaced: false })

    const page = await recruiter.get('/recruteur/employeur')
    expect(page.text).toContain('Le logo est enregistré.')
    expect(page.text).toMatch(
      /<img class="employer-logo" src="\/recruteur\/employeur\/logo\?v=[0-9a-f]{12}" alt="Logo actuel de Garonne Numérique" width="128" height="64">/,
    )
    expect(page.text).not.toContain(logoPath)
    expect(page.text).toContain('<form method="post" action="/recruteur/employeur/logo/supprimer">')
    expect(page.text).toContain('>Supprimer le logo</button>')

    const image = await getImage(recruiter, '/recruteur/employeur/logo')
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['cache-control']).toBe('private, max-age=3600')
    expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0)
  })

  it('when the recruiter replaces it with a JPEG, then the old file is removed from disk and the image’s address changes', async () => {
    const oldPath = (await logoPathOf(partner.id))!
    const oldSource = /src="(\/recruteur\/employeur\/logo\?v=[^"]+)"/.exec((await recruiter.get('/recruteur/employeur')).text)![1]
    const response = await uploadLogo(recruiter, '/recruteur/employeur', { content: JPEG, filename: 'logo.jpg' })
    expect(response.status).toBe(302)
    const newPath = (await logoPathOf(partner.id))!
    expect(newPath).not.toBe(oldPath)
    expect(existsSync(path.join(ctx.config.uploadDir, oldPath))).toBe(false)
    expect(existsSync(path.join(ctx.config.uploadDir, newPath))).toBe(true)
    const rows = await auditRows('employer.update_logo', partner.id)
    expect(JSON.parse(rows.at(-1)!.details!)).toEqual({ mimeType: 'image/jpeg', size: JPEG.length, replaced: true })
    expect((await recruiter.get('/recruteur/employeur')).text).not.toContain(oldSource)
    const image = await getImage(recruiter, '/recruteur/employeur/logo')
    expect(image.headers['content-type']).toBe('image/jpeg')
    expect(Buffer.compare(image.body as Buffer, JPEG)).toBe(0)
  })

  it.each([
    ['a PDF named logo.png', PDF, 'logo.png'],
    ['a Windows executable named logo.png', WINDOWS_EXE, 'logo.png'],
    ['a Linux executable named logo.jpg', ELF, 'logo.jpg'],
    ['plain text named logo.png', Buffer.from('Je ne suis pas une image.'), 'logo.png'],
  ])('when the file is %s, then it is refused with 422 and the message next to the field, and nothing is stored', async (_label, content, filename) => {
    const before = storedFiles()
    const logoPath = await logoPathOf(partner.id)
    const response = await uploadLogo(recruiter, '/recruteur/employeur', { content, filename })
    expect(response.status).toBe(422)
    expect(response.text).toContain('<title>Erreur – Page employeur – Atouts pour tous</title>')
    expect(response.text).toContain(
      '<p class="error-message" id="field-logo-error"><span class="visually-hidden">Erreur : </span>Ce fichier n’est pas une image PNG ou JPEG : son contenu a été vérifié. Choisissez un autre fichier.</p>',
    )
    expect(response.text).toContain('href="#field-logo"')
    expect(response.text).toContain('aria-describedby="field-logo-hint field-logo-error" aria-invalid="true"')
    expect(storedFiles()).toEqual(before)
    expect(await logoPathOf(partner.id)).toBe(logoPath)
  })

  it('when the file is over 1 MB, then the form comes back (422, not 413) with the message next to the field and nothing stored', async () => {
    const before = storedFiles()
    const logoPath = await logoPathOf(partner.id)
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_SIZE + 1 - PNG.length)])
    const response = await uploadLogo(recruiter, '/recruteur/employeur', { content: big, filename: 'logo.png' })
    expect(response.status).toBe(422)
    expect(response.text).toMatch(/id="field-logo-error"><span class="visually-hidden">Erreur : <\/span>Le fichier dépasse 1 Mo\./)
    expect(storedFiles()).toEqual(before)
    expect(await logoPathOf(partner.id)).toBe(logoPath)
  })

  it('when no file is chosen, or it is empty, then 422 with a message', async () => {
    const none = await uploadLogo(recruiter, '/recruteur/employeur', null)
    expect(none.status).toBe(422)
    expect(none.text).toContain('Choisissez l’image du logo : un fichier PNG ou JPEG.')
    const empty = await uploadLogo(recruiter, '/recruteur/employeur', { content: Buffer.alloc(0), filename: 'logo.png' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('Le fichier est vide.')
  })

  it('when the multipart form comes without its CSRF token, then 403 and nothing is stored; deleting without a token is refused too', async () => {
    const before = storedFiles()
    const logoPath = await logoPathOf(partner.id)
    const response = await uploadLogo(recruiter, '/recruteur/employeur', { content: PNG, filename: 'logo.png' }, { withToken: false })
    expect(response.status).toBe(403)
    expect(response.text).toContain('Le formulaire a expiré')
    expect(storedFiles()).toEqual(before)
    const deletion = await recruiter.post('/recruteur/employeur/logo/supprimer').type('form').send({})
    expect(deletion.status).toBe(403)
    expect(deletion.text).toContain('Le formulaire a expiré')
    expect(await logoPathOf(partner.id)).toBe(logoPath)
  })
})

describe('the logo for candidates', () => {
  it('when a candidate of a partner convention opens "Employeurs" and the company page, then the logo is shown (decorative) and served as an image', async () => {
    const list = await candidate.get('/employeurs')
    expect(list.text).toMatch(
      new RegExp(
        `<li class="card">\\s*<img class="employer-logo" src="/employeurs/${partner.id}/logo\\?v=[0-9a-f]{12}" alt="" width="128" height="64">\\s*<h2><a href="/employeurs/${partner.id}">Garonne Numérique</a>`,
      ),
    )
    const company = await candidate.get(`/employeurs/${partner.id}`)
    expect(company.text).toMatch(
      new RegExp(
        `<h1>Garonne Numérique</h1>\\s*<p><img class="employer-logo" src="/employeurs/${partner.id}/logo\\?v=[0-9a-f]{12}" alt="" width="128" height="64"></p>`,
      ),
    )

    await uploadLogo(recruiter, '/recruteur/employeur', { content: PNG, filename: 'logo.png' })
    const image = await getImage(candidate, `/employeurs/${partner.id}/logo`)
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['cache-control']).toBe('private, max-age=3600')
    expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0)
  })

  it('when a candidate asks for the logo of another convention’s partner or of a non-partner, then 404', async () => {
    await uploadLogo(admin, `/admin/employeurs/${nonPartner.id}`, { content: PNG, filename: 'logo.png' })
    expect(await logoPathOf(nonPartner.id)).not.toBeNull()
    expect((await otherConventionCandidate.get(`/employeurs/${partner.id}/logo`)).status).toBe(404)
    expect((await otherConventionCandidate.get('/employeurs')).text).not.toContain(`/employeurs/${partner.id}/logo`)
    expect((await candidate.get(`/employeurs/${nonPartner.id}/logo`)).status).toBe(404)
    expect((await candidate.get('/employeurs/999999/logo')).status).toBe(404)
    expect((await candidate.get('/employeurs/nom/logo')).status).toBe(404)
  })

  it('when a partner has no logo, then its card and page show none and its logo address is a 404', async () => {
    const withoutLogo = await createEmployer(ctx.db, { name: 'Librairies Rhin', partnerOf: [convention.id] })
    expect((await candidate.get(`/employeurs/${withoutLogo.id}`)).text).not.toContain('employer-logo')
    expect((await candidate.get('/employeurs')).text).not.toContain(`/employeurs/${withoutLogo.id}/logo`)
    expect((await candidate.get(`/employeurs/${withoutLogo.id}/logo`)).status).toBe(404)
  })
})

describe('the logo: who may change it', () => {
  it('when another employer’s recruiter uploads or deletes "their" logo, then only their own employer changes', async () => {
    const partnerLogo = await logoPathOf(partner.id)
    expect((await otherRecruiter.get('/recruteur/employeur/logo')).status).toBe(404)
    const response = await uploadLogo(otherRecruiter, '/recruteur/employeur', { content: JPEG, filename: 'logo.jpg' })
    expect(response.status).toBe(302)
    expect(await logoPathOf(ownEmployer.id)).not.toBeNull()
    expect(await logoPathOf(partner.id)).toBe(partnerLogo)
    const own = await getImage(otherRecruiter, '/recruteur/employeur/logo')
    expect(own.headers['content-type']).toBe('image/jpeg')
    await submitForm(otherRecruiter, '/recruteur/employeur/logo/supprimer', {}, '/recruteur/employeur')
    expect(await logoPathOf(ownEmployer.id)).toBeNull()
    expect(await logoPathOf(partner.id)).toBe(partnerLogo)
    // the administrator's routes are not theirs
    expect((await otherRecruiter.get(`/admin/employeurs/${partner.id}/logo`)).status).toBe(403)
    expect((await submitForm(otherRecruiter, `/admin/employeurs/${partner.id}/logo/supprimer`, {}, '/recruteur/employeur')).status).toBe(403)
    expect(await logoPathOf(partner.id)).toBe(partnerLogo)
  })

  it('when the wrong role uses the logo routes, then 403; a visitor is sent to sign in', async () => {
    const routes: [Agent[], string][] = [
      [[candidate, referent, admin], '/recruteur/employeur'],
      [[candidate, referent, recruiter], `/admin/employeurs/${partner.id}`],
    ]
    for (const [agents, pagePath] of routes) {
      for (const agent of agents) {
        expect((await agent.get(`${pagePath}/logo`)).status).toBe(403)
        expect((await submitForm(agent, `${pagePath}/logo/supprimer`, {}, '/tableau-de-bord')).status).toBe(403)
        expect((await submitForm(agent, `${pagePath}/logo`, {}, '/tableau-de-bord')).status).toBe(403)
      }
      expect((await request(ctx.app).get(`${pagePath}/logo`)).headers.location).toBe('/connexion')
    }
    for (const agent of [recruiter, admin, referent]) expect((await agent.get(`/employeurs/${partner.id}/logo`)).status).toBe(403)
    expect((await request(ctx.app).get(`/employeurs/${partner.id}/logo`)).headers.location).toBe('/connexion')
    expect(await logoPathOf(partner.id)).not.toBeNull()
  })
})

describe('the logo: deleting, and an administrator', () => {
  it('when the recruiter deletes the logo, then the file is removed, it is logged, and the logo is gone everywhere', async () => {
    const logoPath = (await logoPathOf(partner.id))!
    const response = await submitForm(recruiter, '/recruteur/employeur/logo/supprimer', {}, '/recruteur/employeur')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/recruteur/employeur')
    expect(await logoPathOf(partner.id)).toBeNull()
    expect(existsSync(path.join(ctx.config.uploadDir, logoPath))).toBe(false)
    const [row] = await auditRows('employer.delete_logo', partner.id)
    expect(row.actorUserId).toBe(recruiterId)
    const page = await recruiter.get('/recruteur/employeur')
    expect(page.text).toContain('Le logo est supprimé.')
    expect(page.text).toContain('Aucun logo pour l’instant.')
    expect((await recruiter.get('/recruteur/employeur/logo')).status).toBe(404)
    expect((await candidate.get(`/employeurs/${partner.id}/logo`)).status).toBe(404)
    expect((await candidate.get(`/employeurs/${partner.id}`)).text).not.toContain('employer-logo')

    // a second click changes nothing and logs nothing
    await submitForm(recruiter, '/recruteur/employeur/logo/supprimer', {}, '/recruteur/employeur')
    expect((await recruiter.get('/recruteur/employeur')).text).toContain('Aucun logo à supprimer.')
    expect(await auditRows('employer.delete_logo', partner.id)).toHaveLength(1)
  })

  it('when an administrator uploads, sees and deletes any employer’s logo, then it is done through that employer’s page', async () => {
    const pagePath = `/admin/employeurs/${partner.id}`
    const form = await admin.get(pagePath)
    expect(form.text).toMatch(new RegExp(`action="/admin/employeurs/${partner.id}/logo\\?_csrf=[^"]+" enctype="multipart/form-data"`))
    const response = await uploadLogo(admin, pagePath, { content: PNG, filename: 'logo.png' })
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe(pagePath)
    const logoPath = (await logoPathOf(partner.id))!
    const rows = await auditRows('employer.update_logo', partner.id)
    expect(rows.at(-1)!.actorUserId).toBe(adminId)
    expect((await admin.get(pagePath)).text).toMatch(
      new RegExp(`src="/admin/employeurs/${partner.id}/logo\\?v=[0-9a-f]{12}" alt="Logo actuel de Garonne Numérique"`),
    )
    const image = await getImage(admin, `${pagePath}/logo`)
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')

    const refused = await uploadLogo(admin, pagePath, { content: WINDOWS_EXE, filename: 'logo.png' })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('<title>Erreur – Page employeur : Garonne Numérique – Atouts pour tous</title>')
    expect(await logoPathOf(partner.id)).toBe(logoPath)

    await submitForm(admin, `${pagePath}/logo/supprimer`, {}, pagePath)
    expect(await logoPathOf(partner.id)).toBeNull()
    expect(existsSync(path.join(ctx.config.uploadDir, logoPath))).toBe(false)
    expect((await auditRows('employer.delete_logo', partner.id)).at(-1)!.actorUserId).toBe(adminId)
    expect((await admin.get(`${pagePath}/logo`)).status).toBe(404)
    expect((await admin.get('/admin/employeurs/999999/logo')).status).toBe(404)
  })

  it('when the logo is exactly 1 MB, then it is accepted', async () => {
    const exact = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_SIZE - PNG.length)])
    const response = await uploadLogo(recruiter, '/recruteur/employeur', { content: exact, filename: 'logo.png' })
    expect(response.status).toBe(302)
    expect((await getImage(candidate, `/employeurs/${partner.id}/logo`)).headers['content-type']).toBe('image/png')
  })
})
