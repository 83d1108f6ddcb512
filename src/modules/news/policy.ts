/**
 * Who may see which news item ("actualité"). Administrators write them and see every one, drafts
 * included; every signed-in person reads the published ones only. A draft opened by anyone but an
 * administrator is "not found".
 */
import type { Db, Prisma } from '../../lib/db.ts'
import { orNotFound } from '../../lib/errors.ts'
import type { SessionUser } from '../../lib/session-user.ts'

/** What readers see, on /actualites and on every dashboard. */
export const PUBLISHED_NEWS: Prisma.NewsWhereInput = { published: true }

/** Newest publication first; the id settles items published at the same instant. */
export const NEWEST_FIRST: Prisma.NewsOrderByWithRelationInput[] = [{ publishedAt: 'desc' }, { id: 'desc' }]

/** The news items this person may manage: all of them for an administrator, none otherwise. */
export function newsManagedBy(actor: SessionUser): Prisma.NewsWhereInput {
  return actor.role === 'ADMIN' ? {} : { id: -1 }
}

/** One news item an administrator manages (draft or published); 404 otherwise. */
export async function findNewsForAdmin(db: Db, actor: SessionUser, newsId: number) {
  return orNotFound(await db.news.findFirst({ where: { id: newsId, ...newsManagedBy(actor) } }))
}

/** One published news item; a draft or a missing one is 404 for everyone. */
export async function findPublishedNews(db: Db, newsId: number) {
  return orNotFound(await db.news.findFirst({ where: { id: newsId, ...PUBLISHED_NEWS } }))
}
