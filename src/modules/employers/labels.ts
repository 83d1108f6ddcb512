import type { UserStatus } from '../../lib/db.ts'

/** A colleague's account, as the "Équipe de recrutement" page says it. */
export const COLLEAGUE_STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Actif',
  INVITED: 'Invité – mot de passe pas encore choisi',
  PENDING_VALIDATION: 'En attente',
  DISABLED: 'Désactivé',
}

export const COLLEAGUE_STATUS_BADGES: Record<UserStatus, string> = {
  ACTIVE: 'badge-ok',
  INVITED: 'badge-waiting',
  PENDING_VALIDATION: 'badge-waiting',
  DISABLED: 'badge-ko',
}
