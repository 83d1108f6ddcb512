import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'

/** Public pages: home, and the footer's legal pages. */
export function createPagesRouter(_deps: RouterDeps) {
  const router = Router()
  router.get('/', (req, res) => {
    if (req.user) return res.redirect('/tableau-de-bord')
    res.render('pages/home', { title: 'Accueil' })
  })
  router.get('/accessibilite', (_req, res) => res.render('pages/accessibility', { title: 'Déclaration d’accessibilité' }))
  router.get('/mentions-legales', (_req, res) => res.render('pages/legal', { title: 'Mentions légales' }))
  router.get('/donnees-personnelles', (_req, res) => res.render('pages/privacy', { title: 'Données personnelles' }))
  return router
}
