import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplicationStatus, Role } from '../../src/lib/db.ts'
import {
  resubmitApplication,
  returnApplication,
  submitApplication,
  updateStatusByEmployer,
  validateApplication,
  withdrawApplication,
} from '../../src/modules/applications/service.ts'
import { findTransition, nextStatuses, TRANSITIONS, transitionApplication } from '../../src/modules/applications/workflow.ts'
import { createApplication, createRecruiter, createReferent } from '../factories/index.ts'
import { actor, createMailTestContext, type MailTestContext } from '../helpers/app.ts'
import { createApplicationsWorld } from '../factories/worlds.ts'
import { deliverEmails, outboxTo, recipientsOf } from '../helpers/mail.ts'

let ctx: MailTestContext
beforeAll(async () => {
  ctx = await createMailTestContext()
})
afterAll(() => ctx?.cleanup())

const form = (overrides: Partial<Parameters<typeof submitApplication>[1]['form']> = {}) => ({
  messageToEmployer: 'Madame, Monsieur, je vous prie de trouver ci-joint mon dossier de candidature.',
  documentIds: [] as number[],
  shareDisability: false,
  messageToReferent: 'Pouvez-vous relire ma lettre ? Mon secret : 4815162342.',
  wantsHelp: true,
  ...overrides,
})

describe('the transition table', () => {
  it('when read, then it holds exactly the transitions of the issue, each with who may make it', () => {
    const table = TRANSITIONS.map((rule) => `${rule.from ?? 'new'} -> ${rule.to} by ${rule.by}`).sort()
    expect(table).toEqual(
      [
        'new -> PENDING_REFERENT by CANDIDATE',
        'RETURNED -> PENDING_REFERENT by CANDIDATE',
        'PENDING_REFERENT -> SENT by REFERENT',
        'PENDING_REFERENT -> RETURNED by REFERENT',
        'SENT -> IN_REVIEW by RECRUITER',
        'SENT -> INTERVIEW by RECRUITER',
        'SENT -> ACCEPTED by RECRUITER',
        'SENT -> REJECTED by RECRUITER',
        'IN_REVIEW -> INTERVIEW by RECRUITER',
        'IN_REVIEW -> ACCEPTED by RECRUITER',
        'IN_REVIEW -> REJECTED by RECRUITER',
        'INTERVIEW -> ACCEPTED by RECRUITER',
        'INTERVIEW -> REJECTED by RECRUITER',
        'PENDING_REFERENT -> WITHDRAWN by CANDIDATE',
        'RETURNED -> WITHDRAWN by CANDIDATE',
        'SENT -> WITHDRAWN by CANDIDATE',
        'IN_REVIEW -> WITHDRAWN by CANDIDATE',
        'INTERVIEW -> WITHDRAWN by CANDIDATE',
      ].sort(),
    )
    expect(findTransition('PENDING_REFERENT', 'RETURNED', 'REFERENT')?.commentRequired).toBe(true)
  })

  it('when asking what comes next, then final statuses lead nowhere and nobody else may act for a role', () => {
    for (const status of ['ACCEPTED', 'REJECTED', 'WITHDRAWN'] as ApplicationStatus[]) {
      for (const role of ['CANDIDATE', 'REFERENT', 'RECRUITER', 'ADMIN'] as Role[]) expect(nextStatuses(status, role)).toEqual([])
    }
    expect(nextStatuses('PENDING_REFERENT', 'RECRUITER')).toEqual([])
    expect(nextStatuses('PENDING_REFERENT', 'ADMIN')).toEqual([])
    expect(nextStatuses('SENT', 'REFERENT')).toEqual([])
    expect(nextStatuses('INTERVIEW', 'RECRUITER')).toEqual(['ACCEPTED', 'REJECTED'])
  })

  it('when a transition is not in the table or the status moved on, then nothing is written', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id })
    const before = await ctx.db.applicationEvent.count()
    const emailsBefore = await ctx.db.outboxEmail.count()
    const attempts = [
      { from: 'PENDING_REFERENT', to: 'SENT', actor: { id: world.recruiter.user.id, role: 'RECRUITER' } },
      { from: 'PENDING_REFERENT', to: 'SENT', actor: { id: world.candidate.user.id, role: 'CANDIDATE' } },
      { from: 'PENDING_REFERENT', to: 'INTERVIEW', actor: { id: world.recruiter.user.id, role: 'RECRUITER' } },
      { from: 'SENT', to: 'IN_REVIEW', actor: { id: world.recruiter.user.id, role: 'RECRUITER' } },
    ] as const
    const results = await ctx.db.$transaction(async (tx) => {
      const outcomes = []
      for (const attempt of attempts) outcomes.push(await transitionApplication(tx, ctx.config, { applicationId: application.id, ...attempt }))
      return outcomes
    })
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual(['not_allowed', 'not_allowed', 'not_allowed', 'stale'])
    expect(await ctx.db.applicationEvent.count()).toBe(before)
    expect(await ctx.db.outboxEmail.count()).toBe(emailsBefore)
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')
  })
})

describe('the gate, through the service', () => {
  it('when a candidate submits, then the application waits for the référent, who alone is emailed', async () => {
    const world = await createApplicationsWorld(ctx)
    const disabled = await createReferent(ctx.db, { establishmentId: world.establishment.id, status: 'DISABLED' })
    const candidate = await actor(ctx, world.candidate.user.id)
    const result = await submitApplication(ctx, {
      actor: candidate,
      target: { kind: 'OFFER', offerId: world.offer.id },
      form: form({ documentIds: [world.cv.id] }),
    })
    expect(result.status).toBe('created')
    const id = (result as { applicationId: number }).applicationId
    const application = await ctx.db.application.findUniqueOrThrow({ where: { id }, include: { events: true, documents: true } })
    expect(application).toMatchObject({ status: 'PENDING_REFERENT', kind: 'OFFER', employerId: world.employer.id, validatedAt: null, wantsHelp: true })
    expect(application.documents.map((d) => d.documentId)).toEqual([world.cv.id])
    expect(application.events).toMatchObject([{ fromStatus: null, toStatus: 'PENDING_REFERENT', actorUserId: world.candidate.user.id }])

    expect(await outboxTo(ctx, world.referent.user.email)).toHaveLength(1)
    expect(await outboxTo(ctx, world.secondReferent.user.email)).toHaveLength(1)
    expect(await outboxTo(ctx, disabled.user.email)).toHaveLength(0)
    expect(await outboxTo(ctx, world.strangerReferent.user.email)).toHaveLength(0)
    expect(await outboxTo(ctx, world.recruiter.user.email)).toHaveLength(0)
    const [toReferent] = await outboxTo(ctx, world.referent.user.email)
    expect(toReferent.text).toContain('souhaite de l’aide')
    expect(toReferent.text).toContain(`/referent/candidatures/${id}`)
  })

  it('when a référent validates, then in one go: status, history, one email per active recruiter with the CV attached, and the candidate is told', async () => {
    const world = await createApplicationsWorld(ctx)
    const colleague = await createRecruiter(ctx.db, { employerId: world.employer.id })
    const invited = await createRecruiter(ctx.db, { employerId: world.employer.id, status: 'INVITED', password: null })
    await ctx.db.candidate.update({
      where: { id: world.candidate.candidate.id },
      data: { rqth: 'YES', accommodations: 'Un écran large, des pauses régulières.' },
    })
    const candidate = await actor(ctx, world.candidate.user.id)
    const submitted = await submitApplication(ctx, {
      actor: candidate,
      target: { kind: 'OFFER', offerId: world.offer.id },
      form: form({ documentIds: [world.cv.id, world.letter.id] }),
    })
    const id = (submitted as { applicationId: number }).applicationId
    await deliverEmails(ctx)
    const before = ctx.smtp.messages.length

    const result = await validateApplication(ctx, { actor: await actor(ctx, world.referent.user.id), applicationId: id })
    expect(result.status).toBe('done')
    const application = await ctx.db.application.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { id: 'asc' } } } })
    expect(application.status).toBe('SENT')
    expect(application.validatedAt).not.toBeNull()
    expect(application.validatedByUserId).toBe(world.referent.user.id)
    expect(application.events.at(-1)).toMatchObject({ fromStatus: 'PENDING_REFERENT', toStatus: 'SENT', actorUserId: world.referent.user.id })

    await deliverEmails(ctx)
    const received = ctx.smtp.messages.slice(before)
    const toEmployer = received.filter((message) => message.subject?.startsWith('Nouvelle candidature'))
    expect(toEmployer.map((message) => recipientsOf(message)[0]).sort()).toEqual([world.recruiter.user.email, colleague.user.email].sort())
    expect(received.some((message) => recipientsOf(message).includes(invited.user.email))).toBe(false)
    for (const message of toEmployer) {
      expect(message.text).toContain('Madame, Monsieur, je vous prie de trouver ci-joint mon dossier de candidature.')
      expect(message.text).toContain(`${world.candidate.user.firstName} ${world.candidate.user.lastName}`)
      expect(message.text).toContain(world.candidate.user.email)
      expect(message.text).toContain(`http://atouts.test/recruteur/candidatures/${id}`)
      // part 2 and the health data never reach the employer unless shared
      expect(message.text).not.toContain('4815162342')
      expect(message.html || '').not.toContain('4815162342')
      expect(message.text).not.toContain('RQTH')
      expect(message.text).not.toContain('écran large')
      expect(message.attachments.map((attachment) => attachment.filename).sort()).toEqual([`${world.cv.name}.pdf`, `${world.letter.name}.pdf`].sort())
      expect(message.attachments.every((attachment) => attachment.content.subarray(0, 5).toString() === '%PDF-')).toBe(true)
      expect(message.attachments.some((attachment) => attachment.filename?.includes('Certificat'))).toBe(false)
    }
    const toCandidate = received.filter((message) => recipientsOf(message).includes(world.candidate.user.email))
    expect(toCandidate).toHaveLength(1)
    expect(toCandidate[0].subject).toBe('Votre candidature a été validée et envoyée à l’employeur')
  })

  it('when the candidate shared their RQTH, then the employer email says it and the accommodations', async () => {
    const world = await createApplicationsWorld(ctx)
    await ctx.db.candidate.update({
      where: { id: world.candidate.candidate.id },
      data: { rqth: 'IN_PROGRESS', accommodations: 'Un poste proche de l’ascenseur.' },
    })
    const submitted = await submitApplication(ctx, {
      actor: await actor(ctx, world.candidate.user.id),
      target: { kind: 'SPONTANEOUS', employerId: world.employer.id },
      form: form({ shareDisability: true }),
    })
    const id = (submitted as { applicationId: number }).applicationId
    await validateApplication(ctx, { actor: await actor(ctx, world.referent.user.id), applicationId: id })
    const [email] = await outboxTo(ctx, world.recruiter.user.email)
    expect(email.subject).toContain('Nouvelle candidature spontanée')
    expect(email.text).toContain('(RQTH) : Demande en cours')
    expect(email.text).toContain('Un poste proche de l’ascenseur.')
    expect(email.attachments).toBeNull()
  })

  it('when the employer has no recruiter account, then the offer’s contact address receives it, or else the employer’s', async () => {
    const world = await createApplicationsWorld(ctx)
    await ctx.db.recruiter.deleteMany({ where: { employerId: world.employer.id } })
    await ctx.db.employer.update({ where: { id: world.employer.id }, data: { contactEmail: 'rh@employeur.test' } })
    await ctx.db.offer.update({ where: { id: world.offer.id }, data: { contactEmail: 'offre@employeur.test' } })
    const candidate = await actor(ctx, world.candidate.user.id)
    const referent = await actor(ctx, world.referent.user.id)
    const toOffer = await submitApplication(ctx, { actor: candidate, target: { kind: 'OFFER', offerId: world.offer.id }, form: form() })
    const spontaneous = await submitApplication(ctx, { actor: candidate, target: { kind: 'SPONTANEOUS', employerId: world.employer.id }, form: form() })
    await validateApplication(ctx, { actor: referent, applicationId: (toOffer as { applicationId: number }).applicationId })
    await validateApplication(ctx, { actor: referent, applicationId: (spontaneous as { applicationId: number }).applicationId })
    const toOfferEmails = await outboxTo(ctx, 'offre@employeur.test')
    const toEmployerEmails = await outboxTo(ctx, 'rh@employeur.test')
    expect(toOfferEmails).toHaveLength(1)
    expect(toOfferEmails[0].subject).toContain(world.offer.title)
    expect(toEmployerEmails).toHaveLength(1)
    expect(toEmployerEmails[0].subject).toContain('spontanée')
    // no account: no link to a space they cannot open
    expect(toEmployerEmails[0].text).not.toContain('/recruteur/candidatures/')
  })

  it('when two référents validate at the same moment, then exactly one transition and one email to the employer', async () => {
    const world = await createApplicationsWorld(ctx)
    const submitted = await submitApplication(ctx, {
      actor: await actor(ctx, world.candidate.user.id),
      target: { kind: 'OFFER', offerId: world.offer.id },
      form: form(),
    })
    const id = (submitted as { applicationId: number }).applicationId
    const [first, second] = await Promise.all([
      validateApplication(ctx, { actor: await actor(ctx, world.referent.user.id), applicationId: id }),
      validateApplication(ctx, { actor: await actor(ctx, world.secondReferent.user.id), applicationId: id }),
    ])
    expect([first.status, second.status].sort()).toEqual(['done', 'refused'])
    expect(await ctx.db.applicationEvent.count({ where: { applicationId: id, toStatus: 'SENT' } })).toBe(1)
    expect(await outboxTo(ctx, world.recruiter.user.email)).toHaveLength(1)
  })

  it('when a référent returns without a comment, then nothing changes; with one, the candidate edits and resubmits', async () => {
    const world = await createApplicationsWorld(ctx)
    const candidate = await actor(ctx, world.candidate.user.id)
    const referent = await actor(ctx, world.referent.user.id)
    const submitted = await submitApplication(ctx, { actor: candidate, target: { kind: 'OFFER', offerId: world.offer.id }, form: form() })
    const id = (submitted as { applicationId: number }).applicationId

    expect(await returnApplication(ctx, { actor: referent, applicationId: id, comment: '   ' })).toMatchObject({ status: 'refused' })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING_REFERENT')

    expect(await returnApplication(ctx, { actor: referent, applicationId: id, comment: 'Ajoutez votre CV et précisez les dates du stage.' })).toEqual({
      status: 'done',
    })
    const [returned] = await outboxTo(ctx, world.candidate.user.email)
    expect(returned.subject).toBe('Votre référent vous demande de revoir votre candidature')
    expect(returned.text).toContain('Ajoutez votre CV et précisez les dates du stage.')
    expect(returned.text).toContain(`/candidatures/${id}/modifier`)
    // a returned application is not validated: validating it now is refused
    expect(await validateApplication(ctx, { actor: referent, applicationId: id })).toMatchObject({ status: 'refused' })

    const referentEmailsBefore = (await outboxTo(ctx, world.referent.user.email)).length
    const edited = form({ messageToEmployer: 'Nouveau message, avec les dates : du 1er mars au 30 avril.', documentIds: [world.cv.id], wantsHelp: false })
    expect(await resubmitApplication(ctx, { actor: candidate, applicationId: id, form: edited })).toEqual({ status: 'done' })
    // a double submit of the edit changes nothing more
    expect(await resubmitApplication(ctx, { actor: candidate, applicationId: id, form: edited })).toMatchObject({ status: 'refused' })
    const application = await ctx.db.application.findUniqueOrThrow({ where: { id }, include: { documents: true, events: { orderBy: { id: 'asc' } } } })
    expect(application.status).toBe('PENDING_REFERENT')
    expect(application.messageToEmployer).toContain('du 1er mars au 30 avril')
    expect(application.documents.map((d) => d.documentId)).toEqual([world.cv.id])
    expect(application.events.map((event) => `${event.fromStatus}>${event.toStatus}`)).toEqual([
      'null>PENDING_REFERENT',
      'PENDING_REFERENT>RETURNED',
      'RETURNED>PENDING_REFERENT',
    ])
    expect(application.events[1].comment).toBe('Ajoutez votre CV et précisez les dates du stage.')
    expect((await outboxTo(ctx, world.referent.user.email)).length).toBe(referentEmailsBefore + 1)
    expect(await outboxTo(ctx, world.recruiter.user.email)).toHaveLength(0)
  })

  it('when a candidate applies twice to the same offer, even twice at once, then only one application exists', async () => {
    const world = await createApplicationsWorld(ctx)
    const candidate = await actor(ctx, world.candidate.user.id)
    const target = { kind: 'OFFER' as const, offerId: world.offer.id }
    const results = await Promise.all([
      submitApplication(ctx, { actor: candidate, target, form: form() }),
      submitApplication(ctx, { actor: candidate, target, form: form() }),
    ])
    expect(results.map((result) => result.status).sort()).toEqual(['created', 'duplicate'])
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id, offerId: world.offer.id } })).toBe(1)
    const again = await submitApplication(ctx, { actor: candidate, target, form: form() })
    expect(again.status).toBe('duplicate')

    // once withdrawn, a new application is possible
    const id = (results.find((result) => result.status === 'created') as { applicationId: number }).applicationId
    expect(await withdrawApplication(ctx, { actor: candidate, applicationId: id, from: 'PENDING_REFERENT' })).toEqual({ status: 'done' })
    expect((await submitApplication(ctx, { actor: candidate, target, form: form() })).status).toBe('created')
  })

  it('when the candidate picks documents that are not theirs or of type Autre, then the form is refused', async () => {
    const world = await createApplicationsWorld(ctx)
    const stranger = await createApplicationsWorld(ctx)
    const candidate = await actor(ctx, world.candidate.user.id)
    for (const documentIds of [[world.other.id], [stranger.cv.id], [999999]]) {
      const result = await submitApplication(ctx, { actor: candidate, target: { kind: 'OFFER', offerId: world.offer.id }, form: form({ documentIds }) })
      expect(result).toMatchObject({ status: 'invalid', errors: { documentIds: expect.stringContaining('Choisissez vos documents') } })
    }
    expect(await ctx.db.application.count({ where: { candidateId: world.candidate.candidate.id } })).toBe(0)
  })

  it('when the offer is not visible to the candidate, then applying is “not found”', async () => {
    const world = await createApplicationsWorld(ctx)
    const stranger = await createApplicationsWorld(ctx)
    const candidate = await actor(ctx, world.candidate.user.id)
    await expect(submitApplication(ctx, { actor: candidate, target: { kind: 'OFFER', offerId: stranger.offer.id }, form: form() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(
      submitApplication(ctx, { actor: candidate, target: { kind: 'SPONTANEOUS', employerId: stranger.employer.id }, form: form() }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('after the gate', () => {
  it('when the employer sets “Entretien”, then the candidate and the référents are told, with the message', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id, status: 'SENT' })
    const recruiter = await actor(ctx, world.recruiter.user.id)
    const result = await updateStatusByEmployer(ctx, {
      actor: recruiter,
      applicationId: application.id,
      form: { status: 'INTERVIEW', currentStatus: 'SENT', message: 'Rendez-vous mardi à 10 h.' },
    })
    expect(result).toEqual({ status: 'done' })
    const updated = await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })
    expect(updated.status).toBe('INTERVIEW')
    expect(updated.answeredAt).not.toBeNull()
    const [toCandidate] = await outboxTo(ctx, world.candidate.user.email)
    expect(toCandidate.subject).toBe('Votre candidature : Entretien')
    expect(toCandidate.text).toContain('Rendez-vous mardi à 10 h.')
    expect(await outboxTo(ctx, world.referent.user.email)).toHaveLength(1)

    // the page was stale: it showed "Validée…" but it is now "Entretien"
    const stale = await updateStatusByEmployer(ctx, {
      actor: recruiter,
      applicationId: application.id,
      form: { status: 'IN_REVIEW', currentStatus: 'SENT', message: null },
    })
    expect(stale).toMatchObject({ status: 'refused', message: expect.stringContaining('a changé entre-temps') })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('INTERVIEW')
  })

  it('when the candidate withdraws, then it is possible until a final status, and the employer learns it only if it was sent', async () => {
    const world = await createApplicationsWorld(ctx)
    const candidate = await actor(ctx, world.candidate.user.id)
    const pending = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id })
    const sent = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.employer.id, status: 'IN_REVIEW' })
    const accepted = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.otherEmployer.id, status: 'ACCEPTED' })

    expect(await withdrawApplication(ctx, { actor: candidate, applicationId: pending.id, from: 'PENDING_REFERENT' })).toEqual({ status: 'done' })
    expect(await outboxTo(ctx, world.recruiter.user.email)).toHaveLength(0)
    expect(await withdrawApplication(ctx, { actor: candidate, applicationId: sent.id, from: 'IN_REVIEW' })).toEqual({ status: 'done' })
    const toEmployer = await outboxTo(ctx, world.recruiter.user.email)
    expect(toEmployer).toHaveLength(1)
    expect(toEmployer[0].subject).toContain('Candidature retirée')
    expect(await withdrawApplication(ctx, { actor: candidate, applicationId: accepted.id, from: 'ACCEPTED' })).toMatchObject({ status: 'refused' })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: accepted.id } })).status).toBe('ACCEPTED')
    // a withdrawn application is final too
    expect(await withdrawApplication(ctx, { actor: candidate, applicationId: pending.id, from: 'WITHDRAWN' })).toMatchObject({ status: 'refused' })
  })

  it('when someone outside the scope acts, then the application is “not found”', async () => {
    const world = await createApplicationsWorld(ctx)
    const application = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id })
    await expect(validateApplication(ctx, { actor: await actor(ctx, world.strangerReferent.user.id), applicationId: application.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    const other = await createApplicationsWorld(ctx)
    await expect(
      withdrawApplication(ctx, { actor: await actor(ctx, other.candidate.user.id), applicationId: application.id, from: 'PENDING_REFERENT' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // before validation, even the right employer cannot act on it
    await expect(
      updateStatusByEmployer(ctx, {
        actor: await actor(ctx, world.recruiter.user.id),
        applicationId: application.id,
        form: { status: 'IN_REVIEW', currentStatus: 'SENT', message: null },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await ctx.db.application.findUniqueOrThrow({ where: { id: application.id } })).status).toBe('PENDING_REFERENT')
  })
})
