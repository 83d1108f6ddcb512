import type { Db, Tx } from './db.ts'

export type AuditEntry = {
  actorUserId: number | null
  /** what happened, as "domain.verb": "registration.refuse", "candidate.view", "document.download" */
  action: string
  targetType: string
  targetId?: number | string | null
  /** what changed; never a password, a token or a file's content */
  details?: Record<string, unknown>
}

/** Write one audit-log row, inside the transaction of the change it records. */
export async function audit(tx: Tx | Db, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      details: entry.details ? JSON.stringify(entry.details) : null,
    },
  })
}
