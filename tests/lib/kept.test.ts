import { describe, expect, it } from 'vitest'
import { keptWith } from '../../src/lib/kept.ts'

// keptWith keeps what is made from a shared object (a result page of the offer search, a computation of
// the statistics) with that object: made once per object and key, made again for another object, and
// a failed promise forgotten so that the next request tries again.
describe('keptWith', () => {
  it('when the same object and key are asked again, then the value made the first time is given back', () => {
    const list = [{ id: 1 }]
    let made = 0
    const make = () => `html ${++made}`
    expect(keptWith(list, 'a', make)).toBe('html 1')
    expect(keptWith(list, 'a', make)).toBe('html 1')
    // another key of the same object, and the same key of another object (a list read again), are made apart
    expect(keptWith(list, 'b', make)).toBe('html 2')
    expect(keptWith([{ id: 1 }], 'a', make)).toBe('html 3')
    expect(made).toBe(3)
  })

  it('when making the value fails, then nothing is kept and the next call makes it again', async () => {
    const figures = {}
    let attempts = 0
    const make = async () => {
      attempts++
      if (attempts === 1) throw new Error('charts unavailable')
      return 'charts'
    }
    await expect(keptWith(figures, 'charts', make)).rejects.toThrow('charts unavailable')
    expect(await keptWith(figures, 'charts', make)).toBe('charts')
    expect(await keptWith(figures, 'charts', make)).toBe('charts')
    expect(attempts).toBe(2)

    expect(() =>
      keptWith(figures, 'sync', () => {
        throw new Error('no')
      }),
    ).toThrow('no')
    expect(keptWith(figures, 'sync', () => 'made after all')).toBe('made after all')
  })
})
