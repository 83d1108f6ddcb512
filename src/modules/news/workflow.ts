/**
 * The publication of a news item — the one place where `published` changes.
 *
 *   (new) ── Brouillon ──publish──▶ Publiée ──unpublish──▶ Brouillon ──publish──▶ …
 *
 * Each transition, in the caller's transaction: a conditional update (`where id and published = from`)
 * so that a double click or two administrators at once make exactly one change, then its audit row.
 * The publication date is the first one: an item withdrawn and published again keeps its place.
 * The first publication also tells every candidate ("account.news", as each chose: in the site by
 * default); publishing it again after a withdrawal tells nobody twice. Withdrawing or deleting it
 * takes its notifications back, so that none leads to a page that is gone.
 */
import { audit } from '../../lib/audit.ts'
import type { Tx } from '../../lib/db.ts'
import { notifyEveryone } from '../notifications/service.ts'

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
  { newsId, action, actorUserId, now = new Date(), baseUrl }: { newsId: number; action: NewsAction; actorUserId: number; now?: Date; baseUrl?: string },
): Promise<NewsTransitionResult> {
  const rule = NEWS_TRANSITIONS[action]
  const { count } = await tx.news.updateMany({ where: { id: newsId, published: rule.from }, data: { published: rule.to } })
  if (count !== 1) return { ok: false, reason: 'stale' }
  if (rule.to) {
    const first = await tx.news.updateMany({ where: { id: newsId, publishedAt: null }, data: { publishedAt: now } })
    if (first.count === 1) {
      const news = await tx.news.findUniqueOrThrow({ where: { id: newsId }, select: { title: true } })
      await notifyEveryone(tx, { event: 'account.news', title: `Nouveauté de la plateforme : ${news.title}`, link: `/actualites/${newsId}` }, { baseUrl })
    }
  } else {
    await withdrawNewsNotifications(tx, newsId)
  }
  await audit(tx, { actorUserId, action: `news.${action}`, targetType: 'News', targetId: newsId })
  return { ok: true }
}

/** The candidates' notifications of a news item that is no longer published. */
export async function withdrawNewsNotifications(tx: Tx, newsId: number): Promise<void> {
  await tx.notification.deleteMany({ where: { event: 'account.news', link: `/actualites/${newsId}` } })
}
