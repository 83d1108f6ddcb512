import { readFileSync } from 'node:fs'
import path from 'node:path'
import ejs from 'ejs'
import type { Express } from 'express'
import { withLocalsDeclared } from './template-names.ts'

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../views')
const LAYOUT = path.join(VIEWS_DIR, 'layouts', 'main.ejs')

type RenderCallback = (error: Error | null, html?: string) => void
type Locals = Record<string, unknown>

/**
 * How the views are compiled: without `with (locals)` (each template declares the names it reads,
 * template-names.ts), and in production without EJS's line tracking, which costs an assignment per
 * line of every template at every render; in development an error names the template's line.
 */
function compileOptions(cache: boolean): ejs.Options {
  return {
    cache,
    compileDebug: !cache,
    _with: false,
    localsName: 'locals',
    root: VIEWS_DIR,
    views: [VIEWS_DIR],
    // the includes' text, read the same way as the views'; EJS asks for it at every include, before its cache
    includer: (view: string, filename: string | undefined) => {
      if (!filename) throw new Error(`Could not find the include file "${view}"`)
      return { template: sourceOf(filename, cache) }
    },
  }
}

const sources = new Map<string, string>()

function sourceOf(file: string, cache: boolean): string {
  let source = cache ? sources.get(file) : undefined
  if (source === undefined) {
    source = withLocalsDeclared(readFileSync(file, 'utf8'))
    if (cache) sources.set(file, source)
  }
  return source
}

/** The compiled view, kept in EJS's cache with its includes when `cache` is on (production). */
export function templateOf(file: string, cache: boolean): ejs.TemplateFunction {
  const cached = cache ? (ejs.cache.get(file) as ejs.TemplateFunction | undefined) : undefined
  if (cached) return cached
  const compiled = ejs.compile(sourceOf(file, cache), { ...compileOptions(cache), filename: file }) as ejs.TemplateFunction
  if (cache) ejs.cache.set(file, compiled)
  return compiled
}

/**
 * EJS with a site layout: every `res.render(view, locals)` renders the view, then wraps it in
 * views/layouts/main.ejs as `body`. A view that is a whole document passes `layout: false`.
 */
export function useViewEngine(app: Express, cache: boolean) {
  app.engine('ejs', (file: string, options: object, callback: RenderCallback) => {
    const locals = options as Locals
    let html: string
    try {
      const body = templateOf(file, cache)(locals)
      html = locals.layout === false ? body : templateOf(LAYOUT, cache)({ ...locals, body })
    } catch (error) {
      return callback(error as Error)
    }
    callback(null, html)
  })
  app.set('view engine', 'ejs')
  // the handlers' renderFragment compiles as the pages do (Express turns it on in production by itself too)
  app.set('view cache', cache)
  app.set('views', VIEWS_DIR)
}

/**
 * A view rendered to a string, without the layout (a fragment a handler keeps and inserts with <%- %>),
 * compiled once and kept when `cache` is on, as the pages are in production (a handler passes
 * `req.app.enabled('view cache')`).
 */
export function renderFragment(view: string, locals: Locals, cache: boolean): string {
  return templateOf(path.join(VIEWS_DIR, `${view}.ejs`), cache)(locals)
}
