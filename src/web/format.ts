import ejs from 'ejs'
import { keptWith } from '../lib/kept.ts'
import { KeptHtml } from './view-engine.ts'
const DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' })
const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
})

/**
 * A formatter that formats each instant once: a page's lists show the same dates at every request, and
 * Intl's formatting was 2–3 % of a list page's CPU. At most `MAX_KEPT` texts are kept, then it starts over.
 */
function formatOnce(format: Intl.DateTimeFormat): (date: Date) => string {
  const texts = new Map<number, string>()
  return (date) => {
    const time = date.getTime()
    let text = texts.get(time)
    if (text === undefined) {
      text = format.format(date)
      if (texts.size >= MAX_KEPT) texts.clear()
      texts.set(time, text)
    }
    return text
  }
}
const MAX_KEPT = 10_000
const formatDay = formatOnce(DATE)
const formatDayAndTime = formatOnce(DATE_TIME)

/** "28 novembre 2026" */
export function formatDate(date: Date | null | undefined): string {
  return date ? formatDay(date) : ''
}

/** "28 novembre 2026 à 17:35" */
export function formatDateTime(date: Date | null | undefined): string {
  return date ? formatDayAndTime(date) : ''
}

/** yyyy-mm-dd for <input type="date"> */
export function toDateInput(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : ''
}

/**
 * The <option> elements of a long select (hundreds of choices: a recruiter's offers, the offer
 * search's employers), made in one pass (the field partial's loop cost three times as much), and kept
 * with the list they are made from, per chosen value (keptWith: the lists are themselves kept a few
 * seconds), as bytes sent as they are (KeptHtml). `selected` is the chosen value, if any.
 */
export function keptOptionsHtml<Item>(items: readonly Item[], optionOf: (item: Item) => { value: string; label: string }, selected: string): KeptHtml {
  return keptWith(items, selected, () => {
    let html = ''
    for (const item of items) {
      const option = optionOf(item)
      html += `<option value="${ejs.escapeXML(option.value)}"${option.value === selected ? ' selected' : ''}>${ejs.escapeXML(option.label)}</option>`
    }
    return new KeptHtml(html)
  })
}
