import type { ContractType, RqthStatus, UserStatus } from '../../lib/db.ts'
import { CONTRACT_LABELS } from '../offers/labels.ts'

export const CIVILITY_OPTIONS = [
  { value: 'Mme', label: 'Madame' },
  { value: 'M.', label: 'Monsieur' },
]

export const RQTH_LABELS: Record<RqthStatus, string> = {
  YES: 'Oui',
  NO: 'Non',
  IN_PROGRESS: 'Demande en cours',
}

/** "Ce que vous recherchez": every contract type of the offers (emploi = CDD, CDI, saisonnier). */
export const SOUGHT_CONTRACT_OPTIONS = (Object.keys(CONTRACT_LABELS) as ContractType[]).map((value) => ({ value, label: CONTRACT_LABELS[value] }))

/** Candidate.soughtContracts is a comma-separated list (no scalar lists on SQLite). */
export function parseSoughtContracts(stored: string): ContractType[] {
  return stored
    .split(',')
    .map((value) => value.trim())
    .filter((value): value is ContractType => Object.hasOwn(CONTRACT_LABELS, value))
}

export function soughtContractsText(stored: string): string {
  return parseSoughtContracts(stored)
    .map((value) => CONTRACT_LABELS[value])
    .join(', ')
}

export const ACCOUNT_STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Actif',
  INVITED: 'Invité – mot de passe non choisi',
  DISABLED: 'Désactivé',
  PENDING_VALIDATION: 'Inscription à valider',
}
