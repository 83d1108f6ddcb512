/** Lower-case, accent-free text for portable case-insensitive search ("Éloïse" → "eloise"). */
export function normalizeForSearch(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`
}

/**
 * C0 and C1 control characters and DEL, except tab, line feed and carriage return: nothing a person
 * types, and NUL is refused by PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00").
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

/** Text as typed by a person: control characters removed, a tab becomes a space, line breaks stay. */
export function withoutControlCharacters(value: string): string {
  return value.replace(/\t/g, ' ').replace(CONTROL_CHARACTERS, '')
}

/**
 * Passwords are only ever hashed, never stored nor shown: kept exactly as typed, so that a password
 * chosen with a tab in it still signs in (the same names as keepValues in src/web/forms.ts).
 */
const PASSWORD_FIELD = /password|motdepasse/i

/**
 * A parsed body or query (src/web/input.ts), or the rows of an imported file: strings, arrays and
 * (multipart's a[b]) objects of them, keys included.
 */
export function cleanInput(value: unknown): unknown {
  if (typeof value === 'string') return withoutControlCharacters(value)
  if (Array.isArray(value)) return value.map(cleanInput)
  if (value && typeof value === 'object') {
    // the same prototype as the parser's object (often none); defineProperty, so that a field named
    // "__proto__" stays a field and never becomes the object's prototype
    const cleaned = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>
    for (const [key, item] of Object.entries(value)) {
      const cleanedItem = PASSWORD_FIELD.test(key) && typeof item === 'string' ? item : cleanInput(item)
      Object.defineProperty(cleaned, withoutControlCharacters(key), { value: cleanedItem, enumerable: true, writable: true, configurable: true })
    }
    return cleaned
  }
  return value
}

/**
 * The invisible characters that reorder the text around them: embeddings and overrides (U+202A–U+202E)
 * and isolates (U+2066–U+2069). In a name, "CV\u202Efdp.exe" reads as "CVexe.pdf".
 */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/

export function hasDirectionControls(value: string): boolean {
  return DIRECTION_CONTROLS.test(value)
}

/** The French message for a name holding a direction control ("Le prénom", "Le nom du document"…). */
export function directionControlsMessage(subject: string): string {
  return `${subject} contient un caractère invisible qui inverse le sens de lecture du texte. Saisissez-le de nouveau au clavier, sans copier-coller.`
}
