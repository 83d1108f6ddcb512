// "Importer des offres": reading the uploaded file into rows of named columns, before any check of
// the offers themselves (import.ts). A CSV in UTF-8 or Windows-1252, with "," or ";" between fields
// and RFC 4180 quoting (separators and line breaks inside quotes); or a JSON array of schema.org
// JobPosting objects, whose fields are mapped to the same columns. Nothing here reads the database.

import { withoutControlCharacters } from '../../lib/text.ts'
import { parisDay } from '../../lib/paris-time.ts'

/** The CSV columns, in the template's order (the names of the first line of the file). */
export const IMPORT_COLUMNS = [
  'reference',
  'intitule',
  'description',
  'missions',
  'profil',
  'type_contrat',
  'duree',
  'secteur',
  'ville',
  'departement',
  'teletravail',
  'date_debut',
  'date_fin_publication',
  'accessibilite',
  'contact',
  'statut',
] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** The columns a CSV file must have (the offer form's required fields, and the reference). */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['reference', 'intitule', 'description', 'type_contrat', 'ville', 'departement']

export const MAX_IMPORT_ROWS = 2000
export const MAX_IMPORT_FILE_SIZE = 5 * 1024 * 1024

/**
 * One offer of the file: where it is (`line`: the line of the spreadsheet, the column names being
 * line 1; for JSON, the line where the object starts), how to name it in a message, and its values.
 * A column absent from `values` is absent from the file: an update keeps what the offer has.
 */
export type ImportRecord = {
  line: number
  /** "Ligne 4", or "Offre n° 2 (ligne 14)" for JSON */
  label: string
  values: Partial<Record<ImportColumn, string>>
  /** a problem found while reading the row (too many cells, not a JobPosting…): the row is refused */
  problem?: string
}

export type ReadFile =
  | { ok: true; format: 'CSV' | 'JSON'; records: ImportRecord[]; ignoredColumns: string[]; encoding: 'UTF-8' | 'Windows-1252' }
  | { ok: false; error: string }

const formatNumber = (value: number) => value.toLocaleString('fr-FR').replace(/\u202f/g, ' ')

const NEITHER_CSV_NOR_JSON =
  'Ce fichier n’est ni un CSV ni un JSON. Enregistrez votre tableau au format CSV (dans Excel : « Enregistrer sous » › « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »), ou envoyez un fichier JSON.'

/** The file, read: its format detected from its content (not its name), then its rows. */
export function readImportFile(content: Buffer): ReadFile {
  if (content.length === 0) return { ok: false, error: 'Le fichier est vide.' }
  if (content.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    return { ok: false, error: 'Ce fichier est un classeur (Excel ou LibreOffice) : enregistrez-le au format CSV, puis envoyez le fichier CSV.' }
  }
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    return { ok: false, error: 'Ce fichier est en UTF-16 : enregistrez-le en UTF-8 (dans Excel : « CSV UTF-8 »), puis envoyez-le de nouveau.' }
  }
  // a text file holds no NUL byte: a PDF, an image, an old .xls…
  if (content.includes(0)) return { ok: false, error: NEITHER_CSV_NOR_JSON }
  const decoded = decode(content)
  if (!decoded) {
    return {
      ok: false,
      error:
        'L’encodage du fichier n’est pas reconnu (ni UTF-8 ni Windows-1252) : enregistrez-le en UTF-8 (dans Excel : « CSV UTF-8 »), puis envoyez-le de nouveau.',
    }
  }
  const text = decoded.text.replace(/^\uFEFF/, '')
  const start = text.trimStart()[0]
  if (start === '[' || start === '{') {
    if (decoded.encoding !== 'UTF-8') return { ok: false, error: 'Un fichier JSON doit être en UTF-8 : enregistrez-le en UTF-8, puis envoyez-le de nouveau.' }
    return readJobPostings(text)
  }
  return readCsv(text, decoded.encoding)
}

/** Valid UTF-8, or else Windows-1252 (Excel's "CSV" on a French Windows); null if neither fits. */
function decode(content: Buffer): { text: string; encoding: 'UTF-8' | 'Windows-1252' } | null {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content), encoding: 'UTF-8' }
  } catch {
    // Node 20's decoder reads 'windows-1252' as Latin-1 (0x80–0x9F as C1 controls): those 32 bytes
    // are mapped here, as newer versions do
    const text = new TextDecoder('windows-1252').decode(content).replace(/[\u0080-\u009f]/g, (character) => WINDOWS_1252_C1[character.charCodeAt(0) - 0x80])
    // the five bytes Windows-1252 leaves undefined stay C1 controls: not Windows-1252 then
    if (/[\u0080-\u009f]/.test(text)) return null
    return { text, encoding: 'Windows-1252' }
  }
}

/** Windows-1252's characters for the bytes 0x80–0x9F (the undefined ones kept as C1 controls). */
const WINDOWS_1252_C1 = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ']

// ───────────────────────── CSV ─────────────────────────

/** "Intitulé" → "intitule", "Date de début" → "date_de_debut": how the column names are compared. */
export function columnKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[\s\-’']+/g, '_')
}

/** The separator: the one of "," and ";" that the first line (the column names) uses most. */
function detectSeparator(text: string): ',' | ';' {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const character of text) {
    if (character === '"') quoted = !quoted
    else if (!quoted && (character === '\n' || character === '\r')) break
    else if (!quoted && character === ',') commas++
    else if (!quoted && character === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

type CsvRecord = { line: number; cells: string[] }

/**
 * RFC 4180, leniently: fields quoted with ", quotes doubled inside, separators and line breaks
 * (CRLF, LF or CR) kept inside quotes; a quote in the middle of an unquoted field is kept as typed.
 * Each record carries the line (of the text) where it starts.
 */
export function parseCsv(text: string, separator: ',' | ';'): { ok: true; records: CsvRecord[] } | { ok: false; error: string } {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let cellStarted = false
  let line = 1
  let recordLine = 1
  let quoteLine = 1
  const endCell = () => {
    cells.push(cell)
    cell = ''
    cellStarted = false
  }
  const endRecord = () => {
    endCell()
    records.push({ line: recordLine, cells })
    cells = []
  }
  for (let index = 0; index < text.length; index++) {
    const character = text[index]
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          cell += '"'
          index++
        } else {
          quoted = false
        }
      } else {
        if (character === '\n' || (character === '\r' && text[index + 1] !== '\n')) line++
        cell += character
      }
      continue
    }
    if (character === '"' && !cellStarted) {
      quoted = true
      cellStarted = true
      quoteLine = line
    } else if (character === separator) {
      endCell()
    } else if (character === '\r' || character === '\n') {
      if (character === '\r' && text[index + 1] === '\n') index++
      endRecord()
      line++
      recordLine = line
    } else {
      cell += character
      // spaces before an opening quote do not open a quoted field; anything else starts the field
      if (character !== ' ') cellStarted = true
    }
  }
  if (quoted) return { ok: false, error: `Un guillemet ouvert à la ligne ${quoteLine} n’est jamais fermé : vérifiez les guillemets de cette ligne.` }
  if (cell !== '' || cells.length > 0) endRecord()
  return { ok: true, records }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '')

function readCsv(text: string, encoding: 'UTF-8' | 'Windows-1252'): ReadFile {
  const parsed = parseCsv(text, detectSeparator(text))
  if (!parsed.ok) return parsed
  // the spreadsheet's row of each record (the column names are row 1): a multi-line field makes it
  // differ from the line of the text, and the spreadsheet's row is what the recruiter sees
  const [header, ...rows] = parsed.records.map((record, index) => ({ ...record, row: index + 1 })).filter((record) => !isBlank(record.cells))
  if (!header) return { ok: false, error: 'Le fichier ne contient aucune offre.' }
  const columns: (ImportColumn | null)[] = []
  const ignoredColumns: string[] = []
  for (const name of header.cells) {
    const key = columnKey(name) as ImportColumn
    if (!(IMPORT_COLUMNS as readonly string[]).includes(key)) {
      columns.push(null)
      if (name.trim() !== '') ignoredColumns.push(withoutControlCharacters(name.trim()).slice(0, 60))
    } else if (columns.includes(key)) {
      return { ok: false, error: `La colonne « ${key} » figure deux fois sur la première ligne : gardez-en une seule.` }
    } else {
      columns.push(key)
    }
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column))
  if (missing.length > 0) {
    const list = missing.map((column) => `« ${column} »`).join(', ')
    return {
      ok: false,
      error: `${missing.length === 1 ? 'Colonne obligatoire absente' : 'Colonnes obligatoires absentes'} : ${list}. La première ligne du fichier donne le nom des colonnes, comme dans le modèle à télécharger.`,
    }
  }
  if (rows.length === 0) return { ok: false, error: 'Le fichier ne contient aucune offre : seulement la ligne des noms de colonnes.' }
  if (rows.length > MAX_IMPORT_ROWS) return tooManyRows(rows.length)
  const records = rows.map(({ row, ...record }) => {
    const values: Partial<Record<ImportColumn, string>> = {}
    columns.forEach((column, index) => {
      if (column) values[column] = normalizeLineBreaks(record.cells[index] ?? '')
    })
    const extra = record.cells.slice(columns.length).filter((cell) => cell.trim() !== '')
    const label = record.line === row ? `Ligne ${row}` : `Ligne ${row} (ligne ${record.line} du fichier texte)`
    return {
      line: row,
      label,
      values,
      ...(extra.length > 0
        ? {
            problem: `La ligne compte ${record.cells.length} cellules pour ${columns.length} colonnes : vérifiez les guillemets et le séparateur de cette ligne.`,
          }
        : {}),
    }
  })
  return { ok: true, format: 'CSV', records, ignoredColumns, encoding }
}

const normalizeLineBreaks = (value: string) => value.replace(/\r\n?/g, '\n')

function tooManyRows(count: number): ReadFile {
  return {
    ok: false,
    error: `Le fichier contient ${formatNumber(count)} offres : ${formatNumber(MAX_IMPORT_ROWS)} au plus par import. Découpez-le en plusieurs fichiers.`,
  }
}

// ───────────────────────── JSON (schema.org JobPosting) ─────────────────────────

/** The line where each element of the top-level array starts (for the messages). */
function elementLines(text: string): number[] {
  const lines: number[] = []
  let line = 1
  let depth = 0
  let inString = false
  let expectValue = false
  for (let index = 0; index < text.length; index++) {
    const character = text[index]
    if (character === '\n') line++
    if (inString) {
      if (character === '\\') index++
      else if (character === '"') inString = false
      continue
    }
    if (depth === 1 && expectValue && !/[\s,\]]/.test(character)) {
      lines.push(line)
      expectValue = false
    }
    if (character === '"') inString = true
    else if (character === '[' || character === '{') {
      depth++
      if (depth === 1 && character === '[') expectValue = true
    } else if (character === ']' || character === '}') depth--
    else if (character === ',' && depth === 1) expectValue = true
  }
  return lines
}

/** The position of a JSON syntax error, as a line number, when the engine says where it is. */
function jsonErrorLine(text: string, error: unknown): number | null {
  const message = error instanceof Error ? error.message : ''
  const lineMatch = /line (\d+)/.exec(message)
  if (lineMatch) return Number(lineMatch[1])
  const positionMatch = /position (\d+)/.exec(message)
  if (positionMatch) return text.slice(0, Number(positionMatch[1])).split('\n').length
  return null
}

function readJobPostings(text: string): ReadFile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const line = jsonErrorLine(text, error)
    return { ok: false, error: `Le fichier JSON est mal formé${line ? ` (vers la ligne ${line})` : ''} : vérifiez-le, par exemple avec un validateur JSON.` }
  }
  const items = Array.isArray(data) ? data : [data]
  const lines = Array.isArray(data) ? elementLines(text) : [1]
  if (items.length === 0) return { ok: false, error: 'Le fichier ne contient aucune offre : le tableau JSON est vide.' }
  if (items.length > MAX_IMPORT_ROWS) return tooManyRows(items.length)
  const records = items.map((item, index): ImportRecord => {
    const line = lines[index] ?? 1
    const label = `Offre n° ${index + 1} (ligne ${line})`
    if (!item || typeof item !== 'object' || Array.isArray(item)) return { line, label, values: {}, problem: 'Cet élément n’est pas un objet JobPosting.' }
    const posting = item as Record<string, unknown>
    const type = posting['@type']
    const types = Array.isArray(type) ? type : type === undefined ? ['JobPosting'] : [type]
    if (!types.includes('JobPosting')) {
      return { line, label, values: {}, problem: `Cet élément n’est pas une offre schema.org JobPosting (« @type » : « ${String(types[0]).slice(0, 40)} »).` }
    }
    return { line, label, values: jobPostingValues(posting) }
  })
  return { ok: true, format: 'JSON', records, ignoredColumns: [], encoding: 'UTF-8' }
}

/** A text of a JSON value: a string or a number; the first of an array; else ''. */
function textOf(value: unknown): string {
  if (Array.isArray(value)) return textOf(value[0])
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return ''
}

const objectOf = (value: unknown): Record<string, unknown> => {
  const first = Array.isArray(value) ? value[0] : value
  return first && typeof first === 'object' && !Array.isArray(first) ? (first as Record<string, unknown>) : {}
}

/** schema.org's employmentType values that say which contract it is; the others (FULL_TIME…) do not. */
const EMPLOYMENT_TYPES: Record<string, string> = {
  INTERN: 'stage',
  INTERNSHIP: 'stage',
  TEMPORARY: 'cdd',
  VOLUNTEER: 'service civique',
  SEASONAL: 'emploi saisonnier',
}

/** schema.org's employmentType values that do not say which contract it is. */
const GENERIC_EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'PER_DIEM', 'OTHER']

/** The contract of employmentType: the first value that says one (our names accepted too). */
function contractOfEmploymentType(value: unknown): string {
  const values = (Array.isArray(value) ? value : [value])
    .map(textOf)
    .map((item) => item.trim())
    .filter(Boolean)
  for (const item of values) {
    const mapped = EMPLOYMENT_TYPES[item.toUpperCase()]
    if (mapped) return mapped
  }
  return values.find((item) => !GENERIC_EMPLOYMENT_TYPES.includes(item.toUpperCase())) ?? values.join(', ')
}

/** "31000" → "31", "20090" → "2A", "20200" → "2B", "97400" → "974". */
export function departmentOfPostalCode(postalCode: string): string {
  const code = postalCode.replace(/\s/g, '')
  if (!/^\d{5}$/.test(code)) return code
  if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3)
  if (code.startsWith('20')) return Number(code) < 20200 ? '2A' : '2B'
  return code.slice(0, 2)
}

/** A schema.org Date or DateTime → the Paris calendar day, yyyy-mm-dd (or the text as given). */
function dayOf(value: unknown): string {
  const text = textOf(value).trim()
  if (text === '' || /^\d{4}-\d{2}-\d{2}$/.test(text)) return text
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = new Date(text)
    if (!Number.isNaN(at.getTime())) return parisDay(at)
  }
  return text
}

/** JobPosting descriptions are often HTML: their text, one paragraph or list item a line. */
export function htmlToText(html: string): string {
  if (!/<[a-z/!]/i.test(html)) return html
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/li\s*>/gi, '')
    .replace(/<\/(p|div|ul|ol|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => safeCharacter(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => safeCharacter(parseInt(code, 16)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const safeCharacter = (code: number) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '')

/**
 * The columns of a JobPosting: identifier, title, description, employmentType, the place
 * (jobLocation.address.addressLocality and postalCode), validThrough, jobLocationType TELECOMMUTE;
 * datePosted says it is published. When present: responsibilities, qualifications, industry,
 * jobStartDate, applicationContact.email.
 */
function jobPostingValues(posting: Record<string, unknown>): Partial<Record<ImportColumn, string>> {
  const identifier = posting.identifier
  const reference = identifier && typeof identifier === 'object' ? textOf(objectOf(identifier).value) : textOf(identifier)
  const address = objectOf(objectOf(posting.jobLocation).address)
  const addressText = textOf(objectOf(posting.jobLocation).address)
  const values: Partial<Record<ImportColumn, string>> = {
    reference,
    intitule: textOf(posting.title) || textOf(posting.name),
    description: htmlToText(textOf(posting.description)),
    type_contrat: contractOfEmploymentType(posting.employmentType),
    ville: textOf(address.addressLocality) || addressText,
    departement: departmentOfPostalCode(textOf(address.postalCode)),
    teletravail: (Array.isArray(posting.jobLocationType) ? posting.jobLocationType : [posting.jobLocationType]).includes('TELECOMMUTE') ? 'oui' : 'non',
    date_fin_publication: dayOf(posting.validThrough),
    statut: textOf(posting.datePosted).trim() !== '' ? 'publiée' : 'brouillon',
  }
  if ('responsibilities' in posting) values.missions = htmlToText(textOf(posting.responsibilities))
  if ('qualifications' in posting) values.profil = htmlToText(textOf(posting.qualifications))
  if ('industry' in posting) values.secteur = textOf(posting.industry)
  if ('jobStartDate' in posting) values.date_debut = dayOf(posting.jobStartDate)
  if ('applicationContact' in posting) values.contact = textOf(objectOf(posting.applicationContact).email)
  return values
}
