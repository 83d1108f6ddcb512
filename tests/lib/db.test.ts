import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConvention } from '../factories/index.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'

let testDb: TestDb
beforeAll(async () => {
  testDb = await freshDb()
})
afterAll(async () => testDb.cleanup())

describe('transactions', () => {
  it('when one request’s transaction rolls back, then another request’s write made meanwhile is kept', async () => {
    const { db } = testDb
    let insideTransaction!: () => void
    const started = new Promise<void>((resolve) => (insideTransaction = resolve))
    const failing = db
      .$transaction(async (tx) => {
        await tx.convention.create({ data: { name: 'Annulée', region: 'Nulle part' } })
        insideTransaction()
        await new Promise((resolve) => setTimeout(resolve, 200))
        throw new Error('rollback on purpose')
      })
      .catch((error: Error) => error.message)
    await started
    // another request, at the same moment, outside that transaction
    const kept = await createConvention(db, { name: 'Conservée' })
    expect(await failing).toBe('rollback on purpose')
    expect(await db.convention.findUnique({ where: { id: kept.id } })).not.toBeNull()
    expect(await db.convention.findUnique({ where: { name: 'Annulée' } })).toBeNull()
  })
})
