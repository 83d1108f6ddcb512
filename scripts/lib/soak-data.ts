// The soak's database (scripts/soak.ts): a fresh PostgreSQL database, migrated, with the demo data
// set and enough accounts beside it to keep every simulated person busy for minutes.
import pg from 'pg'
import { createDb, type Db, type Prisma } from '../../src/lib/db.ts'
import { hashPassword } from '../../src/lib/passwords.ts'
import { closeDb } from '../../src/lib/sql.ts'
import { normalizeForSearch } from '../../src/lib/text.ts'
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts'
import { ROOT, runCommand } from './processes.ts'

/** every account of the soak signs in with the demo accounts' password */
export const SOAK_PASSWORD = DEMO_PASSWORD
const SOAK_DOMAIN = 'soak.atouts.example'
/** référents per établissement: two, so that both may decide on the same application at the same moment */
const REFERENTS_PER_ESTABLISHMENT = 2
const FIRST_NAMES = ['Alice', 'Bastien', 'Chloé', 'David', 'Elsa', 'Farid', 'Gaëlle', 'Hamza', 'Iris', 'Jules', 'Kenza', 'Louis']
const LAST_NAMES = ['Arnaud', 'Blanc', 'Chevalier', 'Dumas', 'Étienne', 'Faure', 'Giraud', 'Henry', 'Imbert', 'Joly', 'Klein', 'Lucas']

export type SoakAccounts = { candidates: string[]; referents: string[]; recruiters: string[]; admins: string[] }

/** DROP and CREATE the database of `url` from the server's maintenance database. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  if (!name || name === 'postgres') throw new Error(`the soak drops its database: give it one of its own (not "${name || '(none)'}")`)
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: maintenance.toString() })
  await admin.connect()
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${quoted}`)
  } finally {
    await admin.end()
  }
}

/** The committed migrations (prisma migrate deploy, as `npm run db:deploy` does), the demo data, the soak's accounts. */
export async function prepareSoakDatabase(url: string, options: { candidatesPerEstablishment: number; admins: number }): Promise<SoakAccounts> {
  await recreateDatabase(url)
  await runCommand(`${ROOT}/node_modules/.bin/prisma`, ['migrate', 'deploy'], { ...process.env, DATABASE_URL: url })
  const db = await createDb(url)
  try {
    await seedDemo(db)
    await addSoakAccounts(db, options)
    return await soakAccounts(db)
  } finally {
    await closeDb(db)
  }
}

function person(role: string, index: number) {
  const firstName = FIRST_NAMES[index % FIRST_NAMES.length]
  const lastName = `${LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]}-${role}`
  const email = `${role}.${index + 1}@${SOAK_DOMAIN}`
  return { email, firstName, lastName, searchText: normalizeForSearch(lastName, firstName, email) }
}

/**
 * Beside the demo's handful of accounts: two référents in every établissement, candidates in each,
 * exactly one recruiter for every partner employer (so that each validated application makes
 * exactly one email to the employer), and the administrators asked for.
 */
async function addSoakAccounts(db: Db, options: { candidatesPerEstablishment: number; admins: number }) {
  const passwordHash = await hashPassword(SOAK_PASSWORD)
  const now = new Date()
  const active = { status: 'ACTIVE' as const, passwordHash }
  const establishments = await db.establishment.findMany({ select: { id: true, referents: { select: { id: true } } }, orderBy: { id: 'asc' } })
  const employers = await db.employer.findMany({
    where: { partnerships: { some: {} }, recruiters: { none: {} } },
    select: { id: true },
    orderBy: { id: 'asc' },
  })

  let n = 0
  for (const establishment of establishments) {
    for (let i = establishment.referents.length; i < REFERENTS_PER_ESTABLISHMENT; i++) {
      const user = await db.user.create({ data: { ...person('referent', n++), role: 'REFERENT', ...active } })
      await db.referent.create({ data: { userId: user.id, establishmentId: establishment.id, jobTitle: 'Chargé d’accompagnement' } })
    }
  }
  const referents = await db.referent.findMany({ select: { userId: true, establishmentId: true } })
  n = 0
  for (const establishment of establishments) {
    const validator = referents.find((referent) => referent.establishmentId === establishment.id)
    for (let i = 0; i < options.candidatesPerEstablishment; i++) {
      const user = await db.user.create({ data: { ...person('candidat', n++), role: 'CANDIDATE', ...active } })
      await db.candidate.create({
        data: { userId: user.id, establishmentId: establishment.id, validatedByUserId: validator?.userId ?? null, validatedAt: now, soughtContracts: 'STAGE' },
      })
    }
  }
  n = 0
  for (const employer of employers) {
    const user = await db.user.create({ data: { ...person('recruteur', n++), role: 'RECRUITER', ...active } })
    await db.recruiter.create({ data: { userId: user.id, employerId: employer.id, jobTitle: 'Chargée de recrutement' } })
  }
  const admins = await db.user.count({ where: { role: 'ADMIN', status: 'ACTIVE' } })
  for (let i = admins; i < options.admins; i++) await db.user.create({ data: { ...person('admin', i), role: 'ADMIN', ...active } })
}

/** The accounts that sign in: active, with a password; candidates of an établissement that has a référent. */
async function soakAccounts(db: Db): Promise<SoakAccounts> {
  const emails = async (where: Prisma.UserWhereInput) =>
    (await db.user.findMany({ where: { status: 'ACTIVE', passwordHash: { not: null }, ...where }, select: { email: true }, orderBy: { id: 'asc' } })).map(
      (user) => user.email,
    )
  return {
    candidates: await emails({ role: 'CANDIDATE', candidate: { establishment: { referents: { some: {} } } } }),
    referents: await emails({ role: 'REFERENT' }),
    recruiters: await emails({ role: 'RECRUITER' }),
    admins: await emails({ role: 'ADMIN' }),
  }
}
