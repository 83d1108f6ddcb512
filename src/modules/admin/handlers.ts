import type { Request, Response } from 'express'
import type { RouterDeps } from '../../web/deps.ts'
import { fullName } from '../../lib/text.ts'
import { parseForm, type FieldErrors } from '../../lib/forms.ts'
import { keepValues } from '../../web/forms.ts'
import { actorOf } from '../../web/guards.ts'
import { canApply } from './account-workflow.ts'
import { ROLE_NAMES, STATUS_BADGES, USER_STATUS_LABELS } from './labels.ts'
import { INVITABLE_ROLES, ZInviteUserForm } from './schemas.ts'
import {
  changeAccountStatus,
  findUserForAdmin,
  inviteUser,
  listUsers,
  loadInviteChoices,
  resendInvitation,
  resetTwoFactorOfUser,
  roleFrom,
  USER_STATUSES,
  userStatusFrom,
} from './service.ts'
import { idParam } from '../../web/params.ts'

/** Back to the list the administrator came from (its search, filters and page), never elsewhere. */
function usersListFrom(raw: unknown): string {
  return typeof raw === 'string' && /^\/admin\/utilisateurs(\?[\w%.+=&-]*)?$/.test(raw) ? raw : '/admin/utilisateurs'
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
      const status = userStatusFrom(req.query.status)
      const { users, total, page } = await listUsers(db, { query, role, status, page: req.query.page })
      res.render('admin/users', {
        title: page.current > 1 ? `Utilisateurs – page ${page.current}` : 'Utilisateurs',
        users,
        total,
        page,
        query,
        role,
        status,
        values: { q: query, role: role ?? '', status: status ?? '' },
        roleOptions: roleOptions(['CANDIDATE', 'REFERENT', 'RECRUITER', 'ADMIN']),
        statusOptions: USER_STATUSES.map((value) => ({ value, label: USER_STATUS_LABELS[value] })),
        listUrl: req.originalUrl,
        actorId: actorOf(req).id,
        canApply,
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
      const result = await resendInvitation({ db, config }, { actor: actorOf(req), userId: idParam(req.params.id) })
      if (result.status === 'sent') {
        req.flash('success', `Une nouvelle invitation a été envoyée à ${result.email}. Le lien précédent ne fonctionne plus.`)
      } else {
        req.flash('error', 'Ce compte n’attend pas d’activation : aucune invitation n’a été envoyée.')
      }
      res.redirect('/admin/utilisateurs')
    },

    async showDisable(req: Request, res: Response) {
      const user = await findUserForAdmin(db, idParam(req.params.id))
      const name = fullName(user)
      const back = usersListFrom(req.query.retour)
      if (user.id === actorOf(req).id || !canApply('disable', user.status)) {
        req.flash(
          'info',
          user.id === actorOf(req).id
            ? 'Vous ne pouvez pas désactiver votre propre compte.'
            : `Le compte de ${name} ne peut pas être désactivé : il est « ${USER_STATUS_LABELS[user.status]} ».`,
        )
        return res.redirect(back)
      }
      res.render('admin/disable-user', { title: `Désactiver le compte de ${name}`, user, name, roleName: ROLE_NAMES[user.role], back })
    },

    async disable(req: Request, res: Response) {
      const result = await changeAccountStatus({ db }, { actor: actorOf(req), userId: idParam(req.params.id), action: 'disable' })
      if (result.status === 'done') {
        req.flash('success', `Le compte de ${result.name} est désactivé : cette personne ne peut plus se connecter. Ses données sont conservées.`)
      } else if (result.status === 'self') {
        req.flash('error', 'Vous ne pouvez pas désactiver votre propre compte.')
      } else {
        req.flash(
          'info',
          result.current === 'DISABLED'
            ? `Le compte de ${result.name} est déjà désactivé.`
            : `Le compte de ${result.name} ne peut pas être désactivé : il est « ${USER_STATUS_LABELS[result.current]} ».`,
        )
      }
      res.redirect(usersListFrom(req.body?.retour))
    },

    async resetTwoFactor(req: Request, res: Response) {
      const result = await resetTwoFactorOfUser({ db }, { actor: actorOf(req), userId: idParam(req.params.id) })
      if (result.status === 'done') {
        req.flash(
          'success',
          `La double authentification de ${result.name} est réinitialisée : cette personne se connectera avec son seul mot de passe et pourra la réactiver. Ses sessions ouvertes ont été fermées.`,
        )
      } else if (result.status === 'self') {
        req.flash('error', 'Votre propre double authentification se gère depuis « Mon compte » › « Double authentification ».')
      } else {
        req.flash('info', `La double authentification n’est pas activée sur le compte de ${result.name}.`)
      }
      res.redirect(usersListFrom(req.body?.retour))
    },

    async enable(req: Request, res: Response) {
      const result = await changeAccountStatus({ db }, { actor: actorOf(req), userId: idParam(req.params.id), action: 'enable' })
      if (result.status === 'done') {
        req.flash(
          'success',
          result.newStatus === 'ACTIVE'
            ? `Le compte de ${result.name} est réactivé : cette personne peut de nouveau se connecter.`
            : `Le compte de ${result.name} est réactivé. Cette personne n’a pas encore choisi de mot de passe : envoyez-lui une nouvelle invitation avec « Renvoyer l’invitation ».`,
        )
      } else {
        req.flash('info', result.status === 'self' ? 'Votre compte est actif.' : `Le compte de ${result.name} n’est pas désactivé.`)
      }
      res.redirect(usersListFrom(req.body?.retour))
    },
  }
}
