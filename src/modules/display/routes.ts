import path from 'node:path'
import { createRequire } from 'node:module'
import express, { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { createDisplayHandlers } from './handlers.ts'

/** « Paramètres d'affichage »: anyone, signed in or not. */
export function createDisplayRouter(deps: RouterDeps) {
  const handlers = createDisplayHandlers(deps)
  const router = Router()
  router.get('/parametres-affichage', handlers.showSettings)
  router.post('/parametres-affichage', handlers.saveSettings)
  return router
}

/**
 * The font « Adaptée à la dyslexie » (OpenDyslexic, the npm package @fontsource/opendyslexic), served
 * by the app from its installed package at /polices/opendyslexic/: no font service on the internet.
 */
export function serveDisplayFonts(options: { maxAge: string | number }) {
  const fontFile = createRequire(import.meta.url).resolve('@fontsource/opendyslexic/files/opendyslexic-latin-400-normal.woff2')
  return express.static(path.dirname(fontFile), { maxAge: options.maxAge, index: false })
}
