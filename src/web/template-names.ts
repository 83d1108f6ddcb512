/**
 * The names an EJS template reads from its locals, found in its source, so that it can be compiled
 * without `with (locals)`: view-engine.ts declares each as `var name = locals.name` at its top.
 *
 * Inside `with`, V8 looks every name up in the locals object first, even the template's own variables
 * and EJS's `__append`, at each use; with plain variables, reading them is a local access. A name found
 * here that the template does not read costs one property read; a name it reads and this scan missed
 * would be a ReferenceError, so the scan errs on the side of more names: every identifier of the code
 * that is not a property (`a.name`), a keyword, one of EJS's own, a global the templates use, or a
 * variable the template declares at its top level (declaring it twice would not compile:
 * `tests/web/template-names.test.ts` compiles every view).
 */

const EJS_TAG = /<%([_=\-#%]?)([\s\S]*?)[_-]?%>/g

const RESERVED = new Set(
  `await break case catch class const continue debugger default delete do else enum export extends false finally for
  function if import in instanceof let new null return super switch this throw true try typeof var void while with
  yield of async get set static arguments eval undefined NaN Infinity`.split(/\s+/),
)

/** EJS's own names in the compiled function (its parameters and the variables it adds) */
const EJS_NAMES = new Set(['locals', '__locals', 'escapeFn', 'include', 'rethrow', '__output', '__append', '__line', '__lines', '__filename'])

/** the globals templates may use: a local of the same name would not reach them */
const GLOBALS = new Set(['Array', 'Boolean', 'Date', 'Intl', 'JSON', 'Math', 'Number', 'Object', 'String', 'encodeURIComponent', 'isNaN'])

const DECLARATION = new Set(['const', 'let', 'var', 'function', 'class'])

/** after these, a `/` starts a regular expression, not a division */
const BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^'])
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'void', 'delete', 'instanceof', 'new'])

const IDENTIFIER_START = /[A-Za-z_$]/
const IDENTIFIER_PART = /[\w$]/

/** The code of the template's tags, each ending a statement, without comments (`<%#`) and literal `<%%`. */
function codeOf(template: string): string[] {
  const segments: string[] = []
  for (const [, kind, code] of template.matchAll(EJS_TAG)) {
    if (kind === '#' || kind === '%') continue
    segments.push(code)
  }
  return segments
}

/** The names the template reads from its locals (see the module's comment), in order of appearance. */
export function localNamesOf(template: string): string[] {
  const read = new Set<string>()
  const declared = new Set<string>()
  let depth = 0
  for (const code of codeOf(template)) {
    /** the last significant token, to tell a regular expression from a division, and a property from a name */
    let previous = ''
    let declaring: 'name' | 'pattern' | null = null
    /** whether the declaration being read is at the template's top level */
    let declaringAtTop = false
    let patternDepth = 0
    let index = 0
    /** template literals open in this tag: the brace depth at which each `${` started */
    const templateStack: number[] = []
    while (index < code.length) {
      const char = code[index]
      if (/\s/.test(char)) {
        index++
        continue
      }
      if (char === '/' && code[index + 1] === '/') {
        const end = code.indexOf('\n', index)
        index = end === -1 ? code.length : end
        continue
      }
      if (char === '/' && code[index + 1] === '*') {
        const end = code.indexOf('*/', index + 2)
        index = end === -1 ? code.length : end + 2
        continue
      }
      if (char === "'" || char === '"') {
        index = endOfString(code, index, char)
        previous = 'string'
        continue
      }
      if (char === '`' || (char === '}' && templateStack.at(-1) === depth)) {
        // the text of a template literal, up to its end or its next `${`
        if (char === '}') {
          templateStack.pop()
          depth--
        }
        const { end, opensExpression } = endOfTemplateText(code, index + 1)
        index = end
        if (opensExpression) {
          depth++
          templateStack.push(depth)
          previous = '{'
        } else {
          previous = 'string'
        }
        continue
      }
      if (char === '/' && (BEFORE_REGEX.has(previous) || KEYWORDS_BEFORE_REGEX.has(previous))) {
        index = endOfRegex(code, index)
        previous = 'regex'
        continue
      }
      if (IDENTIFIER_START.test(char)) {
        let end = index + 1
        while (end < code.length && IDENTIFIER_PART.test(code[end])) end++
        const name = code.slice(index, end)
        const isProperty = previous === '.'
        if (!isProperty && declaring && declaringAtTop) declared.add(name)
        else if (!isProperty && !RESERVED.has(name) && !EJS_NAMES.has(name) && !GLOBALS.has(name)) read.add(name)
        if (declaring === 'name') declaring = null
        if (DECLARATION.has(name) && !isProperty) {
          declaring = 'name'
          declaringAtTop = depth === 0
        }
        index = end
        previous = name
        continue
      }
      if (declaring === 'name' && (char === '{' || char === '[')) {
        declaring = 'pattern'
        patternDepth = 0
      }
      if (declaring === 'pattern') {
        if (char === '{' || char === '[') patternDepth++
        if (char === '}' || char === ']') patternDepth--
        if (patternDepth === 0) declaring = null
      }
      if (char === '{') depth++
      if (char === '}') depth--
      previous = char === '.' && code[index + 1] === '.' ? '...' : char
      index += char === '.' && code[index + 1] === '.' ? 3 : 1
    }
  }
  return [...read].filter((name) => !declared.has(name))
}

function endOfString(code: string, start: number, quote: string): number {
  let index = start + 1
  while (index < code.length && code[index] !== quote) index += code[index] === '\\' ? 2 : 1
  return index + 1
}

function endOfTemplateText(code: string, start: number): { end: number; opensExpression: boolean } {
  let index = start
  while (index < code.length) {
    if (code[index] === '\\') index += 2
    else if (code[index] === '`') return { end: index + 1, opensExpression: false }
    else if (code[index] === '$' && code[index + 1] === '{') return { end: index + 2, opensExpression: true }
    else index++
  }
  return { end: index, opensExpression: false }
}

function endOfRegex(code: string, start: number): number {
  let index = start + 1
  let inClass = false
  while (index < code.length) {
    const char = code[index]
    if (char === '\\') index++
    else if (char === '[') inClass = true
    else if (char === ']') inClass = false
    else if (char === '/' && !inClass) break
    index++
  }
  index++
  while (index < code.length && /[a-z]/i.test(code[index])) index++
  return index
}

/** The template with its names declared at its top, on its first line (its line numbers stay the same). */
export function withLocalsDeclared(template: string): string {
  const names = localNamesOf(template)
  if (names.length === 0) return template
  return `<% var ${names.map((name) => `${name} = locals.${name}`).join(', ')} %>${template}`
}
