/**
 * A value made once per object it is made from and key, and kept with that object (a WeakMap on it):
 * it goes when the object does. For what depends only on something many requests share for a while
 * (kept by a cache): a convention's result page of the offer search and its « Employeur » choices, a
 * recruiter's « Offre » choices, a computation of the statistics (its charts, table pages, workbooks).
 * A promise that fails is forgotten: the next call makes it again.
 */
const kept = new WeakMap<object, Map<string, unknown>>()

export function keptWith<T>(source: object, key: string, make: () => T): T {
  let values = kept.get(source)
  if (values === undefined) {
    values = new Map()
    kept.set(source, values)
  }
  let value = values.get(key) as T | undefined
  if (value === undefined) {
    const made = make()
    values.set(key, made)
    if (made instanceof Promise) made.catch(() => values.get(key) === made && values.delete(key))
    value = made
  }
  return value
}
