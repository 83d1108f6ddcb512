// Self-registration from start to finish, as people do it: keyboard only, JavaScript disabled, the
// activation e-mail received by a real SMTP server. A newcomer signs up, the demo référent validates,
// the newcomer opens the link, chooses a password, and can sign in again later.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMailTransport, sendDueEmails } from '../../src/lib/outbox.ts'
import { chooseOption, DEMO, expectFocusOn, field, pressAndWaitForPage, tabTo, useBrowserWithMail } from '../helpers/browser.ts'

const started = useBrowserWithMail()

const h1Of = (page: Page) => page.locator('h1').innerText()
const pathOf = (page: Page) => new URL(page.url()).pathname

describe('self-registration, keyboard only, without JavaScript', () => {
  it('a newcomer signs up, the référent validates, the newcomer chooses a password from the e-mail and signs in', { timeout: 90_000 }, async () => {
    const email = 'ines.moreau@exemple.fr'
    const password = 'Mon premier mot de passe'

    // ── the newcomer signs up ──
    const newcomer = await started.bt.newPage({ javaScriptEnabled: false })
    await newcomer.goto('/')
    await tabTo(newcomer, newcomer.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'S’inscrire' }))
    await pressAndWaitForPage(newcomer, 'Enter')
    expect(pathOf(newcomer)).toBe('/inscription')
    expect(await h1Of(newcomer)).toBe('S’inscrire')

    const convention = field(newcomer, 'Convention')
    await tabTo(newcomer, convention)
    await chooseOption(newcomer, convention, 'Atouts pour tous Occitanie')
    await newcomer.keyboard.press('Tab')
    await expectFocusOn(newcomer, newcomer.getByRole('button', { name: 'Afficher les établissements' }), '"Afficher les établissements"')
    await pressAndWaitForPage(newcomer, 'Enter')
    expect(pathOf(newcomer)).toBe('/inscription')
    expect(await newcomer.locator('main').innerText()).toContain('Convention choisie : Atouts pour tous Occitanie')

    await tabTo(newcomer, field(newcomer, 'Nom'))
    await newcomer.keyboard.type('Moreau')
    await newcomer.keyboard.press('Tab')
    await expectFocusOn(newcomer, field(newcomer, 'Prénom'), '"Prénom"')
    await newcomer.keyboard.type('Inès')
    await newcomer.keyboard.press('Tab')
    await expectFocusOn(newcomer, field(newcomer, 'Adresse e-mail'), '"Adresse e-mail"')
    await newcomer.keyboard.type(email)
    await newcomer.keyboard.press('Tab')
    const establishment = field(newcomer, 'Établissement de rattachement')
    await chooseOption(newcomer, establishment, 'Université Toulouse Capitole – Relais handicap')

    // the math question, read from its label as a person reads it
    const captchaLabel = (await newcomer.locator('label[for="field-captcha"]').innerText()).replace(/\s*\*$/, '').trim()
    const numbers = /(\d+)\s*\+\s*(\d+)/.exec(captchaLabel)
    expect(numbers, `a sum in the label "${captchaLabel}"`).not.toBeNull()
    await tabTo(newcomer, field(newcomer, captchaLabel), { max: 10 })
    await newcomer.keyboard.type(String(Number(numbers![1]) + Number(numbers![2])))
    await newcomer.keyboard.press('Tab')
    await expectFocusOn(newcomer, newcomer.getByRole('button', { name: 'Valider' }), '"Valider"')
    await pressAndWaitForPage(newcomer, 'Enter')
    expect(
      pathOf(newcomer),
      await newcomer
        .locator('.error-summary')
        .allInnerTexts()
        .then((t) => t.join(' ')),
    ).toBe('/inscription/en-attente')
    expect(await h1Of(newcomer)).toBe('Votre inscription est enregistrée')
    expect(await newcomer.locator('main').innerText()).toContain('Université Toulouse Capitole – Relais handicap')

    // not active yet: no password, no sign-in
    await expect(started.bt.signInAs(newcomer, email, password)).rejects.toThrow(/sign-in failed/)

    // ── the demo référent validates ──
    const referent = await started.bt.newPage({ javaScriptEnabled: false })
    await started.bt.signInAs(referent, DEMO.referent)
    await tabTo(referent, referent.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Inscriptions à valider' }))
    await pressAndWaitForPage(referent, 'Enter')
    expect(pathOf(referent)).toBe('/referent/inscriptions')
    expect(await h1Of(referent)).toBe('Inscriptions à valider')
    const row = referent.getByRole('row').filter({ hasText: email })
    expect(await row.count()).toBe(1)
    await tabTo(referent, row.getByRole('button', { name: /^Valider/ }), { max: 200 })
    await pressAndWaitForPage(referent, 'Enter')
    expect(pathOf(referent)).toBe('/referent/inscriptions')
    expect(await referent.getByRole('status').first().innerText()).toContain('L’inscription de Inès Moreau est validée')
    expect(await referent.getByRole('row').filter({ hasText: email }).count()).toBe(0)

    // ── the activation e-mail, sent by the outbox to a real SMTP server ──
    const result = await sendDueEmails({ db: started.bt.ctx.db, transport: createMailTransport(started.bt.ctx.config), config: started.bt.ctx.config })
    expect(result.failed).toBe(0)
    const mail = await started.smtp.waitFor((message) => message.to !== undefined && JSON.stringify(message.to).includes(email))
    const link = /https?:\/\/\S+\/activation\/[\w-]+/.exec(mail.text ?? '')?.[0]
    expect(link, `an activation link in:\n${mail.text}`).toBeDefined()
    expect(link!.startsWith(`${started.bt.baseUrl}/activation/`)).toBe(true)

    // ── the newcomer opens the link and chooses a password ──
    await newcomer.goto(link!)
    expect(await h1Of(newcomer)).toBe('Créer votre compte en choisissant un mot de passe')
    await tabTo(newcomer, field(newcomer, 'Nouveau mot de passe'))
    await newcomer.keyboard.type(password)
    await newcomer.keyboard.press('Tab')
    await expectFocusOn(newcomer, field(newcomer, 'Confirmer le mot de passe'), '"Confirmer le mot de passe"')
    await newcomer.keyboard.type(password)
    await newcomer.keyboard.press('Tab')
    await expectFocusOn(newcomer, newcomer.getByRole('button', { name: 'Enregistrer' }), '"Enregistrer"')
    await pressAndWaitForPage(newcomer, 'Enter')
    expect(pathOf(newcomer)).toBe('/tableau-de-bord')
    expect(await h1Of(newcomer)).toBe('Tableau de bord')

    // ── signs out, and in again ──
    await tabTo(newcomer, newcomer.getByRole('button', { name: 'Se déconnecter' }))
    await pressAndWaitForPage(newcomer, 'Space')
    expect(pathOf(newcomer)).toBe('/connexion')
    await started.bt.signInAs(newcomer, email, password)
    expect(pathOf(newcomer)).toBe('/tableau-de-bord')
    expect(await h1Of(newcomer)).toBe('Tableau de bord')

    // the link works once
    const someoneElse = await started.bt.newPage({ javaScriptEnabled: false })
    await someoneElse.goto(link!)
    expect(await h1Of(someoneElse)).toBe('Ce lien n’est plus valide')
    await someoneElse.context().close()
    await newcomer.context().close()
    await referent.context().close()
  })
})
