// « Paramètres d'affichage »: the choices, how they are stored (account column and cookie) and how
// they reach the page (data attributes on <html>, read by public/css/main.css).

/** Each setting, its values (the first is the default) and the French words of the form. */
export const DISPLAY_SETTINGS = [
  {
    name: 'textSize',
    attribute: 'data-text-size',
    legend: 'Taille du texte',
    hint: 'Grande : 125 % de la taille habituelle ; très grande : 150 %.',
    error: 'Choisissez une taille de texte.',
    options: [
      { value: 'normal', label: 'Normale' },
      { value: 'large', label: 'Grande' },
      { value: 'larger', label: 'Très grande' },
    ],
  },
  {
    name: 'spacing',
    attribute: 'data-spacing',
    legend: 'Espacement',
    hint: 'Augmenté : plus d’espace entre les lignes, les paragraphes, les lettres et les mots.',
    error: 'Choisissez un espacement.',
    options: [
      { value: 'normal', label: 'Normal' },
      { value: 'increased', label: 'Augmenté' },
    ],
  },
  {
    name: 'font',
    attribute: 'data-font',
    legend: 'Police',
    hint: 'La police adaptée à la dyslexie est OpenDyslexic.',
    error: 'Choisissez une police.',
    options: [
      { value: 'standard', label: 'Standard' },
      { value: 'dyslexia', label: 'Adaptée à la dyslexie' },
    ],
  },
  {
    name: 'contrast',
    attribute: 'data-contrast',
    legend: 'Contraste',
    hint: 'Renforcé : des couleurs plus contrastées et un contour plus épais autour de l’élément sélectionné au clavier.',
    error: 'Choisissez un contraste.',
    options: [
      { value: 'standard', label: 'Standard' },
      { value: 'high', label: 'Renforcé' },
    ],
  },
  {
    name: 'theme',
    attribute: 'data-theme',
    legend: 'Thème',
    hint: 'Celui du système : clair ou sombre selon le réglage de votre appareil.',
    error: 'Choisissez un thème.',
    options: [
      { value: 'light', label: 'Clair' },
      { value: 'dark', label: 'Sombre' },
      { value: 'system', label: 'Celui du système' },
    ],
  },
  {
    name: 'motion',
    attribute: 'data-motion',
    legend: 'Animations',
    hint: 'Réduites : ni animation ni effet de transition.',
    error: 'Choisissez un réglage des animations.',
    options: [
      { value: 'normal', label: 'Normales' },
      { value: 'reduced', label: 'Réduites' },
    ],
  },
] as const

type Definition = (typeof DISPLAY_SETTINGS)[number]
export type DisplaySettingName = Definition['name']
export type DisplaySettings = { [D in Definition as D['name']]: D['options'][number]['value'] }

export const DEFAULT_DISPLAY_SETTINGS = Object.fromEntries(DISPLAY_SETTINGS.map((setting) => [setting.name, setting.options[0].value])) as DisplaySettings

/** The browser keeps a visitor's choice in this cookie (a signed-in person's is on their account). */
export const DISPLAY_COOKIE = 'atouts.affichage'
/** 13 months, the longest the CNIL accepts for a cookie */
export const DISPLAY_COOKIE_MAX_AGE_MS = 395 * 24 * 60 * 60 * 1000

const isValueOf = (setting: Definition, value: unknown): boolean => setting.options.some((option) => option.value === value)

/** The stored form, for the account column and the cookie: "textSize=large&spacing=normal&…", every setting named. */
export function serializeDisplaySettings(settings: DisplaySettings): string {
  return new URLSearchParams(DISPLAY_SETTINGS.map((setting) => [setting.name, settings[setting.name]])).toString()
}

/**
 * The settings of a stored value (account column, cookie), or null when there is none or it names no
 * known setting. A value written by an older or newer version reads leniently: an unknown value is
 * the default.
 */
export function parseStoredDisplaySettings(stored: unknown): DisplaySettings | null {
  if (typeof stored !== 'string' || stored === '' || stored.length > 500) return null
  const params = new URLSearchParams(stored)
  let known = 0
  const settings: Record<string, string> = {}
  for (const setting of DISPLAY_SETTINGS) {
    const value = params.get(setting.name)
    if (isValueOf(setting, value)) known++
    settings[setting.name] = isValueOf(setting, value) ? value! : setting.options[0].value
  }
  return known > 0 ? (settings as DisplaySettings) : null
}

/** The attributes on <html> for these settings: only those that differ from the default, the page as it always was otherwise. */
export function displayAttributesOf(settings: DisplaySettings): [attribute: string, value: string][] {
  return DISPLAY_SETTINGS.filter((setting) => settings[setting.name] !== setting.options[0].value).map((setting) => [setting.attribute, settings[setting.name]])
}

/**
 * At sign-in: what the account should take from this browser's cookie, as its stored form, or
 * undefined to leave the account alone (it already has settings, or the cookie holds none).
 */
export function displaySettingsToCarry(account: string | null, cookie: unknown): string | undefined {
  if (account !== null) return undefined
  const fromCookie = parseStoredDisplaySettings(cookie)
  return fromCookie ? serializeDisplaySettings(fromCookie) : undefined
}
