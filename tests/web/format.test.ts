import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime } from '../../src/web/format.ts'

describe('dates as pages show them', () => {
  it('writes each instant in Paris time, the same at every call, and another instant as itself', () => {
    const lateEvening = new Date('2026-11-28T23:30:00Z')
    const afternoon = new Date('2026-11-28T16:35:00Z')
    for (let call = 0; call < 2; call++) {
      expect(formatDate(lateEvening)).toBe('29 novembre 2026')
      expect(formatDate(afternoon)).toBe('28 novembre 2026')
      expect(formatDateTime(afternoon)).toBe('28 novembre 2026 à 17:35')
      expect(formatDateTime(new Date('2026-11-28T16:36:00Z'))).toBe('28 novembre 2026 à 17:36')
    }
    expect(formatDate(null)).toBe('')
    expect(formatDateTime(undefined)).toBe('')
  })
})
