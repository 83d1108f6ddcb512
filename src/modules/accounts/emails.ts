import type { Config } from '../../config.ts'
import type { Db, Tx } from '../../lib/db.ts'
import { queueEmail } from '../../lib/outbox.ts'

/** Why someone receives a "choose your password" link: the email says it in its first line. */
export type InvitationReason =
  | { kind: 'created_by_referent'; referentName: string; establishmentName: string }
  | { kind: 'registration_validated'; establishmentName: string }
  | { kind: 'invited'; roleLabel: string; organisationName: string | null; inviterName: string }
  | { kind: 'new_link' }

export async function queueInvitationEmail(
  tx: Tx | Db,
  config: Config,
  message: { to: string; firstName: string; token: string; reason: InvitationReason; coalesceKey?: string },
) {
  await queueEmail(tx, {
    coalesceKey: message.coalesceKey,
    to: message.to,
    subject: 'Créez votre compte Atouts pour tous en choisissant un mot de passe',
    template: 'accounts/invitation',
    data: { firstName: message.firstName, reason: message.reason, link: `${config.baseUrl}/activation/${message.token}`, validityDays: 7 },
  })
}

export async function queuePasswordResetEmail(tx: Tx | Db, config: Config, message: { to: string; firstName: string; token: string; coalesceKey?: string }) {
  await queueEmail(tx, {
    coalesceKey: message.coalesceKey,
    to: message.to,
    subject: 'Réinitialisation de votre mot de passe Atouts pour tous',
    template: 'accounts/password-reset',
    data: { firstName: message.firstName, link: `${config.baseUrl}/reinitialisation/${message.token}`, validityHours: 2 },
  })
}
