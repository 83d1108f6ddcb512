import type { Request, Response } from 'express'
import type { RouterDeps } from '../../app.ts'
import { AppError } from '../../lib/errors.ts'
import { keepValues, parseForm, type FieldErrors } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { ROLE_NAMES, STATUS_BADGES, USER_STATUS_LABELS } from './labels.ts'
import { INVITABLE_ROLES, ZInviteUserForm } from './schemas.ts'
import { inviteUser, listUsers, loadInviteChoices, resendInvitation, roleFrom } from './service.ts'

function idFrom(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new AppError('NOT_FOUND')
  return Number(raw)
}

const roleOptions = (roles: readonly (keyof typeof ROLE_NAMES)[]) => roles.map((role) => ({ value: role, label: ROLE_NAMES[role] }))

export function createAdminHandlers({ db, config }: RouterDeps) {
  async function renderInvite(res: Response, status: number, locals: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    res.status(status).render('admin/invite', {
      title: 'Inviter un utilisateur',
      ...(await loadInviteChoices(db)),
      roleOptions: roleOptions(INVITABLE_ROLES),
      ...locals,
    })
  }

  return {
    async listUsers(req: Request, res: Response) {
      const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : ''
      const role = roleFrom(req.query.role)
      const { users, total, page } = await listUsers(db, { query, role, page: req.query.page })
      res.render('admin/users', {
        title: page.current > 1 ? `Utilisateurs – page ${page.current}` : 'Utilisateurs',
        users,
        total,
        page,
        query,
        role,
        values: { q: query, role: role ?? '' },
        roleOptions: roleOptions(['CANDIDATE', 'REFERENT', 'RECRUITER', 'ADMIN']),
        roleNames: ROLE_NAMES,
        statusLabels: USER_STATUS_LABELS,
        statusBadges: STATUS_BADGES,
      })
    },

    async showInvite(_req: Request, res: Response) {
      await renderInvite(res, 200)
    },

    async invite(req: Request, res: Response) {
      const form = parseForm(ZInviteUserForm, req.body)
      const result = form.ok ? await inviteUser({ db, config }, { actor: actorOf(req), form: form.data }) : form
      if (!result.ok) return renderInvite(res, 422, { errors: result.errors, values: keepValues(req.body) })
      req.flash('success', `L’invitation a été envoyée à ${result.email}.`)
      res.redirect('/admin/utilisateurs')
    },

    async resendInvitation(req: Request, res: Response) {
      const result = await resendInvitation({ db, config }, { actor: actorOf(req), userId: idFrom(req.params.id) })
      if (result.status === 'sent') {
        req.flash('success', `Une nouvelle invitation a été envoyée à ${result.email}. Le lien précédent ne fonctionne plus.`)
      } else {
        req.flash('error', 'Ce compte n’attend pas d’activation : aucune invitation n’a été envoyée.')
      }
      res.redirect('/admin/utilisateurs')
    },
  }
}
