import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'

export function createAppointmentsRouter(_deps: RouterDeps) {
  const router = Router()
  return router
}
