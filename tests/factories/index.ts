import type { ContractType, Db, EstablishmentKind, Role, UserStatus } from '../../src/lib/db.ts'
import { hashPassword } from '../../src/lib/passwords.ts'
import { normalizeForSearch } from '../../src/lib/text.ts'

/** Factories with sensible defaults: each call makes new, unique rows. */
let sequence = 0
const next = () => ++sequence

export const TEST_PASSWORD = 'Mot-de-passe-de-test-42'
let testPasswordHash: Promise<string> | undefined
const passwordHashFor = (password: string) =>
  password === TEST_PASSWORD ? (testPasswordHash ??= hashPassword(TEST_PASSWORD)) : hashPassword(password)

export async function createConvention(db: Db, data: { name?: string; region?: string } = {}) {
  const n = next()
  return db.convention.create({ data: { name: data.name ?? `Convention ${n}`, region: data.region ?? 'Occitanie' } })
}

export async function createEstablishment(db: Db, data: { conventionId?: number; name?: string; kind?: EstablishmentKind; city?: string } = {}) {
  const conventionId = data.conventionId ?? (await createConvention(db)).id
  return db.establishment.create({
    data: { conventionId, name: data.name ?? `Établissement ${next()}`, kind: data.kind ?? 'UNIVERSITE', city: data.city ?? 'Toulouse' },
  })
}

export async function createEmployer(db: Db, data: { name?: string; partnerOf?: number[]; sector?: string; city?: string; contactEmail?: string } = {}) {
  const name = data.name ?? `Employeur ${next()}`
  return db.employer.create({
    data: {
      name,
      searchName: normalizeForSearch(name),
      description: `${name} accueille des jeunes en stage et en alternance.`,
      sector: data.sector ?? 'Numérique',
      city: data.city ?? 'Toulouse',
      contactEmail: data.contactEmail ?? null,
      partnerships: { create: (data.partnerOf ?? []).map((conventionId) => ({ conventionId })) },
    },
  })
}

type UserData = {
  email?: string
  firstName?: string
  lastName?: string
  status?: UserStatus
  password?: string | null
}

async function userFields(role: Role, data: UserData) {
  const n = next()
  const firstName = data.firstName ?? `Prénom${n}`
  const lastName = data.lastName ?? `Nom${n}`
  const email = (data.email ?? `${role.toLowerCase()}${n}@test.atouts.fr`).toLowerCase()
  const password = data.password === undefined ? TEST_PASSWORD : data.password
  return {
    email,
    firstName,
    lastName,
    role,
    status: data.status ?? 'ACTIVE',
    searchText: normalizeForSearch(lastName, firstName, email),
    passwordHash: password === null ? null : await passwordHashFor(password),
  }
}

export async function createCandidate(db: Db, data: UserData & { establishmentId?: number; birthDate?: Date } = {}) {
  const establishmentId = data.establishmentId ?? (await createEstablishment(db)).id
  const user = await db.user.create({
    data: { ...(await userFields('CANDIDATE', data)), candidate: { create: { establishmentId, birthDate: data.birthDate ?? null } } },
    include: { candidate: true },
  })
  return { user, candidate: user.candidate! }
}

export async function createReferent(db: Db, data: UserData & { establishmentId?: number } = {}) {
  const establishmentId = data.establishmentId ?? (await createEstablishment(db)).id
  const user = await db.user.create({
    data: { ...(await userFields('REFERENT', data)), referent: { create: { establishmentId } } },
    include: { referent: true },
  })
  return { user, referent: user.referent! }
}

export async function createRecruiter(db: Db, data: UserData & { employerId?: number } = {}) {
  const employerId = data.employerId ?? (await createEmployer(db)).id
  const user = await db.user.create({
    data: { ...(await userFields('RECRUITER', data)), recruiter: { create: { employerId } } },
    include: { recruiter: true },
  })
  return { user, recruiter: user.recruiter! }
}

export async function createAdmin(db: Db, data: UserData = {}) {
  const user = await db.user.create({ data: await userFields('ADMIN', data) })
  return { user }
}

export async function createOffer(
  db: Db,
  data: { employerId: number; title?: string; contractType?: ContractType; city?: string; department?: string; status?: 'DRAFT' | 'PUBLISHED' | 'CLOSED'; publishedAt?: Date; endDate?: Date | null },
) {
  const status = data.status ?? 'PUBLISHED'
  return db.offer.create({
    data: {
      employerId: data.employerId,
      title: data.title ?? `Offre ${next()}`,
      description: 'Une mission au sein d’une équipe bienveillante.',
      contractType: data.contractType ?? 'STAGE',
      city: data.city ?? 'Toulouse',
      department: data.department ?? '31',
      sector: 'Numérique',
      status,
      publishedAt: status === 'DRAFT' ? null : (data.publishedAt ?? new Date()),
      endDate: data.endDate ?? null,
    },
  })
}
