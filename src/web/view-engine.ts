import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ejs from 'ejs'
import type { Express, Response } from 'express'
import { withLocalsDeclared } from './template-names.ts'

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../views')
const LAYOUT = path.join(VIEWS_DIR, 'layouts', 'main.ejs')

type RenderCallback = (error: Error | null, html?: string) => void
type Locals = Record<string, unknown>

/**
 * How the views are compiled: without `with (locals)` (each template declares the names it reads,
 * template-names.ts), and in production without EJS's line tracking, which costs an assignment per
 * line of every template at every render; in development an error names the template's line. EJS
 * reads the locals it is given as they are (`unsafePrototypeLocals`): it would copy them at each
 * template, and the includes are ours (templateOf).
 */
function compileOptions(cache: boolean): ejs.Options & { unsafePrototypeLocals: boolean } {
  return { compileDebug: !cache, _with: false, localsName: 'locals', unsafePrototypeLocals: true }
}

/** The name under which a template finds our include (sourceOf declares it, templateOf gives it). */
const INCLUDE = '__atoutsInclude'

const sources = new Map<string, string>()

function sourceOf(file: string, cache: boolean): string {
  let source = cache ? sources.get(file) : undefined
  if (source === undefined) {
    const text = readFileSync(file, 'utf8')
    // on the first line, so that the lines of an error are the file's
    source = `${text.includes('include(') ? `<% include = locals.${INCLUDE} %>` : ''}${withLocalsDeclared(text)}`
    if (cache) sources.set(file, source)
  }
  return source
}

export type Template = (locals: Locals) => string

const templates = new Map<string, Template>()

/** The file an include names, as EJS finds it: from the views' folder (`/partials/field`) or beside the including file, then in the views' folder. */
const includedFiles = new Map<string, string>()

function includedFile(view: string, from: string): string {
  const key = `${from}\n${view}`
  let file = includedFiles.get(key)
  if (file === undefined) {
    const name = path.extname(view) ? view : `${view}.ejs`
    const candidates = name.startsWith('/') ? [path.join(VIEWS_DIR, name)] : [path.resolve(path.dirname(from), name), path.resolve(VIEWS_DIR, name)]
    file = candidates.find((candidate) => existsSync(candidate))
    if (file === undefined) throw new Error(`Could not find the include file "${view}"`)
    includedFiles.set(key, file)
  }
  return file
}

/**
 * The compiled view, kept with its includes when `cache` is on (production). An include reads its own
 * values in front of the page's: they are an object whose prototype is the page's locals (EJS's own
 * include copied all the page's locals at each include and each template: a tenth of the CPU of
 * /offres, 40 kB a request on the inbox).
 */
export function templateOf(file: string, cache: boolean): Template {
  const cached = cache ? templates.get(file) : undefined
  if (cached) return cached
  const source = sourceOf(file, cache)
  const compiled = ejs.compile(source, { ...compileOptions(cache), filename: file }) as unknown as Template
  if (!source.includes(INCLUDE)) {
    if (cache) templates.set(file, compiled)
    return compiled
  }
  // the locals a template is given are its own (a page's are made for its render, an include's
  // here): the template's include is written on them
  const template: Template = (locals) => {
    locals[INCLUDE] = (view: string, values?: Locals) => {
      const own = Object.create(locals) as Locals
      if (values !== undefined) Object.assign(own, values)
      return templateOf(includedFile(view, file), cache)(own)
    }
    return compiled(locals)
  }
  if (cache) templates.set(file, template)
  return template
}

// ───────────────────────── kept HTML, written as bytes ─────────────────────────

/**
 * The pages' markers of kept HTML: random per process, so that no text of a page can be one; with a
 * `<`, so that one written escaped (`<%= %>`) is no longer one, and the page is refused (pageBytes).
 */
const TOKEN = randomBytes(12).toString('base64url')
const markerOf = (index: number) => `\u0000<kept ${TOKEN} ${index}>\u0000`
const MARKERS = new RegExp(`\u0000<kept ${TOKEN} (\\d+)>\u0000`)

/** The kept HTML written into the page being rendered, by order of their markers (null between renders). */
let spliced: KeptHtml[] | null = null

/**
 * HTML made once and kept with what it shows (keptWith): the « Offre » and « Employeur » choices, a
 * result page of the offer search, the statistics' sections. A page is sent as bytes (UTF-8): a page
 * that holds kept HTML is made of its own text and the kept HTML's bytes, encoded once, instead of
 * one string of all of it, copied whole to be encoded at every request (the inbox's 30 kB of « Offre »
 * choices: 90 kB of copies a request). `<%- kept %>` in a page being rendered writes a marker the view
 * engine replaces with the bytes; anywhere else (a fragment, a join) a KeptHtml is its HTML.
 */
export class KeptHtml {
  #bytes: Buffer | undefined
  constructor(readonly html: string) {}

  get bytes(): Buffer {
    this.#bytes ??= Buffer.from(this.html)
    return this.#bytes
  }

  toString(): string {
    if (spliced === null) return this.html
    spliced.push(this)
    return markerOf(spliced.length - 1)
  }
}

/** The page's text, with the bytes of the kept HTML in place of their markers. */
function pageBytes(html: string, kept: KeptHtml[]): Buffer {
  // split with a group: text, index, text, index, …, text
  const parts = html.split(MARKERS)
  if (parts.length !== 2 * kept.length + 1) throw new Error('Kept HTML must be written as it is, with <%- %>, once')
  const chunks = parts.map((part, index) => (index % 2 === 0 ? Buffer.from(part) : kept[Number(part)].bytes))
  return Buffer.concat(chunks)
}

/**
 * EJS with a site layout: every `res.render(view, locals)` renders the view, then wraps it in
 * views/layouts/main.ejs as `body`. A view that is a whole document passes `layout: false`. A page
 * that holds kept HTML (KeptHtml) is sent as bytes, as text/html.
 */
export function useViewEngine(app: Express, cache: boolean) {
  app.engine('ejs', (file: string, options: object, callback: RenderCallback) => {
    const locals = options as Locals
    let page: string | Buffer
    // rendering is synchronous: no other page's KeptHtml can be written meanwhile
    const kept: KeptHtml[] = []
    spliced = kept
    try {
      const body = templateOf(file, cache)(locals)
      const html = locals.layout === false ? body : templateOf(LAYOUT, cache)(Object.assign(Object.create(locals) as Locals, { body }))
      spliced = null
      page = kept.length === 0 ? html : pageBytes(html, kept)
    } catch (error) {
      return callback(error as Error)
    } finally {
      spliced = null
    }
    // Express hands what the engine gives to res.send, which sends bytes as they are (typed as a string)
    callback(null, page as unknown as string)
  })
  // res.send would call bytes application/octet-stream: a rendered page is HTML unless its handler said otherwise
  const render = app.response.render
  app.response.render = function (this: Response, ...args: Parameters<Response['render']>) {
    if (!this.get('Content-Type')) this.type('html')
    return render.apply(this, args)
  } as Response['render']
  app.set('view engine', 'ejs')
  // the handlers' renderFragment compiles as the pages do (Express turns it on in production by itself too)
  app.set('view cache', cache)
  app.set('views', VIEWS_DIR)
}

/**
 * A view rendered without the layout, as kept HTML (a fragment a handler keeps and inserts with
 * <%- %>), compiled once and kept when `cache` is on, as the pages are in production (a handler passes
 * `req.app.enabled('view cache')`).
 */
export function renderFragment(view: string, locals: Locals, cache: boolean): KeptHtml {
  return new KeptHtml(templateOf(path.join(VIEWS_DIR, `${view}.ejs`), cache)(locals))
}
