/** The two states of a news item, as administrators read them (a badge says it in words, not colour only). */
export const NEWS_STATUS_LABELS = { published: 'Publiée', draft: 'Brouillon' } as const
export const NEWS_STATUS_BADGES = { published: 'badge-ok', draft: 'badge-waiting' } as const

/** The start of a text on one line, cut at a word, for the dashboards: "Les offres… " */
export function excerptOf(text: string, maxLength = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= maxLength) return flat
  const cut = flat.slice(0, maxLength)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/, '')}…`
}
