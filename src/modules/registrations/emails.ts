import type { Config } from '../../config.ts'
import type { Db, Tx } from '../../lib/db.ts'
import { queueEmail } from '../../lib/outbox.ts'

/** The email to each active référent of the établissement (sent through notify(), as they chose): a self-registration waits for them. */
export function registrationToValidateEmail(config: Config, message: { referentFirstName: string; candidateName: string; establishmentName: string }) {
  return {
    subject: 'Une inscription attend votre validation',
    template: 'registrations/to-validate',
    data: { ...message, link: `${config.baseUrl}/referent/inscriptions` },
  }
}

/** To the person whose self-registration a référent refused, with the reason they wrote. */
export async function queueRegistrationRefusedEmail(
  tx: Tx | Db,
  config: Config,
  message: { to: string; firstName: string; establishmentName: string; reason: string },
) {
  await queueEmail(tx, {
    to: message.to,
    subject: 'Votre inscription sur Atouts pour tous n’a pas été validée',
    template: 'registrations/refused',
    data: {
      firstName: message.firstName,
      establishmentName: message.establishmentName,
      reason: message.reason,
      signUpLink: `${config.baseUrl}/inscription`,
    },
  })
}
