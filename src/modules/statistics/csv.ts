// CSV for French spreadsheet software: UTF-8 with a byte order mark (so accents are read right),
// ";" between fields (the comma is the decimal separator), CRLF line ends, RFC 4180 quoting.

const BOM = '\uFEFF'
const SEPARATOR = ';'
const LINE_END = '\r\n'

/**
 * A text that a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first)
 * gets a leading apostrophe, so it is shown as typed. Only for texts that come from users (names);
 * the figures are ours.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** RFC 4180: a field with the separator, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[";\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value
}

/** The whole file: the BOM, then one line per row (the header first), each ended by CRLF. */
export function toCsv(rows: string[][]): string {
  return BOM + rows.map((row) => row.map(csvField).join(SEPARATOR) + LINE_END).join('')
}
