import type { Role, UserStatus } from '../../lib/db.ts'
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
