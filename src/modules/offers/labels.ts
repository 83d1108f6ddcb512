import type { ContractType } from '../../lib/db.ts'

export const CONTRACT_LABELS: Record<ContractType, string> = {
  STAGE: 'Stage',
  ALTERNANCE: 'Alternance',
  CDD: 'CDD',
  CDI: 'CDI',
  SAISONNIER: 'Emploi saisonnier',
  SERVICE_CIVIQUE: 'Service civique',
}
