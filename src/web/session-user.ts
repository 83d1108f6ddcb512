import type { Db, Role } from '../lib/db.ts'
import type { SessionUser } from '../lib/session-user.ts'
import { sqlOf } from '../lib/sql.ts'

// the type is the domain's (services take it as the actor); how it is read for a session is the web layer's
export type { SessionUser }

/** The columns of a session user, from `User as u` joined as in `readSessionUser` and the session store. */
export const SESSION_USER_COLUMNS = [
  'u.id as userId',
  'u.email',
  'u.role',
  'u.status',
  'u.firstName',
  'u.lastName',
  'c.id as candidateId',
  'c.establishmentId as candidateEstablishmentId',
  'ce.conventionId as candidateConventionId',
  'r.id as referentId',
  'r.establishmentId as referentEstablishmentId',
  're.conventionId as referentConventionId',
  'rc.id as recruiterId',
  'rc.employerId',
  'u.displaySettings',
  'u.totpEnabledAt',
] as const

type SessionUserRow = {
  userId: number | null
  email: string | null
  role: Role | null
  status: string | null
  firstName: string | null
  lastName: string | null
  candidateId: number | null
  candidateEstablishmentId: number | null
  candidateConventionId: number | null
  referentId: number | null
  referentEstablishmentId: number | null
  referentConventionId: number | null
  recruiterId: number | null
  employerId: number | null
  displaySettings: string | null
  totpEnabledAt: string | Date | null
}

/** The session user of a row of SESSION_USER_COLUMNS; null when there is no user or it is not active. */
export function toSessionUser(row: SessionUserRow): SessionUser | null {
  if (row.userId === null || row.status !== 'ACTIVE') return null
  return {
    id: row.userId,
    email: row.email!,
    role: row.role!,
    firstName: row.firstName!,
    lastName: row.lastName!,
    candidateId: row.candidateId,
    referentId: row.referentId,
    recruiterId: row.recruiterId,
    establishmentId: row.candidateEstablishmentId ?? row.referentEstablishmentId,
    conventionId: row.candidateConventionId ?? row.referentConventionId,
    employerId: row.employerId,
    displaySettings: row.displaySettings,
    twoFactorEnabled: row.totpEnabledAt !== null,
  }
}

/** Load the active user behind a session, in one statement; null when it no longer exists or is not active. */
export async function loadSessionUser(db: Db, userId: number): Promise<SessionUser | null> {
  const row = await sqlOf(db)
    .selectFrom('User as u')
    .leftJoin('Candidate as c', 'c.userId', 'u.id')
    .leftJoin('Establishment as ce', 'ce.id', 'c.establishmentId')
    .leftJoin('Referent as r', 'r.userId', 'u.id')
    .leftJoin('Establishment as re', 're.id', 'r.establishmentId')
    .leftJoin('Recruiter as rc', 'rc.userId', 'u.id')
    .select(SESSION_USER_COLUMNS)
    .where('u.id', '=', userId)
    .executeTakeFirst()
  return row ? toSessionUser(row) : null
}
