import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAppointment,
  createApplication,
  createCandidate,
  createConvention,
  createEmployer,
  createEstablishment,
  createNews,
  createNotification,
  createOffer,
  createRecruiter,
  createReferent,
  createSponsorshipRequest,
} from '../factories/index.ts'
import { createTestContext, signIn, type TestContext } from '../helpers/app.ts'
import { decodeHtml, headingsOf, sectionOf, textOf } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const DAY = 86_400_000
const inDays = (days: number, hourUtc = 9) => {
  const date = new Date(Date.now() + days * DAY)
  date.setUTCHours(hourUtc, 30, 0, 0)
  return date
}

async function dashboardOf(email: string): Promise<string> {
  const agent = await signIn(ctx.app, email)
  const response = await agent.get('/tableau-de-bord')
  expect(response.status).toBe(200)
  expect((response.text.match(/<h1[\s>]/g) ?? []).length).toBe(1)
  expect(response.text).toContain('<title>Tableau de bord – Atouts pour tous</title>')
  return decodeHtml(response.text)
}

/** One établissement (two référents, candidates) and one partner employer (a recruiter, offers), plus strangers of each. */
let worlds = 0
async function createWorld() {
  worlds++
  const convention = await createConvention(ctx.db)
  const establishment = await createEstablishment(ctx.db, { conventionId: convention.id })
  const otherEstablishment = await createEstablishment(ctx.db, { conventionId: convention.id })
  const referent = await createReferent(ctx.db, { establishmentId: establishment.id, firstName: 'Sophie', lastName: 'Durand' })
  const colleague = await createReferent(ctx.db, { establishmentId: establishment.id, firstName: 'Marc', lastName: 'Petit' })
  const strangerReferent = await createReferent(ctx.db, { establishmentId: otherEstablishment.id })
  const candidate = await createCandidate(ctx.db, { establishmentId: establishment.id, firstName: 'Camille', lastName: 'Martin' })
  const classmate = await createCandidate(ctx.db, { establishmentId: establishment.id, firstName: 'Léo', lastName: 'Garnier' })
  const stranger = await createCandidate(ctx.db, { establishmentId: otherEstablishment.id, firstName: 'Inès', lastName: 'Lointaine' })
  const employer = await createEmployer(ctx.db, { name: `Garonne Numérique ${worlds}`, partnerOf: [convention.id] })
  const recruiter = await createRecruiter(ctx.db, { employerId: employer.id })
  const otherEmployer = await createEmployer(ctx.db, { partnerOf: [convention.id] })
  const offer = await createOffer(ctx.db, { employerId: employer.id, title: 'Développeur·se web' })
  const otherOffer = await createOffer(ctx.db, { employerId: otherEmployer.id, title: 'Offre d’un autre employeur' })
  return { establishment, referent, colleague, strangerReferent, candidate, classmate, stranger, employer, recruiter, otherEmployer, offer, otherOffer }
}

describe('the candidate’s dashboard', () => {
  it('shows the 5 latest applications with their status, the next 3 planned appointments in Paris time, the 3 latest news, the unread notifications and the open parrainages — their own only', async () => {
    const world = await createWorld()
    const me = world.candidate.candidate.id
    const offers = await Promise.all(
      ['Stage comptable', 'Alternance RH', 'Assistant·e communication', 'Stage data', 'Agent·e d’accueil', 'Plus ancienne offre'].map((title) =>
        createOffer(ctx.db, { employerId: world.employer.id, title }),
      ),
    )
    const statuses = ['PENDING_REFERENT', 'SENT', 'IN_REVIEW', 'ACCEPTED', 'RETURNED', 'REJECTED'] as const
    for (const [index, offer] of offers.entries()) {
      await createApplication(ctx.db, { candidateId: me, offerId: offer.id, status: statuses[index], submittedAt: new Date(Date.now() - (index + 1) * DAY) })
    }
    await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, offerId: world.offer.id, status: 'ACCEPTED' })

    await createAppointment(ctx.db, {
      candidateId: me,
      referentId: world.referent.referent.id,
      startsAt: new Date('2030-01-15T09:30:00Z'),
      subject: 'Bilan de janvier',
      mode: 'VIDEO',
      location: null,
    })
    await createAppointment(ctx.db, {
      candidateId: me,
      referentId: world.referent.referent.id,
      startsAt: inDays(2),
      subject: 'Préparer l’entretien',
      mode: 'PHONE',
      durationMinutes: 30,
    })
    await createAppointment(ctx.db, { candidateId: me, referentId: world.colleague.referent.id, startsAt: inDays(5), subject: 'Relire le CV' })
    await createAppointment(ctx.db, {
      candidateId: me,
      referentId: world.referent.referent.id,
      startsAt: new Date('2031-06-01T08:00:00Z'),
      subject: 'Trop lointain pour le tableau',
    })
    await createAppointment(ctx.db, { candidateId: me, referentId: world.referent.referent.id, startsAt: inDays(-1), subject: 'Rendez-vous passé' })
    await createAppointment(ctx.db, {
      candidateId: me,
      referentId: world.referent.referent.id,
      startsAt: inDays(1),
      subject: 'Rendez-vous annulé',
      status: 'CANCELLED',
    })
    await createAppointment(ctx.db, {
      candidateId: world.classmate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: inDays(1),
      subject: 'Rendez-vous de Léo',
    })

    const base = Date.now() - 10 * DAY
    for (const [index, title] of ['Nouveauté A', 'Nouveauté B', 'Nouveauté C', 'Nouveauté D'].entries()) {
      await createNews(ctx.db, { title, publishedAt: new Date(base + index * 3_600_000) })
    }
    await createNews(ctx.db, { title: 'Brouillon du candidat', published: false })

    for (const [index, title] of ['Alerte 1', 'Alerte 2', 'Alerte 3', 'Alerte 4'].entries()) {
      await createNotification(ctx.db, {
        userId: world.candidate.user.id,
        title,
        createdAt: new Date(Date.now() - (10 - index) * 60_000),
        link: index === 3 ? '/candidatures' : null,
      })
    }
    await createNotification(ctx.db, { userId: world.candidate.user.id, title: 'Déjà lue', readAt: new Date() })
    await createNotification(ctx.db, { userId: world.classmate.user.id, title: 'Alerte de Léo' })

    await createSponsorshipRequest(ctx.db, { candidateId: me, employerId: world.employer.id })
    await createSponsorshipRequest(ctx.db, { candidateId: me, employerId: world.otherEmployer.id, status: 'DECLINED' })
    await createSponsorshipRequest(ctx.db, { candidateId: world.classmate.candidate.id, employerId: world.employer.id })

    const html = await dashboardOf(world.candidate.user.email)
    expect(headingsOf(html)).toEqual([
      'Complétez votre profil',
      'Mes dernières candidatures',
      'Mes prochains rendez-vous',
      'Nouveautés de la plateforme',
      'Notifications non lues',
      'Mes parrainages',
    ])

    const applications = sectionOf(html, 'Mes dernières candidatures')
    expect(textOf(applications)).toContain('6 candidatures envoyées.')
    const titles = [...applications.matchAll(/Candidature à une offre : ([^<]+)<\/a>/g)].map((match) => match[1])
    expect(titles).toEqual(['Stage comptable', 'Alternance RH', 'Assistant·e communication', 'Stage data', 'Agent·e d’accueil'])
    expect(applications).toContain('En attente de validation par le référent')
    expect(applications).toContain('Validée par le référent – envoyée à l’employeur')
    expect(applications).toContain('Retenue')
    expect(applications).not.toContain('Plus ancienne offre')
    expect(applications).not.toContain(world.offer.title)
    expect(applications).toContain('<a href="/candidatures">Voir toutes mes candidatures</a>')

    const appointments = sectionOf(html, 'Mes prochains rendez-vous')
    expect(textOf(appointments)).toContain('4 rendez-vous à venir.')
    const subjects = [...appointments.matchAll(/<a href="\/rendez-vous\/\d+">([^<]+)<\/a>/g)].map((match) => match[1])
    expect(subjects).toEqual(['Préparer l’entretien', 'Relire le CV', 'Bilan de janvier'])
    // Europe/Paris: 09:30 UTC in January is 10:30
    expect(appointments).toContain('15 janvier 2030 à 10:30')
    expect(textOf(appointments)).toContain('Visio, 45 min, avec Sophie Durand')
    expect(textOf(appointments)).toContain('Téléphone, 30 min')
    expect(textOf(appointments)).toContain('avec Marc Petit')
    for (const hidden of ['Rendez-vous passé', 'Rendez-vous annulé', 'Rendez-vous de Léo', 'Trop lointain']) expect(appointments).not.toContain(hidden)
    expect(appointments).toContain('<a href="/rendez-vous">Voir tous mes rendez-vous</a>')

    const news = sectionOf(html, 'Nouveautés de la plateforme')
    const newsTitles = [...news.matchAll(/<a href="\/actualites\/\d+">([^<]+)<\/a>/g)].map((match) => match[1])
    expect(newsTitles.slice(0, 3)).toEqual(['Nouveauté D', 'Nouveauté C', 'Nouveauté B'])
    expect(newsTitles).toHaveLength(3)
    expect(html).not.toContain('Brouillon du candidat')
    expect(news).toContain('<a href="/actualites">Voir toutes les nouveautés</a>')

    const notifications = sectionOf(html, 'Notifications non lues')
    expect(textOf(notifications)).toContain('4 notifications non lues.')
    expect(notifications).toContain('<a href="/candidatures">Alerte 4</a>')
    expect(notifications).toContain('Alerte 3')
    expect(notifications).toContain('Alerte 2')
    expect(notifications).not.toContain('Alerte 1')
    expect(notifications).not.toContain('Déjà lue')
    expect(notifications).not.toContain('Alerte de Léo')
    expect(notifications).toContain('<a href="/notifications">Voir toutes mes notifications</a>')

    const sponsorships = sectionOf(html, 'Mes parrainages')
    expect(textOf(sponsorships)).toContain('1 demande de parrainage attend la réponse de l’employeur.')
    expect(sponsorships).toContain('<a href="/parrainages">Voir tous mes parrainages</a>')

    // nothing of the other roles' blocks
    for (const heading of ['Inscriptions à valider', 'Candidatures à valider', 'Nouvelles candidatures', 'Chiffres clés'])
      expect(html).not.toContain(`<h2>${heading}</h2>`)
  })

  it('when a new candidate has nothing yet, then each block says so in plain French', async () => {
    const { user } = await createCandidate(ctx.db)
    const html = textOf(await dashboardOf(user.email))
    expect(html).toContain('Vous n’avez pas encore envoyé de candidature.')
    expect(html).toContain('Aucun rendez-vous à venir.')
    expect(html).toContain('Aucune notification non lue.')
    expect(html).toContain('Aucune demande de parrainage en attente de réponse.')
  })

  it('when the référent planned an appointment, then the candidate sees it on the dashboard and the référent of another établissement does not', async () => {
    const world = await createWorld()
    await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: inDays(3),
      subject: 'Point d’étape du trimestre',
    })
    expect(sectionOf(await dashboardOf(world.candidate.user.email), 'Mes prochains rendez-vous')).toContain('Point d’étape du trimestre')
    expect(sectionOf(await dashboardOf(world.referent.user.email), 'Prochains rendez-vous')).toContain('Point d’étape du trimestre')
    expect(await dashboardOf(world.strangerReferent.user.email)).not.toContain('Point d’étape du trimestre')
  })
})

describe('each dashboard keeps the rules of the lists it summarises', () => {
  it('when a candidate sent a spontaneous application, then it is listed under the employer’s name', async () => {
    const world = await createWorld()
    await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.otherEmployer.id, status: 'SENT' })
    await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, employerId: world.employer.id })
    const applications = sectionOf(await dashboardOf(world.candidate.user.email), 'Mes dernières candidatures')
    expect(textOf(applications)).toContain('1 candidature envoyée.')
    expect(applications).toContain(`Candidature spontanée : ${world.otherEmployer.name}</a>`)
    expect(applications).not.toContain(world.employer.name)
  })

  it('when a candidate of the établissement still waits for the validation of their registration, then the référent neither follows them nor sees their appointment', async () => {
    const world = await createWorld()
    const waiting = await createCandidate(ctx.db, {
      establishmentId: world.establishment.id,
      status: 'PENDING_VALIDATION',
      firstName: 'Zoé',
      lastName: 'Attente',
    })
    await createAppointment(ctx.db, {
      candidateId: waiting.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: inDays(1),
      subject: 'Avant la validation',
    })
    await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: inDays(2),
      subject: 'Après la validation',
    })
    const html = await dashboardOf(world.referent.user.email)
    expect(textOf(sectionOf(html, 'Inscriptions à valider'))).toContain('1 inscription attend votre validation.')
    expect(textOf(sectionOf(html, 'Mes candidats'))).toContain('2 candidats suivis.')
    const appointments = sectionOf(html, 'Prochains rendez-vous')
    expect(textOf(appointments)).toContain('1 rendez-vous à venir.')
    expect(appointments).toContain('Après la validation')
    expect(appointments).not.toContain('Avant la validation')
    expect(appointments).not.toContain('Zoé')
  })

  it('when a référent validated a spontaneous application, then the recruiter finds it among the new ones, without an offer, and nothing of another employer', async () => {
    const world = await createWorld()
    const spontaneous = await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, employerId: world.employer.id, status: 'SENT' })
    const foreign = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, employerId: world.otherEmployer.id, status: 'SENT' })
    const html = await dashboardOf(world.recruiter.user.email)
    const fresh = sectionOf(html, 'Nouvelles candidatures')
    expect(textOf(fresh)).toContain('1 nouvelle candidature à étudier.')
    expect(fresh).toContain(`<a href="/recruteur/candidatures/${spontaneous.id}">Léo Garnier</a>`)
    expect(textOf(fresh)).toContain('Candidature spontanée')
    expect(html).not.toContain(`/recruteur/candidatures/${foreign.id}"`)
    // a spontaneous application is received by the employer, on none of its offers
    expect(textOf(sectionOf(html, 'Mes offres'))).toContain('Développeur·se web Aucune candidature reçue')
  })
})

describe('the référent’s dashboard', () => {
  it('counts the registrations and applications waiting and the candidates of their établissement, lists its next 5 appointments, and nothing of another établissement', async () => {
    const world = await createWorld()
    await createCandidate(ctx.db, { establishmentId: world.establishment.id, status: 'PENDING_VALIDATION' })
    await createCandidate(ctx.db, { establishmentId: world.establishment.id, status: 'PENDING_VALIDATION' })
    await createCandidate(ctx.db, { establishmentId: world.stranger.candidate.establishmentId, status: 'PENDING_VALIDATION' })
    await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.offer.id })
    await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, offerId: world.offer.id })
    await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, offerId: world.otherOffer.id, status: 'SENT' })
    await createApplication(ctx.db, { candidateId: world.stranger.candidate.id, offerId: world.offer.id })

    const mine = [world.candidate, world.classmate]
    for (let i = 0; i < 6; i++) {
      const referent = i === 1 ? world.colleague : world.referent
      await createAppointment(ctx.db, {
        candidateId: mine[i % 2].candidate.id,
        referentId: referent.referent.id,
        startsAt: inDays(i + 1),
        subject: `Rendez-vous n°${i + 1}`,
      })
    }
    await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: inDays(1, 7),
      subject: 'Annulé',
      status: 'CANCELLED',
    })
    await createAppointment(ctx.db, {
      candidateId: world.candidate.candidate.id,
      referentId: world.referent.referent.id,
      startsAt: inDays(-2),
      subject: 'Passé',
    })
    await createAppointment(ctx.db, {
      candidateId: world.stranger.candidate.id,
      referentId: world.strangerReferent.referent.id,
      startsAt: inDays(1, 6),
      subject: 'Rendez-vous d’ailleurs',
    })
    await createNews(ctx.db, { title: 'Nouvelle pour les référents' })

    const html = await dashboardOf(world.referent.user.email)
    expect(html).toContain(world.establishment.name)
    expect(headingsOf(html)).toEqual([
      'Inscriptions à valider',
      'Candidatures à valider',
      'Mes candidats',
      'Prochains rendez-vous',
      'Nouveautés de la plateforme',
    ])
    expect(textOf(sectionOf(html, 'Inscriptions à valider'))).toContain('2 inscriptions attendent votre validation.')
    expect(sectionOf(html, 'Inscriptions à valider')).toContain('<a href="/referent/inscriptions">Voir toutes les inscriptions à valider</a>')
    expect(textOf(sectionOf(html, 'Candidatures à valider'))).toContain('2 candidatures attendent votre validation.')
    expect(sectionOf(html, 'Candidatures à valider')).toContain('<a href="/referent/candidatures">Voir toutes les candidatures à valider</a>')

    const candidates = sectionOf(html, 'Mes candidats')
    expect(textOf(candidates)).toContain('2 candidats suivis.')
    expect(candidates).toContain('<form method="get" action="/referent/candidats" role="search" aria-label="Rechercher un candidat">')
    expect(candidates).toMatch(/<input type="search" id="field-q" name="q"/)
    expect(candidates).toContain('<a href="/referent/candidats">Voir tous mes candidats</a>')

    const appointments = sectionOf(html, 'Prochains rendez-vous')
    expect(textOf(appointments)).toContain('6 rendez-vous à venir.')
    const listed = [...appointments.matchAll(/Rendez-vous n°(\d)/g)].map((match) => match[1])
    expect(listed).toEqual(['1', '2', '3', '4', '5'])
    expect(appointments).toContain(`<a href="/referent/candidats/${world.candidate.candidate.id}">Camille Martin</a>`)
    expect(appointments).toContain(`<a href="/referent/candidats/${world.classmate.candidate.id}">Léo Garnier</a>`)
    // planned by a colleague: said so
    expect(textOf(appointments)).toContain('avec Marc Petit')
    for (const hidden of ['Annulé', 'Passé', 'Rendez-vous d’ailleurs', 'Inès']) expect(appointments).not.toContain(hidden)
    expect(appointments).toContain('<a href="/referent/rendez-vous">Voir tous les rendez-vous</a>')
    expect(appointments).toContain('<a href="/referent/rendez-vous/nouveau">Planifier un rendez-vous</a>')
    expect(sectionOf(html, 'Nouveautés de la plateforme')).toContain('Nouvelle pour les référents')

    const stranger = await dashboardOf(world.strangerReferent.user.email)
    expect(textOf(sectionOf(stranger, 'Inscriptions à valider'))).toContain('1 inscription attend votre validation.')
    expect(textOf(sectionOf(stranger, 'Candidatures à valider'))).toContain('1 candidature attend votre validation.')
    expect(textOf(sectionOf(stranger, 'Mes candidats'))).toContain('1 candidat suivi.')
    expect(textOf(sectionOf(stranger, 'Prochains rendez-vous'))).toContain('1 rendez-vous à venir.')
    expect(stranger).toContain('Rendez-vous d’ailleurs')
    expect(stranger).not.toContain('Rendez-vous n°')
  })

  it('when the référent searches from the dashboard, then the form leads to their candidates filtered by the name', async () => {
    const world = await createWorld()
    const agent = await signIn(ctx.app, world.referent.user.email)
    const results = decodeHtml((await agent.get('/referent/candidats?q=Garnier')).text)
    expect(results).toContain('1 candidat')
    expect(results).toContain('Garnier')
    expect(results).not.toContain('>Martin<')
  })
})

describe('the recruiter’s dashboard', () => {
  it('counts and lists only the applications a référent validated for their employer, their published offers with what they received, and their parrainage requests', async () => {
    const world = await createWorld()
    const me = world.employer.id
    const draft = await createOffer(ctx.db, { employerId: me, title: 'Offre en brouillon', status: 'DRAFT' })
    const closed = await createOffer(ctx.db, { employerId: me, title: 'Offre clôturée', status: 'CLOSED' })
    const second = await createOffer(ctx.db, { employerId: me, title: 'Chargé·e de projet', publishedAt: new Date(Date.now() + 1000) })
    // on the first offer: 2 new (validated), 1 being studied, and what the gate keeps away
    await createApplication(ctx.db, {
      candidateId: world.candidate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      submittedAt: new Date(Date.now() - 2 * DAY),
    })
    await createApplication(ctx.db, {
      candidateId: world.classmate.candidate.id,
      offerId: world.offer.id,
      status: 'SENT',
      submittedAt: new Date(Date.now() - DAY),
    })
    await createApplication(ctx.db, { candidateId: world.stranger.candidate.id, offerId: world.offer.id, status: 'IN_REVIEW' })
    const pending = await createApplication(ctx.db, { candidateId: world.stranger.candidate.id, employerId: me, status: 'PENDING_REFERENT' })
    const returned = await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, employerId: me, status: 'RETURNED' })
    // SENT without a validation date: never seen by the employer (the gate is validatedAt)
    const unvalidated = await createApplication(ctx.db, { candidateId: world.classmate.candidate.id, offerId: second.id, status: 'SENT', validatedAt: null })
    const elsewhere = await createApplication(ctx.db, { candidateId: world.candidate.candidate.id, offerId: world.otherOffer.id, status: 'SENT' })
    await createApplication(ctx.db, { candidateId: world.stranger.candidate.id, offerId: draft.id, status: 'ACCEPTED' })

    await createSponsorshipRequest(ctx.db, { candidateId: world.candidate.candidate.id, employerId: me, createdAt: new Date(Date.now() - DAY) })
    await createSponsorshipRequest(ctx.db, { candidateId: world.classmate.candidate.id, employerId: me })
    await createSponsorshipRequest(ctx.db, { candidateId: world.stranger.candidate.id, employerId: me, status: 'ACCEPTED', mentorName: 'Paul' })
    const foreignRequest = await createSponsorshipRequest(ctx.db, { candidateId: world.stranger.candidate.id, employerId: world.otherEmployer.id })

    const html = await dashboardOf(world.recruiter.user.email)
    expect(html).toContain(`Vous recrutez pour <strong>${world.employer.name}</strong>`)
    expect(headingsOf(html)).toEqual(['Nouvelles candidatures', 'Mes offres', 'Demandes de parrainage', 'Nouveautés de la plateforme'])

    const fresh = sectionOf(html, 'Nouvelles candidatures')
    expect(textOf(fresh)).toContain('2 nouvelles candidatures à étudier.')
    const names = [...fresh.matchAll(/<a href="\/recruteur\/candidatures\/\d+">([^<]+)<\/a>/g)].map((match) => match[1])
    expect(names).toEqual(['Léo Garnier', 'Camille Martin'])
    for (const hidden of [pending.id, returned.id, unvalidated.id, elsewhere.id]) expect(html).not.toContain(`/recruteur/candidatures/${hidden}"`)
    expect(fresh).not.toContain('Inès')
    expect(fresh).toContain('<a href="/recruteur/candidatures?statut=SENT">Voir toutes les nouvelles candidatures</a>')

    const offers = sectionOf(html, 'Mes offres')
    expect(textOf(offers)).toContain('2 offres publiées.')
    const offerRows = [...offers.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => textOf(match[1]))
    expect(offerRows).toEqual(['Chargé·e de projet Aucune candidature reçue', 'Développeur·se web 3 candidatures reçues, dont 2 nouvelles'])
    expect(offers).not.toContain(draft.title)
    expect(offers).not.toContain(closed.title)
    expect(offers).not.toContain(world.otherOffer.title)
    expect(offers).toContain('<a href="/recruteur/offres">Voir toutes mes offres</a>')

    const requests = sectionOf(html, 'Demandes de parrainage')
    expect(textOf(requests)).toContain('2 demandes de parrainage attendent votre réponse.')
    const requesters = [...requests.matchAll(/<a href="\/recruteur\/parrainages\/\d+">([^<]+)<\/a>/g)].map((match) => match[1])
    expect(requesters).toEqual(['Léo Garnier', 'Camille Martin'])
    expect(requests).not.toContain(`/recruteur/parrainages/${foreignRequest.id}"`)
    expect(requests).toContain('<a href="/recruteur/parrainages">Voir toutes les demandes de parrainage</a>')

    // the other employer's recruiter sees its own application only
    const other = await createRecruiter(ctx.db, { employerId: world.otherEmployer.id })
    const otherHtml = await dashboardOf(other.user.email)
    expect(textOf(sectionOf(otherHtml, 'Nouvelles candidatures'))).toContain('1 nouvelle candidature à étudier.')
    expect(otherHtml).toContain(`/recruteur/candidatures/${elsewhere.id}"`)
    expect(textOf(sectionOf(otherHtml, 'Demandes de parrainage'))).toContain('1 demande de parrainage attend votre réponse.')
    expect(otherHtml).not.toContain('Léo Garnier')
  })

  it('when a new employer has nothing yet, then each block says so', async () => {
    const { user } = await createRecruiter(ctx.db)
    const html = textOf(await dashboardOf(user.email))
    expect(html).toContain('Aucune nouvelle candidature.')
    expect(html).toContain('Aucune offre publiée.')
    expect(html).toContain('Aucune demande de parrainage en attente.')
  })
})

describe('access', () => {
  it('a visitor is sent to the sign-in page', async () => {
    const response = await request(ctx.app).get('/tableau-de-bord')
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('/connexion')
  })
})
