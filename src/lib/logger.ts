/**
 * The process's log, on pino: one JSON object per line in production (level, time, pid, hostname,
 * msg and the details), one readable line per event in development, nothing in tests unless
 * LOG_TESTS is set. The settings come from src/config.ts (nothing else reads the environment):
 * server.ts calls configureLogger() at start; until then the log is silent.
 *
 * `logger.info/warn/error(message, details?)` is what the modules call; the request log
 * (src/web/request-log.ts) writes through the same pino instance.
 */
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino'
import type { Config } from '../config.ts'

export type LogSettings = Pick<Config, 'logLevel' | 'logFormat'>

let root: PinoLogger = pino({ level: 'silent' })

/** A pino logger with these settings, writing to `destination` (tests capture it) or to stdout/stderr. */
export function createPinoLogger(settings: LogSettings, destination?: DestinationStream): PinoLogger {
  const options: pino.LoggerOptions = {
    level: settings.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  }
  if (destination) return pino(options, destination)
  if (settings.logFormat === 'text') return pino(options, textStream())
  // one JSON line per event on stdout, written asynchronously in batches (lines that come while a write
  // is in progress go out with the next one): a write per line cost several percent of a page's CPU
  // under load (npm run bench). pino writes what is left when the process exits.
  return pino(options, pino.destination({ dest: 1, sync: false }))
}

/** Sets the process's log (server.ts at start; a test that reads the log passes its own destination). */
export function configureLogger(settings: LogSettings, destination?: DestinationStream): PinoLogger {
  root = createPinoLogger(settings, destination)
  return root
}

/** The process's pino logger, as configured last. */
export function rootLogger(): PinoLogger {
  return root
}

export const logger = {
  info: (message: string, details?: Record<string, unknown>) => root.info(details ?? {}, message),
  warn: (message: string, details?: Record<string, unknown>) => root.warn(details ?? {}, message),
  error: (message: string, details?: Record<string, unknown>) => root.error(details ?? {}, message),
}
export type Logger = typeof logger

// ───────────────────────── Development ─────────────────────────

/** Fields that the text form leaves out (said otherwise, or the same on every line). */
const HIDDEN_IN_TEXT = new Set(['time', 'level', 'msg', 'pid', 'hostname'])
/** …and on a request's line (src/web/request-log.ts), those its message already says. */
const HIDDEN_ON_REQUEST_LINE = new Set(['method', 'route', 'status', 'durationMs'])

/** `14:03:07 INFO  GET /offres/:id 200 12 ms requestId=… userId=3` from one of pino's JSON lines. */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : ''
  const level = String(entry.level ?? '').toUpperCase()
  const isRequestLine = 'durationMs' in entry
  const shown = Object.entries(entry).filter(
    ([key, value]) => !HIDDEN_IN_TEXT.has(key) && !(isRequestLine && HIDDEN_ON_REQUEST_LINE.has(key)) && value !== undefined,
  )
  const details = shown
    .filter(([, value]) => !(typeof value === 'string' && value.includes('\n')))
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`)
  // a stack trace on the lines below, as it was printed
  const blocks = shown.filter(([, value]) => typeof value === 'string' && value.includes('\n')).map(([, value]) => `\n${value}`)
  return `${[time, level.padEnd(5), String(entry.msg ?? ''), ...details].filter(Boolean).join(' ')}${blocks.join('')}\n`
}

/** Development: pino's lines made readable, written at once (no worker thread as pino-pretty's transport). */
function textStream(): DestinationStream {
  return {
    write(line: string) {
      const isError = /"level":"(error|fatal)"/.test(line)
      ;(isError ? process.stderr : process.stdout).write(formatLogLine(line))
    },
  }
}
