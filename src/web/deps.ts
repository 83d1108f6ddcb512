import type { Config } from '../config.ts'
import type { Db } from '../lib/db.ts'
import type { createPassport } from './auth.ts'

/** What every module's router and handlers are made with (app.ts builds it once). */
export type RouterDeps = { config: Config; db: Db; authenticator: ReturnType<typeof createPassport> }
