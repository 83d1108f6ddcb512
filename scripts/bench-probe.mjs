// Loaded into the app by `npm run bench -- --statements` (node --import): counts and times every SQL
// statement the app runs, through both drivers (better-sqlite3 and pg: Prisma's adapters and the read
// layer alike), and the process's memory. On SIGUSR2 it writes what it saw since the previous signal to
// the file named by BENCH_PROBE_FILE, then starts counting again. Nothing of the app changes; the
// timing itself costs a little (and so does the full garbage collection it runs with --expose-gc, to
// tell the live heap from garbage not yet collected), so the benchmark's req/s are measured without it.
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

const file = process.env.BENCH_PROBE_FILE
if (!file) throw new Error('bench-probe: BENCH_PROBE_FILE is not set')

/** sql text → { count, ms } */
let statements = new Map()
const record = (text, started) => {
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const key = text.replace(/\s+/g, ' ').trim()
  const entry = statements.get(key)
  if (entry) {
    entry.count += 1
    entry.ms += ms
  } else {
    statements.set(key, { count: 1, ms })
  }
}

// the app's own copies of the drivers (resolved from the app's folder, as its imports are)
const require = createRequire(path.join(process.cwd(), 'package.json'))

const Database = require('better-sqlite3')
const prepare = Database.prototype.prepare
Database.prototype.prepare = function (text, ...rest) {
  const statement = prepare.call(this, text, ...rest)
  for (const method of ['all', 'get', 'run', 'iterate']) {
    const original = statement[method]
    if (typeof original !== 'function') continue
    statement[method] = function (...parameters) {
      const started = process.hrtime.bigint()
      try {
        return original.apply(this, parameters)
      } finally {
        record(text, started)
      }
    }
  }
  return statement
}

try {
  const pg = require('pg')
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : config?.text
    const result = query.call(this, config, ...rest)
    if (typeof text === 'string' && result && typeof result.then === 'function') {
      const started = process.hrtime.bigint()
      result.then(
        () => record(text, started),
        () => record(text, started),
      )
    }
    return result
  }
} catch {
  // no pg: SQLite only
}

process.on('SIGUSR2', () => {
  const seen = [...statements].map(([sql, { count, ms }]) => ({ sql, count, ms }))
  statements = new Map()
  const memory = process.memoryUsage()
  // with --expose-gc (the benchmark passes it): also what stays after a full collection
  globalThis.gc?.()
  writeFileSync(file, JSON.stringify({ memory, live: globalThis.gc ? process.memoryUsage() : null, statements: seen }))
})
