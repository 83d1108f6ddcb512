import type { NextFunction, Request, Response } from 'express'
import type { Selectable } from 'kysely'
import type { Employer as EmployerRow } from '../../generated/kysely/types.ts'
import type { Db, Employer } from '../../lib/db.ts'
import { AppError, orNotFound } from '../../lib/errors.ts'
import { preparedQuery, toDate } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { isEmployerVisibleToCandidate } from '../offers/policy.ts'

/**
 * Whose employer space a page is about. A recruiter manages their own employer (/recruteur/…);
 * an administrator manages any employer through the same pages (/admin/employeurs/:employerId/…).
 * Every offer and page is then read through this employer id: another employer's row is a 404.
 */
export type EmployerScope = {
  employerId: number
  employerName: string
  employerSector: string
  byAdmin: boolean
  /** "Mes offres" (recruiter) or "Offres de X" (administrator) */
  offersPath: string
  /** the employer page's form */
  pagePath: string
  /** colleagues and invitations: recruiters only (administrators invite from "Utilisateurs") */
  teamPath: string | null
}

declare global {
  namespace Express {
    interface Locals {
      employerScope?: EmployerScope
    }
  }
}

async function loadEmployer(db: Db, employerId: number) {
  return db.employer.findUnique({ where: { id: employerId }, select: { id: true, name: true, sector: true } })
}

/** The scope of a recruiter of `employer`: their own employer, under /recruteur. */
export function recruiterScopeOf(employer: { id: number; name: string; sector: string }): EmployerScope {
  return {
    employerId: employer.id,
    employerName: employer.name,
    employerSector: employer.sector,
    byAdmin: false,
    offersPath: '/recruteur/offres',
    pagePath: '/recruteur/employeur',
    teamPath: '/recruteur/employeur/equipe',
  }
}

/** After requireRole('RECRUITER'): the recruiter's own employer. */
export function recruiterScope(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const employer = req.user?.employerId ? await loadEmployer(db, req.user.employerId) : null
    if (!employer) return next(new AppError('NOT_FOUND'))
    res.locals.employerScope = recruiterScopeOf(employer)
    next()
  }
}

/** After requireRole('ADMIN'): the employer named by :employerId. */
export function adminEmployerScope(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const raw = String(req.params.employerId ?? '')
    const employer = /^\d{1,9}$/.test(raw) ? await loadEmployer(db, Number(raw)) : null
    if (!employer) return next(new AppError('NOT_FOUND'))
    res.locals.employerScope = {
      employerId: employer.id,
      employerName: employer.name,
      employerSector: employer.sector,
      byAdmin: true,
      offersPath: `/admin/employeurs/${employer.id}/offres`,
      pagePath: `/admin/employeurs/${employer.id}`,
      teamPath: null,
    }
    next()
  }
}

export function scopeOf(res: Response): EmployerScope {
  const scope = res.locals.employerScope
  if (!scope) throw new AppError('NOT_FOUND')
  return scope
}

/** An employer row of the read layer as Prisma returns it (Dates). */
export function toEmployer(row: Selectable<EmployerRow>): Employer {
  return { ...row, createdAt: toDate(row.createdAt), updatedAt: toDate(row.updatedAt) }
}

const EMPLOYER_VISIBLE_TO_CANDIDATE = preparedQuery(['employerId', 'conventionId'], (reader, { employerId, conventionId }) =>
  reader.selectFrom('Employer as e').selectAll('e').where('e.id', '=', employerId).where(isEmployerVisibleToCandidate({ conventionId }, 'e')),
)

/** A partner of the candidate's convention (its company page, its logo); 404 otherwise. */
export async function findEmployerVisibleToCandidate(db: Db, actor: SessionUser, employerId: number): Promise<Employer> {
  const row = await EMPLOYER_VISIBLE_TO_CANDIDATE.executeTakeFirst(db, { employerId, conventionId: actor.conventionId ?? -1 })
  return toEmployer(orNotFound(row))
}
