import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'

export function createNewsRouter(_deps: RouterDeps) {
  const router = Router()
  return router
}
