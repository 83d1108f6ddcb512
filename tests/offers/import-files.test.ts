// "Importer des offres": reading the file (CSV in UTF-8 or Windows-1252, "," or ";", quoted fields;
// JSON JobPosting) into rows of named columns, and the files refused whole. No database.
import { describe, expect, it } from 'vitest'
import { departmentOfPostalCode, htmlToText, MAX_IMPORT_ROWS, parseCsv, readImportFile, type ImportRecord } from '../../src/modules/offers/import-files.ts'

const HEADER = 'reference,intitule,description,type_contrat,ville,departement'

function readOk(content: Buffer | string) {
  const result = readImportFile(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'))
  if (!result.ok) throw new Error(`refused: ${result.error}`)
  return result
}
function readError(content: Buffer | string): string {
  const result = readImportFile(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'))
  if (result.ok) throw new Error('expected the file to be refused')
  return result.error
}
const valuesOf = (records: ImportRecord[]) => records.map((record) => record.values)

describe('CSV', () => {
  it('when fields are quoted, then separators, doubled quotes and line breaks stay inside the field', () => {
    const parsed = parseCsv('a;b;c\r\n"un; deux";"il dit ""oui""";"ligne 1\r\nligne 2\nligne 3"\r\nx;y;z\r\n', ';')
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['un; deux', 'il dit "oui"', 'ligne 1\r\nligne 2\nligne 3'] },
        { line: 5, cells: ['x', 'y', 'z'] },
      ],
    })
  })

  it('when the file is UTF-8 with a BOM and commas, then its columns are read by name and a multi-line field keeps its lines', () => {
    const file = `\uFEFF${HEADER},missions\r\nR1,Développeur web,"Une équipe, à Toulouse",cdi,Toulouse,31,"Coder\r\nTester"\r\n`
    const result = readOk(file)
    expect(result).toMatchObject({ format: 'CSV', encoding: 'UTF-8', ignoredColumns: [] })
    expect(valuesOf(result.records)).toEqual([
      {
        reference: 'R1',
        intitule: 'Développeur web',
        description: 'Une équipe, à Toulouse',
        type_contrat: 'cdi',
        ville: 'Toulouse',
        departement: '31',
        missions: 'Coder\nTester',
      },
    ])
    expect(result.records[0]).toMatchObject({ line: 2, label: 'Ligne 2' })
  })

  it('when the file is Windows-1252 with semicolons (Excel on a French Windows), then accents and the € are read right', () => {
    const text = "Référence;Intitulé;Description;Type_contrat;Ville;Département\r\nR2;Chargé d'études;Budget de 500 € par an;Stage;Besançon;25\r\n"
    const bytes = Buffer.from(text.replace('€', '\u0080'), 'latin1')
    bytes[bytes.indexOf(0x80)] = 0x80 // € is 0x80 in Windows-1252
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const result = readOk(bytes)
    expect(result.encoding).toBe('Windows-1252')
    expect(valuesOf(result.records)).toEqual([
      { reference: 'R2', intitule: "Chargé d'études", description: 'Budget de 500 € par an', type_contrat: 'Stage', ville: 'Besançon', departement: '25' },
    ])
  })

  it('when a row follows a multi-line field, then its label gives the spreadsheet row and the line of the text', () => {
    const result = readOk(`${HEADER}\nR1,A,"deux\nlignes",cdi,Albi,81\nR2,B,C,cdd,Albi,81\n\nR3,D,E,cdd,Albi,81\n`)
    expect(result.records.map((record) => record.label)).toEqual(['Ligne 2', 'Ligne 3 (ligne 4 du fichier texte)', 'Ligne 5 (ligne 6 du fichier texte)'])
  })

  it('when a row has more cells than there are columns, then that row carries a problem; unknown columns are listed', () => {
    const result = readOk(`${HEADER},couleur\nR1,A,B,cdi,Albi,81,bleu,en trop\n`)
    expect(result.ignoredColumns).toEqual(['couleur'])
    expect(result.records[0].problem).toBe('La ligne compte 8 cellules pour 7 colonnes : vérifiez les guillemets et le séparateur de cette ligne.')
  })

  it('when a required column is missing, then the file is refused with the columns named', () => {
    expect(readError('reference;intitule;ville\nR1;A;Albi\n')).toBe(
      'Colonnes obligatoires absentes : « description », « type_contrat », « departement ». La première ligne du fichier donne le nom des colonnes, comme dans le modèle à télécharger.',
    )
  })

  it('when a quote is never closed, then the file is refused with its line', () => {
    expect(readError(`${HEADER}\nR1,A,B,cdi,Albi,81\nR2,"A,B,cdi,Albi,81\n`)).toBe(
      'Un guillemet ouvert à la ligne 3 n’est jamais fermé : vérifiez les guillemets de cette ligne.',
    )
  })

  it(`when the file has more than ${MAX_IMPORT_ROWS} rows, then it is refused`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, index) => `R${index},A,B,cdi,Albi,81`)
    expect(readError(`${HEADER}\n${rows.join('\n')}\n`)).toBe('Le fichier contient 2 001 offres : 2 000 au plus par import. Découpez-le en plusieurs fichiers.')
    expect(readOk(`${HEADER}\n${rows.slice(1).join('\n')}\n`).records).toHaveLength(MAX_IMPORT_ROWS)
  })

  it('when the file is empty, has only the column names, is a workbook, UTF-16, binary or of no known encoding, then it is refused with a clear message', () => {
    expect(readError('')).toBe('Le fichier est vide.')
    expect(readError(`${HEADER}\n`)).toBe('Le fichier ne contient aucune offre : seulement la ligne des noms de colonnes.')
    expect(readError(Buffer.from('PK\u0003\u0004rest-of-a-zip', 'latin1'))).toMatch(
      /^Ce fichier est un classeur \(Excel ou LibreOffice\) : enregistrez-le au format CSV/,
    )
    expect(readError(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]))).toMatch(/^Ce fichier est en UTF-16/)
    expect(readError(Buffer.from('%PDF-1.4\n\u0000\u0001binary', 'latin1'))).toMatch(/^Ce fichier n’est ni un CSV ni un JSON/)
    // 0x81 is not a character in Windows-1252, and not valid UTF-8
    expect(readError(Buffer.from([...Buffer.from(`${HEADER}\nR1,A`), 0x81, ...Buffer.from(',B,cdi,Albi,81\n')]))).toMatch(
      /^L’encodage du fichier n’est pas reconnu/,
    )
  })
})

describe('JSON (schema.org JobPosting)', () => {
  const postings = [
    {
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      identifier: { '@type': 'PropertyValue', name: 'Garonne', value: 'JP-1' },
      title: 'Développeur web',
      description: '<p>Une équipe <strong>soudée</strong> &amp; bienveillante.</p><ul><li>Coder</li><li>Tester</li></ul>',
      employmentType: ['FULL_TIME', 'INTERN'],
      jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Toulouse', postalCode: '31000' } },
      jobLocationType: 'TELECOMMUTE',
      datePosted: '2027-01-10',
      validThrough: '2027-06-30T23:59:00+02:00',
      jobStartDate: '2027-09-01',
      applicationContact: { '@type': 'ContactPoint', email: 'rh@exemple.fr' },
    },
    {
      '@type': 'JobPosting',
      identifier: 42,
      title: 'Agent d’accueil',
      description: 'Accueil',
      employmentType: 'cdd',
      jobLocation: [{ address: { addressLocality: 'Ajaccio', postalCode: '20000' } }],
    },
    { '@type': 'Organization', name: 'Pas une offre' },
  ]

  it('when the file is an array of JobPosting, then each is mapped to the columns, with the line where it starts', () => {
    const result = readOk(JSON.stringify(postings, null, 2))
    expect(result.format).toBe('JSON')
    expect(result.records[0].values).toEqual({
      reference: 'JP-1',
      intitule: 'Développeur web',
      description: 'Une équipe soudée & bienveillante.\n\n- Coder\n- Tester',
      type_contrat: 'stage',
      ville: 'Toulouse',
      departement: '31',
      teletravail: 'oui',
      date_fin_publication: '2027-06-30',
      statut: 'publiée',
      date_debut: '2027-09-01',
      contact: 'rh@exemple.fr',
    })
    expect(result.records[1].values).toMatchObject({
      reference: '42',
      type_contrat: 'cdd',
      ville: 'Ajaccio',
      departement: '2A',
      teletravail: 'non',
      statut: 'brouillon',
      date_fin_publication: '',
    })
    expect(result.records.map((record) => record.label)).toEqual(['Offre n° 1 (ligne 2)', 'Offre n° 2 (ligne 33)', 'Offre n° 3 (ligne 48)'])
    expect(result.records[2].problem).toBe('Cet élément n’est pas une offre schema.org JobPosting (« @type » : « Organization »).')
  })

  it('when the JSON is malformed or not UTF-8, then the file is refused', () => {
    expect(readError('[{"title": "A",}]')).toMatch(/^Le fichier JSON est mal formé/)
    expect(readError(Buffer.from('[{"title": "Chargé"}]', 'latin1'))).toBe(
      'Un fichier JSON doit être en UTF-8 : enregistrez-le en UTF-8, puis envoyez-le de nouveau.',
    )
    expect(readError('[]')).toBe('Le fichier ne contient aucune offre : le tableau JSON est vide.')
  })

  it('postal codes give the département, HTML gives text', () => {
    expect(['31000', '01100', '20090', '20200', '97400', '75 001'].map(departmentOfPostalCode)).toEqual(['31', '01', '2A', '2B', '974', '75'])
    expect(htmlToText('Sans balise')).toBe('Sans balise')
    expect(htmlToText('Ligne<br>suivante &#233;t&#xE9; <script>alert(1)</script>')).toBe('Ligne\nsuivante été')
  })
})
