/**
 * The messages the parrainage domain sends, written inside the transaction of the transition that
 * causes them (workflow.ts): a rolled-back change tells nobody anything.
 *
 * - request → the employer's active recruiters ("sponsorship.received", the email carrying the
 *   request); an employer without any recruiter account gets it by plain email at its contact
 *   address; the référents of the candidate's établissement ("candidate_sponsorship.sent",
 *   in-site by default);
 * - accept / decline → the candidate ("sponsorship.answered"), with the mentor or the message;
 * - cancel → the recruiters ("sponsorship.cancelled", in the site only by default): a request they
 *   no longer need to answer is rarely worth an email.
 *
 * The employer never receives the candidate's profile, documents or RQTH: only their name and
 * what the request says.
 */
import type { Config } from '../../config.ts'
import type { Db, Tx } from '../../lib/db.ts'
import { queueEmail } from '../../lib/outbox.ts'
import { fullName } from '../../lib/text.ts'
import { activeReferentsOf } from '../applications/emails.ts'
import { notify } from '../notifications/service.ts'
import type { SponsorshipAction } from './workflow.ts'

type Client = Tx | Db

export type SponsorshipNotice = { sponsorshipId: number; action: SponsorshipAction }

async function loadSponsorship(tx: Client, sponsorshipId: number) {
  return tx.sponsorshipRequest.findUniqueOrThrow({
    where: { id: sponsorshipId },
    include: {
      employer: { select: { id: true, name: true, contactEmail: true } },
      candidate: { select: { id: true, establishmentId: true, user: { select: { id: true, firstName: true, lastName: true } } } },
    },
  })
}
type LoadedSponsorship = Awaited<ReturnType<typeof loadSponsorship>>

function activeRecruitersOf(tx: Client, employerId: number) {
  return tx.user.findMany({
    where: { role: 'RECRUITER', status: 'ACTIVE', recruiter: { employerId } },
    select: { id: true, email: true },
    orderBy: { id: 'asc' },
  })
}

/** The request itself, to the employer: its recruiters, or else its contact address. */
async function tellEmployerOfRequest(tx: Client, config: Config, sponsorship: LoadedSponsorship) {
  const name = fullName(sponsorship.candidate.user)
  const subject = `Nouvelle demande de parrainage : ${name}`
  const data = {
    employerName: sponsorship.employer.name,
    candidateName: name,
    motivation: sponsorship.motivation,
    expectations: sponsorship.expectations,
    availability: sponsorship.availability,
    link: `${config.baseUrl}/recruteur/parrainages/${sponsorship.id}`,
  }
  const recruiters = await activeRecruitersOf(tx, sponsorship.employerId)
  for (const recruiter of recruiters) {
    await notify(
      tx,
      {
        userId: recruiter.id,
        event: 'sponsorship.received',
        title: subject,
        body: `${name} demande un parrainage à ${sponsorship.employer.name}.`,
        link: `/recruteur/parrainages/${sponsorship.id}`,
        email: { subject, template: 'sponsorships/received', data: { ...data, hasAccount: true } },
      },
      { baseUrl: config.baseUrl },
    )
  }
  if (recruiters.length === 0 && sponsorship.employer.contactEmail) {
    await queueEmail(tx, {
      to: sponsorship.employer.contactEmail,
      subject,
      template: 'sponsorships/received',
      data: { ...data, firstName: null, hasAccount: false },
      // asking, cancelling and asking again: as for the recruiters' alerts ("sponsorship.received")
      coalesceKey: `sponsorship.received:${subject}`,
    })
  }
}

async function tellReferentsOfRequest(tx: Client, config: Config, sponsorship: LoadedSponsorship) {
  const name = fullName(sponsorship.candidate.user)
  for (const referent of await activeReferentsOf(tx, sponsorship.candidate.establishmentId)) {
    await notify(
      tx,
      {
        userId: referent.id,
        event: 'candidate_sponsorship.sent',
        title: `Demande de parrainage de ${name}`,
        body: `${name} a demandé un parrainage à ${sponsorship.employer.name}.`,
        link: `/referent/parrainages/${sponsorship.id}`,
      },
      { baseUrl: config.baseUrl },
    )
  }
}

async function tellCandidateOfAnswer(tx: Client, config: Config, sponsorship: LoadedSponsorship) {
  const accepted = sponsorship.status === 'ACCEPTED'
  const employerName = sponsorship.employer.name
  const title = accepted ? `${employerName} a accepté votre demande de parrainage` : `${employerName} a décliné votre demande de parrainage`
  const body = accepted
    ? `Votre parrain ou votre marraine : ${sponsorship.mentorName} (${sponsorship.mentorContact}).`
    : sponsorship.answerMessage
      ? `Message de ${employerName} : ${sponsorship.answerMessage}`
      : `${employerName} ne peut pas donner suite à votre demande.`
  await notify(
    tx,
    {
      userId: sponsorship.candidate.user.id,
      event: 'sponsorship.answered',
      title,
      body,
      link: `/parrainages/${sponsorship.id}`,
      email: {
        subject: title,
        template: 'sponsorships/answered',
        data: {
          accepted,
          employerName,
          mentorName: sponsorship.mentorName,
          mentorContact: sponsorship.mentorContact,
          message: sponsorship.answerMessage,
          link: `${config.baseUrl}/parrainages/${sponsorship.id}`,
        },
      },
    },
    { baseUrl: config.baseUrl },
  )
}

/** A request they no longer need to answer: in the site by default ("sponsorship.cancelled"). */
async function tellRecruitersOfCancellation(tx: Client, config: Config, sponsorship: LoadedSponsorship) {
  const name = fullName(sponsorship.candidate.user)
  for (const recruiter of await activeRecruitersOf(tx, sponsorship.employerId)) {
    await notify(
      tx,
      {
        userId: recruiter.id,
        event: 'sponsorship.cancelled',
        title: `Demande de parrainage annulée : ${name}`,
        body: `${name} a annulé sa demande de parrainage : vous n’avez plus à y répondre.`,
        link: `/recruteur/parrainages/${sponsorship.id}`,
      },
      { baseUrl: config.baseUrl },
    )
  }
}

/** Queue everything one transition causes. Called by workflow.ts only. */
export async function notifySponsorshipEvent(tx: Client, config: Config, notice: SponsorshipNotice): Promise<void> {
  const sponsorship = await loadSponsorship(tx, notice.sponsorshipId)
  switch (notice.action) {
    case 'request':
      await tellEmployerOfRequest(tx, config, sponsorship)
      await tellReferentsOfRequest(tx, config, sponsorship)
      return
    case 'accept':
    case 'decline':
      await tellCandidateOfAnswer(tx, config, sponsorship)
      return
    case 'cancel':
      await tellRecruitersOfCancellation(tx, config, sponsorship)
      return
  }
}
