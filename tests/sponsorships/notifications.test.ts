// Who is told what, following each person's "Alertes et notifications" choices; the emails checked
// as received by a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmployer, createRecruiter, createReferent, createSponsorshipRequest } from '../factories/index.ts'
import { createMailTestContext, idIn, signIn, submitForm, type MailTestContext } from '../helpers/app.ts'
import { deliverEmails, linkIn, pathOf, recipientsOf } from '../helpers/mail.ts'
import { createSponsorshipsWorld, SPONSORSHIP_REQUEST } from '../factories/worlds.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

async function mailsTo(email: string) {
  await deliverEmails(ctx)
  return ctx.smtp.messages.filter((message) => recipientsOf(message).includes(email))
}

const prefer = (userId: number, event: string, choice: { email: boolean; inSite: boolean }) =>
  ctx.db.notificationPreference.create({ data: { userId, event, ...choice } })

describe('a new request', () => {
  it('when a candidate sends one, then the recruiters and référents are told as they chose, and the recruiter’s email leads to the request', async () => {
    const world = await createSponsorshipsWorld(ctx)
    // the colleague wants no email; a disabled recruiter gets nothing; a second référent ticked the email alert
    await prefer(world.colleague.user.id, 'sponsorship.received', { email: false, inSite: true })
    const disabled = await createRecruiter(ctx.db, { employerId: world.employer.id, status: 'DISABLED' })
    const emailReferent = await createReferent(ctx.db, { establishmentId: world.establishment.id })
    await prefer(emailReferent.user.id, 'candidate_sponsorship.sent', { email: true, inSite: false })

    const agent = await signIn(ctx.app, world.candidate.user.email)
    const response = await submitForm(agent, `/employeurs/${world.employer.id}/parrainage`, SPONSORSHIP_REQUEST)
    const id = idIn(response.headers.location)
    const name = `${world.candidate.user.firstName} ${world.candidate.user.lastName}`

    // recruiters
    const forRecruiter = await ctx.db.notification.findFirstOrThrow({ where: { userId: world.recruiter.user.id } })
    expect(forRecruiter).toMatchObject({
      event: 'sponsorship.received',
      title: `Nouvelle demande de parrainage : ${name}`,
      link: `/recruteur/parrainages/${id}`,
    })
    expect(await ctx.db.notification.count({ where: { userId: world.colleague.user.id, event: 'sponsorship.received' } })).toBe(1)
    expect(await ctx.db.notification.count({ where: { userId: disabled.user.id } })).toBe(0)
    expect(await mailsTo(world.colleague.user.email)).toHaveLength(0)
    expect(await mailsTo(disabled.user.email)).toHaveLength(0)
    const [mail] = await mailsTo(world.recruiter.user.email)
    expect(mail.subject).toBe(`Nouvelle demande de parrainage : ${name}`)
    expect(mail.text).toContain(SPONSORSHIP_REQUEST.motivation)
    expect(mail.text).toContain(SPONSORSHIP_REQUEST.expectations)
    expect(mail.text).toContain(SPONSORSHIP_REQUEST.availability)
    expect(mail.text).not.toContain(world.candidate.user.email)
    expect(mail.html).toContain(SPONSORSHIP_REQUEST.availability)
    const link = linkIn(mail, `${ctx.config.baseUrl}/recruteur/parrainages/`)
    const recruiterAgent = await signIn(ctx.app, world.recruiter.user.email)
    expect((await recruiterAgent.get(pathOf(link))).status).toBe(200)

    // référents: in the site by default, no email unless ticked
    const forReferent = await ctx.db.notification.findFirstOrThrow({ where: { userId: world.referent.user.id } })
    expect(forReferent).toMatchObject({ event: 'candidate_sponsorship.sent', link: `/referent/parrainages/${id}` })
    expect(await mailsTo(world.referent.user.email)).toHaveLength(0)
    expect(await ctx.db.notification.count({ where: { userId: emailReferent.user.id } })).toBe(0)
    const referentMails = await mailsTo(emailReferent.user.email)
    expect(referentMails).toHaveLength(1)
    expect(referentMails[0].subject).toBe(`Demande de parrainage de ${name}`)

    // nobody else
    expect(await ctx.db.notification.count({ where: { userId: { in: [world.strangerRecruiter.user.id, world.strangerReferent.user.id] } } })).toBe(0)
  })

  it('when the employer has no recruiter account, then its contact address gets the request by email, without the candidate’s email', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const lonely = await createEmployer(ctx.db, { partnerOf: [world.convention.id], contactEmail: 'contact@sans-compte.example' })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    await submitForm(agent, `/employeurs/${lonely.id}/parrainage`, SPONSORSHIP_REQUEST)
    const mails = await mailsTo('contact@sans-compte.example')
    expect(mails).toHaveLength(1)
    expect(mails[0].text).toContain(SPONSORSHIP_REQUEST.motivation)
    expect(mails[0].text).toContain('il vous faut un compte recruteur')
    expect(mails[0].text).not.toContain(world.candidate.user.email)
  })
})

describe('an answer', () => {
  it('when the employer accepts, then the candidate gets the alert email with the mentor, and an in-site notification', async () => {
    const world = await createSponsorshipsWorld(ctx)
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    await submitForm(
      recruiter,
      `/recruteur/parrainages/${sponsorship.id}/accepter`,
      { mentorName: 'Léa Dupont', mentorContact: 'lea.dupont@exemple.fr' },
      `/recruteur/parrainages/${sponsorship.id}`,
    )
    const mails = await mailsTo(world.candidate.user.email)
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe(`${world.employer.name} a accepté votre demande de parrainage`)
    expect(mails[0].text).toContain('Votre parrain ou votre marraine : Léa Dupont')
    expect(mails[0].text).toContain('lea.dupont@exemple.fr')
    expect(pathOf(linkIn(mails[0], `${ctx.config.baseUrl}/parrainages/`))).toBe(`/parrainages/${sponsorship.id}`)
    expect(await ctx.db.notification.count({ where: { userId: world.candidate.user.id, event: 'sponsorship.answered' } })).toBe(1)
  })

  it('when the candidate unticked the alert, then a decline is an in-site notification only; unticked both, nothing', async () => {
    const world = await createSponsorshipsWorld(ctx)
    await prefer(world.candidate.user.id, 'sponsorship.answered', { email: false, inSite: true })
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const recruiter = await signIn(ctx.app, world.recruiter.user.email)
    await submitForm(
      recruiter,
      `/recruteur/parrainages/${sponsorship.id}/decliner`,
      { declineMessage: 'Pas de parrain disponible.' },
      `/recruteur/parrainages/${sponsorship.id}`,
    )
    expect(await mailsTo(world.candidate.user.email)).toHaveLength(0)
    const notification = await ctx.db.notification.findFirstOrThrow({ where: { userId: world.candidate.user.id } })
    expect(notification.title).toBe(`${world.employer.name} a décliné votre demande de parrainage`)
    expect(notification.body).toContain('Pas de parrain disponible.')

    const other = await createSponsorshipsWorld(ctx)
    await prefer(other.candidate.user.id, 'sponsorship.answered', { email: false, inSite: false })
    const silent = await createSponsorshipRequest(ctx.db, { candidateId: other.candidate.candidate.id, employerId: other.employer.id })
    await submitForm(
      await signIn(ctx.app, other.recruiter.user.email),
      `/recruteur/parrainages/${silent.id}/decliner`,
      {},
      `/recruteur/parrainages/${silent.id}`,
    )
    expect((await ctx.db.sponsorshipRequest.findUniqueOrThrow({ where: { id: silent.id } })).status).toBe('DECLINED')
    expect(await ctx.db.notification.count({ where: { userId: other.candidate.user.id } })).toBe(0)
    expect(await mailsTo(other.candidate.user.email)).toHaveLength(0)
  })
})

describe('a cancellation', () => {
  it('when the candidate cancels, then the recruiters are told in the site only by default, or as they chose', async () => {
    const world = await createSponsorshipsWorld(ctx)
    await prefer(world.colleague.user.id, 'sponsorship.cancelled', { email: true, inSite: false })
    const sponsorship = await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id })
    const agent = await signIn(ctx.app, world.candidate.user.email)
    await submitForm(agent, `/parrainages/${sponsorship.id}/annuler`, {})
    const notification = await ctx.db.notification.findFirstOrThrow({ where: { userId: world.recruiter.user.id } })
    expect(notification).toMatchObject({ event: 'sponsorship.cancelled', link: `/recruteur/parrainages/${sponsorship.id}` })
    expect(notification.title).toContain('Demande de parrainage annulée')
    expect(await ctx.db.notification.count({ where: { userId: world.colleague.user.id } })).toBe(0)
    expect(await mailsTo(world.recruiter.user.email)).toHaveLength(0)
    const [mail] = await mailsTo(world.colleague.user.email)
    expect(mail.subject).toContain('Demande de parrainage annulée')
  })
})
