// The layer rules of src/, read from the code itself (the TypeScript parser, not the text):
// - the web layer (src/web/, and in src/modules each domain's routes.ts, handlers.ts and *-handlers.ts,
//   and the few other files about requests named below) is imported by nothing else but the files that
//   put the layers together: the services, policies, schemas and jobs work without a request;
// - src/app.ts (the web app) is imported by src/server.ts only;
// - a handler or a router does not write to the database: every write (and its audit row) is a use
//   case of a service, in the transaction of the change.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** The files that put the layers together, and may import any of them. */
const COMPOSITION_ROOTS = new Set(['src/app.ts', 'src/server.ts', 'src/background-jobs.ts'])

const HANDLER_FILE = /^src\/modules\/.+\/(routes|handlers|[\w-]+-handlers)\.ts$/

/** The domains' files that are about requests too, though not named as handlers. */
const OTHER_WEB_FILES = new Set([
  // the HTML of the statistics' sections, made with the view engine for their handlers
  'src/modules/statistics/fragments.ts',
  // a middleware: the administrator without a second factor is sent to its enrolment
  'src/modules/accounts/two-factor/required.ts',
])

function isWebLayer(file: string): boolean {
  return file.startsWith('src/web/') || HANDLER_FILE.test(file) || OTHER_WEB_FILES.has(file)
}

/** Prisma's writes (on a model: db.user.update…, or raw), Kysely's, and the audit log's. */
const MODEL_WRITES = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'])
const RAW_WRITES = new Set(['$executeRaw', '$executeRawUnsafe', '$transaction', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto'])

type Source = { file: string; text: string }

function importsOf(source: ts.SourceFile): string[] {
  const specifiers: string[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

/** The writes a file calls, as written: "db.user.update", "tx.$executeRaw", "audit". */
function writesOf(source: ts.SourceFile): string[] {
  const writes: string[] = []
  const called = (callee: ts.Expression) => {
    if (ts.isIdentifier(callee) && callee.text === 'audit') writes.push(callee.getText(source))
    if (!ts.isPropertyAccessExpression(callee)) return
    const name = callee.name.text
    // db.user.update(…): a method of a model, not of any value (createHash(…).update, Object.create)
    const onModel = MODEL_WRITES.has(name) && ts.isPropertyAccessExpression(callee.expression)
    if (onModel || RAW_WRITES.has(name)) writes.push(callee.getText(source))
  }
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) called(node.expression)
    else if (ts.isTaggedTemplateExpression(node)) called(node.tag)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return writes
}

/** The repository path an import names, when it is a file of this repository. */
function resolved(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
}

/** Every broken rule, as "file: what — the rule". */
function layerViolations(sources: Source[]): string[] {
  const violations: string[] = []
  for (const { file, text } of sources) {
    const parsed = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
    for (const specifier of importsOf(parsed)) {
      const target = resolved(file, specifier)
      if (!target) continue
      if (target === 'src/app.ts' && file !== 'src/server.ts') {
        violations.push(`${file}: imports ${specifier} — only src/server.ts imports src/app.ts (RouterDeps is src/web/deps.ts)`)
      } else if (isWebLayer(target) && !isWebLayer(file) && !COMPOSITION_ROOTS.has(file)) {
        violations.push(`${file}: imports ${specifier} — only the web layer imports the web layer (what services need belongs in src/lib or the domain)`)
      }
    }
    if (HANDLER_FILE.test(file)) {
      for (const write of writesOf(parsed)) {
        violations.push(`${file}: calls ${write}( — a handler does not write to the database (make it a service’s use case)`)
      }
    }
  }
  return violations
}

function sourceFiles(directory: string): Source[] {
  return readdirSync(path.join(ROOT, directory), { recursive: true, encoding: 'utf8' })
    .map((name) => path.posix.join(directory, name.split(path.sep).join('/')))
    .filter((file) => file.endsWith('.ts') && !file.startsWith('src/generated/'))
    .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }))
}

describe('the layers of src/', () => {
  it('when the code is read, then no file breaks a layer rule', () => {
    const sources = sourceFiles('src')
    // the rules read what they should: the handlers and the services of every domain
    expect(sources.filter((source) => HANDLER_FILE.test(source.file)).length).toBeGreaterThan(30)
    expect(sources.filter((source) => source.file.endsWith('/service.ts')).length).toBeGreaterThan(15)
    expect(layerViolations(sources)).toEqual([])
  })

  it('when a service imports the web layer or app.ts, or a handler writes, then the rule and the file are named', () => {
    const violations = layerViolations([
      { file: 'src/modules/news/service.ts', text: "import { keepValues } from '../../web/forms.ts'\nimport type { RouterDeps } from '../../app.ts'" },
      { file: 'src/modules/news/policy.ts', text: "export { createNewsHandlers } from './handlers.ts'" },
      { file: 'src/lib/cache.ts', text: "const web = await import('../web/locals.ts')" },
      {
        file: 'src/modules/news/handlers.ts',
        text: [
          "import { listNews } from './service.ts'",
          'await db.news.update({ where: { id }, data })',
          'await tx.$executeRaw`DELETE FROM "News"`',
          "await sqlOf(db).deleteFrom('News').execute()",
          "await audit(db, { actorUserId: 1, action: 'news.view', targetType: 'News' })",
          // not writes: a hash, an object, a read
          "createHash('sha256').update(path)",
          'Object.create(null)',
          'await db.news.findMany({})',
        ].join('\n'),
      },
      { file: 'src/modules/news/reader-handlers.ts', text: 'await db.news.deleteMany({})' },
      // allowed: the web layer among itself, the composition roots, server.ts importing app.ts
      { file: 'src/web/locals.ts', text: "import { pageUrl } from './pagination.ts'" },
      { file: 'src/modules/news/routes.ts', text: "import { createNewsHandlers } from './handlers.ts'\nimport { requireRole } from '../../web/guards.ts'" },
      { file: 'src/server.ts', text: "import { createApp } from './app.ts'\nimport { startExpiredSessionsJob } from './web/session.ts'" },
    ])
    expect(violations).toEqual([
      'src/modules/news/service.ts: imports ../../web/forms.ts — only the web layer imports the web layer (what services need belongs in src/lib or the domain)',
      'src/modules/news/service.ts: imports ../../app.ts — only src/server.ts imports src/app.ts (RouterDeps is src/web/deps.ts)',
      'src/modules/news/policy.ts: imports ./handlers.ts — only the web layer imports the web layer (what services need belongs in src/lib or the domain)',
      'src/lib/cache.ts: imports ../web/locals.ts — only the web layer imports the web layer (what services need belongs in src/lib or the domain)',
      'src/modules/news/handlers.ts: calls db.news.update( — a handler does not write to the database (make it a service’s use case)',
      'src/modules/news/handlers.ts: calls tx.$executeRaw( — a handler does not write to the database (make it a service’s use case)',
      'src/modules/news/handlers.ts: calls sqlOf(db).deleteFrom( — a handler does not write to the database (make it a service’s use case)',
      'src/modules/news/handlers.ts: calls audit( — a handler does not write to the database (make it a service’s use case)',
      'src/modules/news/reader-handlers.ts: calls db.news.deleteMany( — a handler does not write to the database (make it a service’s use case)',
    ])
  })
})
