// "Importer des offres": the pages of import.ts, for a recruiter (/recruteur/offres/importer) and for
// an administrator acting for an employer (/admin/employeurs/:employerId/offres/importer).
import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import type { FieldErrors } from '../../lib/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { idParam } from '../../web/params.ts'
import { createUploadReceiver } from '../../web/uploads.ts'
import { scopeOf, type EmployerScope } from '../employers/policy.ts'
import { toCsv, neutralizeFormula } from '../statistics/csv.ts'
import { parisDay } from '../../lib/paris-time.ts'
import { IMPORT_COLUMNS, MAX_IMPORT_FILE_SIZE, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from './import-files.ts'
import {
  confirmOfferImport,
  createOfferImport,
  findOfferImportPage,
  IMPORT_PREVIEW_MINUTES,
  listOfferImports,
  type ImportFailure,
  type ImportPage,
} from './import.ts'
import { CONTRACT_LABELS, CONTRACT_TYPES, OFFER_STATUS_LABELS } from './labels.ts'
import { sectorChoices } from './service.ts'

const FILE_FIELD = 'fichier'

const receiveImportFile = createUploadReceiver({
  field: FILE_FIELD,
  maxSize: MAX_IMPORT_FILE_SIZE,
  maxFields: 5,
  tooLarge: `Le fichier dépasse ${MAX_IMPORT_FILE_SIZE / 1024 / 1024} Mo : découpez-le en plusieurs fichiers.`,
  oneFileOnly: 'Envoyez un seul fichier, avec le champ « Fichier des offres ».',
  what: 'import d’offres',
})

/** "1 offre créée", "3 offres créées", "aucune offre créée". */
export function countOf(count: number, singular: string, plural: string): string {
  return count === 0 ? `aucune ${singular}` : `${count.toLocaleString('fr-FR').replace(/\u202f/g, ' ')} ${count === 1 ? singular : plural}`
}

/** What each column takes, for the import page (the template says the same by example). */
function columnHelp(scope: EmployerScope) {
  const contracts = CONTRACT_TYPES.map((type) => CONTRACT_LABELS[type].toLowerCase()).join(', ')
  const help: Record<(typeof IMPORT_COLUMNS)[number], string> = {
    reference: 'Votre propre identifiant de l’offre, 100 caractères au plus. Un nouvel import de la même référence met l’offre à jour.',
    intitule: 'L’intitulé du poste, 150 caractères au plus.',
    description: 'L’entreprise, l’équipe, le contexte du poste.',
    missions: 'Une mission par ligne (dans une même cellule).',
    profil: 'Le profil recherché.',
    type_contrat: `${contracts} (ou stage, alternance, cdd, cdi, saisonnier, service civique).`,
    duree: 'Par exemple : 6 mois.',
    secteur: `Un secteur de la liste ci-dessous. Vide : « ${scope.employerSector} », le secteur de l’employeur (une offre existante garde le sien).`,
    ville: 'La ville du poste.',
    departement: 'Le numéro du département : 31, 2A, 974…',
    teletravail: 'oui ou non (vide : non).',
    date_debut: 'jj/mm/aaaa ou aaaa-mm-jj, par exemple 01/09/2027.',
    date_fin_publication: 'Le dernier jour où l’offre est visible : jj/mm/aaaa ou aaaa-mm-jj.',
    accessibilite: 'Accessibilité des locaux, aménagements possibles du poste.',
    contact: 'L’adresse e-mail qui reçoit les candidatures validées (facultative).',
    statut: 'brouillon ou publiée (vide : brouillon). « brouillon » ne retire pas une offre déjà publiée : clôturez-la depuis la liste des offres.',
  }
  return IMPORT_COLUMNS.map((column) => ({ column, required: REQUIRED_COLUMNS.includes(column), help: help[column] }))
}

const frenchDay = (day: string) => day.split('-').reverse().join('/')

/** "Télécharger le modèle": the columns and one example row, in the format Excel opens in French. */
export function importTemplateCsv(scope: EmployerScope, now = new Date()): string {
  const inDays = (days: number) => frenchDay(parisDay(new Date(now.getTime() + days * 24 * 60 * 60 * 1000)))
  const example: Record<(typeof IMPORT_COLUMNS)[number], string> = {
    reference: 'OFFRE-2027-001',
    intitule: 'Assistant ressources humaines en alternance (H/F)',
    description: 'Au sein d’une équipe de cinq personnes, vous participez au recrutement et à l’accueil des nouveaux salariés.',
    missions: 'Publier les offres d’emploi\nOrganiser les entretiens\nPréparer l’accueil des nouveaux arrivants',
    profil: 'Formation en ressources humaines, de bac+2 à bac+3. Débutants bienvenus.',
    type_contrat: 'alternance',
    duree: '24 mois',
    secteur: neutralizeFormula(scope.employerSector),
    ville: 'Toulouse',
    departement: '31',
    teletravail: 'non',
    // the form's rule: the publication ends after the start date
    date_debut: inDays(30),
    date_fin_publication: inDays(60),
    accessibilite: 'Locaux de plain-pied, poste et horaires aménageables.',
    contact: 'recrutement@exemple.fr',
    statut: 'brouillon',
  }
  return toCsv([[...IMPORT_COLUMNS], IMPORT_COLUMNS.map((column) => example[column])])
}

const HEADINGS: Record<ImportPage['state'], string> = {
  preview: 'Aperçu de l’import',
  expired: 'Aperçu expiré',
  running: 'Import en cours',
  confirmed: 'Résultat de l’import',
}

/** Why a confirmation wrote nothing, on the preview's page. */
const FAILURE_MESSAGES: Record<ImportFailure, string> = {
  conflict: 'Des offres de cet employeur ont changé pendant l’import : rien n’a été importé. Vérifiez l’aperçu, puis confirmez de nouveau.',
  failed: 'Une erreur a empêché l’import : rien n’a été importé. Vous pouvez confirmer de nouveau.',
  interrupted: 'L’import a été interrompu avant la fin : rien n’a été importé. Vous pouvez confirmer de nouveau.',
}

/** How often the page of a running import asks for itself again. */
const RUNNING_REFRESH_SECONDS = 2

export function createOfferImportHandlers({ db }: RouterDeps) {
  async function renderImportForm(
    res: Response,
    status: number,
    scope: EmployerScope,
    locals: { errors?: FieldErrors; values?: Record<string, unknown> } = {},
  ) {
    const heading = 'Importer des offres'
    res.status(status).render('offers/import', {
      title: scope.byAdmin ? `${heading} – ${scope.employerName}` : heading,
      heading,
      scope,
      fileField: FILE_FIELD,
      maxRows: MAX_IMPORT_ROWS.toLocaleString('fr-FR').replace(/\u202f/g, ' '),
      maxSize: `${MAX_IMPORT_FILE_SIZE / 1024 / 1024} Mo`,
      previewMinutes: IMPORT_PREVIEW_MINUTES,
      columns: columnHelp(scope),
      sectors: sectorChoices(scope.employerSector),
      imports: await listOfferImports(db, scope),
      errors: {},
      values: {},
      ...locals,
    })
  }

  return {
    async showImport(_req: Request, res: Response) {
      await renderImportForm(res, 200, scopeOf(res))
    },

    async upload(req: Request, res: Response) {
      const scope = scopeOf(res)
      const uploadError = await receiveImportFile(req, res)
      const body = (req.body ?? {}) as Record<string, unknown>
      const closeAbsent = body.cloturerAbsentes === 'on'
      const values = { cloturerAbsentes: closeAbsent }
      if (uploadError) return renderImportForm(res, 422, scope, { errors: { [FILE_FIELD]: uploadError }, values })
      if (!req.file) return renderImportForm(res, 422, scope, { errors: { [FILE_FIELD]: 'Choisissez le fichier des offres (CSV ou JSON).' }, values })
      const result = await createOfferImport(db, {
        actor: actorOf(req),
        scope,
        file: { content: req.file.buffer, originalName: req.file.originalname },
        closeAbsent,
      })
      if (!result.ok) return renderImportForm(res, 422, scope, { errors: { [FILE_FIELD]: result.error }, values })
      res.redirect(`${scope.offersPath}/importer/${result.importId}`)
    },

    template(_req: Request, res: Response) {
      res.set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="modele-import-offres.csv"',
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      res.send(importTemplateCsv(scopeOf(res)))
    },

    async showImportResult(req: Request, res: Response) {
      const scope = scopeOf(res)
      const page = await findOfferImportPage(db, { actor: actorOf(req), scope, importId: idParam(req.params.importId) })
      const heading = HEADINGS[page.state]
      // without JavaScript: the browser asks for the page again (HTTP "Refresh") until the import is written
      if (page.state === 'running') res.set('Refresh', String(RUNNING_REFRESH_SECONDS))
      res.render('offers/import-result', {
        title: scope.byAdmin ? `${heading} – ${scope.employerName}` : heading,
        heading,
        scope,
        page,
        countOf,
        statusLabels: OFFER_STATUS_LABELS,
        listLimit: 200,
        previewMinutes: IMPORT_PREVIEW_MINUTES,
        refreshSeconds: RUNNING_REFRESH_SECONDS,
        failureMessage: 'failure' in page && page.failure ? FAILURE_MESSAGES[page.failure] : null,
      })
    },

    async confirm(req: Request, res: Response) {
      const scope = scopeOf(res)
      const importId = idParam(req.params.importId)
      const result = await confirmOfferImport(db, { actor: actorOf(req), scope, importId })
      const here = `${scope.offersPath}/importer/${importId}`
      // still being written: its page says so, and refreshes itself until it is done
      if (result.ok === 'running') return res.redirect(here)
      if (!result.ok) {
        // a conflict or a failure: the preview's page says why (FAILURE_MESSAGES)
        if (result.reason === 'expired') req.flash('error', 'Cet import a déjà été confirmé, ou son aperçu a expiré : rien de plus n’a été importé.')
        return res.redirect(here)
      }
      const done = [
        countOf(result.created, 'offre créée', 'offres créées'),
        countOf(result.updated, 'offre mise à jour', 'offres mises à jour'),
        countOf(result.unchanged, 'offre inchangée', 'offres inchangées'),
        ...(result.closed > 0 ? [countOf(result.closed, 'offre clôturée', 'offres clôturées')] : []),
      ].join(', ')
      const refused =
        result.refused > 0 ? ` ${countOf(result.refused, 'ligne refusée n’a', 'lignes refusées n’ont')} pas été importée${result.refused > 1 ? 's' : ''}.` : ''
      req.flash('success', `L’import est terminé : ${done}.${refused}`)
      res.redirect(here)
    },
  }
}
