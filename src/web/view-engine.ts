import path from 'node:path'
import ejs from 'ejs'
import type { Express } from 'express'

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../views')
const LAYOUT = path.join(VIEWS_DIR, 'layouts', 'main.ejs')

type RenderCallback = (error: Error | null, html?: string) => void

/**
 * EJS with a site layout: every `res.render(view, locals)` renders the view, then wraps it in
 * views/layouts/main.ejs as `body`. A view that is a whole document passes `layout: false`.
 */
export function useViewEngine(app: Express, cache: boolean) {
  app.engine('ejs', (file: string, options: object, callback: RenderCallback) => {
    const locals = options as Record<string, unknown>
    const ejsOptions = { cache, filename: file, root: VIEWS_DIR, views: [VIEWS_DIR] }
    ejs.renderFile(file, locals, ejsOptions, (error, body) => {
      if (error) return callback(error)
      if (locals.layout === false) return callback(null, body)
      ejs.renderFile(LAYOUT, { ...locals, body }, { ...ejsOptions, filename: LAYOUT }, callback)
    })
  })
  app.set('view engine', 'ejs')
  app.set('views', VIEWS_DIR)
}

/** A view rendered to a string, without the layout (a fragment a handler keeps and inserts with <%- %>). */
export function renderFragment(view: string, locals: Record<string, unknown>, cache: boolean): Promise<string> {
  const file = path.join(VIEWS_DIR, `${view}.ejs`)
  return ejs.renderFile(file, locals, { cache, filename: file, root: VIEWS_DIR, views: [VIEWS_DIR] })
}
