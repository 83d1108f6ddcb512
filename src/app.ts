import path from 'node:path'
import cookieParser from 'cookie-parser'
import { readdirSync } from 'node:fs'
import express, { type Express } from 'express'
import helmet from 'helmet'
import type { Config } from './config.ts'
import type { Db } from './lib/db.ts'
import { rootLogger } from './lib/logger.ts'
import { createAccountsRouter } from './modules/accounts/routes.ts'
import { requireAdminTwoFactor } from './modules/accounts/two-factor/required.ts'
import { createAdminRouter } from './modules/admin/routes.ts'
import { createApplicationsRouter } from './modules/applications/routes.ts'
import { createCandidatesRouter } from './modules/candidates/routes.ts'
import { createDocumentsRouter } from './modules/documents/routes.ts'
import { createEmployersRouter } from './modules/employers/routes.ts'
import { createOffersRouter, createSavedSearchStopRouter } from './modules/offers/routes.ts'
import { createDashboardRouter } from './modules/dashboard/routes.ts'
import { createDisplayRouter, serveDisplayFonts } from './modules/display/routes.ts'
import { createNotificationsRouter, createUnreadCount } from './modules/notifications/routes.ts'
import { createPagesRouter } from './modules/pages/routes.ts'
import { createPrivacyRouter } from './modules/privacy/routes.ts'
import { createRegistrationsRouter } from './modules/registrations/routes.ts'
import { createAppointmentsRouter } from './modules/appointments/routes.ts'
import { createNewsRouter } from './modules/news/routes.ts'
import { createSponsorshipsRouter } from './modules/sponsorships/routes.ts'
import { createStatisticsRouter } from './modules/statistics/routes.ts'
import { createPassport } from './web/auth.ts'
import { noStoreWhenSignedIn } from './web/cache-control.ts'
import { createCsrf } from './web/csrf.ts'
import { createDevMailboxRouter } from './web/dev-mailbox.ts'
import { createHealthRouter } from './web/health.ts'
import { errorHandler, notFoundHandler } from './web/error-pages.ts'
import { flashMessages } from './web/flash.ts'
import { cleanBody, parseQueryString } from './web/input.ts'
import { createLocals } from './web/locals.ts'
import { requestLogger } from './web/request-log.ts'
import { routersByFirstSegment } from './web/route-gate.ts'
import { createSessionMiddleware } from './web/session.ts'
import type { RouterDeps } from './web/deps.ts'
import { useViewEngine } from './web/view-engine.ts'

export type AppDeps = { config: Config; db: Db }

/** The whole web app, without listen(): server.ts and the tests both use it. */
export function createApp({ config, db }: AppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  // no ETag on pages: computing one hashed every page (156 kB for « Statistiques »), and signed-in
  // pages are no-store, never revalidated (the static files keep theirs: express.static makes its own)
  app.set('etag', false)
  app.set('trust proxy', config.trustProxy)
  // every query string and form body is cleaned of control characters before any handler (src/web/input.ts)
  app.set('query parser', parseQueryString)
  useViewEngine(app, config.isProduction)

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.isProduction,
    }),
  )
  // the load balancer's checks: before the session (no cookie), the CSRF check and the request log
  app.use(createHealthRouter({ config, db }))
  // each folder of public/ under its own prefix (/css, /js): the address of a page is never looked up on
  // disk (mounted at the root, the static middleware cost a failed stat() on every request)
  const publicDir = path.resolve(import.meta.dirname, '../public')
  for (const folder of readdirSync(publicDir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    app.use(`/${folder.name}`, express.static(path.join(publicDir, folder.name), { maxAge: config.isProduction ? '1d' : 0, index: false }))
  }
  app.use('/polices/opendyslexic', serveDisplayFonts({ maxAge: config.isProduction ? '1d' : 0 }))
  // one line per request from here on (the static files above are not logged)
  app.use(requestLogger(config, rootLogger()))
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }))
  app.use(cleanBody)
  app.use(cookieParser())

  const { middleware: sessionMiddleware, store } = createSessionMiddleware(config, db)
  app.locals.sessionStore = store
  app.use(sessionMiddleware)
  const authenticator = createPassport(db)
  app.use(authenticator.session())
  app.use(noStoreWhenSignedIn)
  app.use(flashMessages)
  const csrf = createCsrf(config)
  app.use(csrf.provideToken)
  app.use(createLocals(config))
  app.use(createUnreadCount(db))
  // the one-click stop link of the job alerts (RFC 8058): a signed token, no CSRF token
  app.use(createSavedSearchStopRouter({ config, db, authenticator }))
  app.use(csrf.protect)
  // in production, an administrator without a second factor only reaches its enrolment
  app.use(requireAdminTwoFactor(config))

  const deps: RouterDeps = { config, db, authenticator }
  app.use(
    routersByFirstSegment([
      createPagesRouter(deps),
      createDisplayRouter(deps),
      createAccountsRouter(deps),
      createRegistrationsRouter(deps),
      // after registrations: /referent/candidats/nouveau is theirs, /referent/candidats/:candidateId ours
      createCandidatesRouter(deps),
      createDocumentsRouter(deps),
      createPrivacyRouter(deps),
      createNotificationsRouter(deps),
      createDashboardRouter(deps),
      createOffersRouter(deps),
      createEmployersRouter(deps),
      createApplicationsRouter(deps),
      createAdminRouter(deps),
      createSponsorshipsRouter(deps),
      createAppointmentsRouter(deps),
      createNewsRouter(deps),
      createStatisticsRouter(deps),
    ]),
  )
  if (config.env === 'development' && !config.smtpUrl) app.use('/dev/courriels', createDevMailboxRouter(config))

  app.use(notFoundHandler)
  app.use(errorHandler)
  return app
}
