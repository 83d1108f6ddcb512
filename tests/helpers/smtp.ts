import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type TestSmtpServer = {
  port: number
  /** smtp://127.0.0.1:PORT — the server offers no STARTTLS, so nodemailer sends in clear text */
  url: string
  /** every message received, in order */
  messages: ParsedMail[]
  /** resolves with the first message (already received or to come) that matches */
  waitFor(predicate: (message: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>
  /** From now on, each sender is kept waiting after its greeting (MAIL FROM unanswered), as a stalled server would, until resume(). */
  pause(): void
  resume(): void
  /** the senders kept waiting by pause() whose connection is still open */
  held(): number
  stop(): Promise<void>
}

/** A real SMTP server on a free local port that keeps what it receives, parsed. */
export async function startSmtpServer(options: { port?: number } = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = []
  const waiters = new Set<{ predicate: (message: ParsedMail) => boolean; resolve: (message: ParsedMail) => void }>()
  let paused = false
  const held = new Map<string, () => void>()

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, session, callback) {
      if (!paused) return callback()
      held.set(session.id, () => callback())
    },
    onClose(session) {
      held.delete(session.id)
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((message) => {
          messages.push(message)
          for (const waiter of waiters) {
            if (waiter.predicate(message)) {
              waiters.delete(waiter)
              waiter.resolve(message)
            }
          }
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.server.address() as AddressInfo

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const already = messages.find(predicate)
      if (already) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (message: ParsedMail) => {
            clearTimeout(timer)
            resolve(message)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`No matching email received within ${timeoutMs} ms (${messages.length} received)`))
        }, timeoutMs)
        waiters.add(waiter)
      })
    },
    pause() {
      paused = true
    },
    resume() {
      paused = false
      for (const answer of held.values()) answer()
      held.clear()
    },
    held: () => held.size,
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
