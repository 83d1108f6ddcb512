#!/usr/bin/env node
// Filters the SQL that `prisma migrate diff` proposes, for the database objects that migrations create
// by hand and Prisma does not know about: the offers' full-text search (FTS5 on SQLite, a tsvector
// table on PostgreSQL; see prisma/migrations*/…_offer_search). Used by scripts/new-migration.sh.
//
//   node scripts/unmanaged-sql.mjs <sqlite|postgres> <migrations dir> < diff.sql > filtered.sql
//
// 1. Prisma sees the search tables as tables missing from schema.prisma and proposes to drop them
//    (and, on PostgreSQL, their foreign key): those steps are removed.
// 2. SQLite only: a step that rebuilds a table (Prisma's "RedefineTables": create new_X, copy, DROP
//    TABLE X, rename) would lose the triggers made by hand on it, which SQLite drops with their table,
//    and the rename fails while a trigger names the missing table. For each block of triggers below
//    whose tables are rebuilt, the filtered migration drops the block's triggers first and creates
//    them again at the end, from the block between "-- BEGIN <name> triggers" and "-- END <name>
//    triggers" of the latest migration that has one: the offers' search (on "Offer" and "Employer"),
//    the employers' received application counts (on "Application", writing "ReceivedApplicationCount"),
//    the applications' établissement (on "Application" and "Candidate", writing "Application").
//    The search index and the counts keep their rows: a rebuild keeps the rows and their ids.
//
// Exit status: 0 when nothing is left (no schema change), 2 when the filtered SQL holds changes.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const [dialect, migrationsDir] = process.argv.slice(2)
if (!['sqlite', 'postgres'].includes(dialect) || !migrationsDir) {
  console.error('usage: node scripts/unmanaged-sql.mjs <sqlite|postgres> <migrations dir> < diff.sql')
  process.exit(1)
}

/** The tables created by hand: "OfferSearch" and, on SQLite, the shadow tables of FTS5 ("OfferSearch_data"…). */
const UNMANAGED_TABLE = /"OfferSearch(?:_[A-Za-z]+)?"/
/** The blocks of hand-made triggers, and the tables whose rebuild on SQLite must carry them over. */
const TRIGGER_BLOCKS = [
  { name: 'offer search', tables: ['Offer', 'Employer'] },
  { name: 'received application counts', tables: ['Application', 'ReceivedApplicationCount'] },
  { name: 'application establishment', tables: ['Application', 'Candidate'] },
]

const input = readFileSync(0, 'utf8')

/** Prisma writes one step per paragraph: a "-- Title" comment, then its statements. */
const steps = input.split(/\n\s*\n/).filter((step) => step.trim() !== '')

const statementsOf = (step) =>
  step
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '' && !/^PRAGMA\b/i.test(statement))

/** A step whose every statement only touches the hand-made tables. */
const isUnmanagedStep = (step) => {
  const statements = statementsOf(step)
  return statements.length > 0 && statements.every((statement) => UNMANAGED_TABLE.test(statement))
}

const kept = steps.filter((step) => !isUnmanagedStep(step))
if (kept.every((step) => statementsOf(step).length === 0)) process.exit(0)

let output = `${kept.join('\n\n')}\n`

if (dialect === 'sqlite') {
  for (const { name, tables } of TRIGGER_BLOCKS) {
    const rebuilt = tables.filter((table) => new RegExp(`DROP TABLE "${table}";`).test(output))
    if (rebuilt.length === 0) continue
    const block = latestTriggerBlock(name)
    const triggers = [...block.matchAll(/CREATE TRIGGER "([^"]+)"/g)].map((match) => match[1])
    output =
      `-- ${name[0].toUpperCase()}${name.slice(1)} triggers: dropped before ${rebuilt.map((t) => `"${t}"`).join(' and ')} ${rebuilt.length > 1 ? 'are' : 'is'} rebuilt, created again at the end (scripts/unmanaged-sql.mjs)\n` +
      triggers.map((trigger) => `DROP TRIGGER IF EXISTS "${trigger}";`).join('\n') +
      '\n\n' +
      output +
      '\n' +
      block +
      '\n'
  }
}

process.stdout.write(output)
process.exit(2)

function latestTriggerBlock(name) {
  const begin = `-- BEGIN ${name} triggers`
  const end = `-- END ${name} triggers`
  const folders = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .reverse()
  for (const folder of folders) {
    let sql
    try {
      sql = readFileSync(path.join(migrationsDir, folder, 'migration.sql'), 'utf8')
    } catch {
      continue
    }
    const start = sql.lastIndexOf(begin)
    const stop = sql.lastIndexOf(end)
    if (start !== -1 && stop > start) return sql.slice(start, stop + end.length)
  }
  throw new Error(`unmanaged-sql: no "${begin}" block in ${migrationsDir}`)
}
