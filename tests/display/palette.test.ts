// The colours of public/css/main.css in each theme of « Paramètres d'affichage »: every pair of colours
// the stylesheet puts together keeps 4.5:1 (WCAG AA), and 7:1 with contrast « Renforcé » (AAA). axe
// checks the pages the crawl visits; this checks the pairs no sample page shows (hover, every notice).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const css = readFileSync(path.resolve(import.meta.dirname, '../../public/css/main.css'), 'utf8')

/** The custom properties declared by the blocks with exactly this selector, in order. */
function variablesOf(selector: string): Record<string, string>[] {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const blocks = [...css.matchAll(new RegExp(`(?:^|\\n)\\s*${escaped}\\s*\\{([^}]*)\\}`, 'g'))].map((match) => match[1])
  return blocks.map((block) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((match) => [match[1], match[2].trim()])))
}

function luminance(hex: string): number {
  const digits = hex.slice(1)
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

const root = variablesOf(':root')[0]
const [high] = variablesOf('html[data-contrast="high"]')
const [dark] = variablesOf('html[data-theme="dark"]')
const [darkFromSystem] = variablesOf('html[data-theme="system"]')
const [darkHigh] = variablesOf('html[data-theme="dark"][data-contrast="high"]')
const [darkHighFromSystem] = variablesOf('html[data-theme="system"][data-contrast="high"]')

const PALETTES = {
  'Clair, contraste standard': { colours: root, minimum: 4.5 },
  'Clair, contraste renforcé': { colours: { ...root, ...high }, minimum: 7 },
  'Sombre, contraste standard': { colours: { ...root, ...dark }, minimum: 4.5 },
  'Sombre, contraste renforcé': { colours: { ...root, ...high, ...dark, ...darkHigh }, minimum: 7 },
}

const SURFACES = ['bg', 'bg-soft', 'blue-light', 'green-light', 'red-light', 'orange-light']
/** [text, background] as the stylesheet uses them */
const TEXT_PAIRS = [
  ...SURFACES.flatMap((surface) => [
    ['text', surface],
    ['muted', surface],
    ['blue', surface],
  ]),
  ['blue-dark', 'bg'],
  ['blue-dark', 'bg-soft'],
  ['blue-dark', 'blue-light'],
  ['on-accent', 'blue'],
  ['on-accent', 'blue-dark'],
  ['on-accent', 'red'],
  ['on-accent', 'red-dark'],
  ['red', 'bg'],
  ['red', 'red-light'],
  ['green', 'bg'],
  ['green', 'green-light'],
  ['orange-dark', 'orange-light'],
]
/** the edges of form fields and buttons (WCAG 1.4.11) */
const EDGE_PAIRS = [
  ['border', 'bg'],
  ['blue', 'bg'],
  ['red', 'bg'],
]

describe('the palettes of main.css', () => {
  it('has each theme block, and « Celui du système » on a dark system is the same as « Sombre »', () => {
    for (const block of [root, high, dark, darkHigh]) expect(Object.keys(block ?? {}).length).toBeGreaterThan(5)
    expect(darkFromSystem).toEqual(dark)
    expect(darkHighFromSystem).toEqual(darkHigh)
  })

  for (const [name, { colours, minimum }] of Object.entries(PALETTES)) {
    it(`${name}: every text keeps ${minimum}:1 on its background, every field edge 3:1`, () => {
      const problems: string[] = []
      for (const [text, background] of TEXT_PAIRS) {
        const ratio = contrast(colours[text], colours[background])
        if (!(ratio >= minimum)) problems.push(`--${text} on --${background}: ${ratio.toFixed(2)}`)
      }
      for (const [edge, background] of EDGE_PAIRS) {
        const ratio = contrast(colours[edge], colours[background])
        if (!(ratio >= 3)) problems.push(`--${edge} against --${background}: ${ratio.toFixed(2)}`)
      }
      expect(problems).toEqual([])
    })
  }

  it('every colour of the rules comes from a variable, so that each theme recolours the whole page', () => {
    const rulesOnly = css.replace(/--[\w-]+:\s*[^;]+;/g, '')
    expect(rulesOnly.match(/#[0-9a-f]{3,8}\b/gi) ?? []).toEqual([])
  })
})
