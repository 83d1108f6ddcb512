// Reading the statistics page and its CSV files as a user (or their spreadsheet software) would.
import type { Agent } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

export { decodeHtml }

/** The text a sighted reader sees in a piece of HTML: tags and screen-reader-only text removed, spaces normalised. */
export function visibleText(html: string): string {
  return decodeHtml(html.replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, ''))
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
}

export type HtmlTable = {
  caption: string
  /** the text of every header cell, both header rows */
  headers: string[]
  /** body rows, then the total row, each as its cells' texts (the row header first) */
  rows: string[][]
  csvHref: string | null
}

/** The table of one section of the page ("conventions", "etablissements", "employeurs"). */
export function tableOf(html: string, slug: string): HtmlTable {
  const section = new RegExp(`<section aria-labelledby="titre-${slug}">([\\s\\S]*?)</section>`).exec(html)?.[1]
  if (!section) throw new Error(`no section ${slug} on the page`)
  const cellsOf = (row: string) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visibleText(cell[1]))
  const part = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(section)?.[1] ?? ''
  const rowsOf = (html: string) => [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => cellsOf(row[1]))
  return {
    caption: visibleText(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(section)?.[1] ?? ''),
    headers: rowsOf(part('thead')).flat(),
    rows: [...rowsOf(part('tbody')), ...rowsOf(part('tfoot'))],
    csvHref: decodeHtml(/<a href="([^"]+\.csv\?[^"]*)"/.exec(section)?.[1] ?? '') || null,
  }
}

/** RFC 4180 with ";" (quoted fields may hold separators, quotes doubled, line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ';') {
      row.push(field)
      field = ''
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += char
  }
  if (field !== '' || row.length > 0) throw new Error('the last CSV line has no CRLF')
  return rows
}

export type CsvDownload = { status: number; contentType: string; disposition: string; bytes: Buffer; text: string; rows: string[][] }

/** Downloads a CSV as raw bytes (the BOM included), then reads it. */
export async function downloadCsv(agent: Agent, url: string): Promise<CsvDownload> {
  const response = await agent
    .get(url)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => callback(null, Buffer.concat(chunks)))
    })
  const bytes = response.body as Buffer
  const text = bytes.toString('utf8')
  const isCsv = String(response.headers['content-type']).startsWith('text/csv')
  return {
    status: response.status,
    contentType: String(response.headers['content-type']),
    disposition: String(response.headers['content-disposition'] ?? ''),
    bytes,
    text,
    rows: isCsv ? parseCsv(text.replace(/^\uFEFF/, '')) : [],
  }
}
