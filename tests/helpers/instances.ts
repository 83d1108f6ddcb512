// Real instances of the app for the tests of several instances on one database: each one is
// `node --import tsx src/server.ts` in its own process, on its own port, configured by environment
// variables as an operator would (README, production). A reverse proxy in front of them is played by
// the test's HTTP client: it sends X-Forwarded-Proto (https) and X-Forwarded-For.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')
const STARTUP_TIMEOUT_MS = 90_000
const OUTPUT_LINES_KEPT = 200

export type AppInstance = {
  name: string
  /** http://127.0.0.1:PORT */
  url: string
  /** the process's latest output lines (logs), for failure messages */
  output(): string
  /** whether the process has exited */
  exited(): boolean
  /** sends the signal and resolves once the process has exited */
  kill(signal: NodeJS.Signals): Promise<void>
}

/** A port free at the moment (the instance binds it a moment later; nothing else on this machine races for it in tests). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function spawnInstance(name: string, port: number, env: Record<string, string>): AppInstance {
  const lines: string[] = []
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', WEB_CONCURRENCY: '1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let exitCode: number | string | null = null
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = signal ?? code ?? 'exit'
      resolve()
    })
  })
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    output: () => `--- ${name} (exit: ${exitCode ?? 'running'}) ---\n${lines.join('\n')}`,
    exited: () => exitCode !== null,
    async kill(signal) {
      if (exitCode === null) child.kill(signal)
      await exited
    },
  }
}

/** Polls the instance until it serves a page; fails with its output if it stops or never answers. */
async function waitUntilServing(instance: AppInstance): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (instance.exited()) throw new Error(`instance ${instance.name} stopped while starting\n${instance.output()}`)
    const status = await fetch(`${instance.url}/connexion`, { headers: { 'X-Forwarded-Proto': 'https' } }).then(
      (response) => response.status,
      () => 0,
    )
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`instance ${instance.name} did not answer within ${STARTUP_TIMEOUT_MS} ms\n${instance.output()}`)
}

/** Starts one instance per name, all with `env` (DATABASE_URL, SESSION_SECRET…), and waits until each serves pages. */
export async function startInstances(names: string[], env: Record<string, string>): Promise<AppInstance[]> {
  const instances: AppInstance[] = []
  for (const name of names) instances.push(spawnInstance(name, await freePort(), env))
  try {
    await Promise.all(instances.map(waitUntilServing))
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.kill('SIGKILL')))
    throw error
  }
  return instances
}

export type Answer = { status: number; text: string; location: string | null }

/**
 * A person's browser behind the reverse proxy: its cookies go to whichever instance answers (the
 * site is one for the browser), from one client address. Redirects are not followed.
 */
export class Visitor {
  readonly #cookies = new Map<string, string>()
  readonly address: string

  constructor(address = '203.0.113.1') {
    this.address = address
  }

  async request(instance: AppInstance, method: 'GET' | 'POST', pathname: string, form?: Record<string, string>): Promise<Answer> {
    const headers: Record<string, string> = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': this.address }
    if (this.#cookies.size > 0) headers.Cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded'
    const response = await fetch(`${instance.url}${pathname}`, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute))
      if (expired || value === '') this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
    return { status: response.status, text: await response.text(), location: response.headers.get('location') }
  }

  get(instance: AppInstance, pathname: string): Promise<Answer> {
    return this.request(instance, 'GET', pathname)
  }

  /** The form's CSRF token, read on `fromPage` of that instance. */
  async csrfToken(instance: AppInstance, fromPage: string): Promise<string> {
    const page = await this.get(instance, fromPage)
    const match = /name="_csrf" value="([^"]+)"/.exec(page.text)
    if (!match) throw new Error(`no CSRF token on ${fromPage} of ${instance.name} (status ${page.status})`)
    return match[1]
  }

  /** Submits a form as a browser would: its token read on `fromPage` (default: the same path), then POST. */
  async submit(instance: AppInstance, action: string, fields: Record<string, string>, fromPage = action): Promise<Answer> {
    const token = await this.csrfToken(instance, fromPage)
    return this.request(instance, 'POST', action, { ...fields, _csrf: token })
  }

  /** Signs in on "Se connecter" of that instance; throws unless the answer is the redirect of a success. */
  async signIn(instance: AppInstance, email: string, password: string): Promise<void> {
    const answer = await this.submit(instance, '/connexion', { email, password })
    if (answer.status !== 302) throw new Error(`sign-in of ${email} on ${instance.name}: ${answer.status}`)
  }
}
