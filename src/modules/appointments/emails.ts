/**
 * What the appointments domain tells: the candidate, each time an appointment with them is planned,
 * moved or cancelled ("appointment.planned" in the catalogue: "Rendez-vous planifié ou modifié"),
 * through notify(), which follows their "Alertes et notifications" choices. Written inside the
 * transaction of the change (workflow.ts): a change that rolls back tells nobody anything.
 *
 * The email carries the details and two links: the appointment's page and its .ics file (both
 * behind the candidate's sign-in). No attachment: the link always gives the current version.
 */
import type { Config } from '../../config.ts'
import type { Db, Tx } from '../../lib/db.ts'
import { fullName } from '../../lib/text.ts'
import { notify } from '../notifications/service.ts'
import { appointmentDateTime, appointmentHours, durationText, locationLabel, MODE_LABELS } from './labels.ts'
import type { AppointmentAction } from './workflow.ts'

export type AppointmentNotice = {
  appointmentId: number
  action: AppointmentAction
  /** when it was before a move or a cancellation */
  previousStartsAt: Date | null
}

/** The notification's title, which is also the email's subject. */
export function noticeTitle(action: AppointmentAction, startsAt: Date): string {
  const when = appointmentDateTime(startsAt)
  switch (action) {
    case 'plan':
      return `Nouveau rendez-vous le ${when}`
    case 'move':
      return `Rendez-vous modifié : le ${when}`
    case 'cancel':
      return `Rendez-vous annulé : celui du ${when}`
  }
}

export async function notifyAppointmentEvent(tx: Tx | Db, config: Config, notice: AppointmentNotice): Promise<void> {
  const appointment = await tx.appointment.findUniqueOrThrow({
    where: { id: notice.appointmentId },
    include: {
      candidate: { select: { userId: true } },
      referent: { select: { user: { select: { firstName: true, lastName: true } } } },
    },
  })
  const referentName = fullName(appointment.referent.user)
  const shownStart = notice.action === 'cancel' && notice.previousStartsAt ? notice.previousStartsAt : appointment.startsAt
  const title = noticeTitle(notice.action, shownStart)
  const moved = notice.action === 'move' && notice.previousStartsAt && notice.previousStartsAt.getTime() !== appointment.startsAt.getTime()
  const hours = appointmentHours(appointment)
  const details = [
    moved ? `Au lieu du ${appointmentDateTime(notice.previousStartsAt!)}.` : null,
    `${hours.charAt(0).toUpperCase()}${hours.slice(1)} (${durationText(appointment.durationMinutes)}).`,
    `${MODE_LABELS[appointment.mode]}${appointment.location ? ` : ${appointment.location}` : ''}.`,
    `Objet : ${appointment.subject.replace(/[.…]+$/, '')}.`,
    `Avec ${referentName}.`,
  ]
  const body = notice.action === 'cancel' ? `${referentName} a annulé ce rendez-vous (objet : ${appointment.subject}).` : details.filter(Boolean).join(' ')
  const baseUrl = config.baseUrl.replace(/\/+$/, '')
  await notify(
    tx,
    {
      userId: appointment.candidate.userId,
      event: 'appointment.planned',
      title,
      body,
      link: `/rendez-vous/${appointment.id}`,
      email: {
        subject: title,
        template: 'appointments/changed',
        data: {
          action: notice.action,
          title,
          when: appointmentDateTime(shownStart),
          previousWhen: moved ? appointmentDateTime(notice.previousStartsAt!) : null,
          hours: appointmentHours(appointment),
          duration: durationText(appointment.durationMinutes),
          modeLabel: MODE_LABELS[appointment.mode],
          locationLabel: locationLabel(appointment.mode),
          location: appointment.location,
          subject: appointment.subject,
          referentName,
          link: `${baseUrl}/rendez-vous/${appointment.id}`,
          icsLink: `${baseUrl}/rendez-vous/${appointment.id}.ics`,
        },
      },
    },
    { baseUrl },
  )
}
