/**
 * What the handlers of the three actors share: the candidate's (candidate-handlers.ts), the référent's
 * (referent-handlers.ts) and the recruiter's (recruiter-handlers.ts). Each role has its own paths and
 * guard (routes.ts); every row is fetched through a finder scoped to the actor (policy.ts).
 */
import type { Request, Response } from 'express'
import type { ChangeResult } from '../../lib/change-result.ts'
import type { RouterDeps } from '../../web/deps.ts'
import { actorOf } from '../../web/guards.ts'
import { idParam } from '../../web/params.ts'
import { sendDocumentFile } from '../documents/download.ts'
import { openApplicationDocument } from './service.ts'

/** After a change: the message (done or refused), and back to the page that shows the current state. */
export function redirectWithResult(req: Request, res: Response, result: ChangeResult<'invalid' | 'refused'>, success: string, target: string) {
  if (result.status === 'done') req.flash('success', success)
  else if (result.status === 'refused') req.flash('error', result.message)
  res.redirect(target)
}

/** « …/candidatures/:id/documents/:documentId » of every actor: a document its scope reaches (service.ts), else 404. */
export function createDocumentDownload({ db, config }: RouterDeps) {
  return async (req: Request, res: Response) => {
    const opened = await openApplicationDocument(
      { db, config },
      { actor: actorOf(req), applicationId: idParam(req.params.id), documentId: idParam(req.params.documentId) },
    )
    sendDocumentFile(res, opened)
  }
}
