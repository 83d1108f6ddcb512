/** Reading the HTML of a page as a person would: entities decoded, sections, text, headings. */

/** HTML with the entities EJS writes decoded, for assertions on text with apostrophes and quotes. */
export function decodeHtml(html: string): string {
  return html
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** The <section> whose <h2> is this heading (decoded HTML), or '' when the page has none. */
export function sectionOf(html: string, heading: string): string {
  const at = html.indexOf(`<h2>${heading}</h2>`)
  if (at < 0) return ''
  const start = html.lastIndexOf('<section', at)
  const end = html.indexOf('</section>', at)
  return html.slice(start, end < 0 ? undefined : end)
}

/** The visible text of some HTML, on one line: tags removed, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The h2 headings of a page, in order. */
export function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((match) => textOf(match[1]))
}

/** How many <h1> a page has (one, on every page). */
export const h1Count = (html: string) => (html.match(/<h1[\s>]/g) ?? []).length

/** The page's <title>, decoded. */
export const titleOf = (html: string) => decodeHtml(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '')
