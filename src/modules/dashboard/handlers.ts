import type { Request, Response } from 'express'
import type { RouterDeps } from '../../app.ts'
import { actorOf } from '../../web/guards.ts'
import { applicationTitle, STATUS_BADGES, STATUS_LABELS } from '../applications/labels.ts'
import { excerptOf } from '../news/labels.ts'
import { MODE_LABELS } from '../appointments/labels.ts'
import { createPlatformFiguresCache, loadDashboard } from './service.ts'

export function createDashboardHandlers({ db, config }: RouterDeps) {
  // the administrator's platform-wide figures count whole tables: computed at most once a minute
  const platformFigures = createPlatformFiguresCache(config.figuresMaxAgeMs)
  return {
    async show(req: Request, res: Response) {
      const dashboard = await loadDashboard(db, actorOf(req), { platformFigures })
      res.render('dashboard/index', {
        title: 'Tableau de bord',
        dashboard,
        statusLabels: STATUS_LABELS,
        statusBadges: STATUS_BADGES,
        modeLabels: MODE_LABELS,
        applicationTitle,
        excerptOf,
      })
    },
  }
}
