// "Importer des offres" (recruiters, and administrators for an employer): upload, preview, confirm;
// the template; CSV in UTF-8 and Windows-1252, JSON JobPosting; refused rows with their line; the
// same file twice; "Clôturer les offres absentes du fichier"; limits; who may import into which employer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Logger } from '../../src/lib/logger.ts'
import type { SessionUser } from '../../src/lib/session-user.ts'
import { parisDay } from '../../src/lib/paris-time.ts'
import { publicationEndFromLastDay, utcDay } from '../../src/modules/offers/dates.ts'
import { IMPORT_COLUMNS, MAX_IMPORT_FILE_SIZE } from '../../src/modules/offers/import-files.ts'
import { importTemplateCsv } from '../../src/modules/offers/import-handlers.ts'
import type { EmployerScope } from '../../src/modules/employers/policy.ts'
import { confirmOfferImport } from '../../src/modules/offers/import.ts'
import { startExpiredOffersJob } from '../../src/modules/offers/jobs.ts'
import { loadSessionUser } from '../../src/web/session-user.ts'
import {
  createAdmin,
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createOfferWithDetails,
  createRecruiter,
  createReferent,
} from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { textOf } from '../helpers/html.ts'

const DAY = 24 * 60 * 60 * 1000
/** A Paris calendar day from today, yyyy-mm-dd and dd/mm/yyyy. */
const isoDay = (offsetDays: number) => parisDay(new Date(Date.now() + offsetDays * DAY))
const frenchDay = (offsetDays: number) => isoDay(offsetDays).split('-').reverse().join('/')

let ctx: TestContext
let employer: { id: number; name: string }
let otherEmployer: { id: number; name: string }
let recruiter: Agent
let colleague: Agent
let otherRecruiter: Agent
let candidate: Agent
let referent: Agent
let admin: Agent

beforeAll(async () => {
  ctx = await createTestContext()
  const convention = await createConvention(ctx.db)
  employer = await createEmployer(ctx.db, { name: 'Garonne Numérique', partnerOf: [convention.id], sector: 'Numérique' })
  otherEmployer = await createEmployer(ctx.db, { name: 'Transports Pastel', partnerOf: [convention.id], sector: 'Transport – Logistique' })
  recruiter = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: employer.id, firstName: 'Julien', lastName: 'Roux' })).user.email)
  colleague = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: employer.id })).user.email)
  otherRecruiter = await signIn(ctx.app, (await createRecruiter(ctx.db, { employerId: otherEmployer.id })).user.email)
  const establishment = await createEstablishment(ctx.db, { conventionId: convention.id })
  candidate = await signIn(ctx.app, (await createCandidate(ctx.db, { establishmentId: establishment.id })).user.email)
  referent = await signIn(ctx.app, (await createReferent(ctx.db, { establishmentId: establishment.id })).user.email)
  admin = await signIn(ctx.app, (await createAdmin(ctx.db)).user.email)
})
afterAll(async () => ctx.cleanup())

const RECRUITER_PATH = '/recruteur/offres'
const adminPath = (employerId: number) => `/admin/employeurs/${employerId}/offres`

/** The upload form's action, as the page gives it (the CSRF token in its query string). */
async function uploadAction(agent: Agent, offersPath: string): Promise<string> {
  const page = await agent.get(`${offersPath}/importer`)
  const match = /<form method="post" action="([^"]+\/importer\?_csrf=[^"]+)" enctype="multipart\/form-data"/.exec(page.text)
  if (!match) throw new Error(`no import form on ${offersPath}/importer (status ${page.status})`)
  return match[1].replaceAll('&amp;', '&')
}

/** "Voir l’aperçu" as the browser sends it. */
async function upload(agent: Agent, offersPath: string, content: string | Buffer, filename: string, options: { closeAbsent?: boolean } = {}) {
  let post = agent.post(await uploadAction(agent, offersPath)).attach('fichier', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), filename)
  if (options.closeAbsent) post = post.field('cloturerAbsentes', 'on')
  return post
}

/** Upload, then follow to the preview: its address and its page. */
async function preview(agent: Agent, offersPath: string, content: string | Buffer, filename = 'offres.csv', options: { closeAbsent?: boolean } = {}) {
  const response = await upload(agent, offersPath, content, filename, options)
  if (response.status !== 302)
    throw new Error(`upload refused (${response.status}): ${/<p class="error-message"[^>]*>([\s\S]*?)<\/p>/.exec(response.text)?.[1]}`)
  const location = response.headers.location as string
  expect(location).toMatch(new RegExp(`^${offersPath}/importer/\\d+$`))
  return { location, page: await agent.get(location) }
}

/** "Confirmer l’import", then the page it leads to. */
const idOf = (location: string) => Number(location.split('/').pop())

/** The recruiter « Julien Roux » as the use cases get him (the actor), and the scope of his pages. */
async function julien(): Promise<{ actor: SessionUser; scope: EmployerScope }> {
  const user = await ctx.db.user.findFirstOrThrow({ where: { firstName: 'Julien', lastName: 'Roux' }, select: { id: true } })
  const actor = await loadSessionUser(ctx.db, user.id)
  if (!actor) throw new Error('no session user')
  const scope: EmployerScope = {
    employerId: employer.id,
    employerName: employer.name,
    employerSector: 'Numérique',
    byAdmin: false,
    offersPath: RECRUITER_PATH,
    pagePath: '/recruteur/employeur',
    teamPath: '/recruteur/employeur/equipe',
  }
  return { actor, scope }
}

async function confirm(agent: Agent, location: string) {
  const response = await submitForm(agent, `${location}/confirmer`, {}, location)
  expect(response.status).toBe(302)
  expect(response.headers.location).toBe(location)
  return agent.get(location)
}

const counts = (text: string) => {
  const number = (label: string) => Number(new RegExp(`${label} : <strong>(\\d+)</strong>`).exec(text)?.[1] ?? NaN)
  return {
    created: number('Offres (?:à créer|créées)'),
    updated: number('Offres (?:à mettre à jour|mises à jour) \\(même référence\\)'),
    unchanged: number('Offres (?:qui resteront inchangées|inchangées)'),
    refused: number('Lignes refusées(?:, qui ne seront pas importées|, non importées)'),
  }
}
const importedOffers = (employerId = employer.id) => ctx.db.offer.findMany({ where: { employerId, reference: { not: null } }, orderBy: { reference: 'asc' } })
const candidateFinds = async (keywords: string) => (await candidate.get('/offres').query({ motscles: keywords })).text

const MAIN_CSV = [
  'reference,intitule,description,missions,type_contrat,secteur,ville,departement,teletravail,date_debut,date_fin_publication,statut',
  `IMP-1,Développeuse web full stack,"Une équipe de dix personnes, à Toulouse.","Développer les écrans\r\nÉcrire les tests",CDI,Numérique,Toulouse,31,oui,${frenchDay(30)},${isoDay(60)},publiée`,
  'IMP-2,Assistant comptable,Tenir la comptabilité.,,alternance,,Albi,81,non,,,brouillon',
  'IMP-3,Technicien réseau,Maintenir le réseau.,,cdi,,Nulle-Part,99,non,,,publiée',
].join('\r\n')

describe('"Importer des offres" from "Mes offres"', () => {
  it('when the recruiter opens "Mes offres", then "Importer des offres" leads to the upload form, the template and the columns', async () => {
    const mine = await recruiter.get(RECRUITER_PATH)
    expect(mine.text).toContain(`href="${RECRUITER_PATH}/importer">Importer des offres</a>`)
    const page = await recruiter.get(`${RECRUITER_PATH}/importer`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Importer des offres – Atouts pour tous</title>')
    expect(page.text).toContain(`href="${RECRUITER_PATH}/importer/modele.csv" download>Télécharger le modèle (CSV)</a>`)
    expect(page.text).toMatch(/<label for="field-fichier">Fichier des offres/)
    expect(page.text).toMatch(/<label for="field-cloturerAbsentes">Clôturer les offres absentes du fichier<\/label>/)
    expect(page.text).toContain('<button type="submit">Voir l’aperçu</button>')
    for (const column of IMPORT_COLUMNS) expect(page.text).toContain(`<th scope="row"><code>${column}</code></th>`)
    // the page says what becomes of refused rows
    expect(page.text).toContain('les lignes acceptées sont enregistrées ensemble ; les lignes refusées ne le sont pas')
  })

  it('"Télécharger le modèle": a CSV with the columns and an example row, which imports as it is', async () => {
    const response = await recruiter.get(`${RECRUITER_PATH}/importer/modele.csv`).buffer(true)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe('attachment; filename="modele-import-offres.csv"')
    const text = response.text
    expect(text.startsWith('\uFEFF')).toBe(true)
    const [header, ...rest] = text.slice(1).split('\r\n')
    expect(header).toBe(IMPORT_COLUMNS.join(';'))
    expect(rest.join('\r\n')).toContain('OFFRE-2027-001;Assistant ressources humaines en alternance (H/F);')
    expect(rest.join('\r\n')).toContain('"Publier les offres d’emploi\nOrganiser les entretiens\nPréparer l’accueil des nouveaux arrivants"')
    const { page } = await preview(recruiter, RECRUITER_PATH, Buffer.from(text, 'utf8'), 'modele-import-offres.csv')
    expect(counts(page.text)).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 0 })
    expect(page.text).toContain('<th scope="row">OFFRE-2027-001</th><td>Assistant ressources humaines en alternance (H/F)</td><td>Brouillon</td>')
  })

  it('the template’s one value taken from the employer cannot run as a formula in a spreadsheet', () => {
    const scope = {
      employerId: 1,
      employerName: 'X',
      employerSector: '=HYPERLINK("http://exemple.test")',
      byAdmin: false,
      offersPath: '',
      pagePath: '',
      teamPath: null,
    }
    expect(importTemplateCsv(scope)).toContain(';"\'=HYPERLINK(""http://exemple.test"")";')
  })

  it('when a CSV (UTF-8, commas, a quoted multi-line field) is sent, then the preview counts what will be done and lists the refused row by its line; nothing is written yet', async () => {
    const { page } = await preview(recruiter, RECRUITER_PATH, MAIN_CSV)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Aperçu de l’import – Atouts pour tous</title>')
    expect(page.text).toContain('Fichier <strong>offres.csv</strong> (CSV, UTF-8)')
    expect(page.text).toContain('Rien n’est encore enregistré.')
    expect(counts(page.text)).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 1 })
    expect(page.text).toContain(
      '<th scope="row">Ligne 4 (ligne 5 du fichier texte)</th>\n              <td>IMP-3</td>\n              <td>« departement » : le département « 99 » n’existe pas. Écrivez son numéro, par exemple 31, 2A ou 974.</td>',
    )
    expect(page.text).toContain('<button type="submit">Confirmer l’import</button>')
    expect(await importedOffers()).toEqual([])
  })

  it('when "Confirmer l’import" is pressed, then the accepted rows are written as the form would, the published one found by candidates, and the import audited', async () => {
    const { location } = await preview(recruiter, RECRUITER_PATH, MAIN_CSV)
    const before = Date.now()
    const page = await confirm(recruiter, location)
    expect(page.text).toContain(
      'L’import est terminé : 2 offres créées, aucune offre mise à jour, aucune offre inchangée. 1 ligne refusée n’a pas été importée.',
    )
    expect(page.text).toContain('<title>Résultat de l’import – Atouts pour tous</title>')
    expect(counts(page.text)).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 1 })
    expect(page.text).toContain('<td>IMP-3</td>')

    const [first, second] = await importedOffers()
    expect(first).toMatchObject({
      reference: 'IMP-1',
      title: 'Développeuse web full stack',
      description: 'Une équipe de dix personnes, à Toulouse.',
      missions: 'Développer les écrans\nÉcrire les tests',
      contractType: 'CDI',
      sector: 'Numérique',
      city: 'Toulouse',
      department: '31',
      remote: true,
      status: 'PUBLISHED',
    })
    expect(first.startDate?.getTime()).toBe(utcDay(isoDay(30)).getTime())
    expect(first.endDate?.getTime()).toBe(publicationEndFromLastDay(isoDay(60)).getTime())
    expect(first.publishedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    // an empty "secteur": the employer's
    expect(second).toMatchObject({ reference: 'IMP-2', status: 'DRAFT', publishedAt: null, sector: 'Numérique', contractType: 'ALTERNANCE', remote: false })
    expect(await ctx.db.offer.count({ where: { title: 'Technicien réseau' } })).toBe(0)

    // the search index follows (the same triggers as the form)
    expect(await candidateFinds('developpeuse')).toContain(`href="/offres/${first.id}?retour=`)
    expect(await candidateFinds('comptable')).toContain('<strong>Aucune offre</strong>')

    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'offer.import' }, orderBy: { id: 'desc' } })
    expect(audit).toMatchObject({ targetType: 'Employer', targetId: String(employer.id) })
    expect(JSON.parse(audit.details!)).toMatchObject({ fileName: 'offres.csv', format: 'CSV', created: 2, updated: 0, unchanged: 0, refused: 1, closed: 0 })
    expect(await ctx.db.auditLog.count({ where: { action: 'offer.publish', targetId: String(first.id) } })).toBe(1)

    // "Mes offres" shows the references; the import page lists the import
    expect((await recruiter.get(RECRUITER_PATH)).text).toContain('CDI – Toulouse – réf. IMP-1')
    expect((await recruiter.get(`${RECRUITER_PATH}/${first.id}`)).text).toContain('Référence : <strong>IMP-1</strong>')
    const history = await recruiter.get(`${RECRUITER_PATH}/importer`)
    expect(history.text).toMatch(/<td>offres\.csv<\/td>\s*<td>Julien Roux<\/td>\s*<td>2<\/td>\s*<td>0<\/td>\s*<td>0<\/td>\s*<td>1<\/td>/)
  })

  it('when the same file is imported again, then every offer is unchanged and nothing is written', async () => {
    const before = await importedOffers()
    const { location, page } = await preview(recruiter, RECRUITER_PATH, MAIN_CSV)
    expect(counts(page.text)).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 1 })
    const result = await confirm(recruiter, location)
    expect(result.text).toContain('L’import est terminé : aucune offre créée, aucune offre mise à jour, 2 offres inchangées.')
    expect(await importedOffers()).toEqual(before)
  })

  it('when a title is edited in the file, then that offer is updated in place, and the preview says what changes', async () => {
    const [first] = await importedOffers()
    const edited = MAIN_CSV.replace('Développeuse web full stack', 'Développeuse web confirmée')
    const { location, page } = await preview(recruiter, RECRUITER_PATH, edited)
    expect(counts(page.text)).toEqual({ created: 0, updated: 1, unchanged: 1, refused: 1 })
    expect(page.text).toContain('<th scope="row">IMP-1</th><td>Développeuse web confirmée</td><td>intitulé</td>')
    await confirm(recruiter, location)
    const updated = await ctx.db.offer.findUniqueOrThrow({ where: { id: first.id } })
    expect(updated).toMatchObject({ title: 'Développeuse web confirmée', status: 'PUBLISHED' })
    // still published since the first import, not published again
    expect(updated.publishedAt).toEqual(first.publishedAt)
    expect(await candidateFinds('confirmee')).toContain(`href="/offres/${first.id}?retour=`)
  })

  it('when a Windows-1252 CSV with semicolons is sent, then its accents are read right', async () => {
    const text = "Référence;Intitulé;Description;Type_contrat;Ville;Département;Statut\r\nW-1;Chargé d'études;Analyse des données;Stage;Besançon;25;publiée\r\n"
    const { location, page } = await preview(recruiter, RECRUITER_PATH, Buffer.from(text, 'latin1'), 'excel.csv')
    expect(page.text).toContain('(CSV, Windows-1252)')
    expect(counts(page.text)).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 0 })
    await confirm(recruiter, location)
    expect(await ctx.db.offer.findFirstOrThrow({ where: { employerId: employer.id, reference: 'W-1' } })).toMatchObject({
      title: "Chargé d'études",
      description: 'Analyse des données',
      city: 'Besançon',
      department: '25',
      contractType: 'STAGE',
      status: 'PUBLISHED',
    })
  })

  it('when a JSON array of schema.org JobPosting is sent, then each is mapped and imported; a non-JobPosting is refused with its line', async () => {
    const postings = [
      {
        '@context': 'https://schema.org',
        '@type': 'JobPosting',
        identifier: { '@type': 'PropertyValue', name: 'Garonne Numérique', value: 'JSON-1' },
        title: 'Data analyst junior',
        description: '<p>Vous analysez nos données <strong>clients</strong>.</p>',
        employmentType: ['FULL_TIME', 'TEMPORARY'],
        jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Montpellier', postalCode: '34000' } },
        jobLocationType: 'TELECOMMUTE',
        datePosted: isoDay(0),
        validThrough: `${isoDay(45)}T23:59:00+01:00`,
      },
      { '@type': 'Organization', name: 'Pas une offre' },
    ]
    const json = JSON.stringify(postings, null, 2)
    const secondLine = json.split('\n').findIndex((line, index) => index > 1 && line === '  {') + 1
    const { location, page } = await preview(recruiter, RECRUITER_PATH, json, 'offres.json')
    expect(page.text).toContain('Fichier <strong>offres.json</strong> (JSON)')
    expect(counts(page.text)).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 1 })
    expect(page.text).toContain(`<th scope="row">Offre n° 2 (ligne ${secondLine})</th>`)
    expect(page.text).toContain('Cet élément n’est pas une offre schema.org JobPosting (« @type » : « Organization »).')
    await confirm(recruiter, location)
    const offer = await ctx.db.offer.findFirstOrThrow({ where: { employerId: employer.id, reference: 'JSON-1' } })
    expect(offer).toMatchObject({
      title: 'Data analyst junior',
      description: 'Vous analysez nos données clients.',
      contractType: 'CDD',
      city: 'Montpellier',
      department: '34',
      remote: true,
      status: 'PUBLISHED',
    })
    expect(offer.endDate?.getTime()).toBe(publicationEndFromLastDay(isoDay(45)).getTime())
  })

  it('when rows break the offer form’s rules, then each is refused with the form’s message named by its column, and the others are imported', async () => {
    const csv = [
      'reference;intitule;description;type_contrat;ville;departement;date_debut;date_fin_publication;contact;teletravail;statut;secteur',
      `R-OK;Graphiste;Créer nos visuels.;Emploi saisonnier;Albi;81;;;;;;`,
      `R-LONG;${'x'.repeat(151)};Texte;cdd;Albi;81;;;;;;`,
      'R-MAIL;Vendeur;Texte;cdd;Albi;81;;;pas-une-adresse;;;',
      `R-DATES;Vendeur;Texte;cdd;Albi;81;${frenchDay(40)};${frenchDay(20)};;;;`,
      `R-PAST;Vendeur;Texte;cdd;Albi;81;;${frenchDay(-2)};;;publiée;`,
      'R-TYPE;Vendeur;Texte;intérim;Albi;81;;;;peut-être;en ligne;Aéronautique',
      ';Sans référence;Texte;cdd;Albi;81;;;;;;',
      'R-OK;Doublon;Texte;cdd;Albi;81;;;;;;',
      '<b>R-HTML</b>;;Texte;cdd;Albi;1;32/01/2027;;;;;',
    ].join('\n')
    const { location, page } = await preview(recruiter, RECRUITER_PATH, csv)
    expect(counts(page.text)).toEqual({ created: 1, updated: 0, unchanged: 0, refused: 8 })
    for (const reason of [
      '« intitule » : L’intitulé du poste doit compter au plus 150 caractères.',
      '« contact » : Saisissez une adresse e-mail valide, par exemple recrutement@exemple.fr.',
      '« date_fin_publication » : La date de fin de publication doit être après la date de début.',
      '« date_fin_publication » : La date de fin de publication est passée : choisissez aujourd’hui ou une date à venir pour publier l’offre.',
      '« type_contrat » : « intérim » n’est pas un type de contrat. Écrivez stage, alternance, cdd, cdi, service civique ou emploi saisonnier.',
      '« teletravail » : écrivez oui ou non (et non « peut-être »).',
      '« statut » : écrivez brouillon ou publiée (et non « en ligne »).',
      '« secteur » : le secteur « Aéronautique » n’existe pas. Choisissez-en un de la liste de la page d’import.',
      '« reference » : indiquez la référence de l’offre, votre propre identifiant : elle permet de la mettre à jour lors des imports suivants.',
      '« reference » : la référence « R-OK » figure déjà plus haut (ligne 2) : chaque offre a sa propre référence.',
      '« intitule » : Saisissez l’intitulé du poste.',
      '« date_debut » : Saisissez la date de début au format jj/mm/aaaa, par exemple 01/09/2027.',
    ]) {
      expect(page.text).toContain(reason)
    }
    // line numbers; a value of the file is shown as text, never as markup
    expect(page.text).toMatch(/<th scope="row">Ligne 7<\/th>\s*<td>R-TYPE<\/td>\s*<td><ul><li>« type_contrat »/)
    expect(page.text).toContain('<td>&lt;b&gt;R-HTML&lt;/b&gt;</td>')
    expect(page.text).not.toContain('<b>R-HTML</b>')
    await confirm(recruiter, location)
    expect(await ctx.db.offer.findFirstOrThrow({ where: { employerId: employer.id, reference: 'R-OK' } })).toMatchObject({
      title: 'Graphiste',
      contractType: 'SAISONNIER',
    })
    expect(await ctx.db.offer.count({ where: { employerId: employer.id, reference: { startsWith: 'R-' }, NOT: { reference: 'R-OK' } } })).toBe(0)
  })

  it('when a cell holds control characters, then they are cleaned as any form input', async () => {
    const { location } = await preview(
      recruiter,
      RECRUITER_PATH,
      'reference,intitule,description,type_contrat,ville,departement\nCTRL-1,Agent\u0007 de\tquai,Texte\u001b,cdd,Albi,81\n',
    )
    await confirm(recruiter, location)
    expect(await ctx.db.offer.findFirstOrThrow({ where: { reference: 'CTRL-1' } })).toMatchObject({ title: 'Agent de quai', description: 'Texte' })
  })

  it('when "Clôturer les offres absentes du fichier" is ticked, then the published offers with a reference absent from the file are closed, not those made with the form', async () => {
    const byForm = await createOfferWithDetails(ctx.db, { employerId: employer.id, title: 'Offre du formulaire', status: 'PUBLISHED' })
    const file =
      'reference,intitule,description,type_contrat,ville,departement,statut\nIMP-2,Assistant comptable,Tenir la comptabilité.,alternance,Albi,81,brouillon\n'
    const { location, page } = await preview(recruiter, RECRUITER_PATH, file, 'offres.csv', { closeAbsent: true })
    expect(page.text).toContain('Offres absentes du fichier à clôturer : <strong>3</strong>')
    expect(page.text).toContain('<li>IMP-1 – Développeuse web confirmée</li>')
    expect(page.text).not.toContain('Offre du formulaire')
    // IMP-2 keeps its missions: a column absent from the file keeps what the offer has
    await confirm(recruiter, location)
    const offers = await importedOffers()
    expect(
      offers
        .filter((offer) => offer.status === 'CLOSED')
        .map((offer) => offer.reference)
        .sort(),
    ).toEqual(['IMP-1', 'JSON-1', 'W-1'])
    expect((await ctx.db.offer.findUniqueOrThrow({ where: { id: byForm.id } })).status).toBe('PUBLISHED')
    expect(await candidateFinds('developpeuse')).toContain('<strong>Aucune offre</strong>')
  })

  it('when the administrator imports from an employer’s offers page, then the offers are that employer’s', async () => {
    const page = await admin.get(adminPath(otherEmployer.id))
    expect(page.text).toContain(`href="${adminPath(otherEmployer.id)}/importer">Importer des offres</a>`)
    const { location } = await preview(
      admin,
      adminPath(otherEmployer.id),
      'reference,intitule,description,type_contrat,ville,departement\nADM-1,Chauffeur livreur,Livrer nos clients.,cdi,Albi,81\n',
    )
    const result = await confirm(admin, location)
    expect(result.text).toContain('Résultat de l’import – Transports Pastel – Atouts pour tous')
    expect(await ctx.db.offer.findFirstOrThrow({ where: { reference: 'ADM-1' } })).toMatchObject({
      employerId: otherEmployer.id,
      sector: 'Transport – Logistique',
      status: 'DRAFT',
    })
  })
})

describe('files refused whole: a clear message, nothing kept', () => {
  const refusal = async (content: string | Buffer, filename: string) => {
    const importsBefore = await ctx.db.offerImport.count()
    const response = await upload(recruiter, RECRUITER_PATH, content, filename)
    expect(response.status).toBe(422)
    expect(response.text).toContain('<title>Erreur – Importer des offres – Atouts pour tous</title>')
    expect(response.text).toContain('href="#field-fichier"')
    expect(response.text).toContain('aria-invalid="true"')
    expect(await ctx.db.offerImport.count()).toBe(importsBefore)
    return response.text
  }

  it('too large, too many rows, a missing required column, neither CSV nor JSON, or no file at all', async () => {
    expect(await refusal(Buffer.alloc(MAX_IMPORT_FILE_SIZE + 1, 'a'), 'enorme.csv')).toContain('Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers.')
    const rows = Array.from({ length: 2001 }, (_, index) => `T-${index},A,B,cdi,Albi,81`)
    expect(await refusal(`reference,intitule,description,type_contrat,ville,departement\n${rows.join('\n')}`, 'long.csv')).toContain(
      'Le fichier contient 2 001 offres : 2 000 au plus par import. Découpez-le en plusieurs fichiers.',
    )
    expect(await refusal('reference;intitule;description;ville;departement\nX;A;B;Albi;81\n', 'incomplet.csv')).toContain(
      'Colonne obligatoire absente : « type_contrat ».',
    )
    expect(await refusal(Buffer.from('PK\u0003\u0004xlsx-content', 'latin1'), 'offres.xlsx')).toContain('Ce fichier est un classeur (Excel ou LibreOffice)')
    expect(await refusal(Buffer.from('%PDF-1.4 \u0000\u0000', 'latin1'), 'offres.csv')).toContain('Ce fichier n’est ni un CSV ni un JSON.')
    const noFile = await recruiter.post(await uploadAction(recruiter, RECRUITER_PATH)).field('cloturerAbsentes', 'on')
    expect(noFile.status).toBe(422)
    expect(noFile.text).toContain('Choisissez le fichier des offres (CSV ou JSON).')
    expect(noFile.text).toMatch(/name="cloturerAbsentes" value="on" checked/)
  })
})

describe('the preview and its confirmation', () => {
  const file = (reference: string) => `reference,intitule,description,type_contrat,ville,departement\n${reference},Magasinier,Gérer le stock.,cdd,Albi,81\n`

  it('when "Confirmer l’import" is sent twice at once, then the offers are written once', async () => {
    const { location } = await preview(recruiter, RECRUITER_PATH, file('TWICE-1'))
    const token = /name="_csrf" value="([^"]+)"/.exec((await recruiter.get(location)).text)![1]
    const responses = await Promise.all([1, 2].map(() => recruiter.post(`${location}/confirmer`).type('form').send({ _csrf: token })))
    expect(responses.map((response) => response.status)).toEqual([302, 302])
    expect(await ctx.db.offer.count({ where: { reference: 'TWICE-1' } })).toBe(1)
    expect(await ctx.db.auditLog.count({ where: { action: 'offer.import', details: { contains: `"importId":${location.split('/').pop()},` } } })).toBe(1)
  })

  it('when the preview has expired, then the page says so and confirming writes nothing', async () => {
    const { location } = await preview(recruiter, RECRUITER_PATH, file('LATE-1'))
    await ctx.db.offerImport.update({ where: { id: Number(location.split('/').pop()) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const page = await recruiter.get(location)
    expect(page.text).toContain('<title>Aperçu expiré – Atouts pour tous</title>')
    expect(page.text).not.toContain('Confirmer l’import</button>')
    const response = await submitForm(recruiter, `${location}/confirmer`, {}, `${RECRUITER_PATH}/importer`)
    expect(response.status).toBe(302)
    expect((await recruiter.get(location)).text).toContain('Cet import a déjà été confirmé, ou son aperçu a expiré : rien de plus n’a été importé.')
    expect(await ctx.db.offer.count({ where: { reference: 'LATE-1' } })).toBe(0)
  })

  it('when a second file is sent, then it replaces the first preview', async () => {
    const first = await preview(recruiter, RECRUITER_PATH, file('FIRST-1'))
    await preview(recruiter, RECRUITER_PATH, file('SECOND-1'))
    expect((await recruiter.get(first.location)).text).toContain('<title>Aperçu expiré – Atouts pour tous</title>')
  })

  it('when previews expire unconfirmed, then the offers’ periodic job lets their rows go at once and removes them a day later', async () => {
    // three users: a new file would replace the same user's preview
    const old = await preview(colleague, RECRUITER_PATH, file('OLD-1'))
    const recent = await preview(recruiter, RECRUITER_PATH, file('RECENT-1'))
    const live = await preview(admin, adminPath(employer.id), file('LIVE-1'))
    await ctx.db.offerImport.update({ where: { id: idOf(old.location) }, data: { expiresAt: new Date(Date.now() - 2 * DAY) } })
    await ctx.db.offerImport.update({ where: { id: idOf(recent.location) }, data: { expiresAt: new Date(Date.now() - 60_000) } })
    // a period after any earlier run (the job runs once per period: src/lib/jobs.ts)
    await ctx.db.scheduledJob.updateMany({ where: { name: 'expired-offers' }, data: { lastRunAt: new Date(Date.now() - DAY) } })
    const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} }
    await startExpiredOffersJob({ db: ctx.db, logger: silent, intervalMs: 60_000 }).stop()

    expect(await ctx.db.offerImport.findUnique({ where: { id: idOf(old.location) } })).toBeNull()
    expect((await colleague.get(old.location)).status).toBe(404)
    expect((await ctx.db.offerImport.findUniqueOrThrow({ where: { id: idOf(recent.location) } })).rows).toBeNull()
    expect((await recruiter.get(recent.location)).text).toContain('<title>Aperçu expiré – Atouts pour tous</title>')
    expect((await ctx.db.offerImport.findUniqueOrThrow({ where: { id: idOf(live.location) } })).rows).toContain('LIVE-1')
    expect((await admin.get(live.location)).text).toContain('Confirmer l’import</button>')
  })

  it('when the writes take longer than « Confirmer l’import » waits, then the answer comes first and the import is written after it, once', async () => {
    const { location } = await preview(recruiter, RECRUITER_PATH, file('SLOW-1'))
    const { actor, scope } = await julien()
    // as an import too long to wait for: the answer comes before the writes (its page, until then: the next test)
    const answer = await confirmOfferImport(ctx.db, { actor, scope, importId: idOf(location), waitMs: 0 })
    if (answer.ok !== 'running') throw new Error(`not running: ${JSON.stringify(answer)}`)
    expect(await answer.done).toMatchObject({ ok: true, created: 1 })
    const done = await recruiter.get(location)
    expect(done.headers.refresh).toBeUndefined()
    expect(done.text).toContain('<title>Résultat de l’import – Atouts pour tous</title>')
    expect(counts(done.text).created).toBe(1)
    // « Confirmer » again (a tab left open): nothing more
    const again = await submitForm(recruiter, `${location}/confirmer`, {}, `${RECRUITER_PATH}/importer`)
    expect(again.status).toBe(302)
    expect(await ctx.db.offer.count({ where: { reference: 'SLOW-1' } })).toBe(1)
    expect(await ctx.db.auditLog.count({ where: { action: 'offer.import', details: { contains: `"importId":${idOf(location)},` } } })).toBe(1)
  })

  it('while an import is written, its page says so and refreshes itself; if the process writing it stopped mid-way, the offers’ periodic job gives the preview back, saying so, and it can be confirmed again', async () => {
    const { location } = await preview(recruiter, RECRUITER_PATH, file('CRASH-1'))
    // what a process that died during the writes leaves: the claim, nothing written (its transaction rolled back)
    await ctx.db.offerImport.update({ where: { id: idOf(location) }, data: { status: 'RUNNING', confirmedAt: new Date(Date.now() - 11 * 60_000) } })
    // the page of a running import: its state, and the browser asks again in 2 seconds (no JavaScript needed)
    const running = await recruiter.get(location)
    expect(running.status).toBe(200)
    expect(running.headers.refresh).toBe('2')
    expect(running.text).toContain('<title>Import en cours – Atouts pour tous</title>')
    expect(textOf(running.text)).toContain('L’import est en cours d’enregistrement. Cette page s’actualise d’elle-même toutes les 2 secondes')
    expect(running.text).not.toContain('Confirmer l’import</button>')
    // another recruiter of the employer does not see it (as a preview)
    expect((await colleague.get(location)).status).toBe(404)
    await ctx.db.scheduledJob.updateMany({ where: { name: 'expired-offers' }, data: { lastRunAt: new Date(Date.now() - DAY) } })
    const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} }
    await startExpiredOffersJob({ db: ctx.db, logger: silent, intervalMs: 60_000 }).stop()

    const page = await recruiter.get(location)
    expect(page.text).toContain('<title>Aperçu de l’import – Atouts pour tous</title>')
    expect(textOf(page.text)).toContain('L’import a été interrompu avant la fin : rien n’a été importé. Vous pouvez confirmer de nouveau.')
    const confirmed = await confirm(recruiter, location)
    expect(counts(confirmed.text).created).toBe(1)
    expect(textOf(confirmed.text)).not.toContain('interrompu')
    expect(await ctx.db.offer.count({ where: { reference: 'CRASH-1' } })).toBe(1)
  })
})

describe('who may import into which employer', () => {
  let recruiterPreview: string
  beforeAll(async () => {
    recruiterPreview = (
      await preview(recruiter, RECRUITER_PATH, 'reference,intitule,description,type_contrat,ville,departement\nSCOPE-1,Soudeur,Souder.,cdi,Albi,81\n')
    ).location
  })

  it('as a candidate or a référent, I cannot open the import, the template or confirm (403)', async () => {
    for (const agent of [candidate, referent]) {
      for (const path of [`${RECRUITER_PATH}/importer`, `${RECRUITER_PATH}/importer/modele.csv`, recruiterPreview, `${adminPath(employer.id)}/importer`]) {
        expect((await agent.get(path)).status).toBe(403)
      }
      expect((await submitForm(agent, `${recruiterPreview}/confirmer`, {}, '/mon-compte')).status).toBe(403)
    }
    expect(await ctx.db.offer.count({ where: { reference: 'SCOPE-1' } })).toBe(0)
  })

  it('as a recruiter, I cannot use the administrator’s import of an employer (403)', async () => {
    expect((await recruiter.get(`${adminPath(employer.id)}/importer`)).status).toBe(403)
    expect((await recruiter.get(`${adminPath(employer.id)}/importer/modele.csv`)).status).toBe(403)
  })

  it('as another employer’s recruiter, or a colleague who did not send the file, I cannot see nor confirm the preview (404), and nothing is written', async () => {
    const otherPath = recruiterPreview.replace(RECRUITER_PATH, RECRUITER_PATH)
    for (const agent of [otherRecruiter, colleague]) {
      expect((await agent.get(otherPath)).status).toBe(404)
      expect((await submitForm(agent, `${otherPath}/confirmer`, {}, RECRUITER_PATH)).status).toBe(404)
    }
    expect(await ctx.db.offer.count({ where: { reference: 'SCOPE-1' } })).toBe(0)
    // the other employer's recruiter sees only their employer's history
    expect((await otherRecruiter.get(`${RECRUITER_PATH}/importer`)).text).not.toContain('Julien Roux')
  })

  it('as an administrator, I cannot confirm an import through another employer’s page (404), nor an employer that does not exist', async () => {
    const { location } = await preview(
      admin,
      adminPath(employer.id),
      'reference,intitule,description,type_contrat,ville,departement\nSCOPE-ADMIN,Soudeur,Souder.,cdi,Albi,81\n',
    )
    const elsewhere = location.replace(adminPath(employer.id), adminPath(otherEmployer.id))
    expect((await admin.get(elsewhere)).status).toBe(404)
    expect((await submitForm(admin, `${elsewhere}/confirmer`, {}, adminPath(otherEmployer.id))).status).toBe(404)
    expect((await admin.get(`${adminPath(999999)}/importer`)).status).toBe(404)
    expect(await ctx.db.offer.count({ where: { reference: 'SCOPE-ADMIN' } })).toBe(0)
    // the recruiter's own preview is not the administrator's to confirm either
    expect((await submitForm(admin, `${recruiterPreview.replace(RECRUITER_PATH, adminPath(employer.id))}/confirmer`, {}, adminPath(employer.id))).status).toBe(
      404,
    )
    expect(await ctx.db.offer.count({ where: { reference: 'SCOPE-1' } })).toBe(0)
  })

  it('as a colleague, I see a confirmed import of my employer in its history', async () => {
    await confirm(recruiter, recruiterPreview)
    const page = await colleague.get(recruiterPreview)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Résultat de l’import – Atouts pour tous</title>')
    expect((await otherRecruiter.get(recruiterPreview)).status).toBe(404)
  })
})
