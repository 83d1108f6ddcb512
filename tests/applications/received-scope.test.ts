import { describe, expect, it } from 'vitest'
import { applicationsReceivedInStatusSql, EMPLOYER_VISIBLE_STATUSES } from '../../src/modules/applications/policy.ts'

describe('an employer’s received applications of one status', () => {
  it('refuses a status the employer never sees (before the référent’s validation), and builds the others', () => {
    for (const hidden of ['PENDING_REFERENT', 'RETURNED'] as const) expect(() => applicationsReceivedInStatusSql(1, hidden)).toThrow(/not shown to employers/)
    for (const shown of EMPLOYER_VISIBLE_STATUSES) expect(() => applicationsReceivedInStatusSql(1, shown)).not.toThrow()
  })
})
