import type { Config } from '../../config.ts'
import type { Db, Tx } from '../../lib/db.ts'
import { queueEmail } from '../../lib/outbox.ts'

/** To each active référent of the établissement: a self-registration waits for them. */
export async function queueRegistrationToValidateEmail(
  tx: Tx | Db,
  config: Config,
  message: { to: string; referentFirstName: string; candidateName: string; establishmentName: string },
) {
  await queueEmail(tx, {
    to: message.to,
    subject: 'Une inscription attend votre validation',
    template: 'registrations/to-validate',
    data: {
      referentFirstName: message.referentFirstName,
      candidateName: message.candidateName,
      establishmentName: message.establishmentName,
      link: `${config.baseUrl}/referent/inscriptions`,
    },
  })
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
