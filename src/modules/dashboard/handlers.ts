import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { actorOf } from '../../web/guards.ts'
import { applicationTitle, STATUS_BADGES, STATUS_LABELS } from '../applications/labels.ts'
import { excerptOf } from '../news/labels.ts'
import { MODE_LABELS } from '../appointments/labels.ts'
import { dashboardStatisticsHtml } from '../statistics/fragments.ts'
import { createPlatformFiguresCache, loadDashboard } from './service.ts'

export function createDashboardHandlers({ db, config }: RouterDeps) {
  // the administrator's platform-wide figures count whole tables: computed at most once a minute
  const platformFigures = createPlatformFiguresCache(config.figuresMaxAgeMs)
  return {
    async show(req: Request, res: Response) {
      const actor = actorOf(req)
      const [dashboard, statisticsHtml] = await Promise.all([
        loadDashboard(db, actor, { platformFigures }),
        // the administrator's charts of the last 12 months: the statistics cache's figures, their HTML made once per computation
        actor.role === 'ADMIN' ? dashboardStatisticsHtml({ db, figuresMaxAgeMs: config.figuresMaxAgeMs, isProduction: config.isProduction }) : '',
      ])
      res.render('dashboard/index', {
        title: 'Tableau de bord',
        dashboard,
        statisticsHtml,
        statusLabels: STATUS_LABELS,
        statusBadges: STATUS_BADGES,
        modeLabels: MODE_LABELS,
        applicationTitle,
        excerptOf,
      })
    },
  }
}
