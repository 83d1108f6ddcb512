/**
 * Every text a request brings (form fields, multipart fields, file names, query strings) is cleaned
 * here, once (cleanInput of src/lib/text.ts), before any handler or zod schema sees it: control
 * characters removed (NUL would fail a PostgreSQL statement), tabs turned into spaces, line breaks
 * kept for multi-line fields. Names of people and documents refuse direction controls in their zod
 * schemas (hasDirectionControls).
 */
import querystring from 'node:querystring'
import type { NextFunction, Request, Response } from 'express'
import { cleanInput } from '../lib/text.ts'

/** Express's "simple" query parser (node:querystring), cleaned: app.set('query parser', parseQueryString). */
export function parseQueryString(query: string): Record<string, unknown> {
  return cleanInput(querystring.parse(query)) as Record<string, unknown>
}

/** After a body parser: the parsed body cleaned in place of the raw one. */
export function cleanBody(req: Request, _res: Response, next: NextFunction) {
  if (req.body !== undefined) req.body = cleanInput(req.body)
  next()
}
