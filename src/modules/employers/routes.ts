import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { actorOf, requireRole } from '../../web/guards.ts'
import { visibleEmployersForCandidate, visibleOffersForCandidate } from '../offers/policy.ts'

export function createEmployersRouter({ db }: RouterDeps) {
  const router = Router()
  router.get('/employeurs', requireRole('CANDIDATE'), async (req, res) => {
    const actor = actorOf(req)
    const employers = await db.employer.findMany({
      where: visibleEmployersForCandidate(actor),
      orderBy: { name: 'asc' },
      include: { _count: { select: { offers: { where: visibleOffersForCandidate(actor) } } } },
    })
    res.render('employers/list', { title: 'Employeurs', employers })
  })
  return router
}
