import type { Logger } from './logger.ts'

export type PeriodicJob = { stop(): Promise<void> }

/**
 * Run `work` now and every `intervalMs`, never two runs at once; an error is logged, never thrown.
 * The timer does not keep the process alive, and stop() waits for the run in progress.
 */
export function startPeriodicJob({
  name,
  intervalMs,
  work,
  logger,
}: {
  name: string
  intervalMs: number
  work: () => Promise<void>
  logger: Logger
}): PeriodicJob {
  let running: Promise<void> | null = null
  const run = () => {
    if (running) return
    running = work()
      .catch((error: unknown) => logger.error(`${name} failed`, { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = null
      })
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
