import type { Db } from '../../lib/db.ts'
import type { SessionUser } from '../../web/auth.ts'
import { countNewApplicationsForRecruiter, countWaitingForReferent } from '../applications/service.ts'

/** What each role's home shows first. Later domains add their blocks here. */
export async function loadDashboard(db: Db, actor: SessionUser) {
  switch (actor.role) {
    case 'CANDIDATE':
      return { role: actor.role }
    case 'REFERENT': {
      const establishment = await db.establishment.findUnique({ where: { id: actor.establishmentId ?? -1 } })
      const [pendingRegistrations, candidates, applicationsToValidate] = await Promise.all([
        db.user.count({ where: { status: 'PENDING_VALIDATION', candidate: { establishmentId: actor.establishmentId ?? -1 } } }),
        db.candidate.count({ where: { establishmentId: actor.establishmentId ?? -1, user: { status: { not: 'PENDING_VALIDATION' } } } }),
        countWaitingForReferent(db, actor),
      ])
      return { role: actor.role, establishmentName: establishment?.name ?? '', pendingRegistrations, candidates, applicationsToValidate }
    }
    case 'RECRUITER': {
      const [employer, newApplications] = await Promise.all([
        db.employer.findUnique({ where: { id: actor.employerId ?? -1 } }),
        // validated by a référent only: the gate (applications/policy.ts)
        countNewApplicationsForRecruiter(db, actor),
      ])
      return { role: actor.role, employerName: employer?.name ?? '', newApplications }
    }
    case 'ADMIN': {
      const [candidates, pendingRegistrations, referents, recruiters, employers, publishedOffers] = await Promise.all([
        db.user.count({ where: { role: 'CANDIDATE', status: 'ACTIVE' } }),
        db.user.count({ where: { role: 'CANDIDATE', status: 'PENDING_VALIDATION' } }),
        db.user.count({ where: { role: 'REFERENT', status: { not: 'DISABLED' } } }),
        db.user.count({ where: { role: 'RECRUITER', status: { not: 'DISABLED' } } }),
        db.employer.count(),
        db.offer.count({ where: { status: 'PUBLISHED' } }),
      ])
      return { role: actor.role, figures: { candidates, pendingRegistrations, referents, recruiters, employers, publishedOffers } }
    }
  }
}
