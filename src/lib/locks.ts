import type { Config } from '../config.ts'
import { isPostgresUrl, type Tx } from './db.ts'

/**
 * One candidate's writes that check a count or a duplicate first ("at most 30 documents", "one
 * application in progress per offer"), one at a time: call it first in the transaction, and the
 * check still holds at commit. On PostgreSQL a row lock on the candidate, held until the transaction
 * ends; SQLite already runs one write transaction at a time. (Not a serializable transaction: with
 * the pg driver adapter, a write conflict detected at COMMIT leaks the pooled connection.)
 */
export async function lockCandidateRow(tx: Tx, config: Pick<Config, 'databaseUrl'>, candidateId: number): Promise<void> {
  if (isPostgresUrl(config.databaseUrl)) await tx.$queryRaw`SELECT "id" FROM "Candidate" WHERE "id" = ${candidateId} FOR UPDATE`
}
