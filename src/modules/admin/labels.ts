import type { EstablishmentKind, Role, UserStatus } from '../../lib/db.ts'
import type { InvitableRole } from './schemas.ts'

export const ROLE_NAMES: Record<Role, string> = {
  CANDIDATE: 'Candidat',
  REFERENT: 'Référent',
  RECRUITER: 'Employeur (recruteur)',
  ADMIN: 'Administrateur',
}

/** As written in the invitation email: "… vous invite en tant que référent pour …". */
export const ROLE_IN_SENTENCE: Record<InvitableRole, string> = {
  REFERENT: 'référent',
  RECRUITER: 'recruteur',
  ADMIN: 'administrateur',
}

export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Actif',
  INVITED: 'Invité – mot de passe non choisi',
  PENDING_VALIDATION: 'Inscription à valider par un référent',
  DISABLED: 'Désactivé',
}

export const STATUS_BADGES: Record<UserStatus, string> = {
  ACTIVE: 'badge-ok',
  INVITED: 'badge-waiting',
  PENDING_VALIDATION: 'badge-waiting',
  DISABLED: 'badge-ko',
}

/** "Type" of an établissement (SPEC §2). */
export const ESTABLISHMENT_KIND_LABELS: Record<EstablishmentKind, string> = {
  LYCEE: 'Lycée / BTS',
  UNIVERSITE: 'Université / école',
  CAP_EMPLOI: 'Cap emploi',
  MISSION_LOCALE: 'Mission locale',
  AUTRE: 'Autre',
}

/** A convention or an établissement: active, or deactivated (kept, hidden from the sign-up page). */
export const ACTIVE_LABELS = { true: 'Active', false: 'Désactivée' } as const
export const ACTIVE_ESTABLISHMENT_LABELS = { true: 'Actif', false: 'Désactivé' } as const
export const ACTIVE_BADGES = { true: 'badge-ok', false: 'badge-ko' } as const

export const ESTABLISHMENT_KINDS = ['LYCEE', 'UNIVERSITE', 'CAP_EMPLOI', 'MISSION_LOCALE', 'AUTRE'] as const satisfies readonly EstablishmentKind[]
