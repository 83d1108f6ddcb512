import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * The real server (src/server.ts run by tsx, as `npm run dev` does) in a child process, in production
 * mode, on a free port, with its output kept for the test to read.
 */
export type ServerProcess = {
  child: ChildProcess
  port: number
  output: () => string
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>
  /** resolves once a line of the output matches (rejects if the process exits before) */
  waitForOutput: (pattern: RegExp, count?: number) => Promise<void>
  cleanup: () => void
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'atouts-server-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'secret-de-test-'.padEnd(48, 'x'),
      // nothing listens there: no email is queued by these tests
      SMTP_URL: 'smtp://127.0.0.1:9',
      DATA_DIR: path.join(dir, 'data'),
      UPLOAD_DIR: path.join(dir, 'uploads'),
      MIGRATIONS: 'verify',
      WEB_CONCURRENCY: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let done = false
  void exited.then(() => {
    done = true
    for (const listener of listeners) listener()
  })
  return {
    child,
    port,
    output: () => output,
    exited,
    waitForOutput: (pattern, count = 1) =>
      new Promise((resolve, reject) => {
        const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)
        const check = () => {
          if ((output.match(global)?.length ?? 0) >= count) {
            listeners.delete(check)
            resolve()
          } else if (done) {
            listeners.delete(check)
            reject(new Error(`the server exited before printing ${pattern}:\n${output}`))
          }
        }
        listeners.add(check)
        check()
      }),
    cleanup: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

/** One GET on a new connection (no keep-alive agent). */
export function get(port: number, pathname: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
  })
}

/** Waits until the server answers 200 on /sante (or exits). */
export async function waitUntilServing(server: ServerProcess): Promise<void> {
  await server.waitForOutput(/Atouts pour tous est prêt/)
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`)
    const answer = await get(server.port, '/sante').catch(() => null)
    if (answer?.status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Whether a new TCP connection to the port is refused. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
}
