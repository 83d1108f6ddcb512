/**
 * The publication of a news item — the one place where `published` changes.
 *
 *   (new) ── Brouillon ──publish──▶ Publiée ──unpublish──▶ Brouillon ──publish──▶ …
 *
 * Each transition, in the caller's transaction: a conditional update (`where id and published = from`)
 * so that a double click or two administrators at once make exactly one change, then its audit row.
 * The publication date is the first one: an item withdrawn and published again keeps its place.
 */
import { audit } from '../../lib/audit.ts'
import type { Tx } from '../../lib/db.ts'

export type NewsAction = 'publish' | 'unpublish'

type NewsTransition = { action: NewsAction; from: boolean; to: boolean }

/** Every allowed change of `published`. */
export const NEWS_TRANSITIONS: Record<NewsAction, NewsTransition> = {
  publish: { action: 'publish', from: false, to: true },
  unpublish: { action: 'unpublish', from: true, to: false },
}

export type NewsTransitionResult = { ok: true } | { ok: false; reason: 'stale' }

export async function transitionNews(
  tx: Tx,
  { newsId, action, actorUserId, now = new Date() }: { newsId: number; action: NewsAction; actorUserId: number; now?: Date },
): Promise<NewsTransitionResult> {
  const rule = NEWS_TRANSITIONS[action]
  const { count } = await tx.news.updateMany({ where: { id: newsId, published: rule.from }, data: { published: rule.to } })
  if (count !== 1) return { ok: false, reason: 'stale' }
  if (rule.to) await tx.news.updateMany({ where: { id: newsId, publishedAt: null }, data: { publishedAt: now } })
  await audit(tx, { actorUserId, action: `news.${action}`, targetType: 'News', targetId: newsId })
  return { ok: true }
}
