// The demo data set: two conventions, their établissements, partner employers, ~60 offers and a
// handful of accounts (four of them printed at start with DEMO_PASSWORD). Deterministic: the same
// rows on every run, dates relative to `now`.
import type { ContractType, Db, OfferStatus, Tx } from '../lib/db.ts'
import { hashPassword } from '../lib/passwords.ts'
import { normalizeForSearch } from '../lib/text.ts'
import {
  ACCESSIBILITY_TEXTS,
  ADMINS,
  CANDIDATES,
  CITY_DEPARTMENTS,
  CONVENTIONS,
  DURATIONS,
  EMPLOYERS,
  ESTABLISHMENTS,
  JOB_TEMPLATES,
  NEWS,
  RECRUITERS,
  REFERENTS,
  type ConventionKey,
  type EmployerKey,
  type EstablishmentKey,
} from './demo-data.ts'

export const DEMO_PASSWORD = 'Demo-Atouts-2026'

export type DemoAccount = {
  role: 'Candidat' | 'Référent' | 'Employeur' | 'Administrateur'
  email: string
  name: string
  description: string
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    role: 'Candidat',
    email: 'candidat@demo.atouts.fr',
    name: 'Camille Martin',
    description: 'Étudiante en Licence 3 Économie, Université Toulouse Capitole – Relais handicap (Occitanie)',
  },
  {
    role: 'Référent',
    email: 'referent@demo.atouts.fr',
    name: 'Sophie Durand',
    description: "Chargée d'accompagnement, Université Toulouse Capitole – Relais handicap : valide les inscriptions et les candidatures",
  },
  {
    role: 'Employeur',
    email: 'employeur@demo.atouts.fr',
    name: 'Julien Roux',
    description: 'Responsable recrutement chez Garonne Numérique (Toulouse), partenaire de la convention Occitanie',
  },
  {
    role: 'Administrateur',
    email: 'admin@demo.atouts.fr',
    name: 'Nadia Benali',
    description: 'Administratrice des conventions Atouts pour tous',
  },
]

/** True when the database holds no user and no convention (a fresh install: the demo may be loaded). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [user, convention] = await Promise.all([db.user.findFirst({ select: { id: true } }), db.convention.findFirst({ select: { id: true } })])
  return !user && !convention
}

const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000

/** Midnight UTC, `days` days after `now`'s day. */
function dayOffset(now: Date, days: number): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  d.setUTCDate(d.getUTCDate() + days)
  return d
}

/** A birth date `years` years and `days` days before `now` (midnight UTC). */
function birthDate(now: Date, years: number, days: number): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate()))
  d.setUTCDate(d.getUTCDate() - days)
  return d
}

type OfferRow = {
  employerId: number
  title: string
  description: string
  missions: string
  profileSought: string
  contractType: ContractType
  city: string
  department: string
  sector: string
  duration: string
  startDate: Date
  endDate: Date | null
  remote: boolean
  accessibility: string
  status: OfferStatus
  publishedAt: Date | null
  closedAt: Date | null
  createdByUserId: number | null
  createdAt: Date
}

/**
 * Builds the offers: every employer gets the job templates of its sector, placed in turn in each of
 * its places. Status, dates and accessibility text follow the offer's position — no randomness.
 */
function buildOffers(now: Date, employerIds: Map<EmployerKey, number>, creatorByEmployer: Map<EmployerKey, number>): OfferRow[] {
  const rows: OfferRow[] = []
  let index = 0 // position among the offers of partner employers
  let published = 0 // position among published offers
  for (const employer of EMPLOYERS) {
    const templates = JOB_TEMPLATES[employer.templateSector ?? employer.sector].slice(0, employer.maxOffers)
    const isPartner = employer.conventions.length > 0
    templates.forEach((template, t) => {
      const city = employer.places[t % employer.places.length]
      // a few drafts and closed offers among partners; the non-partner's offers are all published
      let status: OfferStatus = 'PUBLISHED'
      if (isPartner && index % 12 === 10) status = 'DRAFT'
      else if (isPartner && index % 12 === 5) status = 'CLOSED'
      if (isPartner) index++

      let publishedAt: Date | null = null
      let closedAt: Date | null = null
      let endDate: Date | null = null
      let createdAt: Date
      if (status === 'PUBLISHED') {
        // spread over the last 60 days, always a little in the past
        const daysAgo = (published * 23) % 60
        publishedAt = new Date(now.getTime() - daysAgo * DAY - ((published % 6) + 1) * HOUR)
        createdAt = new Date(publishedAt.getTime() - ((published % 3) + 1) * DAY)
        // one in three closes itself at a date in the future
        if (published % 3 === 0) endDate = dayOffset(now, 20 + ((published * 7) % 40))
        published++
      } else if (status === 'CLOSED') {
        closedAt = new Date(now.getTime() - ((index % 9) + 2) * DAY)
        publishedAt = new Date(closedAt.getTime() - 35 * DAY)
        endDate = closedAt
        createdAt = new Date(publishedAt.getTime() - 2 * DAY)
      } else {
        createdAt = new Date(now.getTime() - ((index % 5) + 1) * DAY)
      }

      const durations = DURATIONS[template.contractType]
      rows.push({
        employerId: employerIds.get(employer.key)!,
        title: template.title,
        description: `${template.description} Le poste est basé à ${city}.`,
        missions: template.missions.join('\n'),
        profileSought: template.profileSought,
        contractType: template.contractType,
        city,
        department: CITY_DEPARTMENTS[city],
        sector: employer.sector,
        duration: durations[(t + rows.length) % durations.length],
        startDate: dayOffset(now, 14 + ((rows.length * 11) % 90)),
        endDate,
        remote: template.remote ?? false,
        accessibility: ACCESSIBILITY_TEXTS[rows.length % ACCESSIBILITY_TEXTS.length],
        status,
        publishedAt,
        closedAt,
        createdByUserId: creatorByEmployer.get(employer.key) ?? null,
        createdAt,
      })
    })
  }
  return rows
}

/**
 * Inserts the demo data set into an empty, migrated database, in one transaction and a dozen
 * queries. The demo password is hashed once and shared by every active account.
 */
export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date()
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.$transaction((tx) => insertDemo(tx, now, passwordHash), { maxWait: 10_000, timeout: 60_000 })
}

async function insertDemo(tx: Tx, now: Date, passwordHash: string): Promise<void> {
  // Conventions
  const conventions = await tx.convention.createManyAndReturn({
    data: CONVENTIONS.map(({ name, region }) => ({ name, region })),
    select: { id: true, name: true },
  })
  const conventionIdByName = new Map(conventions.map((c) => [c.name, c.id]))
  const conventionId = new Map<ConventionKey, number>(CONVENTIONS.map((c) => [c.key, conventionIdByName.get(c.name)!]))

  // Établissements
  const establishments = await tx.establishment.createManyAndReturn({
    data: ESTABLISHMENTS.map((e) => ({
      name: e.name,
      kind: e.kind,
      city: e.city,
      conventionId: conventionId.get(e.convention)!,
    })),
    select: { id: true, name: true, conventionId: true },
  })
  const establishmentIdByName = new Map(establishments.map((e) => [`${e.conventionId}|${e.name}`, e.id]))
  const establishmentId = new Map<EstablishmentKey, number>(
    ESTABLISHMENTS.map((e) => [e.key, establishmentIdByName.get(`${conventionId.get(e.convention)}|${e.name}`)!]),
  )

  // Employers and partnerships
  const employers = await tx.employer.createManyAndReturn({
    data: EMPLOYERS.map((e) => ({
      name: e.name,
      searchName: normalizeForSearch(e.name),
      description: e.description,
      sector: e.sector,
      city: e.city,
      places: e.places.join(', '),
      website: e.website,
      contactEmail: e.contactEmail,
    })),
    select: { id: true, name: true },
  })
  const employerIdByName = new Map(employers.map((e) => [e.name, e.id]))
  const employerId = new Map<EmployerKey, number>(EMPLOYERS.map((e) => [e.key, employerIdByName.get(e.name)!]))
  await tx.employerPartnership.createMany({
    data: EMPLOYERS.flatMap((e) => e.conventions.map((c) => ({ employerId: employerId.get(e.key)!, conventionId: conventionId.get(c)! }))),
  })

  // Users: every account, in one query
  const person = (p: { email: string; firstName: string; lastName: string }) => ({
    email: p.email.toLowerCase(),
    firstName: p.firstName,
    lastName: p.lastName,
    searchText: normalizeForSearch(p.lastName, p.firstName, p.email.toLowerCase()),
  })
  const lastLogin = (n: number) => new Date(now.getTime() - (n + 1) * DAY - 3 * HOUR)
  const users = await tx.user.createManyAndReturn({
    data: [
      ...ADMINS.map((a, i) => ({
        ...person(a),
        role: 'ADMIN' as const,
        status: 'ACTIVE' as const,
        passwordHash,
        lastLoginAt: lastLogin(i),
      })),
      ...REFERENTS.map((r, i) => ({
        ...person(r),
        role: 'REFERENT' as const,
        status: 'ACTIVE' as const,
        passwordHash,
        lastLoginAt: lastLogin(i + 1),
      })),
      ...RECRUITERS.map((r, i) => ({
        ...person(r),
        role: 'RECRUITER' as const,
        status: 'ACTIVE' as const,
        passwordHash,
        lastLoginAt: lastLogin(i + 2),
      })),
      ...CANDIDATES.map((c, i) => ({
        ...person(c),
        role: 'CANDIDATE' as const,
        status: c.status,
        // self-registrations waiting for a référent have no password yet
        passwordHash: c.status === 'ACTIVE' ? passwordHash : null,
        lastLoginAt: c.status === 'ACTIVE' ? lastLogin(i) : null,
      })),
    ],
    select: { id: true, email: true },
  })
  const userId = new Map(users.map((u) => [u.email, u.id]))
  const idOf = (email: string) => userId.get(email.toLowerCase())!

  await tx.referent.createMany({
    data: REFERENTS.map((r) => ({
      userId: idOf(r.email),
      establishmentId: establishmentId.get(r.establishment)!,
      jobTitle: r.jobTitle,
    })),
  })
  await tx.recruiter.createMany({
    data: RECRUITERS.map((r) => ({
      userId: idOf(r.email),
      employerId: employerId.get(r.employer)!,
      jobTitle: r.jobTitle,
    })),
  })

  // Candidate profiles. Accounts that are active were created by, or validated by, a référent of
  // their établissement; the pending ones are self-registrations.
  const referentOf = (key: EstablishmentKey) => REFERENTS.find((r) => r.establishment === key)
  await tx.candidate.createMany({
    data: CANDIDATES.map((c, i) => {
      const active = c.status === 'ACTIVE'
      const creator = c.createdBy ? idOf(c.createdBy) : null
      const validator = !creator && active ? referentOf(c.establishment) : undefined
      return {
        userId: idOf(c.email),
        establishmentId: establishmentId.get(c.establishment)!,
        civility: c.civility ?? null,
        birthDate: c.age ? birthDate(now, c.age.years, c.age.days) : null,
        phone: c.phone ?? null,
        address: c.address ?? null,
        postalCode: c.postalCode ?? null,
        city: c.city ?? null,
        familyContactName: c.family?.name ?? null,
        familyRelation: c.family?.relation ?? null,
        familyPhone: c.family?.phone ?? null,
        familyEmail: c.family?.email ?? null,
        soughtContracts: (c.soughtContracts ?? []).join(','),
        sectors: c.sectors ?? null,
        desiredPlaces: c.desiredPlaces ?? null,
        availableFrom: c.availableInDays === undefined ? null : dayOffset(now, c.availableInDays),
        studyLevel: c.studyLevel ?? null,
        currentTraining: c.currentTraining ?? null,
        professionalProject: c.professionalProject ?? null,
        rqth: c.rqth ?? null,
        accommodations: c.accommodations ?? null,
        createdByUserId: creator,
        validatedByUserId: validator ? idOf(validator.email) : null,
        validatedAt: validator ? new Date(now.getTime() - (20 + i) * DAY) : null,
        createdAt: active ? new Date(now.getTime() - (40 + i * 3) * DAY) : new Date(now.getTime() - (CANDIDATES.length - i) * DAY),
      }
    }),
  })

  // Offers
  const creatorByEmployer = new Map<EmployerKey, number>()
  for (const r of RECRUITERS) if (!creatorByEmployer.has(r.employer)) creatorByEmployer.set(r.employer, idOf(r.email))
  await tx.offer.createMany({ data: buildOffers(now, employerId, creatorByEmployer) })

  // Rendez-vous: one upcoming appointment of the demo candidate with their référent, so that both
  // dashboards show one ("Mes prochains rendez-vous", "Prochains rendez-vous")
  const demoCandidate = await tx.candidate.findUniqueOrThrow({ where: { userId: idOf(DEMO_ACCOUNTS[0].email) }, select: { id: true } })
  const demoReferent = await tx.referent.findUniqueOrThrow({ where: { userId: idOf(DEMO_ACCOUNTS[1].email) }, select: { id: true } })
  await tx.appointment.create({
    data: {
      candidateId: demoCandidate.id,
      referentId: demoReferent.id,
      // 5 days ahead, 09:30 UTC (10:30 or 11:30 in Paris)
      startsAt: new Date(dayOffset(now, 5).getTime() + 9.5 * HOUR),
      durationMinutes: 45,
      mode: 'IN_PERSON',
      location: 'Relais handicap, bâtiment Arsenal, bureau 12',
      subject: 'Préparer vos candidatures de stage',
      createdAt: new Date(now.getTime() - 2 * DAY),
    },
  })

  // Applications and a parrainage request of two other candidates (other établissements of Occitanie)
  // to the demo employer, so that its spaces ("Candidatures reçues", "Demandes de parrainage"), its
  // dashboard and the statistics show something. The demo candidate and the demo référent keep none:
  // everything can be tried from the start with them.
  const demoEmployerId = employerId.get('garonneNumerique')!
  const demoRecruiter = idOf(DEMO_ACCOUNTS[2].email)
  const garonneOffers = await tx.offer.findMany({
    where: { employerId: demoEmployerId, status: 'PUBLISHED' },
    orderBy: { id: 'asc' },
    take: 2,
    select: { id: true },
  })
  const candidateIdOf = async (email: string) => (await tx.candidate.findUniqueOrThrow({ where: { userId: idOf(email) }, select: { id: true } })).id
  const OTHER_APPLICATIONS = [
    {
      candidate: 'lucas.bernard@demo.atouts.fr',
      referent: 'marc.lambert@demo.atouts.fr',
      offerId: garonneOffers[0].id,
      daysAgo: 4,
      interview: false,
      message:
        'Madame, Monsieur,\n\nÉlève de BTS, je souhaite rejoindre votre équipe pour ce poste. Mon CV est joint par mon référent.\n\nBien cordialement,\nLucas Bernard',
    },
    {
      candidate: 'ines.moreau@demo.atouts.fr',
      referent: 'aicha.diallo@demo.atouts.fr',
      offerId: garonneOffers[1].id,
      daysAgo: 15,
      interview: true,
      message:
        'Madame, Monsieur,\n\nAccompagnée par la Mission locale, je suis très motivée par votre offre et disponible dès maintenant.\n\nCordialement,\nInès Moreau',
    },
  ]
  for (const a of OTHER_APPLICATIONS) {
    const submittedAt = new Date(now.getTime() - a.daysAgo * DAY)
    const validatedAt = new Date(submittedAt.getTime() + DAY)
    const answeredAt = a.interview ? new Date(validatedAt.getTime() + 2 * DAY) : null
    await tx.application.create({
      data: {
        kind: 'OFFER',
        candidateId: await candidateIdOf(a.candidate),
        employerId: demoEmployerId,
        offerId: a.offerId,
        status: a.interview ? 'INTERVIEW' : 'SENT',
        messageToEmployer: a.message,
        messageToReferent: 'Pouvez-vous relire mon message avant l’envoi ?',
        submittedAt,
        validatedAt,
        validatedByUserId: idOf(a.referent),
        answeredAt,
        statusChangedAt: answeredAt ?? validatedAt,
        createdAt: submittedAt,
        events: {
          create: [
            { actorUserId: idOf(a.candidate), fromStatus: null, toStatus: 'PENDING_REFERENT', createdAt: submittedAt },
            { actorUserId: idOf(a.referent), fromStatus: 'PENDING_REFERENT', toStatus: 'SENT', createdAt: validatedAt },
            ...(answeredAt
              ? [
                  {
                    actorUserId: demoRecruiter,
                    fromStatus: 'SENT' as const,
                    toStatus: 'INTERVIEW' as const,
                    comment: 'Nous vous proposons un entretien : nous vous appelons pour fixer la date.',
                    createdAt: answeredAt,
                  },
                ]
              : []),
          ],
        },
      },
    })
  }
  await tx.sponsorshipRequest.create({
    data: {
      candidateId: await candidateIdOf('lucas.bernard@demo.atouts.fr'),
      employerId: demoEmployerId,
      motivation: 'Je voudrais découvrir les métiers du numérique auprès d’un professionnel avant de choisir ma spécialité.',
      expectations: 'Des conseils sur mon orientation et sur mon CV.',
      availability: 'Le mercredi après-midi, ou par téléphone en fin de journée.',
      createdAt: new Date(now.getTime() - 2 * DAY),
    },
  })

  // News
  const admin = idOf(ADMINS[0].email)
  await tx.news.createMany({
    data: NEWS.map((n) => {
      const publishedAt = new Date(now.getTime() - n.daysAgo * DAY)
      return { title: n.title, body: n.body, published: true, publishedAt, authorUserId: admin, createdAt: publishedAt }
    }),
  })
}
