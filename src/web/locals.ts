import type { NextFunction, Request, Response } from 'express'
import type { Config } from '../config.ts'
import { currentDisplaySettings } from '../modules/display/service.ts'
import { DISPLAY_COOKIE, displayAttributesOf } from '../modules/display/settings.ts'
import { currentNavHref, NAVIGATION, ROLE_LABELS } from './navigation.ts'
import { formatDate, formatDateTime } from './format.ts'
import { isFromThisMachine } from './local-request.ts'
import { pageUrl } from './pagination.ts'

/** What every view may use: the user, their menu, formatting helpers. */
export function createLocals(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user ?? null
    const navigation = user ? NAVIGATION[user.role] : []
    res.locals.currentUser = user
    res.locals.roleLabel = user ? ROLE_LABELS[user.role] : null
    res.locals.navigation = navigation
    res.locals.currentNav = currentNavHref(navigation, req.path)
    res.locals.currentPath = req.path
    // « Paramètres d'affichage »: on <html> from the first response, from the account or this browser's cookie
    const displaySettings = currentDisplaySettings({ user, cookie: req.cookies?.[DISPLAY_COOKIE] })
    res.locals.displaySettings = displaySettings
    res.locals.displayAttributes = displayAttributesOf(displaySettings)
    res.locals.errors = {}
    res.locals.values = {}
    res.locals.formatDate = formatDate
    res.locals.formatDateTime = formatDateTime
    res.locals.pageUrl = pageUrl
    // the link only where the page opens: a browser on this machine (see dev-mailbox.ts)
    res.locals.devMailbox = config.env === 'development' && !config.smtpUrl && isFromThisMachine(req)
    next()
  }
}
