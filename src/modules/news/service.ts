/**
 * Use cases of the news domain ("Actualités", shown to readers as "Nouveautés de la plateforme").
 * Administrators write, publish, withdraw and delete; every signed-in person reads what is published.
 * Publishing notifies nobody: the news appear on every dashboard (one notification row per candidate
 * would not scale).
 */
import { audit } from '../../lib/audit.ts'
import type { Db } from '../../lib/db.ts'
import { AppError } from '../../lib/errors.ts'
import { preparedQuery, toDate } from '../../lib/sql.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { paginate } from '../../lib/pagination.ts'
import { findNewsForAdmin, findPublishedNews, NEWEST_FIRST, newsManagedBy, PUBLISHED_NEWS } from './policy.ts'
import type { TNewsForm } from './schemas.ts'
import { transitionNews, withdrawNewsNotifications, type NewsAction } from './workflow.ts'

const ADMIN_PAGE_SIZE = 20
const READER_PAGE_SIZE = 10

export type NewsChangeResult = { status: 'done'; title: string } | { status: 'stale'; title: string }

function requireAdmin(actor: SessionUser) {
  if (actor.role !== 'ADMIN') throw new AppError('FORBIDDEN')
}

// ───────────────────────── Administrators ─────────────────────────

/** "Actualités": every item, drafts included, the most recently written first. */
export async function listNewsForAdmin(db: Db, actor: SessionUser, options: { page: unknown }) {
  const where = newsManagedBy(actor)
  const { total, page, rows } = await paginate(options.page, ADMIN_PAGE_SIZE, db.news.count({ where }), (range) =>
    db.news.findMany({
      where,
      select: { id: true, title: true, published: true, publishedAt: true, createdAt: true, updatedAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...range,
    }),
  )
  return { news: rows, total, page }
}

export { findNewsForAdmin, findPublishedNews }

/** "Rédiger une actualité": saved as a draft, published at once when "Publier" was pressed. */
export async function createNews(db: Db, { actor, form, now = new Date(), baseUrl }: { actor: SessionUser; form: TNewsForm; now?: Date; baseUrl?: string }) {
  requireAdmin(actor)
  return db.$transaction(async (tx) => {
    const news = await tx.news.create({ data: { title: form.title, body: form.body, published: false, authorUserId: actor.id } })
    await audit(tx, { actorUserId: actor.id, action: 'news.create', targetType: 'News', targetId: news.id, details: { title: form.title } })
    if (form.action === 'publish') {
      const result = await transitionNews(tx, { newsId: news.id, action: 'publish', actorUserId: actor.id, now, baseUrl })
      if (!result.ok) throw new Error('createNews: publish refused')
    }
    return { id: news.id, title: news.title, published: form.action === 'publish' }
  })
}

/** "Modifier l’actualité": new title and text; a draft is also published when "Publier" was pressed. */
export async function updateNews(
  db: Db,
  { actor, newsId, form, now = new Date(), baseUrl }: { actor: SessionUser; newsId: number; form: TNewsForm; now?: Date; baseUrl?: string },
) {
  const news = await findNewsForAdmin(db, actor, newsId)
  return db.$transaction(async (tx) => {
    // deleted meanwhile by another administrator: not found, nothing written
    const { count } = await tx.news.updateMany({ where: { id: news.id }, data: { title: form.title, body: form.body } })
    if (count !== 1) throw new AppError('NOT_FOUND')
    const changed = [news.title !== form.title ? 'title' : null, news.body !== form.body ? 'body' : null].filter(Boolean)
    await audit(tx, { actorUserId: actor.id, action: 'news.update', targetType: 'News', targetId: news.id, details: { changed, title: form.title } })
    // a second click on "Publier" finds it already published: the text is saved, nothing else changes
    const published =
      form.action === 'publish' ? (await transitionNews(tx, { newsId: news.id, action: 'publish', actorUserId: actor.id, now, baseUrl })).ok : false
    return { id: news.id, title: form.title, published, wasPublished: news.published }
  })
}

type PublicationChange = { actor: SessionUser; newsId: number; baseUrl?: string }

async function changePublication(db: Db, { actor, newsId, action, baseUrl }: PublicationChange & { action: NewsAction }): Promise<NewsChangeResult> {
  const news = await findNewsForAdmin(db, actor, newsId)
  const result = await db.$transaction((tx) => transitionNews(tx, { newsId: news.id, action, actorUserId: actor.id, baseUrl }))
  return { status: result.ok ? 'done' : 'stale', title: news.title }
}

/** "Publier": the item appears on /actualites and on the dashboards; the first time, candidates are told. */
export function publishNews(db: Db, options: PublicationChange) {
  return changePublication(db, { ...options, action: 'publish' })
}

/** "Retirer de la publication": the item goes back to the drafts, seen by administrators only. */
export function unpublishNews(db: Db, options: PublicationChange) {
  return changePublication(db, { ...options, action: 'unpublish' })
}

/** "Supprimer l’actualité", after the confirmation page. */
export async function deleteNews(db: Db, { actor, newsId }: { actor: SessionUser; newsId: number }) {
  const news = await findNewsForAdmin(db, actor, newsId)
  await db.$transaction(async (tx) => {
    await tx.news.deleteMany({ where: { id: news.id } })
    await withdrawNewsNotifications(tx, news.id)
    await audit(tx, {
      actorUserId: actor.id,
      action: 'news.delete',
      targetType: 'News',
      targetId: news.id,
      details: { title: news.title, published: news.published },
    })
  })
  return { title: news.title }
}

// ───────────────────────── Readers ─────────────────────────

/** "Nouveautés de la plateforme": published items, newest first. */
export async function listPublishedNews(db: Db, options: { page: unknown }) {
  const { total, page, rows } = await paginate(options.page, READER_PAGE_SIZE, db.news.count({ where: PUBLISHED_NEWS }), (range) =>
    db.news.findMany({
      where: PUBLISHED_NEWS,
      select: { id: true, title: true, body: true, publishedAt: true },
      orderBy: NEWEST_FIRST,
      ...range,
    }),
  )
  return { news: rows, total, page }
}

/**
 * The few latest published items, for the dashboards: one statement of the read layer. Its condition
 * and order are PUBLISHED_NEWS and NEWEST_FIRST of policy.ts, in SQL.
 */
const LATEST_NEWS = preparedQuery([], (reader) =>
  reader
    .selectFrom('News')
    .select(['id', 'title', 'body', 'publishedAt'])
    .where('published', '=', true)
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(LATEST_NEWS_SHOWN),
)

/** How many items the dashboards show. */
const LATEST_NEWS_SHOWN = 3

export async function listLatestNews(db: Db) {
  const rows = await LATEST_NEWS.execute(db, {})
  return rows.map((row) => ({ ...row, publishedAt: toDate(row.publishedAt) }))
}
