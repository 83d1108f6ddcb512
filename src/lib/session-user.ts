import type { Role } from './db.ts'

/**
 * The signed-in user as every handler sees it (`req.user`) and every use case gets it (the actor), with
 * the organisation ids that scope its data. Read for a session by src/web/session-user.ts.
 */
export type SessionUser = {
  id: number
  email: string
  role: Role
  firstName: string
  lastName: string
  candidateId: number | null
  referentId: number | null
  recruiterId: number | null
  /** candidate's or référent's établissement */
  establishmentId: number | null
  /** the convention of that établissement */
  conventionId: number | null
  /** recruiter's employer */
  employerId: number | null
  /** « Paramètres d'affichage » as stored on the account (src/modules/display/settings.ts); null: never chosen */
  displaySettings: string | null
  /** « Double authentification » is on: a code is asked after the password (src/modules/accounts/two-factor/) */
  twoFactorEnabled: boolean
}
