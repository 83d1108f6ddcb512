import { askedPage } from '../../lib/pagination.ts'
import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { paragraphsOf } from '../applications/labels.ts'
import { NEWS_STATUS_BADGES, NEWS_STATUS_LABELS } from './labels.ts'
import { NEWS_BODY_MAX_LENGTH, NEWS_TITLE_MAX_LENGTH, ZNewsForm } from './schemas.ts'
import { idParam } from '../../web/params.ts'
import {
  createNews,
  deleteNews,
  findNewsForAdmin,
  findPublishedNews,
  listNewsForAdmin,
  listPublishedNews,
  publishNews,
  unpublishNews,
  updateNews,
} from './service.ts'

/** Back to the page of the list the button was on. */
function adminListUrl(rawPage: unknown): string {
  const page = askedPage(rawPage)
  return page !== null && page > 1 ? `/admin/actualites?page=${page}` : '/admin/actualites'
}

const formLimits = { titleMax: NEWS_TITLE_MAX_LENGTH, bodyMax: NEWS_BODY_MAX_LENGTH }
const viewHelpers = { statusLabels: NEWS_STATUS_LABELS, statusBadges: NEWS_STATUS_BADGES, paragraphsOf }

type FormLocals = {
  news?: { id: number; title: string; published: boolean }
  values: Record<string, unknown>
  errors?: FieldErrors
}

export function createNewsHandlers({ db, config }: RouterDeps) {
  const { baseUrl } = config
  function renderForm(res: Response, status: number, { news, values, errors }: FormLocals) {
    res.status(status).render('news/form', {
      title: news ? `Modifier l’actualité – ${news.title}` : 'Rédiger une actualité',
      news: news ?? null,
      action: news ? `/admin/actualites/${news.id}/modifier` : '/admin/actualites/nouvelle',
      values,
      errors: errors ?? {},
      ...formLimits,
    })
  }

  return {
    // ───────────── Administrators ─────────────

    async listForAdmin(req: Request, res: Response) {
      const { news, total, page } = await listNewsForAdmin(db, actorOf(req), { page: req.query.page })
      res.render('news/admin-list', {
        title: page.current > 1 ? `Actualités – page ${page.current}` : 'Actualités',
        news,
        total,
        page,
        ...viewHelpers,
      })
    },

    showNew(_req: Request, res: Response) {
      renderForm(res, 200, { values: {} })
    },

    async create(req: Request, res: Response) {
      const form = parseForm(ZNewsForm, req.body)
      if (!form.ok) return renderForm(res, 422, { values: keepValues(req.body, ['action']), errors: form.errors })
      const result = await createNews(db, { actor: actorOf(req), form: form.data, baseUrl })
      req.flash(
        'success',
        result.published
          ? `L’actualité « ${result.title} » est publiée : elle apparaît dans les Nouveautés de la plateforme et sur les tableaux de bord.`
          : `L’actualité « ${result.title} » est enregistrée comme brouillon : personne d’autre que les administrateurs ne la voit.`,
      )
      res.redirect('/admin/actualites')
    },

    async showEdit(req: Request, res: Response) {
      const news = await findNewsForAdmin(db, actorOf(req), idParam(req.params.id))
      renderForm(res, 200, { news, values: { title: news.title, body: news.body } })
    },

    async update(req: Request, res: Response) {
      const actor = actorOf(req)
      const newsId = idParam(req.params.id)
      const form = parseForm(ZNewsForm, req.body)
      if (!form.ok) {
        const news = await findNewsForAdmin(db, actor, newsId)
        return renderForm(res, 422, { news, values: keepValues(req.body, ['action']), errors: form.errors })
      }
      const result = await updateNews(db, { actor, newsId, form: form.data, baseUrl })
      req.flash(
        'success',
        result.published
          ? `L’actualité « ${result.title} » est enregistrée et publiée.`
          : result.wasPublished
            ? `L’actualité « ${result.title} » est enregistrée ; elle reste publiée.`
            : `L’actualité « ${result.title} » est enregistrée comme brouillon.`,
      )
      res.redirect('/admin/actualites')
    },

    async publish(req: Request, res: Response) {
      const result = await publishNews(db, { actor: actorOf(req), newsId: idParam(req.params.id), baseUrl })
      if (result.status === 'done') req.flash('success', `L’actualité « ${result.title} » est publiée.`)
      else req.flash('info', `L’actualité « ${result.title} » était déjà publiée : rien n’a changé.`)
      res.redirect(adminListUrl((req.body as Record<string, unknown> | undefined)?.page))
    },

    async unpublish(req: Request, res: Response) {
      const result = await unpublishNews(db, { actor: actorOf(req), newsId: idParam(req.params.id) })
      if (result.status === 'done') req.flash('success', `L’actualité « ${result.title} » est retirée de la publication : elle redevient un brouillon.`)
      else req.flash('info', `L’actualité « ${result.title} » n’était pas publiée : rien n’a changé.`)
      res.redirect(adminListUrl((req.body as Record<string, unknown> | undefined)?.page))
    },

    async showDelete(req: Request, res: Response) {
      const news = await findNewsForAdmin(db, actorOf(req), idParam(req.params.id))
      res.render('news/delete', { title: `Supprimer l’actualité – ${news.title}`, news, ...viewHelpers })
    },

    async delete(req: Request, res: Response) {
      const result = await deleteNews(db, { actor: actorOf(req), newsId: idParam(req.params.id) })
      req.flash('success', `L’actualité « ${result.title} » est supprimée.`)
      res.redirect('/admin/actualites')
    },

    // ───────────── Every signed-in person ─────────────

    async list(req: Request, res: Response) {
      const { news, total, page } = await listPublishedNews(db, { page: req.query.page })
      res.render('news/list', {
        title: page.current > 1 ? `Nouveautés de la plateforme – page ${page.current}` : 'Nouveautés de la plateforme',
        news,
        total,
        page,
        ...viewHelpers,
      })
    },

    async show(req: Request, res: Response) {
      const news = await findPublishedNews(db, idParam(req.params.id))
      res.render('news/show', { title: `${news.title} – Actualité`, news, ...viewHelpers })
    },
  }
}
