import type { NextFunction, Request, Response } from 'express'
import type { Config } from '../config.ts'
import { currentNavHref, NAVIGATION, ROLE_LABELS } from './navigation.ts'
import { formatDate, formatDateTime } from './format.ts'
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
    res.locals.errors = {}
    res.locals.values = {}
    res.locals.formatDate = formatDate
    res.locals.formatDateTime = formatDateTime
    res.locals.pageUrl = pageUrl
    res.locals.devMailbox = config.env === 'development' && !config.smtpUrl
    next()
  }
}
