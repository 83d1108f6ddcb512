/**
 * Every text a request brings (form fields, multipart fields, file names, query strings) is cleaned
 * here, once, before any handler or zod schema sees it: control characters removed (NUL would fail
 * a PostgreSQL statement), tabs turned into spaces, line breaks kept for multi-line fields. Names of
 * people and documents refuse direction controls in their zod schemas (hasDirectionControls).
 */
import querystring from 'node:querystring'
import type { NextFunction, Request, Response } from 'express'
import { withoutControlCharacters } from '../lib/text.ts'

/**
 * Passwords are only ever hashed, never stored nor shown: kept exactly as typed, so that a password
 * chosen with a tab in it still signs in (the same names as keepValues in forms.ts).
 */
const PASSWORD_FIELD = /password|motdepasse/i

/** A parsed body or query: strings, arrays and (multipart's a[b]) objects of them, keys included. */
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

/** Express's "simple" query parser (node:querystring), cleaned: app.set('query parser', parseQueryString). */
export function parseQueryString(query: string): Record<string, unknown> {
  return cleanInput(querystring.parse(query)) as Record<string, unknown>
}

/** After a body parser: the parsed body cleaned in place of the raw one. */
export function cleanBody(req: Request, _res: Response, next: NextFunction) {
  if (req.body !== undefined) req.body = cleanInput(req.body)
  next()
}
