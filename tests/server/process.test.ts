import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { committedMigrations } from '../../src/lib/migrations.ts'
import { SERVER_ENVIRONMENT, SERVER_NODE_FLAGS, withServerEnvironment } from '../../src/node-flags.ts'
import { freshDb } from '../helpers/db.ts'
import { type Answer, connectionRefused, startServerProcess, waitUntilServing } from '../helpers/server-process.ts'

// The real server process (src/server.ts): its start on a database that lacks a migration, and its
// stop on SIGTERM while a request is in flight.

/**
 * A request held open by the test: its headers are sent with `Expect: 100-continue`, so the server's
 * "100 Continue" tells that it is handling it; its form body is then sent in two parts, the second
 * when the test says.
 */
function requestInFlight(port: number) {
  const body = 'champ=valeur&autre=1'
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'GET',
    path: '/',
    agent: false,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
  })
  const started = new Promise<void>((resolve) =>
    req.once('continue', () => {
      req.write(body.slice(0, 5))
      resolve()
    }),
  )
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
  })
  req.flushHeaders()
  return { started, answer, finish: () => req.end(body.slice(5)) }
}

async function eventuallyRefused(port: number): Promise<boolean> {
  // a cluster's primary closes the port once every worker has told it that it stopped listening
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await connectionRefused(port)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

describe('start with MIGRATIONS=verify', () => {
  it('when the database lacks a migration of this version, then the instance refuses to start, naming it', async () => {
    const testDb = await freshDb()
    const committed = committedMigrations(testDb.url)
    const last = committed[committed.length - 1]
    await testDb.db.$executeRaw`UPDATE _prisma_migrations SET migration_name = ${`${last}_autre`} WHERE migration_name = ${last}`
    const server = await startServerProcess(testDb.url)
    try {
      expect(await server.exited).toBe(1)
      expect(server.output()).toContain(
        `Atouts n’a pas pu démarrer : la base de données n’a pas toutes les migrations de cette version (MIGRATIONS=verify). Il manque : ${last}.`,
      )
      expect(server.output()).toContain('npm run db:deploy')
    } finally {
      server.cleanup()
      await testDb.cleanup()
    }
  })
})

describe.each([1, 2])('SIGTERM, WEB_CONCURRENCY=%i', (workers) => {
  it('the request in flight is answered, new connections are refused, then the process exits 0', async () => {
    const testDb = await freshDb()
    const server = await startServerProcess(testDb.url, { WEB_CONCURRENCY: String(workers), SHUTDOWN_TIMEOUT: '120' })
    try {
      await waitUntilServing(server)
      const slow = requestInFlight(server.port)
      await slow.started

      server.child.kill('SIGTERM')
      await server.waitForOutput(/plus de nouvelle connexion/, workers)
      expect(await eventuallyRefused(server.port)).toBe(true)
      // the background jobs stop meanwhile; the process still waits for the request's body
      await server.waitForOutput(/tâches de fond arrêtées/, workers)
      expect(server.child.exitCode).toBeNull()

      slow.finish()
      const answer = await slow.answer
      expect(answer.status).toBe(200)
      expect(answer.body).toContain('<html lang="fr">')
      expect(answer.headers.connection).toBe('close')
      expect(await server.exited).toBe(0)
      expect(server.output().match(/arrêt : terminé/g)).toHaveLength(workers)
    } finally {
      server.cleanup()
      await testDb.cleanup()
    }
  })
})

describe('a second signal', () => {
  it('stops the process at once, with exit code 1', async () => {
    const testDb = await freshDb()
    const server = await startServerProcess(testDb.url, { SHUTDOWN_TIMEOUT: '120' })
    try {
      await waitUntilServing(server)
      const slow = requestInFlight(server.port)
      const failed = slow.answer.then(
        () => false,
        () => true,
      )
      await slow.started
      server.child.kill('SIGTERM')
      await server.waitForOutput(/plus de nouvelle connexion/)
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(1)
      expect(server.output()).toContain('arrêt immédiat (second signal)')
      expect(await failed).toBe(true)
    } finally {
      server.cleanup()
      await testDb.cleanup()
    }
  })
})

/** The command lines and environments of the processes whose parent is `pid` (Linux: /proc). */
function childProcesses(pid: number): { commandLine: string[]; environment: string[] }[] {
  const children: { commandLine: string[]; environment: string[] }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // the parent's pid is the second field after the command name, which is in parentheses
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1])
      if (parent !== pid) continue
      const read = (file: string) => readFileSync(`/proc/${entry}/${file}`, 'utf8').split('\0').filter(Boolean)
      children.push({ commandLine: read('cmdline'), environment: read('environ') })
    } catch {
      // gone meanwhile
    }
  }
  return children
}

describe('the serving processes’ V8 flags and environment (src/node-flags.ts)', () => {
  it('npm start runs the server with them', () => {
    const { scripts } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }
    const environment = Object.entries(SERVER_ENVIRONMENT).map(([name, value]) => `${name}=\${${name}:-${value}}`)
    expect(scripts.start).toContain(`${environment.join(' ')} node ${SERVER_NODE_FLAGS.join(' ')} dist/server.js`)
  })

  it('an environment the operator set is kept', () => {
    for (const name of Object.keys(SERVER_ENVIRONMENT)) expect(withServerEnvironment({ [name]: '7' })[name]).toBe('7')
  })

  it('when the primary was started without them, then its workers still run with them', async () => {
    const testDb = await freshDb()
    const server = await startServerProcess(testDb.url, { WEB_CONCURRENCY: '2' })
    try {
      await waitUntilServing(server)
      const workers = childProcesses(server.child.pid ?? -1)
      expect(workers).toHaveLength(2)
      for (const { commandLine, environment } of workers) {
        expect(commandLine).toEqual(expect.arrayContaining([...SERVER_NODE_FLAGS]))
        expect(environment).toEqual(expect.arrayContaining(Object.entries(SERVER_ENVIRONMENT).map(([name, value]) => `${name}=${value}`)))
      }
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    } finally {
      server.cleanup()
      await testDb.cleanup()
    }
  })
})
