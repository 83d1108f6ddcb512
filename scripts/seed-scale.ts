// A large, realistic data set for benchmarks: 14 conventions, 500 employers, 50 000 offers, 20 000
// candidates with their accounts, 200 000 applications (plus établissements, référents, recruiters).
//
//   npm run seed:scale                                   # DATABASE_URL, or file:./data/atouts.db
//   DATABASE_URL=file:./tmp/scale.db npm run seed:scale
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/atouts_scale npm run seed:scale
//   npm run seed:scale -- --force                        # add to a database that already has data
//
// The migrations are applied first. The script refuses a database that holds data unless --force;
// with --force it adds its rows beside the others (names and e-mails get a unique suffix), it never
// deletes anything. Deterministic: the same rows on every run (dates relative to now). Rows go in
// with multi-row INSERTs of bound parameters, in one transaction; the search triggers index the
// offers as they are inserted. Every account's password is printed at the end.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { isPostgresUrl } from '../src/lib/db.ts'
import { hashPassword } from '../src/lib/passwords.ts'
import { normalizeForSearch } from '../src/lib/text.ts'
import { JOB_TEMPLATES, type JobTemplate, type Sector } from '../src/seed/demo-data.ts'
import type { ApplicationStatus, ContractType, EstablishmentKind, OfferStatus, Role, UserStatus } from '../src/lib/db.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
export const SCALE_PASSWORD = 'Scale-Atouts-2026'

export const SIZES = {
  employers: 500,
  offers: 50_000,
  candidates: 20_000,
  applications: 200_000,
  establishmentsPerConvention: 8,
}

const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000

// ───────────────────────── deterministic randomness ─────────────────────────

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = mulberry32(20261128)
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
const chance = (probability: number) => random() < probability
/** A value chosen by weight: [[value, weight], …] */
function weighted<T>(choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  let r = random() * total
  for (const [value, weight] of choices) {
    r -= weight
    if (r <= 0) return value
  }
  return choices[choices.length - 1][0]
}

// ───────────────────────── places and names ─────────────────────────

type City = { name: string; department: string }
const REGIONS: { region: string; cities: City[] }[] = [
  {
    region: 'Occitanie',
    cities: [
      { name: 'Toulouse', department: '31' },
      { name: 'Montpellier', department: '34' },
      { name: 'Albi', department: '81' },
      { name: 'Nîmes', department: '30' },
      { name: 'Perpignan', department: '66' },
      { name: 'Montauban', department: '82' },
    ],
  },
  {
    region: 'Grand Est',
    cities: [
      { name: 'Strasbourg', department: '67' },
      { name: 'Nancy', department: '54' },
      { name: 'Metz', department: '57' },
      { name: 'Reims', department: '51' },
      { name: 'Mulhouse', department: '68' },
    ],
  },
  {
    region: 'Nouvelle-Aquitaine',
    cities: [
      { name: 'Bordeaux', department: '33' },
      { name: 'Limoges', department: '87' },
      { name: 'Poitiers', department: '86' },
      { name: 'Pau', department: '64' },
      { name: 'La Rochelle', department: '17' },
    ],
  },
  {
    region: 'Auvergne-Rhône-Alpes',
    cities: [
      { name: 'Lyon', department: '69' },
      { name: 'Grenoble', department: '38' },
      { name: 'Saint-Étienne', department: '42' },
      { name: 'Clermont-Ferrand', department: '63' },
      { name: 'Annecy', department: '74' },
      { name: 'Valence', department: '26' },
    ],
  },
  {
    region: 'Île-de-France',
    cities: [
      { name: 'Paris', department: '75' },
      { name: 'Nanterre', department: '92' },
      { name: 'Créteil', department: '94' },
      { name: 'Saint-Denis', department: '93' },
      { name: 'Versailles', department: '78' },
      { name: 'Évry-Courcouronnes', department: '91' },
    ],
  },
  {
    region: 'Hauts-de-France',
    cities: [
      { name: 'Lille', department: '59' },
      { name: 'Amiens', department: '80' },
      { name: 'Arras', department: '62' },
      { name: 'Beauvais', department: '60' },
    ],
  },
  {
    region: 'Normandie',
    cities: [
      { name: 'Rouen', department: '76' },
      { name: 'Caen', department: '14' },
      { name: 'Le Havre', department: '76' },
      { name: 'Évreux', department: '27' },
    ],
  },
  {
    region: 'Bretagne',
    cities: [
      { name: 'Rennes', department: '35' },
      { name: 'Brest', department: '29' },
      { name: 'Vannes', department: '56' },
      { name: 'Saint-Brieuc', department: '22' },
    ],
  },
  {
    region: 'Pays de la Loire',
    cities: [
      { name: 'Nantes', department: '44' },
      { name: 'Angers', department: '49' },
      { name: 'Le Mans', department: '72' },
      { name: 'La Roche-sur-Yon', department: '85' },
    ],
  },
  {
    region: 'Centre-Val de Loire',
    cities: [
      { name: 'Orléans', department: '45' },
      { name: 'Tours', department: '37' },
      { name: 'Bourges', department: '18' },
      { name: 'Chartres', department: '28' },
    ],
  },
  {
    region: 'Bourgogne-Franche-Comté',
    cities: [
      { name: 'Dijon', department: '21' },
      { name: 'Besançon', department: '25' },
      { name: 'Auxerre', department: '89' },
      { name: 'Belfort', department: '90' },
    ],
  },
  {
    region: 'Provence-Alpes-Côte d’Azur',
    cities: [
      { name: 'Marseille', department: '13' },
      { name: 'Nice', department: '06' },
      { name: 'Toulon', department: '83' },
      { name: 'Avignon', department: '84' },
      { name: 'Aix-en-Provence', department: '13' },
    ],
  },
  {
    region: 'Corse',
    cities: [
      { name: 'Ajaccio', department: '2A' },
      { name: 'Bastia', department: '2B' },
    ],
  },
]

const FIRST_NAMES = [
  'Camille',
  'Lucas',
  'Léa',
  'Hugo',
  'Chloé',
  'Nathan',
  'Manon',
  'Enzo',
  'Inès',
  'Louis',
  'Jade',
  'Gabriel',
  'Sarah',
  'Arthur',
  'Emma',
  'Yanis',
  'Lina',
  'Adam',
  'Zoé',
  'Noah',
  'Maëlys',
  'Rayan',
  'Anaïs',
  'Théo',
  'Clara',
  'Mohamed',
  'Eva',
  'Tom',
  'Ambre',
  'Sacha',
  'Nour',
  'Mathis',
  'Lou',
  'Kylian',
  'Rose',
  'Ethan',
  'Louise',
  'Aaron',
  'Julia',
  'Maxime',
]
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Benali',
  'Nguyen',
  'Diallo',
  'Ferreira',
  'Haddad',
]
const ESTABLISHMENT_KINDS: [EstablishmentKind, string][] = [
  ['UNIVERSITE', 'Université de {city} – Relais handicap'],
  ['LYCEE', 'Lycée professionnel de {city} – BTS'],
  ['CAP_EMPLOI', 'Cap emploi {city}'],
  ['MISSION_LOCALE', 'Mission locale de {city}'],
  ['UNIVERSITE', 'École d’ingénieurs de {city}'],
  ['LYCEE', 'Lycée polyvalent de {city}'],
  ['AUTRE', 'Centre de formation de {city}'],
  ['MISSION_LOCALE', 'Mission locale du Grand {city}'],
]
const EMPLOYER_PREFIXES = [
  'Groupe',
  'Société',
  'Coopérative',
  'Maison',
  'Réseau',
  'Atelier',
  'Institut',
  'Agence',
  'Compagnie',
  'Laboratoire',
  'Fondation',
  'Union',
]
const EMPLOYER_NOUNS: Record<Sector, string[]> = {
  Numérique: ['Pixel', 'Octet', 'Logiciels', 'Données', 'Cloud', 'Web Services'],
  'Banque – Assurance': ['Mutuelle', 'Épargne', 'Prévoyance', 'Crédit', 'Assurances'],
  'Transport – Logistique': ['Transports', 'Fret', 'Logistique', 'Messageries', 'Entrepôts'],
  'Santé – Social': ['Clinique', 'Soins', 'Santé', 'Accompagnement', 'Solidarité Santé'],
  'Agriculture – Environnement': ['Terres', 'Vergers', 'Semences', 'Forêts', 'Eaux'],
  'Hôtellerie – Restauration – Tourisme': ['Hôtels', 'Tables', 'Séjours', 'Auberges', 'Escales'],
  Industrie: ['Composites', 'Mécanique', 'Métallurgie', 'Plasturgie', 'Usinage'],
  'Associatif – Solidarité': ['Jeunesse', 'Entraide', 'Citoyens', 'Éducation populaire', 'Partage'],
  'Commerce – Distribution': ['Librairies', 'Magasins', 'Marchés', 'Boutiques', 'Distribution'],
  Énergie: ['Énergies', 'Solaire', 'Réseaux électriques', 'Chaleur', 'Éolien'],
  Conseil: ['Conseil', 'Stratégie', 'Études', 'Audit', 'Organisation'],
}
/** the sectors that have job templates (the demo's "Conseil" has none) */
const SECTORS = (Object.keys(JOB_TEMPLATES) as Sector[]).filter((sector) => JOB_TEMPLATES[sector].length > 0)
const TITLE_SUFFIXES = ['', '', '', ' – débutant accepté', ' – poste aménageable', ' – temps partiel possible', ' – équipe de jour', ' – secteur public']
const EXTRA_SENTENCES = [
  'Un tuteur vous accompagne pendant toute votre intégration.',
  'Les horaires peuvent être adaptés à vos besoins et à vos soins.',
  'Le site est accessible en transports en commun et dispose d’un parking.',
  'Nous travaillons avec la médecine du travail pour aménager chaque poste.',
  'Vous rejoignez une équipe de huit personnes, bienveillante et disponible.',
  'Une formation interne de deux semaines précède la prise de poste.',
  'Le poste comporte des déplacements ponctuels dans le département.',
  'Les locaux ont été rénovés récemment : bureaux lumineux et calmes.',
  'Nous sommes signataires de la charte de la diversité.',
  'Une mutuelle d’entreprise et des titres-restaurant sont proposés.',
  'Vous participerez aux projets de transition écologique de l’entreprise.',
  'Le poste convient à une personne qui aime le contact avec le public.',
  'Le travail se fait principalement sur ordinateur, avec des pauses régulières.',
  'Vous serez formé à nos outils métiers dès votre arrivée.',
]
const DURATIONS: Record<ContractType, string[]> = {
  STAGE: ['2 mois', '4 mois', '6 mois'],
  ALTERNANCE: ['12 mois', '24 mois'],
  CDD: ['3 mois', '6 mois, renouvelable', '12 mois'],
  CDI: ['Temps plein', 'Temps partiel possible (80 %)'],
  SAISONNIER: ['2 mois', '3 mois'],
  SERVICE_CIVIQUE: ['8 mois, 24 h par semaine', '10 mois, 28 h par semaine'],
}
const ACCESSIBILITY = [
  'Locaux de plain-pied, poste adaptable, référent handicap dans l’équipe.',
  'Bâtiment accessible en fauteuil, horaires aménageables.',
  'Logiciels de lecture d’écran et de grossissement disponibles.',
  'Tutorat renforcé, consignes écrites et visuelles, interprète en LSF possible pour l’entretien.',
  'Télétravail partiel pour limiter la fatigue liée aux trajets.',
]
const MESSAGES = [
  'Madame, Monsieur, je vous prie de trouver ci-joint ma candidature. Je suis très motivé par ce poste. Cordialement.',
  'Bonjour, votre offre correspond à mon projet professionnel : je serais heureuse d’en parler avec vous. Avec mes remerciements.',
  'Madame, Monsieur, je recherche un stage dans le cadre de ma formation et votre entreprise m’intéresse beaucoup. Cordialement.',
  'Bonjour, je souhaite rejoindre votre équipe en alternance à la rentrée prochaine. Je reste disponible pour un entretien.',
]
const STATUS_WEIGHTS: [ApplicationStatus, number][] = [
  ['PENDING_REFERENT', 12],
  ['RETURNED', 4],
  ['SENT', 22],
  ['IN_REVIEW', 16],
  ['INTERVIEW', 10],
  ['ACCEPTED', 6],
  ['REJECTED', 24],
  ['WITHDRAWN', 6],
]
const ANSWERED: ApplicationStatus[] = ['IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED']
const EMAIL_PREFIX: Record<Role, string> = { CANDIDATE: 'candidat', REFERENT: 'referent', RECRUITER: 'recruteur', ADMIN: 'admin' }

// ───────────────────────── insertion ─────────────────────────

type Dialect = 'sqlite' | 'postgres'
type Row = unknown[]

/**
 * Where the rows go: straight to the database driver (better-sqlite3, pg), in one transaction.
 * Prisma's raw queries cost about 0.15 ms per row in parameter handling alone: too slow for 300 000
 * rows in a minute. Values are written as Prisma writes them (dates in UTC, booleans as 0/1 on SQLite).
 */
type Writer = {
  dialect: Dialect
  insert(table: string, columns: string[], rows: Row[]): Promise<void>
  /** the next free id of a table (rows are inserted with explicit ids, to link them without reading back) */
  nextId(table: string): Promise<number>
  isEmpty(): Promise<boolean>
  begin(): Promise<void>
  commit(): Promise<void>
  rollback(): Promise<void>
  /** after the commit: statistics for the planner; PostgreSQL's sequences moved past the new ids */
  finish(tables: string[]): Promise<void>
  close(): Promise<void>
}

const EMPTY_CHECK = ['User', 'Convention', 'Employer', 'Offer']

function sqliteWriter(file: string): Writer {
  const db = new Database(file)
  // Prisma's format for DateTime on SQLite: ISO 8601 with "+00:00"
  const value = (v: unknown) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v)
  return {
    dialect: 'sqlite',
    async insert(table, columns, rows) {
      const statement = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      for (const row of rows) statement.run(row.map(value))
    },
    async nextId(table) {
      const row = db.prepare(`SELECT max("id") AS "max" FROM "${table}"`).get() as { max: number | null }
      return (row.max ?? 0) + 1
    },
    async isEmpty() {
      return EMPTY_CHECK.every((table) => !db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get())
    },
    async begin() {
      db.exec('BEGIN')
    },
    async commit() {
      db.exec('COMMIT')
    },
    async rollback() {
      if (db.inTransaction) db.exec('ROLLBACK')
    },
    async finish() {
      db.exec('ANALYZE')
      // keep the row counts (sqlite_stat1) but not the value samples (sqlite_stat4, built into
      // better-sqlite3): with them SQLite plans a prepared statement again each time a parameter
      // compared with an index changes (~0.1 ms a statement), which an app database never analysed
      // does not do; benchmarks on this data would then measure that instead of the app
      db.exec('DELETE FROM sqlite_stat4')
    },
    async close() {
      db.close()
    },
  }
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // timestamp(3) columns hold UTC wall-clock times, as Prisma writes them
  const value = (v: unknown) => (v instanceof Date ? v.toISOString().replace('Z', '') : v)
  return {
    dialect: 'postgres',
    async insert(table, columns, rows) {
      const perStatement = Math.max(1, Math.floor(60_000 / columns.length))
      const columnList = columns.map((c) => `"${c}"`).join(', ')
      for (let start = 0; start < rows.length; start += perStatement) {
        const slice = rows.slice(start, start + perStatement)
        let n = 0
        const values = slice.map(() => `(${columns.map(() => `$${++n}`).join(', ')})`).join(', ')
        await client.query(`INSERT INTO "${table}" (${columnList}) VALUES ${values}`, slice.flat().map(value))
      }
    },
    async nextId(table) {
      const { rows } = await client.query<{ max: number | null }>(`SELECT max("id") AS "max" FROM "${table}"`)
      return Number(rows[0].max ?? 0) + 1
    },
    async isEmpty() {
      for (const table of EMPTY_CHECK) if ((await client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rowCount) return false
      return true
    },
    async begin() {
      await client.query('BEGIN')
    },
    async commit() {
      await client.query('COMMIT')
    },
    async rollback() {
      await client.query('ROLLBACK')
    },
    async finish(tables) {
      for (const table of tables) await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max("id") FROM "${table}"))`)
      // VACUUM also fills the visibility map, without which index-only scans still read the rows
      await client.query('VACUUM ANALYZE')
    },
    async close() {
      await client.end()
    },
  }
}

function applyMigrations(databaseUrl: string) {
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'pipe',
  })
}

const TABLES_WITH_IDS = ['Convention', 'Establishment', 'Employer', 'User', 'Referent', 'Recruiter', 'Candidate', 'Offer', 'Application']

export async function seedScale(writer: Writer, options: { tag: string; now?: Date; log?: (line: string) => void }) {
  const now = options.now ?? new Date()
  const log = options.log ?? (() => {})
  const tag = options.tag
  const suffix = tag ? ` (${tag})` : ''
  const emailTag = tag ? `.${tag}` : ''
  const passwordHash = await hashPassword(SCALE_PASSWORD)
  const ago = (days: number) => new Date(now.getTime() - days * DAY)
  const started = Date.now()
  const lap = (what: string) => log(`  ${what.padEnd(44)} ${((Date.now() - started) / 1000).toFixed(1)} s`)

  await writer.begin()
  try {
    {
      // ── conventions and établissements ──
      const conventionBase = await writer.nextId('Convention')
      const conventions = [
        ...REGIONS.map((r) => ({ name: `Atouts pour tous ${r.region}`, region: r.region })),
        { name: 'Atouts pour tous France', region: 'National' },
      ]
      await writer.insert(
        'Convention',
        ['id', 'name', 'region', 'active', 'createdAt', 'updatedAt'],
        conventions.map((c, i) => [conventionBase + i, c.name + suffix, c.region, true, ago(700), ago(700)]),
      )
      const nationalConvention = conventionBase + REGIONS.length

      const establishmentBase = await writer.nextId('Establishment')
      const establishments: { id: number; conventionId: number; city: City }[] = []
      const establishmentRows: Row[] = []
      conventions.forEach((_, c) => {
        const cities = c < REGIONS.length ? REGIONS[c].cities : REGIONS.flatMap((r) => r.cities.slice(0, 1))
        for (let e = 0; e < SIZES.establishmentsPerConvention; e++) {
          const city = cities[e % cities.length]
          const [kind, pattern] = ESTABLISHMENT_KINDS[e % ESTABLISHMENT_KINDS.length]
          const id = establishmentBase + establishments.length
          establishments.push({ id, conventionId: conventionBase + c, city })
          establishmentRows.push([
            id,
            `${pattern.replace('{city}', city.name)}${e >= cities.length ? ` ${Math.floor(e / cities.length) + 1}` : ''}${suffix}`,
            kind,
            city.name,
            true,
            conventionBase + c,
            ago(650),
            ago(650),
          ])
        }
      })
      await writer.insert('Establishment', ['id', 'name', 'kind', 'city', 'active', 'conventionId', 'createdAt', 'updatedAt'], establishmentRows)
      lap(`${conventions.length} conventions, ${establishments.length} établissements`)

      // ── employers and partnerships ──
      const employerBase = await writer.nextId('Employer')
      const usedNames = new Set<string>()
      const employers: { id: number; sector: Sector; region: number; places: City[]; weight: number; conventions: number[] }[] = []
      const employerRows: Row[] = []
      const partnershipRows: Row[] = []
      for (let e = 0; e < SIZES.employers; e++) {
        const sector = SECTORS[e % SECTORS.length]
        const region = int(0, REGIONS.length - 1)
        const home = pick(REGIONS[region].cities)
        let name = `${pick(EMPLOYER_PREFIXES)} ${pick(EMPLOYER_NOUNS[sector])} ${home.name}`
        for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`
        usedNames.add(name)
        const places = [home, ...REGIONS[region].cities.filter((city) => city !== home && chance(0.3))]
        const id = employerBase + e
        const memberships = new Set([conventionBase + region, nationalConvention])
        if (chance(0.2)) memberships.add(conventionBase + int(0, REGIONS.length - 1))
        if (chance(0.05)) for (let c = 0; c < REGIONS.length; c++) memberships.add(conventionBase + c)
        employers.push({ id, sector, region, places, weight: chance(0.1) ? 5 : 1, conventions: [...memberships] })
        const slug = normalizeForSearch(name).replace(/[^a-z0-9]+/g, '-')
        employerRows.push([
          id,
          name + suffix,
          normalizeForSearch(name + suffix),
          `${name} est un employeur du secteur ${sector.toLowerCase()} installé à ${home.name}. ${pick(EXTRA_SENTENCES)} ${pick(EXTRA_SENTENCES)}`,
          sector,
          home.name,
          places.map((place) => place.name).join(', '),
          `https://www.${slug}.example`,
          `recrutement@${slug}.example`,
          ago(600),
          ago(int(1, 300)),
        ])
        for (const conventionId of memberships) partnershipRows.push([id, conventionId, ago(500)])
      }
      await writer.insert(
        'Employer',
        ['id', 'name', 'searchName', 'description', 'sector', 'city', 'places', 'website', 'contactEmail', 'createdAt', 'updatedAt'],
        employerRows,
      )
      await writer.insert('EmployerPartnership', ['employerId', 'conventionId', 'createdAt'], partnershipRows)
      lap(`${employers.length} employers, ${partnershipRows.length} partnerships`)

      // ── accounts: référents, recruiters, candidates ──
      let userId = await writer.nextId('User')
      const userRows: Row[] = []
      const person = (role: Role, index: number, status: UserStatus, hasPassword: boolean) => {
        const firstName = FIRST_NAMES[index % FIRST_NAMES.length]
        const lastName = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]
        const email = `${EMAIL_PREFIX[role]}.${index}${emailTag}@scale.atouts.example`
        const id = userId++
        userRows.push([
          id,
          email,
          hasPassword ? passwordHash : null,
          role,
          status,
          firstName,
          lastName,
          normalizeForSearch(lastName, firstName, email),
          hasPassword ? ago(int(0, 60)) : null,
          ago(int(60, 400)),
          ago(int(0, 60)),
        ])
        return id
      }
      const referentRows: Row[] = []
      const referentByEstablishment = new Map<number, number>()
      let referentId = await writer.nextId('Referent')
      establishments.forEach((establishment, index) => {
        const id = person('REFERENT', index, 'ACTIVE', true)
        referentRows.push([referentId++, id, establishment.id, 'Chargé(e) d’accompagnement'])
        referentByEstablishment.set(establishment.id, id)
      })
      const recruiterRows: Row[] = []
      const recruiterUserByEmployer = new Map<number, number>()
      let recruiterId = await writer.nextId('Recruiter')
      let recruiterIndex = 0
      for (const employer of employers) {
        for (let r = 0; r < (chance(0.4) ? 2 : 1); r++) {
          const id = person('RECRUITER', recruiterIndex++, 'ACTIVE', true)
          recruiterRows.push([recruiterId++, id, employer.id, 'Responsable recrutement'])
          if (!recruiterUserByEmployer.has(employer.id)) recruiterUserByEmployer.set(employer.id, id)
        }
      }
      const candidateBase = await writer.nextId('Candidate')
      const candidateRows: Row[] = []
      const candidates: { id: number; conventionId: number; establishmentId: number }[] = []
      for (let c = 0; c < SIZES.candidates; c++) {
        // the national convention's établissements get fewer candidates
        const establishment =
          establishments[
            c % 10 === 0 ? establishments.length - 1 - (c % SIZES.establishmentsPerConvention) : c % (establishments.length - SIZES.establishmentsPerConvention)
          ]
        const pending = chance(0.03)
        const id = person('CANDIDATE', c, pending ? 'PENDING_VALIDATION' : 'ACTIVE', !pending)
        const candidateId = candidateBase + c
        const contracts = [...new Set([pick(['STAGE', 'ALTERNANCE', 'CDD', 'CDI']), pick(['STAGE', 'ALTERNANCE', 'CDI', 'SERVICE_CIVIQUE'])])]
        candidateRows.push([
          candidateId,
          id,
          establishment.id,
          new Date(Date.UTC(now.getUTCFullYear() - int(16, 29), int(0, 11), int(1, 28))),
          establishment.city.name,
          contracts.join(','),
          ago(int(30, 400)),
          ago(int(0, 30)),
        ])
        if (!pending) candidates.push({ id: candidateId, conventionId: establishment.conventionId, establishmentId: establishment.id })
      }
      await writer.insert(
        'User',
        ['id', 'email', 'passwordHash', 'role', 'status', 'firstName', 'lastName', 'searchText', 'lastLoginAt', 'createdAt', 'updatedAt'],
        userRows,
      )
      await writer.insert('Referent', ['id', 'userId', 'establishmentId', 'jobTitle'], referentRows)
      await writer.insert('Recruiter', ['id', 'userId', 'employerId', 'jobTitle'], recruiterRows)
      await writer.insert('Candidate', ['id', 'userId', 'establishmentId', 'birthDate', 'city', 'soughtContracts', 'createdAt', 'updatedAt'], candidateRows)
      lap(`${userRows.length} accounts (${candidateRows.length} candidates)`)

      // ── offers ──
      const offerBase = await writer.nextId('Offer')
      const offerRows: Row[] = []
      const employerPicks = employers.flatMap((employer) => Array<typeof employer>(employer.weight).fill(employer))
      const offersOfConvention = new Map<number, { id: number; employerId: number; publishedAt: Date }[]>()
      for (let o = 0; o < SIZES.offers; o++) {
        const employer = pick(employerPicks)
        const template: JobTemplate = pick(JOB_TEMPLATES[employer.sector])
        const city = pick(employer.places)
        const status = weighted<OfferStatus | 'EXPIRED'>([
          ['PUBLISHED', 66],
          ['EXPIRED', 4],
          ['DRAFT', 12],
          ['CLOSED', 18],
        ])
        const age = Math.floor(365 * random() ** 2) // more recent offers than old ones
        let publishedAt: Date | null = new Date(now.getTime() - age * DAY - int(1, 20) * HOUR)
        let endDate: Date | null = null
        let closedAt: Date | null = null
        if (status === 'DRAFT') publishedAt = null
        else if (status === 'CLOSED') {
          closedAt = new Date(publishedAt!.getTime() + int(10, 60) * DAY)
          if (closedAt > now) closedAt = new Date(now.getTime() - HOUR)
          endDate = chance(0.5) ? closedAt : null
        } else if (status === 'EXPIRED') endDate = new Date(now.getTime() - int(1, 10) * DAY)
        else if (chance(0.3)) endDate = new Date(now.getTime() + int(1, 90) * DAY)
        const createdAt = new Date((publishedAt ?? now).getTime() - int(1, 10) * DAY)
        const startDate = chance(0.8) ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + int(-30, 150))) : null
        const id = offerBase + o
        offerRows.push([
          id,
          employer.id,
          `${template.title}${pick(TITLE_SUFFIXES)}`,
          `${template.description} Le poste est basé à ${city.name}. ${pick(EXTRA_SENTENCES)}`,
          template.missions.join('\n'),
          template.profileSought,
          template.contractType,
          city.name,
          city.department,
          employer.sector,
          pick(DURATIONS[template.contractType]),
          startDate,
          endDate,
          template.remote ?? chance(0.15),
          pick(ACCESSIBILITY),
          status === 'EXPIRED' ? 'PUBLISHED' : status,
          publishedAt,
          closedAt,
          recruiterUserByEmployer.get(employer.id) ?? null,
          createdAt,
          closedAt ?? publishedAt ?? createdAt,
        ])
        if (publishedAt) {
          for (const conventionId of employer.conventions) {
            const list = offersOfConvention.get(conventionId) ?? []
            list.push({ id, employerId: employer.id, publishedAt })
            offersOfConvention.set(conventionId, list)
          }
        }
      }
      await writer.insert(
        'Offer',
        [
          'id',
          'employerId',
          'title',
          'description',
          'missions',
          'profileSought',
          'contractType',
          'city',
          'department',
          'sector',
          'duration',
          'startDate',
          'endDate',
          'remote',
          'accessibility',
          'status',
          'publishedAt',
          'closedAt',
          'createdByUserId',
          'createdAt',
          'updatedAt',
        ],
        offerRows,
      )
      lap(`${offerRows.length} offers (indexed for search)`)

      // ── applications ──
      const applicationBase = await writer.nextId('Application')
      const applicationRows: Row[] = []
      const partnersOfConvention = new Map<number, number[]>()
      for (const employer of employers) for (const c of employer.conventions) partnersOfConvention.set(c, [...(partnersOfConvention.get(c) ?? []), employer.id])
      for (let a = 0; a < SIZES.applications; a++) {
        const candidate = pick(candidates)
        const spontaneous = chance(0.1)
        const offer = spontaneous ? null : pick(offersOfConvention.get(candidate.conventionId)!)
        const employerId = offer ? offer.employerId : pick(partnersOfConvention.get(candidate.conventionId)!)
        const status = weighted(STATUS_WEIGHTS)
        const earliest = offer ? offer.publishedAt.getTime() : now.getTime() - 365 * DAY
        const submittedAt = new Date(earliest + random() * (now.getTime() - earliest))
        const validated = !['PENDING_REFERENT', 'RETURNED'].includes(status) && !(status === 'WITHDRAWN' && chance(0.5))
        const validatedAt = validated ? new Date(Math.min(now.getTime(), submittedAt.getTime() + int(2, 96) * HOUR)) : null
        const answeredAt = validatedAt && ANSWERED.includes(status) ? new Date(Math.min(now.getTime(), validatedAt.getTime() + int(1, 20) * DAY)) : null
        const statusChangedAt = answeredAt ?? validatedAt ?? submittedAt
        const messageToReferent = chance(0.5) ? 'Pouvez-vous relire mon message avant de l’envoyer ?' : null
        applicationRows.push([
          applicationBase + a,
          spontaneous ? 'SPONTANEOUS' : 'OFFER',
          candidate.id,
          employerId,
          offer?.id ?? null,
          status,
          pick(MESSAGES),
          chance(0.2),
          messageToReferent,
          chance(0.15),
          submittedAt,
          validatedAt,
          validatedAt ? referentByEstablishment.get(candidate.establishmentId)! : null,
          answeredAt,
          statusChangedAt,
          submittedAt,
          statusChangedAt,
        ])
      }
      await writer.insert(
        'Application',
        [
          'id',
          'kind',
          'candidateId',
          'employerId',
          'offerId',
          'status',
          'messageToEmployer',
          'shareDisability',
          'messageToReferent',
          'wantsHelp',
          'submittedAt',
          'validatedAt',
          'validatedByUserId',
          'answeredAt',
          'statusChangedAt',
          'createdAt',
          'updatedAt',
        ],
        applicationRows,
      )
      lap(`${applicationRows.length} applications`)
    }
    await writer.commit()
  } catch (error) {
    await writer.rollback()
    throw error
  }
  lap('committed')
  // explicit ids leave PostgreSQL's sequences behind; fresh statistics for the query planner
  await writer.finish(TABLES_WITH_IDS)
  lap('statistics updated (ANALYZE)')
}

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
  const force = process.argv.includes('--force')
  const raw = process.env.DATABASE_URL || 'file:./data/atouts.db'
  const databaseUrl = raw.startsWith('file:') ? `file:${path.resolve(raw.slice('file:'.length))}` : raw
  const shown = isPostgresUrl(databaseUrl) ? databaseUrl.replace(/\/\/[^@/]*@/, '//…@') : databaseUrl

  console.log(`seed:scale → ${shown}`)
  console.log('  applying the migrations…')
  applyMigrations(databaseUrl)
  const writer = isPostgresUrl(databaseUrl) ? await postgresWriter(databaseUrl) : sqliteWriter(databaseUrl.slice('file:'.length))
  try {
    const empty = await writer.isEmpty()
    if (!empty && !force) {
      console.error(
        'This database already holds data: seed:scale adds 300 000 rows and refuses to mix them in without --force.\n  npm run seed:scale -- --force',
      )
      process.exitCode = 1
      return
    }
    const tag = empty ? '' : `s${Date.now().toString(36)}`
    const started = Date.now()
    await seedScale(writer, { tag, log: (line) => console.log(line) })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`done in ${seconds} s. Every account's password: ${SCALE_PASSWORD}`)
    const t = tag ? `.${tag}` : ''
    console.log(`  e.g. candidat.1${t}@scale.atouts.example, recruteur.0${t}@scale.atouts.example, referent.0${t}@scale.atouts.example`)
  } finally {
    await writer.close()
  }
}

main().catch((error: unknown) => {
  console.error('seed:scale failed:', error instanceof Error ? error.message : error)
  process.exit(1)
})
