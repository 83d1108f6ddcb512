import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_FILE_SIZE } from '../../src/modules/documents/labels.ts'
import { createApplication, createCandidate, createDocument, createRecruiter } from '../factories/index.ts'
import { createTestContext, csrfTokenFrom, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { compoundFile, DOCX, ELF, JPEG, ODT, PDF, PNG, WINDOWS_EXE } from './samples.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

type Upload = { name?: string; type?: string; file?: { content: Buffer; filename: string } }

/** "Ajouter un document" as the browser sends it: multipart, the CSRF token in the action's query string. */
async function upload(agent: Agent, { name, type, file }: Upload, options: { withToken?: boolean } = {}) {
  const token = await csrfTokenFrom(agent, '/mon-compte/documents/ajouter')
  let post = agent.post(options.withToken === false ? '/mon-compte/documents/ajouter' : `/mon-compte/documents/ajouter?_csrf=${encodeURIComponent(token)}`)
  if (name !== undefined) post = post.field('name', name)
  if (type !== undefined) post = post.field('type', type)
  if (file) post = post.attach('file', file.content, file.filename)
  else post = post.field('nothing', '')
  return post
}

async function signedInCandidate() {
  const { user, candidate } = await createCandidate(ctx.db)
  return { user, candidate, agent: await signIn(ctx.app, user.email) }
}

const storedFiles = () => (existsSync(ctx.config.uploadDir) ? readdirSync(ctx.config.uploadDir) : [])

describe('Mes documents: adding', () => {
  it('shows the form with the tutorial’s names, the hint and the explanation about "Autre"', async () => {
    const { agent } = await signedInCandidate()
    const page = await agent.get('/mon-compte/documents/ajouter')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<h1>Ajouter un document</h1>')
    expect(page.text).toMatch(/<label for="field-name">Nom du document/)
    expect(page.text).toContain('CV_NomPrénom_MétierRecherché')
    expect(page.text).toMatch(/<label for="field-type">Type de document/)
    for (const label of ['>CV</option>', '>Lettre de motivation</option>', '>Autre</option>']) expect(page.text).toContain(label)
    expect(page.text).toMatch(/<label for="field-file">Fichier/)
    expect(page.text).toContain('enctype="multipart/form-data"')
    expect(page.text).toMatch(/action="\/mon-compte\/documents\/ajouter\?_csrf=[^"]+"/)
    expect(page.text).toContain('>Ajouter</button>')
    expect(page.text).toContain('visibles uniquement par votre référent')
  })

  it('when a candidate adds a CV, a lettre and an "Autre" document, then the list shows each with its type, date and size, and the files have random names under UPLOAD_DIR', async () => {
    const { agent, candidate } = await signedInCandidate()
    const before = storedFiles()
    for (const [name, type] of [
      ['CV_MartinCamille_Comptable', 'CV'],
      ['Lettre_MartinCamille_Banque', 'COVER_LETTER'],
      ['Notification_MDPH', 'OTHER'],
    ]) {
      const response = await upload(agent, { name, type, file: { content: PDF, filename: `${name}.pdf` } })
      expect(response.status).toBe(302)
      expect(response.headers.location).toBe('/mon-compte/documents')
    }
    const list = await agent.get('/mon-compte/documents')
    expect(list.text).toContain('Le document « Notification_MDPH » est ajouté.')
    for (const text of [
      'CV_MartinCamille_Comptable',
      'Lettre_MartinCamille_Banque',
      'Notification_MDPH',
      '<td>Lettre de motivation</td>',
      '<td>Autre</td>',
      '<td>PDF</td>',
      ' Ko</td>',
    ]) {
      expect(list.text).toContain(text)
    }
    expect(list.text).toContain('>Télécharger<')
    expect(list.text).toContain('>Renommer<')
    expect(list.text).toContain('>Supprimer<')

    const documents = await ctx.db.document.findMany({ where: { candidateId: candidate.id } })
    expect(documents).toHaveLength(3)
    const added = storedFiles().filter((file) => !before.includes(file))
    expect(added).toHaveLength(3)
    for (const document of documents) {
      expect(document.storageKey).toMatch(/^[0-9a-f-]{36}$/)
      expect(added).toContain(document.storageKey)
      expect(document.mimeType).toBe('application/pdf')
      expect(document.size).toBe(PDF.length)
    }
  })

  it.each([
    ['a DOCX', DOCX, 'cv.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an ODT', ODT, 'cv.odt', 'application/vnd.oasis.opendocument.text'],
    ['a legacy Word .doc', compoundFile(true), 'cv.doc', 'application/msword'],
    ['a JPEG', JPEG, 'scan.jpg', 'image/jpeg'],
    ['a PNG', PNG, 'scan.png', 'image/png'],
  ])('when the file is %s, then it is accepted with the type read from its content', async (_label, content, filename, mimeType) => {
    const { agent, candidate } = await signedInCandidate()
    const response = await upload(agent, { name: 'Mon document', type: 'OTHER', file: { content, filename } })
    expect(response.status).toBe(302)
    const document = await ctx.db.document.findFirstOrThrow({ where: { candidateId: candidate.id } })
    expect(document.mimeType).toBe(mimeType)
  })

  it.each([
    ['a Linux executable named cv.pdf', ELF, 'cv.pdf'],
    ['a Windows executable ("MZ") named cv.pdf', WINDOWS_EXE, 'cv.pdf'],
    ['a compound file without a Word document named cv.doc (an Excel sheet)', compoundFile(false), 'cv.doc'],
    ['a Word compound file named as a spreadsheet', compoundFile(true), 'tableau.xls'],
    ['plain text named cv.pdf', Buffer.from('Je suis un texte, pas un PDF.'), 'cv.pdf'],
  ])('when the file is %s, then it is refused with 422, the form kept and nothing stored', async (_label, content, filename) => {
    const { agent, candidate } = await signedInCandidate()
    const before = storedFiles()
    const response = await upload(agent, { name: 'CV_Piege', type: 'CV', file: { content, filename } })
    expect(response.status).toBe(422)
    expect(response.text).toContain('n’est pas d’un format accepté')
    expect(response.text).toContain('id="field-file-error"')
    expect(response.text).toContain('value="CV_Piege"')
    expect(response.text).toMatch(/<option value="CV" selected>/)
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(0)
    expect(storedFiles()).toEqual(before)
  })

  it('when the file is empty, then it is refused with a clear message', async () => {
    const { agent } = await signedInCandidate()
    const response = await upload(agent, { name: 'CV_Vide', type: 'CV', file: { content: Buffer.alloc(0), filename: 'cv.pdf' } })
    expect(response.status).toBe(422)
    expect(response.text).toContain('Le fichier est vide.')
  })

  it('when the file is over 5 MB, then the form comes back (422, not 413 nor 500) with "Le fichier dépasse 5 Mo." next to the file field and the name kept', async () => {
    const { agent, candidate } = await signedInCandidate()
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_FILE_SIZE + 1 - PDF.length, 0x20)])
    const response = await upload(agent, { name: 'CV_Trop_Lourd', type: 'COVER_LETTER', file: { content: big, filename: 'cv.pdf' } })
    expect(response.status).toBe(422)
    expect(response.text).toContain('<h1>Ajouter un document</h1>')
    expect(response.text).toMatch(/id="field-file-error"><span class="visually-hidden">Erreur : <\/span>Le fichier dépasse 5 Mo\./)
    expect(response.text).toContain('href="#field-file"')
    expect(response.text).toContain('value="CV_Trop_Lourd"')
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(0)
  })

  it('when the file is exactly 5 MB, then it is accepted', async () => {
    const { agent } = await signedInCandidate()
    const exact = Buffer.concat([PDF, Buffer.alloc(MAX_FILE_SIZE - PDF.length, 0x20)])
    const response = await upload(agent, { name: 'CV_Limite', type: 'CV', file: { content: exact, filename: 'cv.pdf' } })
    expect(response.status).toBe(302)
    expect((await agent.get('/mon-compte/documents')).text).toContain('5 Mo</td>')
  })

  it('when the name and the type are missing, then each error is shown, and a missing file is named too', async () => {
    const { agent } = await signedInCandidate()
    const noNameNoType = await upload(agent, { name: '  ', type: '', file: { content: PDF, filename: 'cv.pdf' } })
    expect(noNameNoType.status).toBe(422)
    expect(noNameNoType.text).toContain('Saisissez le nom du document.')
    expect(noNameNoType.text).toContain('Choisissez le type de document')
    expect(noNameNoType.text).toContain('Choisissez de nouveau le fichier')
    expect(noNameNoType.text).toContain('Le formulaire contient 2 erreurs')

    const noFile = await upload(agent, { name: 'CV_SansFichier', type: 'CV' })
    expect(noFile.status).toBe(422)
    expect(noFile.text).toContain('Choisissez le fichier à ajouter.')
    expect(noFile.text).toContain('value="CV_SansFichier"')
  })

  it('when the multipart form comes without its CSRF token, then it is refused with 403 and nothing is stored', async () => {
    const { agent, candidate } = await signedInCandidate()
    const response = await upload(agent, { name: 'CV', type: 'CV', file: { content: PDF, filename: 'cv.pdf' } }, { withToken: false })
    expect(response.status).toBe(403)
    expect(await ctx.db.document.count({ where: { candidateId: candidate.id } })).toBe(0)
  })

  it('when the form was opened from an application ("retour"), then the candidate comes back to it after adding', async () => {
    const { agent } = await signedInCandidate()
    const page = await agent.get('/mon-compte/documents/ajouter?retour=/offres/12/candidater')
    const action = /action="(\/mon-compte\/documents\/ajouter\?[^"]+)"/.exec(page.text)![1].replaceAll('&amp;', '&')
    expect(action).toContain('retour=%2Foffres%2F12%2Fcandidater')
    const response = await agent.post(action).field('name', 'CV').field('type', 'CV').attach('file', PDF, 'cv.pdf')
    expect(response.headers.location).toBe('/offres/12/candidater')

    const elsewhere = await agent.get('/mon-compte/documents/ajouter?retour=//evil.example/x')
    expect(elsewhere.text).not.toContain('evil.example')
  })
})

describe('Mes documents: download, rename, delete', () => {
  it('when the candidate downloads a document, then they get its bytes as an attachment with a safe UTF-8 name, its type and nosniff', async () => {
    const { agent } = await signedInCandidate()
    await upload(agent, { name: 'CV_Éloïse "Dupré"/Comptable', type: 'CV', file: { content: PNG, filename: '../../etc/passwd.png' } })
    const added = await upload(agent, { name: 'CV_Éloïse_Comptable', type: 'CV', file: { content: PDF, filename: 'x.exe' } })
    expect(added.status).toBe(302)
    const list = await agent.get('/mon-compte/documents')
    const link = /href="(\/mon-compte\/documents\/\d+\/telecharger)"/.exec(list.text)![1]
    const response = await agent
      .get(link)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="CV_Eloise_Comptable.pdf"; filename*=UTF-8''CV_%C3%89lo%C3%AFse_Comptable.pdf`)
    expect(response.headers['cache-control']).toContain('no-store')
    expect(Buffer.compare(response.body as Buffer, PDF)).toBe(0)
  })

  it('when a name with forbidden characters is given, then it is refused; the stored original name never reaches the disk', async () => {
    const { agent, candidate } = await signedInCandidate()
    const refused = await upload(agent, { name: 'CV/../../secret', type: 'CV', file: { content: PDF, filename: 'cv.pdf' } })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('ne peut pas contenir')
    await upload(agent, { name: 'CV', type: 'CV', file: { content: PDF, filename: '../../../../tmp/evil.pdf' } })
    const document = await ctx.db.document.findFirstOrThrow({ where: { candidateId: candidate.id } })
    expect(document.storageKey).not.toContain('evil')
    expect(existsSync(path.join(ctx.config.uploadDir, document.storageKey))).toBe(true)
  })

  it('when the candidate renames a document, then the list shows the new name; an empty name gives 422 with the form', async () => {
    const { agent, candidate } = await signedInCandidate()
    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, name: 'CV_Ancien' })
    const page = await agent.get(`/mon-compte/documents/${document.id}/renommer`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('value="CV_Ancien"')
    const empty = await submitForm(agent, `/mon-compte/documents/${document.id}/renommer`, { name: '' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('Saisissez le nom du document.')
    const renamed = await submitForm(agent, `/mon-compte/documents/${document.id}/renommer`, { name: 'CV_Nouveau_Comptable' })
    expect(renamed.headers.location).toBe('/mon-compte/documents')
    expect((await ctx.db.document.findUniqueOrThrow({ where: { id: document.id } })).name).toBe('CV_Nouveau_Comptable')
  })

  it('when the candidate confirms the deletion, then the row and the file are gone', async () => {
    const { agent } = await signedInCandidate()
    await upload(agent, { name: 'CV_A_Supprimer', type: 'CV', file: { content: PDF, filename: 'cv.pdf' } })
    const document = await ctx.db.document.findFirstOrThrow({ where: { name: 'CV_A_Supprimer' } })
    const confirmation = await agent.get(`/mon-compte/documents/${document.id}/supprimer`)
    expect(confirmation.status).toBe(200)
    expect(confirmation.text).toContain('<h1>Supprimer un document</h1>')
    expect(confirmation.text).toContain('Oui, supprimer le document')
    const response = await submitForm(agent, `/mon-compte/documents/${document.id}/supprimer`, {})
    expect(response.headers.location).toBe('/mon-compte/documents')
    expect(await ctx.db.document.findUnique({ where: { id: document.id } })).toBeNull()
    expect(existsSync(path.join(ctx.config.uploadDir, document.storageKey))).toBe(false)
    expect((await agent.get('/mon-compte/documents')).text).toContain('Le document « CV_A_Supprimer » est supprimé.')
  })

  it('when a document is attached to an application, then it cannot be deleted and the reason is given in French', async () => {
    const { agent, candidate } = await signedInCandidate()
    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id, name: 'CV_Joint' })
    const recruiter = await createRecruiter(ctx.db)
    await createApplication(ctx.db, { candidateId: candidate.id, employerId: recruiter.recruiter.employerId, documentIds: [document.id] })
    const confirmation = await agent.get(`/mon-compte/documents/${document.id}/supprimer`)
    expect(confirmation.text).toContain('Ce document est joint à une candidature : il ne peut pas être supprimé')
    expect(confirmation.text).not.toContain('Oui, supprimer le document')
    const response = await submitForm(agent, `/mon-compte/documents/${document.id}/supprimer`, {}, '/mon-compte/documents')
    expect(response.headers.location).toBe('/mon-compte/documents')
    expect(await ctx.db.document.findUnique({ where: { id: document.id } })).not.toBeNull()
    expect(readFileSync(path.join(ctx.config.uploadDir, document.storageKey)).length).toBeGreaterThan(0)
    expect((await agent.get('/mon-compte/documents')).text).toContain('n’a pas été supprimé')
  })
})

describe('Mes documents: access', () => {
  it('when a candidate tries another candidate’s document by any URL, then it is 404 and nothing changes', async () => {
    const owner = await createCandidate(ctx.db)
    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: owner.candidate.id, name: 'CV_Proprietaire', type: 'OTHER' })
    const { agent } = await signedInCandidate()
    for (const url of ['telecharger', 'renommer', 'supprimer']) {
      expect((await agent.get(`/mon-compte/documents/${document.id}/${url}`)).status).toBe(404)
    }
    expect((await submitForm(agent, `/mon-compte/documents/${document.id}/renommer`, { name: 'Vole' }, '/mon-compte/documents')).status).toBe(404)
    expect((await submitForm(agent, `/mon-compte/documents/${document.id}/supprimer`, {}, '/mon-compte/documents')).status).toBe(404)
    expect((await agent.get('/mon-compte/documents')).text).not.toContain('CV_Proprietaire')
    expect(await ctx.db.document.findUniqueOrThrow({ where: { id: document.id } })).toMatchObject({ name: 'CV_Proprietaire' })
    // the candidate's own download is not audit-logged; nothing was downloaded here
    expect(await ctx.db.auditLog.count({ where: { action: 'document.download', targetId: String(document.id) } })).toBe(0)
  })

  it('when a recruiter or a visitor opens the documents pages, then they are refused (403, or sent to sign in)', async () => {
    const owner = await createCandidate(ctx.db)
    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: owner.candidate.id })
    const recruiter = await createRecruiter(ctx.db)
    const agent = await signIn(ctx.app, recruiter.user.email)
    for (const url of [
      '/mon-compte/documents',
      '/mon-compte/documents/ajouter',
      `/mon-compte/documents/${document.id}/telecharger`,
      `/mon-compte/documents/${document.id}/supprimer`,
    ]) {
      expect((await agent.get(url)).status).toBe(403)
      expect((await request(ctx.app).get(url)).headers.location).toBe('/connexion')
    }
  })

  it('when the candidate downloads their own document, then the audit log has nothing (only others’ downloads are logged)', async () => {
    const { agent, candidate } = await signedInCandidate()
    const document = await createDocument(ctx.db, ctx.config.uploadDir, { candidateId: candidate.id })
    expect((await agent.get(`/mon-compte/documents/${document.id}/telecharger`)).status).toBe(200)
    expect(await ctx.db.auditLog.count({ where: { action: 'document.download', targetId: String(document.id) } })).toBe(0)
  })
})
