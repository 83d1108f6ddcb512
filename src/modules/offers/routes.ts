import { Router } from 'express'
import type { RouterDeps } from '../../app.ts'
import { actorOf, requireRole } from '../../web/guards.ts'
import { pageOf } from '../../web/pagination.ts'
import { CONTRACT_LABELS } from './labels.ts'
import { visibleOffersForCandidate } from './policy.ts'

const PAGE_SIZE = 20

export function createOffersRouter({ db }: RouterDeps) {
  const router = Router()
  router.get('/offres', requireRole('CANDIDATE'), async (req, res) => {
    const where = visibleOffersForCandidate(actorOf(req))
    const total = await db.offer.count({ where })
    const page = pageOf(req.query.page, total, PAGE_SIZE)
    const offers = await db.offer.findMany({
      where,
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      skip: (page.current - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: { employer: { select: { name: true } } },
    })
    res.render('offers/list', { title: page.current > 1 ? `Offres – page ${page.current}` : 'Offres', offers, total, page, contractLabels: CONTRACT_LABELS })
  })
  return router
}
