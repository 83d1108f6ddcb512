/** Minimal structured logger: one JSON line per event on stdout/stderr; silent in tests unless LOG_TESTS is set. */
type Level = 'info' | 'warn' | 'error'

function write(level: Level, message: string, details?: Record<string, unknown>) {
  if (process.env.NODE_ENV === 'test' && !process.env.LOG_TESTS) return
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...details })
  if (level === 'error') console.error(line)
  else console.log(line)
}

export const logger = {
  info: (message: string, details?: Record<string, unknown>) => write('info', message, details),
  warn: (message: string, details?: Record<string, unknown>) => write('warn', message, details),
  error: (message: string, details?: Record<string, unknown>) => write('error', message, details),
}
export type Logger = typeof logger
