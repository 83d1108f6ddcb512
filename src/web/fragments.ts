/**
 * HTML made once per object it is made from: a part of a page that depends only on a list that many
 * requests share (kept a few seconds by a cache: a convention's result page of the offer search, its
 * « Employeur » choices, a recruiter's « Offre » choices), and on a few values named in `key`. It goes
 * when the list does (a WeakMap on the list).
 */
const made = new WeakMap<object, Map<string, string>>()

export function fragmentOf(source: object, key: string, make: () => string): string {
  let fragments = made.get(source)
  if (fragments === undefined) {
    fragments = new Map()
    made.set(source, fragments)
  }
  let html = fragments.get(key)
  if (html === undefined) {
    html = make()
    fragments.set(key, html)
  }
  return html
}
