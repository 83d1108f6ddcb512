import type { ContractType, OfferStatus } from '../../lib/db.ts'

export const CONTRACT_LABELS: Record<ContractType, string> = {
  STAGE: 'Stage',
  ALTERNANCE: 'Alternance',
  CDD: 'CDD',
  CDI: 'CDI',
  SAISONNIER: 'Emploi saisonnier',
  SERVICE_CIVIQUE: 'Service civique',
}

/** In the order of the search form's check boxes. */
export const CONTRACT_TYPES = Object.keys(CONTRACT_LABELS) as ContractType[]

/** How a contract type is written in a search address (`/offres?contrat=stage&contrat=cdi`). */
export const CONTRACT_SLUGS: Record<ContractType, string> = {
  STAGE: 'stage',
  ALTERNANCE: 'alternance',
  CDD: 'cdd',
  CDI: 'cdi',
  SAISONNIER: 'saisonnier',
  SERVICE_CIVIQUE: 'service-civique',
}

export const contractTypeFromSlug = (slug: string): ContractType | undefined => CONTRACT_TYPES.find((type) => CONTRACT_SLUGS[type] === slug)

/** The sectors an offer or an employer can be filed under (the "Secteur" lists). */
export const SECTORS = [
  'Administration – Fonction publique',
  'Agriculture – Environnement',
  'Associatif – Solidarité',
  'Banque – Assurance',
  'BTP – Construction',
  'Commerce – Distribution',
  'Conseil',
  'Culture – Communication',
  'Éducation – Formation',
  'Énergie',
  'Hôtellerie – Restauration – Tourisme',
  'Industrie',
  'Numérique',
  'Santé – Social',
  'Transport – Logistique',
] as const

/** What a recruiter sees: an offer past its end date is closed, even before the background job marks it. */
export type OfferDisplayStatus = OfferStatus | 'EXPIRED'

export const OFFER_STATUS_LABELS: Record<OfferDisplayStatus, string> = {
  DRAFT: 'Brouillon',
  PUBLISHED: 'Publiée',
  CLOSED: 'Clôturée',
  EXPIRED: 'Clôturée (date de fin dépassée)',
}

export const OFFER_STATUS_BADGES: Record<OfferDisplayStatus, string> = {
  DRAFT: 'badge-neutral',
  PUBLISHED: 'badge-ok',
  CLOSED: 'badge-ko',
  EXPIRED: 'badge-ko',
}

/** "Publiée depuis": days. */
export const PUBLISHED_SINCE_OPTIONS = [
  { value: '1', label: 'Moins de 24 heures', days: 1 },
  { value: '3', label: 'Moins de 3 jours', days: 3 },
  { value: '7', label: 'Moins d’une semaine', days: 7 },
  { value: '14', label: 'Moins de 2 semaines', days: 14 },
  { value: '30', label: 'Moins d’un mois', days: 30 },
] as const

export type OfferSort = 'recent' | 'start' | 'relevance'

export const SORT_OPTIONS: { value: OfferSort; label: string }[] = [
  { value: 'recent', label: 'Les plus récentes d’abord' },
  { value: 'start', label: 'Date de début la plus proche' },
  { value: 'relevance', label: 'Pertinence (avec des mots-clés)' },
]
