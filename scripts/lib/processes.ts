// Child processes of the measuring scripts (bench-pages.ts, soak.ts): servers started in their own
// process group, stopped with SIGTERM then SIGKILL, and never left behind when the script ends.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '..', '..')
const STOP_GRACE_MS = 10_000

/** every process started and not yet stopped; true: it leads its own process group */
const children = new Map<ChildProcess, boolean>()

/** Start a server in its own process group, so that it is stopped with every process it starts. */
export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = openSync(logFile, 'w')
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', log, log], detached: true })
  closeSync(log)
  children.set(child, true)
  return child
}

export const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** Signal a child, and its whole process group when it leads one (cluster workers included). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return
  try {
    process.kill(children.get(child) ? -child.pid : child.pid, signal)
  } catch {
    // already gone
  }
}

export type Stopped = { code: number | null; signal: NodeJS.Signals | null; killed: boolean }

/** SIGTERM to the process group, SIGKILL after `graceMs`; how the process ended. */
export async function stopProcess(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<Stopped> {
  let killed = false
  if (running(child)) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    signalGroup(child, 'SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs)))])
    clearTimeout(timer)
    if (timedOut) {
      console.error(`  process ${child.pid} still running ${graceMs / 1000} s after SIGTERM: SIGKILL`)
      signalGroup(child, 'SIGKILL')
      killed = true
      await exited
    }
  }
  // cluster workers left behind by a primary that died first
  if (children.get(child)) signalGroup(child, 'SIGKILL')
  children.delete(child)
  return { code: child.exitCode, signal: child.signalCode, killed }
}

export const stopAll = () => Promise.all([...children.keys()].map((child) => stopProcess(child)))

/** Run a command to completion, its output on ours (not detached: Ctrl-C reaches it too). */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' })
    children.set(child, false)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      children.delete(child)
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`))
    })
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}

export const tail = (file: string, lines = 30) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '')

/**
 * Poll until the server answers `url` with a status that `ready` accepts (any status by default);
 * fail if its process exits first.
 */
export async function waitForServer(
  child: ChildProcess,
  url: string,
  logFile: string,
  timeoutMs: number,
  options: { headers?: Record<string, string>; ready?: (status: number) => boolean } = {},
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!running(child))
      throw new Error(`the process stopped before answering (${child.exitCode ?? child.signalCode}). Its last lines (${logFile}):\n${tail(logFile)}`)
    try {
      const response = await fetch(url, { redirect: 'manual', headers: options.headers, signal: AbortSignal.timeout(2000) })
      await response.arrayBuffer()
      if (!options.ready || options.ready(response.status)) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no answer from ${url} after ${timeoutMs / 1000} s. Last lines of ${logFile}:\n${tail(logFile)}`)
}

/** Poll until something accepts TCP connections on the port (a server that does not speak HTTP). */
export async function waitForPort(child: ChildProcess, port: number, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
  while (Date.now() < deadline) {
    if (!running(child)) throw new Error(`the process stopped before listening on ${port}. Its last lines (${logFile}):\n${tail(logFile)}`)
    if (await accepts()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs / 1000} s. Last lines of ${logFile}:\n${tail(logFile)}`)
}

/**
 * Run a script's main(): on Ctrl-C, SIGTERM or SIGHUP, and when it ends (well or not), every child
 * process is stopped first. main() sets process.exitCode to tell a failure.
 */
export function runScript(name: string, main: () => Promise<void>) {
  let interrupted = false
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return
    interrupted = true
    console.error(`\n${signal}: stopping the servers…`)
    void stopAll().finally(() => process.exit(130))
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
  process.on('SIGHUP', interrupt)
  // last resort (an uncaught error): nothing may outlive the script
  process.on('exit', () => {
    for (const child of children.keys()) signalGroup(child, 'SIGKILL')
  })
  main()
    .catch((error: unknown) => {
      console.error(`${name} failed:`, error instanceof Error ? error.stack : error)
      process.exitCode = 1
    })
    .finally(async () => {
      await stopAll()
      process.exit()
    })
}
