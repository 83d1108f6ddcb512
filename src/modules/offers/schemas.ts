import { z } from 'zod'
import type { ContractType, Offer } from '../../lib/db.ts'
import type { FieldErrors, FormResult } from '../../lib/forms.ts'
import { optionalTextOrNull, requiredText } from '../../lib/zod-fields.ts'
import { isDepartmentCode } from './departments.ts'
import { isCalendarDay } from '../../lib/paris-time.ts'
import { lastDayOfPublication } from './dates.ts'
import { CONTRACT_SLUGS, CONTRACT_TYPES, contractTypeFromSlug, PUBLISHED_SINCE_OPTIONS, SECTORS, SORT_OPTIONS, type OfferSort } from './labels.ts'

// ───────────────────────── The search (GET /offres) ─────────────────────────

/** The filters of the offers' search, as read from the address. */
export type TOfferSearch = {
  /** "Mots-clés", as typed */
  keywords: string
  contractTypes: ContractType[]
  /** "Ville ou département", as typed */
  place: string
  sector: string | null
  remote: boolean
  /** "Publiée depuis": at most this many days ago */
  publishedWithinDays: number | null
  employerId: number | null
  sort: OfferSort
}

export const EMPTY_SEARCH: TOfferSearch = {
  keywords: '',
  contractTypes: [],
  place: '',
  sector: null,
  remote: false,
  publishedWithinDays: null,
  employerId: null,
  sort: 'recent',
}

/** The names of the search parameters in the address. */
export const SEARCH_PARAMS = {
  keywords: 'motscles',
  contractTypes: 'contrat',
  place: 'lieu',
  sector: 'secteur',
  remote: 'teletravail',
  publishedWithinDays: 'depuis',
  employerId: 'employeur',
  sort: 'tri',
} as const

const MAX_KEYWORDS_LENGTH = 200
const MAX_PLACE_LENGTH = 100

function values(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  return list.filter((item): item is string => typeof item === 'string').map((item) => item.trim())
}
const first = (raw: unknown): string => values(raw)[0] ?? ''

/**
 * The search from the query string. Never fails: a value it does not understand is left out and
 * described in `ignored`, for the page to say so.
 */
export function parseOfferSearch(query: Record<string, unknown>): { search: TOfferSearch; ignored: string[] } {
  const ignored: string[] = []
  const search: TOfferSearch = { ...EMPTY_SEARCH, contractTypes: [] }

  search.keywords = first(query[SEARCH_PARAMS.keywords]).replace(/\s+/g, ' ').slice(0, MAX_KEYWORDS_LENGTH)
  search.place = first(query[SEARCH_PARAMS.place]).replace(/\s+/g, ' ').slice(0, MAX_PLACE_LENGTH)

  for (const slug of values(query[SEARCH_PARAMS.contractTypes])) {
    if (slug === '') continue
    const type = contractTypeFromSlug(slug.toLowerCase())
    if (!type) ignored.push(`le type de contrat « ${slug.slice(0, 40)} » n’existe pas`)
    else if (!search.contractTypes.includes(type)) search.contractTypes.push(type)
  }

  const sector = first(query[SEARCH_PARAMS.sector])
  if (sector !== '') {
    if ((SECTORS as readonly string[]).includes(sector)) search.sector = sector
    else ignored.push(`le secteur « ${sector.slice(0, 60)} » n’existe pas`)
  }

  const remote = first(query[SEARCH_PARAMS.remote])
  if (remote !== '') {
    if (['on', 'oui', '1', 'true'].includes(remote.toLowerCase())) search.remote = true
    else ignored.push('la valeur de « Télétravail possible » n’est pas comprise')
  }

  const since = first(query[SEARCH_PARAMS.publishedWithinDays])
  if (since !== '') {
    const option = PUBLISHED_SINCE_OPTIONS.find((candidate) => candidate.value === since)
    if (option) search.publishedWithinDays = option.days
    else ignored.push(`la durée « ${since.slice(0, 20)} » de « Publiée depuis » n’existe pas`)
  }

  const employer = first(query[SEARCH_PARAMS.employerId])
  if (employer !== '') {
    if (/^\d{1,9}$/.test(employer) && Number(employer) > 0) search.employerId = Number(employer)
    else ignored.push('l’employeur demandé n’existe pas')
  }

  const sort = first(query[SEARCH_PARAMS.sort])
  if (sort !== '') {
    const option = SORT_OPTIONS.find((candidate) => candidate.value === sort)
    if (option) search.sort = option.value
    else ignored.push('cet ordre de tri n’existe pas')
  }

  return { search, ignored }
}

/** The query string of a search (without the page), in the form's order: for links and "Retour". */
export function searchToQuery(search: TOfferSearch): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  if (search.keywords) query[SEARCH_PARAMS.keywords] = search.keywords
  if (search.contractTypes.length > 0) query[SEARCH_PARAMS.contractTypes] = search.contractTypes.map((type) => CONTRACT_SLUGS[type])
  if (search.place) query[SEARCH_PARAMS.place] = search.place
  if (search.sector) query[SEARCH_PARAMS.sector] = search.sector
  if (search.remote) query[SEARCH_PARAMS.remote] = 'oui'
  if (search.publishedWithinDays) query[SEARCH_PARAMS.publishedWithinDays] = String(search.publishedWithinDays)
  if (search.employerId) query[SEARCH_PARAMS.employerId] = String(search.employerId)
  if (search.sort !== 'recent') query[SEARCH_PARAMS.sort] = search.sort
  return query
}

export const isFiltered = (search: TOfferSearch): boolean => Object.keys(searchToQuery({ ...search, sort: 'recent' })).length > 0

/** "Retour" goes back to a search of the offers, nowhere else: `/offres` or `/offres?…`. */
export function safeSearchReturn(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null
  return /^\/offres(\?[^#\s\\]*)?$/.test(raw) ? raw : null
}

// ───────────────────────── The offer form (recruiters) ─────────────────────────

const TITLE_MAX = 150
const LONG_TEXT_MAX = 10_000

const optionalDay = (invalid: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || isCalendarDay(value), invalid)
    .transform((value) => (value ? value : null))

/** The offer form. `sectors` are the choices of its "Secteur" list. */
export function offerFormSchema(sectors: readonly string[]) {
  return z.object({
    title: requiredText('Saisissez l’intitulé du poste.', { max: TITLE_MAX, tooLong: `L’intitulé du poste doit compter au plus ${TITLE_MAX} caractères.` }),
    description: requiredText('Saisissez la description de l’offre.', {
      max: LONG_TEXT_MAX,
      tooLong: 'La description est trop longue (10 000 caractères au plus).',
    }),
    missions: optionalTextOrNull({ max: LONG_TEXT_MAX, tooLong: 'Les missions sont trop longues (10 000 caractères au plus).' }),
    profileSought: optionalTextOrNull({ max: LONG_TEXT_MAX, tooLong: 'Le profil recherché est trop long (10 000 caractères au plus).' }),
    contractType: z.enum(CONTRACT_TYPES as [ContractType, ...ContractType[]], { error: 'Choisissez le type de contrat.' }),
    city: requiredText('Saisissez la ville du poste.', { max: 100, tooLong: 'Le nom de la ville doit compter au plus 100 caractères.' }),
    department: z
      .string({ error: 'Choisissez le département du poste.' })
      .trim()
      .min(1, 'Choisissez le département du poste.')
      .refine(isDepartmentCode, 'Choisissez le département du poste dans la liste.'),
    sector: z
      .string({ error: 'Choisissez le secteur.' })
      .trim()
      .min(1, 'Choisissez le secteur.')
      .refine((value) => sectors.includes(value), 'Choisissez le secteur dans la liste.'),
    duration: optionalTextOrNull({ max: 100, tooLong: 'La durée doit compter au plus 100 caractères.' }),
    startDate: optionalDay('Saisissez la date de début au format jj/mm/aaaa, par exemple 01/09/2027.'),
    endDate: optionalDay('Saisissez la date de fin de publication au format jj/mm/aaaa, par exemple 30/06/2027.'),
    remote: z
      .string()
      .optional()
      .transform((value) => value === 'on'),
    accessibility: optionalTextOrNull({ max: LONG_TEXT_MAX, tooLong: 'Le texte sur l’accessibilité est trop long (10 000 caractères au plus).' }),
    contactEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'L’adresse e-mail est trop longue.')
      .optional()
      .refine((value) => !value || z.email().safeParse(value).success, 'Saisissez une adresse e-mail valide, par exemple recrutement@exemple.fr.')
      .transform((value) => (value ? value : null)),
  })
}
export type TOfferForm = z.output<ReturnType<typeof offerFormSchema>>

/** The form's fields in their order on the page (the error summary follows it). */
export const OFFER_FORM_FIELDS = [
  'title',
  'description',
  'missions',
  'profileSought',
  'contractType',
  'city',
  'department',
  'sector',
  'duration',
  'startDate',
  'endDate',
  'remote',
  'accessibility',
  'contactEmail',
] as const

/** What the recruiter asked for with the button they pressed. */
export type OfferFormAction = 'draft' | 'publish' | 'save'

export function offerFormActionOf(body: unknown): OfferFormAction {
  const action = (body as Record<string, unknown> | undefined)?.action
  return action === 'publier' ? 'publish' : action === 'enregistrer' ? 'save' : 'draft'
}

/**
 * The schema for these sectors, built once: zod compiles a schema on its first use, which costs
 * more than a parse (an import checks up to 2,000 rows with it).
 */
const schemasBySectors = new Map<string, ReturnType<typeof offerFormSchema>>()
function cachedOfferFormSchema(sectors: readonly string[]) {
  const key = sectors.join('\n')
  let schema = schemasBySectors.get(key)
  if (!schema) {
    // one list of sectors, plus one per employer sector outside it: a small cache, kept bounded
    if (schemasBySectors.size >= 100) schemasBySectors.clear()
    schema = offerFormSchema([...sectors])
    schemasBySectors.set(key, schema)
  }
  return schema
}

/** The offer form, parsed, with the rule across two fields: the end of publication comes after the start. */
export function parseOfferForm(body: unknown, sectors: readonly string[]): FormResult<TOfferForm> {
  const result = cachedOfferFormSchema(sectors).safeParse(body ?? {})
  const errors: FieldErrors = {}
  if (!result.success) {
    for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  }
  const raw = (body ?? {}) as Record<string, unknown>
  const start = typeof raw.startDate === 'string' ? raw.startDate.trim() : ''
  const end = typeof raw.endDate === 'string' ? raw.endDate.trim() : ''
  if (!errors.startDate && !errors.endDate && isCalendarDay(start) && isCalendarDay(end) && end <= start) {
    errors.endDate = 'La date de fin de publication doit être après la date de début.'
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors: orderErrors(errors) }
  return { ok: true, data: result.data! }
}

export function orderErrors(errors: FieldErrors): FieldErrors {
  const ordered: FieldErrors = {}
  for (const field of OFFER_FORM_FIELDS) if (errors[field]) ordered[field] = errors[field]
  for (const [field, message] of Object.entries(errors)) ordered[field] ??= message
  return ordered
}

/**
 * The offer form's body for an offer, as the form would post it back unchanged (to edit it, or for an
 * import row to keep what its file leaves out); a new offer starts with its employer's sector.
 */
export function offerFormBody(offer: Offer | null, employerSector: string): Record<string, string | undefined> {
  if (!offer) return { sector: employerSector }
  return {
    title: offer.title,
    description: offer.description,
    missions: offer.missions ?? '',
    profileSought: offer.profileSought ?? '',
    contractType: offer.contractType,
    city: offer.city,
    department: offer.department,
    sector: offer.sector,
    duration: offer.duration ?? '',
    startDate: offer.startDate ? offer.startDate.toISOString().slice(0, 10) : '',
    endDate: offer.endDate ? lastDayOfPublication(offer.endDate) : '',
    remote: offer.remote ? 'on' : undefined,
    accessibility: offer.accessibility ?? '',
    contactEmail: offer.contactEmail ?? '',
  }
}
