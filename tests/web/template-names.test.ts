import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { localNamesOf } from '../../src/web/template-names.ts'
import { templateOf, VIEWS_DIR } from '../../src/web/view-engine.ts'

/** the views rendered by the view engine (the e-mails have their own renderer, src/lib/outbox.ts) */
const views = (readdirSync(VIEWS_DIR, { recursive: true }) as string[]).filter((file) => file.endsWith('.ejs') && !file.startsWith('emails'))

describe('the views compiled without with (locals)', () => {
  it.each(views)('%s compiles with the names it reads declared', (view) => {
    expect(() => templateOf(path.join(VIEWS_DIR, view), false)).not.toThrow()
  })

  it('renders what a page shows: its locals, its own variables, the branches not taken, the includes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atouts-views-'))
    const file = path.join(dir, 'page.ejs')
    writeFileSync(
      file,
      [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: EJS source, whose code has template literals
        '<% const greeting = `Bonjour ${person.name}` %><h1><%= greeting %></h1>',
        '<% if (locals.missing) { %><%= missing.value %><% } else { %><p><%= typeof absent === "undefined" ? "rien" : absent %></p><% } %>',
        '<ul><% for (const item of items) { %><li><%= format(item) %></li><% } %></ul>',
        '<%= /^A/.test(person.name) ? "a" : "b" %> <%= items.length / 2 %>',
      ].join('\n'),
    )
    const html = templateOf(file, false)({ person: { name: 'Amina' }, items: [1, 2], format: (value: number) => `n°${value}` })
    expect(html).toContain('<h1>Bonjour Amina</h1>')
    expect(html).toContain('<p>rien</p>')
    expect(html).toContain('<li>n°1</li><li>n°2</li>')
    expect(html).toContain('a 1')
  })

  /** views/page.ejs and its includes, in a folder of its own; `at` names a file in it */
  function includesFolder() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atouts-includes-'))
    const at = (name: string) => path.join(dir, name)
    mkdirSync(at('partials'))
    writeFileSync(
      at('page.ejs'),
      [
        '<h1><%= title %></h1>',
        '<%- include("partials/card", { label: "Premier", tone: undefined }) %>',
        '<%- include("partials/card", { label: "Second", tone: "vif" }) %>',
        '<p>après : <%= typeof label === "undefined" ? "pas de label" : label %> <%= tone %></p>',
        '<% if (fails) { %><%= missing.value %><% } %>',
      ].join('\n'),
    )
    writeFileSync(at('partials/card.ejs'), '<div class="<%= tone %>"><%= label %> – <%= title %><%- include("./badge") %></div>')
    writeFileSync(at('partials/badge.ejs'), '<span><%= label.toUpperCase() %> <%= site %></span>')
    return at
  }

  it.each([
    ['development', false],
    ['production', true],
  ])('in %s, an include reads its own values in front of the page’s, and its own includes read both', (_mode, cache) => {
    const at = includesFolder()
    const render = () => templateOf(at('page.ejs'), cache)({ title: 'Offres', tone: 'sobre', site: 'Atouts', fails: false })
    const html = render()
    expect(html).toContain('<h1>Offres</h1>')
    // a value given as undefined hides the page's, as EJS's include did; the others are the page's
    expect(html).toContain('<div class="">Premier – Offres<span>PREMIER Atouts</span></div>')
    expect(html).toContain('<div class="vif">Second – Offres<span>SECOND Atouts</span></div>')
    // the page's locals are unchanged by its includes
    expect(html).toContain('<p>après : pas de label sobre</p>')
    expect(render()).toBe(html)
  })

  it('in development, an error in a template names its file and line; in production it is thrown as it is', () => {
    const at = includesFolder()
    const locals = { title: 'Offres', tone: 'sobre', site: 'Atouts', fails: true }
    expect(() => templateOf(at('page.ejs'), false)(locals)).toThrow(
      /page\.ejs:5\n[\s\S]* >> 5\| <% if \(fails\)[\s\S]*Cannot read properties of undefined \(reading 'value'\)/,
    )
    expect(() => templateOf(at('page.ejs'), true)(locals)).toThrow(/^Cannot read properties of undefined \(reading 'value'\)$/)
  })

  it('an include that names no file says which', () => {
    const at = includesFolder()
    writeFileSync(at('broken.ejs'), '<%- include("partials/nowhere") %>')
    expect(() => templateOf(at('broken.ejs'), true)({})).toThrow(/Could not find the include file "partials\/nowhere"/)
  })
})

describe('localNamesOf', () => {
  it('finds the names read in the tags, not the properties, strings, comments, regular expressions or the HTML', () => {
    const names = localNamesOf(
      [
        '<p>title here is text</p>',
        '<%# comment names nothing %>',
        '<%= offer.title %> <%- include("/partials/x", { page: result.page }) %>',
        '<% // a comment: hidden %>',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: EJS source, whose code has template literals
        '<%= \'quoted\' + "double" + `${inTemplate} text` %>',
        '<%= value.replace(/[^a-z]+/g, separator) %>',
        '<%= total / count %>',
      ].join('\n'),
    )
    expect(names).toEqual(['offer', 'page', 'result', 'inTemplate', 'value', 'separator', 'total', 'count'])
  })

  it('leaves out the variables the template declares at its top level, keeps those declared in a block', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: EJS source, whose code has template literals
    const names = localNamesOf('<% const id = `field-${name}` %><% const { a, b: c } = pair %><% if (x) { const inner = 1 %><%= inner + id + a + c %><% } %>')
    expect(names).toEqual(['name', 'pair', 'x', 'inner'])
  })

  it('leaves out keywords, globals and EJS’s own names', () => {
    expect(localNamesOf('<% if (typeof x === "undefined" && locals.y) { %><%= String(Math.max(1, z)) %><%- include("/a") %><% } %>')).toEqual(['x', 'z'])
  })
})
