/**
 * A small, strict iCalendar (RFC 5545) reader for the tests: it throws on anything a calendar could
 * reject — a line not ended by CRLF, a line over 75 octets, invalid UTF-8, a malformed content line
 * or parameter, an unknown escape or an unescaped ; or , in a TEXT value, unbalanced BEGIN/END, a
 * TZID without its VTIMEZONE — and it resolves a local time through the file's own VTIMEZONE rules
 * (not through the code under test).
 */

export type Property = { name: string; params: Record<string, string>; value: string }
export type Component = { name: string; properties: Property[]; components: Component[] }

const TEXT_PROPERTIES = new Set(['SUMMARY', 'LOCATION', 'DESCRIPTION', 'COMMENT', 'TZNAME', 'PRODID'])
const NAME = /^[A-Za-z0-9-]+$/
const SAFE_PARAM = /^[^";:,\u0000-\u0008\u000a-\u001f\u007f]*$/
const QUOTED_PARAM = /^"[^"\u0000-\u0008\u000a-\u001f\u007f]*"$/

/** The content lines, unfolded, after the octet-level checks. */
export function unfold(bytes: Buffer): string[] {
  const text = bytes.toString('utf8')
  if (!Buffer.from(text, 'utf8').equals(bytes) || text.includes('\ufffd')) throw new Error('not valid UTF-8')
  if (!text.endsWith('\r\n')) throw new Error('the file does not end with CRLF')
  const physical = text.slice(0, -2).split('\r\n')
  physical.forEach((line, index) => {
    if (/[\r\n]/.test(line)) throw new Error(`line ${index + 1}: a bare CR or LF`)
    const octets = Buffer.byteLength(line, 'utf8')
    if (octets > 75) throw new Error(`line ${index + 1}: ${octets} octets (max 75): ${line}`)
    if (line === '') throw new Error(`line ${index + 1}: empty line`)
  })
  const lines: string[] = []
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('a continuation line first')
      lines[lines.length - 1] += line.slice(1)
    } else lines.push(line)
  }
  return lines
}

/** name *(";" param "=" value) ":" value */
export function parseContentLine(line: string): Property {
  let position = 0
  const readUntil = (stops: string) => {
    const start = position
    while (position < line.length && !stops.includes(line[position])) position++
    return line.slice(start, position)
  }
  const name = readUntil(';:')
  if (!NAME.test(name)) throw new Error(`bad property name in: ${line}`)
  const params: Record<string, string> = {}
  while (line[position] === ';') {
    position++
    const paramName = readUntil('=')
    if (!NAME.test(paramName) || line[position] !== '=') throw new Error(`bad parameter in: ${line}`)
    position++
    let value: string
    if (line[position] === '"') {
      const end = line.indexOf('"', position + 1)
      if (end < 0) throw new Error(`unclosed quoted parameter in: ${line}`)
      value = line.slice(position, end + 1)
      position = end + 1
      if (!QUOTED_PARAM.test(value)) throw new Error(`bad quoted parameter in: ${line}`)
      value = value.slice(1, -1)
    } else {
      value = readUntil(';:')
      if (!SAFE_PARAM.test(value)) throw new Error(`bad parameter value in: ${line}`)
    }
    params[paramName.toUpperCase()] = value
  }
  if (line[position] !== ':') throw new Error(`no ":" in: ${line}`)
  const value = line.slice(position + 1)
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new Error(`control character in: ${line}`)
  return { name: name.toUpperCase(), params, value }
}

/** A TEXT value, unescaped; an unknown escape or a bare ; or , is an error (one value, not a list). */
export function unescapeText(value: string): string {
  let result = ''
  for (let index = 0; index < value.length; index++) {
    const character = value[index]
    if (character === '\\') {
      const next = value[++index]
      if (next === '\\' || next === ';' || next === ',') result += next
      else if (next === 'n' || next === 'N') result += '\n'
      else throw new Error(`unknown escape \\${next ?? ''} in: ${value}`)
    } else if (character === ';' || character === ',') {
      throw new Error(`unescaped "${character}" in a TEXT value: ${value}`)
    } else result += character
  }
  return result
}

export function parseCalendar(input: Buffer | string): Component {
  const lines = unfold(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
  const root: Component = { name: '', properties: [], components: [] }
  const stack: Component[] = [root]
  for (const line of lines) {
    const property = parseContentLine(line)
    const current = stack[stack.length - 1]
    if (property.name === 'BEGIN') {
      const component: Component = { name: property.value.toUpperCase(), properties: [], components: [] }
      current.components.push(component)
      stack.push(component)
    } else if (property.name === 'END') {
      if (current.name !== property.value.toUpperCase()) throw new Error(`END:${property.value} closes ${current.name || 'nothing'}`)
      stack.pop()
    } else {
      if (current === root) throw new Error(`property outside any component: ${line}`)
      if (TEXT_PROPERTIES.has(property.name)) property.value = unescapeText(property.value)
      current.properties.push(property)
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed ${stack[stack.length - 1].name}`)
  if (root.components.length !== 1 || root.components[0].name !== 'VCALENDAR') throw new Error('not one VCALENDAR')
  const calendar = root.components[0]
  for (const required of ['VERSION', 'PRODID']) if (!find(calendar, required)) throw new Error(`VCALENDAR without ${required}`)
  if (find(calendar, 'VERSION')!.value !== '2.0') throw new Error('VERSION is not 2.0')
  for (const event of calendar.components.filter((component) => component.name === 'VEVENT')) {
    for (const required of ['UID', 'DTSTAMP', 'DTSTART']) if (!find(event, required)) throw new Error(`VEVENT without ${required}`)
    if (!/^\d{8}T\d{6}Z$/.test(find(event, 'DTSTAMP')!.value)) throw new Error('DTSTAMP is not a UTC date-time')
    for (const property of event.properties) {
      const tzid = property.params.TZID
      if (tzid && !timeZone(calendar, tzid)) throw new Error(`TZID=${tzid} has no VTIMEZONE`)
    }
  }
  return calendar
}

export function find(component: Component, name: string): Property | undefined {
  return component.properties.find((property) => property.name === name)
}

export function all(component: Component, name: string): Property[] {
  return component.properties.filter((property) => property.name === name)
}

function timeZone(calendar: Component, tzid: string): Component | undefined {
  return calendar.components.find((component) => component.name === 'VTIMEZONE' && find(component, 'TZID')?.value === tzid)
}

const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/

function fields(value: string) {
  const match = DATE_TIME.exec(value)
  if (!match) throw new Error(`not a DATE-TIME: ${value}`)
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number)
  return { year, month, day, hour, minute, second, utc: match[7] === 'Z' }
}

function offsetMinutes(value: string): number {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(value)
  if (!match) throw new Error(`bad UTC offset ${value}`)
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
}

/** The local wall-clock time (as ms since epoch, read as if UTC) when an observance starts in `year`. */
function onsetIn(observance: Component, year: number): number {
  const start = fields(find(observance, 'DTSTART')!.value)
  const rrule = find(observance, 'RRULE')?.value
  if (!rrule) return Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second)
  const rule = Object.fromEntries(rrule.split(';').map((part) => part.split('=')))
  if (rule.FREQ !== 'YEARLY' || !/^\d+$/.test(rule.BYMONTH) || !/^-1SU$/.test(rule.BYDAY)) throw new Error(`unsupported RRULE ${rrule}`)
  const month = Number(rule.BYMONTH)
  const lastDay = new Date(Date.UTC(year, month, 0))
  const lastSunday = lastDay.getUTCDate() - lastDay.getUTCDay()
  return Date.UTC(year, month - 1, lastSunday, start.hour, start.minute, start.second)
}

/** The instant of a DTSTART/DTEND property: UTC as written, or local time through its VTIMEZONE. */
export function instantOf(calendar: Component, property: Property): Date {
  const local = fields(property.value)
  const asIfUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second)
  if (local.utc) return new Date(asIfUtc)
  const tzid = property.params.TZID
  if (!tzid) throw new Error(`${property.name} is a floating time`)
  const zone = timeZone(calendar, tzid)!
  // the observance whose onset (in the local time before it) came last
  let best: { onset: number; offset: number } | null = null
  for (const observance of zone.components.filter((component) => component.name === 'STANDARD' || component.name === 'DAYLIGHT')) {
    const offsetFrom = offsetMinutes(find(observance, 'TZOFFSETFROM')!.value)
    const offsetTo = offsetMinutes(find(observance, 'TZOFFSETTO')!.value)
    for (const year of [local.year - 1, local.year]) {
      // onsets are local times in the offset before the change: compare as UTC instants
      const onsetUtc = onsetIn(observance, year) - offsetFrom * 60_000
      const candidateUtc = asIfUtc - offsetTo * 60_000
      if (onsetUtc <= candidateUtc && (!best || onsetUtc > best.onset)) best = { onset: onsetUtc, offset: offsetTo }
    }
  }
  if (!best) throw new Error(`no observance of ${tzid} applies to ${property.value}`)
  return new Date(asIfUtc - best.offset * 60_000)
}
