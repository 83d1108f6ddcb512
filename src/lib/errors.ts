export type AppErrorCode = 'BAD_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION' | 'TOO_MANY_REQUESTS'

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 422,
  TOO_MANY_REQUESTS: 429,
}

/** The one error type of the app; the error middleware maps it to a status and a French page. */
export class AppError extends Error {
  readonly code: AppErrorCode
  readonly status: number

  constructor(code: AppErrorCode, message?: string) {
    super(message ?? code)
    this.name = 'AppError'
    this.code = code
    this.status = STATUS[code]
  }
}

export const notFound = (): AppError => new AppError('NOT_FOUND')

/**
 * The row a scoped finder looked for, or "not found" (404). Every finder that loads a row for the
 * signed-in person goes through it: a row outside their scope is never "forbidden", which would
 * confirm that it exists.
 */
export function orNotFound<T>(row: T | null | undefined): T {
  if (row === null || row === undefined) throw notFound()
  return row
}
