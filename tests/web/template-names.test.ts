import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
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
