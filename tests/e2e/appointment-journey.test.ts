// The "Done when" for rendez-vous, in a real Chromium without JavaScript, on the demo data:
// the demo référent plans an appointment with the demo candidate using the keyboard only; the candidate
// sees it in "Mes rendez-vous", gets the email, and downloads the .ics through the link — a file that
// parses, with the right DTSTART. axe-core (WCAG 2.1 A and AA) on every page of the domain.
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { find, instantOf, parseCalendar } from '../appointments/ical.ts'
import { createPageChecker, DEMO, describeFocus, field, isFocused, pressAndWaitForPage, tabTo, useBrowserWithMail } from '../helpers/browser.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'
import { NEXT_YEAR } from '../helpers/dates.ts'

const started = useBrowserWithMail()

const { problems, check } = createPageChecker(() => started.bt)

const pathOf = (page: Page) => new URL(page.url()).pathname
const mainText = (page: Page) => page.locator('main').innerText()

async function expectFocusOn(page: Page, label: string) {
  expect(await isFocused(field(page, label)), `focus should be on "${label}", is on ${await describeFocus(page)}`).toBe(true)
}

describe('rendez-vous in a real browser, without JavaScript', () => {
  it('the référent plans by keyboard; the candidate sees it, is emailed, and downloads an .ics that parses; a move updates it', {
    timeout: 180_000,
  }, async () => {
    const { db } = started.bt.ctx
    const demoCandidate = await db.user.findUniqueOrThrow({ where: { email: DEMO.candidate }, include: { candidate: true } })
    const start = started.smtp.messages.length

    // ── the référent, keyboard only: menu "Rendez-vous" → "Planifier un rendez-vous"
    const referent = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(referent, DEMO.referent)
    await tabTo(referent, referent.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Rendez-vous', exact: true }))
    await pressAndWaitForPage(referent, 'Enter')
    expect(pathOf(referent)).toBe('/referent/rendez-vous')
    await check(referent)
    await tabTo(referent, referent.getByRole('link', { name: 'Planifier un rendez-vous', exact: true }))
    await pressAndWaitForPage(referent, 'Enter')
    expect(pathOf(referent)).toBe('/referent/rendez-vous/nouveau')
    await check(referent)

    // an empty form: the error summary, then the fields with their messages
    await tabTo(referent, referent.getByRole('button', { name: 'Planifier', exact: true }))
    await pressAndWaitForPage(referent, 'Enter')
    const summary = await referent.locator('.error-summary').innerText()
    expect(summary).toContain('Choisissez le candidat.')
    expect(summary).toContain('Indiquez la date du rendez-vous.')
    expect(summary).toContain('Choisissez la modalité du rendez-vous : sur place, téléphone ou visio.')
    await check(referent)

    // "Candidat": typing selects in a closed list, as with a screen reader or a keyboard
    await tabTo(referent, field(referent, 'Candidat'))
    await referent.keyboard.type(`${demoCandidate.lastName} ${demoCandidate.firstName}`)
    expect(await field(referent, 'Candidat').inputValue()).toBe(String(demoCandidate.candidate!.id))
    await referent.keyboard.press('Tab')
    await expectFocusOn(referent, 'Date')
    // the order of a date or time picker's parts (day/month, 24 h/12 h) follows the browser's own
    // language, not the page's: the focused picker is filled as a whole; Tab then walks through its
    // parts (day, month, year…) before the next field
    await field(referent, 'Date').fill(`${NEXT_YEAR}-07-08`)
    await tabTo(referent, field(referent, 'Heure'), { max: 4 })
    await field(referent, 'Heure').fill('14:30')
    await expectFocusOn(referent, 'Heure')
    await tabTo(referent, field(referent, 'Durée (minutes)'), { max: 4 })
    await referent.keyboard.press('ControlOrMeta+A')
    await referent.keyboard.type('45')
    // "Modalité": Tab reaches the group, the arrows choose
    await referent.keyboard.press('Tab')
    expect(await isFocused(referent.getByRole('radio', { name: 'Sur place' }))).toBe(true)
    await referent.keyboard.press('ArrowDown')
    await referent.keyboard.press('ArrowDown')
    expect(await referent.getByRole('radio', { name: 'Visio' }).isChecked()).toBe(true)
    await referent.keyboard.press('Tab')
    await expectFocusOn(referent, 'Lieu ou lien')
    await referent.keyboard.type('https://visio.example.fr/salle-atouts')
    await referent.keyboard.press('Tab')
    await expectFocusOn(referent, 'Objet')
    await referent.keyboard.type('Préparer l’entretien, relire le CV; avec « Camille »')
    await pressAndWaitForPage(referent, 'Enter')
    expect(pathOf(referent)).toBe('/referent/rendez-vous')
    expect(await mainText(referent)).toContain(`est planifié le jeudi 8 juillet ${NEXT_YEAR} à 14:30.`)
    await check(referent)
    const appointment = await db.appointment.findFirstOrThrow({
      where: { candidateId: demoCandidate.candidate!.id, subject: { startsWith: 'Préparer l’entretien' } },
    })
    expect(appointment.startsAt.toISOString()).toBe(`${NEXT_YEAR}-07-08T12:30:00.000Z`)

    // ── the candidate: "Mes rendez-vous" → the appointment → "Ajouter à mon agenda (.ics)"
    const candidate = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(candidate, DEMO.candidate)
    // first on the dashboard, under "Mes prochains rendez-vous", with a link to it
    await candidate.goto('/tableau-de-bord')
    const upcoming = candidate.locator('section', { has: candidate.getByRole('heading', { name: 'Mes prochains rendez-vous', exact: true }) })
    expect(await upcoming.getByRole('link', { name: 'Préparer l’entretien, relire le CV; avec « Camille »', exact: true }).getAttribute('href')).toBe(
      `/rendez-vous/${appointment.id}`,
    )
    await tabTo(candidate, candidate.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes rendez-vous' }))
    await pressAndWaitForPage(candidate, 'Enter')
    expect(pathOf(candidate)).toBe('/rendez-vous')
    const list = await mainText(candidate)
    expect(list).toContain(`jeudi 8 juillet ${NEXT_YEAR} à 14:30`)
    expect(list).toContain('Préparer l’entretien, relire le CV; avec « Camille »')
    await check(candidate)
    await tabTo(candidate, candidate.getByRole('link', { name: `Consulter le rendez-vous du jeudi 8 juillet ${NEXT_YEAR} à 14:30` }))
    await pressAndWaitForPage(candidate, 'Enter')
    expect(pathOf(candidate)).toBe(`/rendez-vous/${appointment.id}`)
    expect(await mainText(candidate)).toContain('https://visio.example.fr/salle-atouts')
    await check(candidate)

    const icsLink = candidate.getByRole('link', { name: 'Ajouter à mon agenda (.ics)', exact: true })
    await tabTo(candidate, icsLink)
    const [download] = await Promise.all([candidate.waitForEvent('download'), candidate.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toBe(`rendez-vous-${NEXT_YEAR}-07-08.ics`)
    const calendar = parseCalendar(await readFile((await download.path())!))
    const event = calendar.components.find((component) => component.name === 'VEVENT')!
    expect(find(event, 'DTSTART')!.params.TZID).toBe('Europe/Paris')
    expect(find(event, 'DTSTART')!.value).toBe(`${NEXT_YEAR}0708T143000`)
    expect(instantOf(calendar, find(event, 'DTSTART')!).toISOString()).toBe(`${NEXT_YEAR}-07-08T12:30:00.000Z`)
    expect(find(event, 'SUMMARY')!.value).toBe('Rendez-vous avec Sophie Durand : Préparer l’entretien, relire le CV; avec « Camille »')
    expect(find(event, 'LOCATION')!.value).toBe('https://visio.example.fr/salle-atouts')
    expect(find(event, 'SEQUENCE')!.value).toBe('0')

    // the email, through a real SMTP server, with the .ics link
    await deliverEmails(started.bt.ctx)
    const mail = started.smtp.messages.slice(start).find((message) => recipientsOf(message).includes(DEMO.candidate))
    expect(mail?.subject).toBe(`Nouveau rendez-vous le jeudi 8 juillet ${NEXT_YEAR} à 14:30`)
    expect(mail?.text).toContain(`${started.bt.baseUrl}/rendez-vous/${appointment.id}.ics`)

    // ── the référent moves it to 10:00 the next day, and sees the cancel page
    await referent.goto(`/referent/rendez-vous/${appointment.id}/modifier`)
    await check(referent)
    await field(referent, 'Heure').fill('10:00')
    await field(referent, 'Date').fill(`${NEXT_YEAR}-07-09`)
    await Promise.all([referent.waitForLoadState('load'), referent.getByRole('button', { name: 'Enregistrer' }).click()])
    expect(await mainText(referent)).toContain(`il aura lieu le vendredi 9 juillet ${NEXT_YEAR} à 10:00`)
    await referent.goto(`/referent/rendez-vous/${appointment.id}/annuler`)
    await check(referent)

    // the candidate downloads it again: same UID, SEQUENCE 1, the new time
    await candidate.goto(`/rendez-vous/${appointment.id}`)
    const [again] = await Promise.all([candidate.waitForEvent('download'), icsLink.click()])
    const moved = parseCalendar(await readFile((await again.path())!))
    const movedEvent = moved.components.find((component) => component.name === 'VEVENT')!
    expect(find(movedEvent, 'UID')!.value).toBe(find(event, 'UID')!.value)
    expect(find(movedEvent, 'SEQUENCE')!.value).toBe('1')
    expect(find(movedEvent, 'DTSTART')!.value).toBe(`${NEXT_YEAR}0709T100000`)

    expect(problems).toEqual([])
  })
})
