import { Router } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { readRetentionSettings, WARNING_DAYS } from '../admin/retention/service.ts'

/** Public pages: home, and the footer's legal pages. */
export function createPagesRouter({ db }: RouterDeps) {
  const router = Router()
  router.get('/', (req, res) => {
    if (req.user) return res.redirect('/tableau-de-bord')
    res.render('pages/home', { title: 'Accueil' })
  })
  router.get('/accessibilite', (_req, res) => res.render('pages/accessibility', { title: 'Déclaration d’accessibilité' }))
  router.get('/mentions-legales', (_req, res) => res.render('pages/legal', { title: 'Mentions légales' }))
  // the periods set in « Conservation des données »
  router.get('/donnees-personnelles', async (_req, res) => {
    res.render('pages/privacy', { title: 'Données personnelles', retention: await readRetentionSettings(db), warningDays: WARNING_DAYS })
  })
  return router
}
