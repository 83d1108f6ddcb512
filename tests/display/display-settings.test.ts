// « Paramètres d'affichage »: chosen by anyone from the footer, kept in a cookie for a visitor and on
// the account once signed in (carried over at sign-in), and applied by the server on <html>.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCandidate, createRecruiter } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const STRONGEST = { textSize: 'larger', spacing: 'increased', font: 'dyslexia', contrast: 'high', theme: 'dark', motion: 'reduced' }
const DEFAULTS = { textSize: 'normal', spacing: 'normal', font: 'standard', contrast: 'standard', theme: 'light', motion: 'normal' }

/** The <html> start tag of a page. */
function htmlTag(text: string): string {
  return /<html[^>]*>/.exec(text)?.[0] ?? ''
}

/** The display cookie a response sets, if any. */
function displayCookie(response: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? [])
  return cookies.find((cookie) => cookie.startsWith('atouts.affichage='))
}

async function displaySettingsOf(email: string): Promise<string | null> {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { email } })
  return user.displaySettings
}

const chooseDisplay = (agent: Agent, choices: Record<string, string>) => submitForm(agent, '/parametres-affichage', choices)

describe('the « Paramètres d’affichage » page', () => {
  it('when anyone looks at the footer of a page, signed in or not, then it links to « Paramètres d’affichage »', async () => {
    const { user } = await createCandidate(ctx.db)
    const visitorPage = await request(ctx.app).get('/connexion')
    const notFound = await request(ctx.app).get('/cette-page-n-existe-pas')
    const signedIn = await (await signIn(ctx.app, user.email)).get('/tableau-de-bord')
    for (const page of [visitorPage, notFound, signedIn]) {
      expect(decodeHtml(page.text)).toMatch(/<footer[\s\S]*<a href="\/parametres-affichage">Paramètres d’affichage<\/a>[\s\S]*<\/footer>/)
    }
  })

  it('shows a group of radio buttons for each setting, the defaults chosen, and « Enregistrer »', async () => {
    const page = await request(ctx.app).get('/parametres-affichage')
    expect(page.status).toBe(200)
    const html = decodeHtml(page.text)
    expect(html).toContain('<title>Paramètres d’affichage – Atouts pour tous</title>')
    expect(html).toContain('<h1>Paramètres d’affichage</h1>')
    for (const legend of ['Taille du texte', 'Espacement', 'Police', 'Contraste', 'Thème', 'Animations']) expect(html).toContain(`<legend>${legend}</legend>`)
    for (const label of [
      'Normale',
      'Grande',
      'Très grande',
      'Augmenté',
      'Adaptée à la dyslexie',
      'Renforcé',
      'Clair',
      'Sombre',
      'Celui du système',
      'Normales',
      'Réduites',
    ]) {
      expect(html).toMatch(new RegExp(`<label for="field-[a-zA-Z]+(-[a-z]+)?">${label}</label>`))
    }
    const checked = [...html.matchAll(/<input type="radio" id="[^"]+" name="(\w+)" value="(\w+)" checked>/g)].map((match) => [match[1], match[2]])
    expect(Object.fromEntries(checked)).toEqual(DEFAULTS)
    expect(html).toContain('>Enregistrer</button>')
    expect(htmlTag(page.text)).toBe('<html lang="fr">')
  })
})

describe('as a visitor (signed out)', () => {
  it('when I save my choice, then a long-lived SameSite=Lax cookie keeps it and the next pages are served with it', async () => {
    const visitor = request.agent(ctx.app)
    const saved = await chooseDisplay(visitor, STRONGEST)
    expect(saved.status).toBe(302)
    expect(saved.headers.location).toBe('/parametres-affichage')
    const cookie = displayCookie(saved)!
    expect(cookie).toMatch(/SameSite=Lax/i)
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1])
    expect(maxAge).toBeGreaterThanOrEqual(365 * 24 * 60 * 60)

    const confirmation = await visitor.get('/parametres-affichage')
    expect(decodeHtml(confirmation.text)).toContain('Vos paramètres d’affichage sont enregistrés.')
    expect(confirmation.text).toContain('name="textSize" value="larger" checked')
    expect(confirmation.text).toContain('name="theme" value="dark" checked')

    for (const path of ['/', '/connexion', '/inscription', '/accessibilite']) {
      const page = await visitor.get(path)
      expect(htmlTag(page.text), path).toBe(
        '<html lang="fr" data-text-size="larger" data-spacing="increased" data-font="dyslexia" data-contrast="high" data-theme="dark" data-motion="reduced">',
      )
    }
    // another browser is not affected
    expect(htmlTag((await request(ctx.app).get('/connexion')).text)).toBe('<html lang="fr">')
  })

  it('when I go back to the defaults, then <html> carries nothing', async () => {
    const visitor = request.agent(ctx.app)
    await chooseDisplay(visitor, { ...DEFAULTS, theme: 'system' })
    expect(htmlTag((await visitor.get('/connexion')).text)).toBe('<html lang="fr" data-theme="system">')
    await chooseDisplay(visitor, DEFAULTS)
    expect(htmlTag((await visitor.get('/connexion')).text)).toBe('<html lang="fr">')
  })

  it('when a value is unknown or missing, then the form is shown again with a French message and nothing changes', async () => {
    const visitor = request.agent(ctx.app)
    await chooseDisplay(visitor, { ...DEFAULTS, textSize: 'large' })
    const refused = await chooseDisplay(visitor, { ...STRONGEST, textSize: 'enorme', theme: '' })
    expect(refused.status).toBe(422)
    expect(displayCookie(refused)).toBeUndefined()
    const html = decodeHtml(refused.text)
    expect(html).toContain('Le formulaire contient 2 erreurs')
    expect(html).toContain('<a href="#field-textSize">Choisissez une taille de texte.</a>')
    expect(html).toContain('<a href="#field-theme">Choisissez un thème.</a>')
    expect(html).toContain('aria-describedby="field-textSize-hint field-textSize-error"')
    // the valid choices of the refused form are kept for the next try
    expect(refused.text).toContain('name="font" value="dyslexia" checked')

    const missing = await chooseDisplay(visitor, { textSize: 'larger' })
    expect(missing.status).toBe(422)
    expect(decodeHtml(missing.text)).toContain('Choisissez un espacement.')

    // the earlier choice still applies
    expect(htmlTag((await visitor.get('/connexion')).text)).toBe('<html lang="fr" data-text-size="large">')
  })

  it('when the cookie was altered, then only known values reach the page', async () => {
    const tampered = encodeURIComponent('textSize="><script>alert(1)</script>&theme=dark&font=comic')
    const page = await request(ctx.app).get('/connexion').set('Cookie', `atouts.affichage=${tampered}`)
    expect(htmlTag(page.text)).toBe('<html lang="fr" data-theme="dark">')
    expect(page.text).not.toContain('<script>alert(1)')
    const garbage = await request(ctx.app).get('/connexion').set('Cookie', 'atouts.affichage=%E0%A4%A')
    expect(garbage.status).toBe(200)
    expect(htmlTag(garbage.text)).toBe('<html lang="fr">')
  })

  it('the dyslexia font is served by the app itself', async () => {
    const css = await request(ctx.app).get('/css/main.css')
    expect(css.text).toContain('url("/polices/opendyslexic/opendyslexic-latin-400-normal.woff2")')
    const font = await request(ctx.app).get('/polices/opendyslexic/opendyslexic-latin-400-normal.woff2')
    expect(font.status).toBe(200)
    expect(font.headers['content-type']).toBe('font/woff2')
    expect(font.body.subarray(0, 4).toString('latin1')).toBe('wOF2')
  })
})

describe('signed in', () => {
  it('when I save my choice, then it is on my account and follows me to another device', async () => {
    const { user } = await createCandidate(ctx.db)
    const laptop = await signIn(ctx.app, user.email)
    const saved = await chooseDisplay(laptop, { ...DEFAULTS, textSize: 'large', contrast: 'high' })
    expect(saved.status).toBe(302)
    // a browser without a visitor's cookie gets none: the account holds the choice
    expect(displayCookie(saved)).toBeUndefined()
    expect(await displaySettingsOf(user.email)).toBe('textSize=large&spacing=normal&font=standard&contrast=high&theme=light&motion=normal')
    expect(htmlTag((await laptop.get('/tableau-de-bord')).text)).toBe('<html lang="fr" data-text-size="large" data-contrast="high">')

    const phone = await signIn(ctx.app, user.email)
    expect(htmlTag((await phone.get('/tableau-de-bord')).text)).toBe('<html lang="fr" data-text-size="large" data-contrast="high">')
    expect(htmlTag((await phone.get('/parametres-affichage')).text)).toBe('<html lang="fr" data-text-size="large" data-contrast="high">')

    // signed out, that phone shows the pages as a visitor's again
    await submitForm(phone, '/deconnexion', {}, '/tableau-de-bord')
    expect(htmlTag((await phone.get('/connexion')).text)).toBe('<html lang="fr">')
  })

  it('when a value is unknown, then my account keeps its choice', async () => {
    const { user } = await createRecruiter(ctx.db)
    const agent = await signIn(ctx.app, user.email)
    await chooseDisplay(agent, { ...DEFAULTS, theme: 'dark' })
    const refused = await chooseDisplay(agent, { ...DEFAULTS, theme: 'violet' })
    expect(refused.status).toBe(422)
    expect(decodeHtml(refused.text)).toContain('Choisissez un thème.')
    expect(await displaySettingsOf(user.email)).toContain('theme=dark')
  })

  it('when I chose as a visitor and my account has no choice yet, then signing in carries my choice into the account', async () => {
    const { user } = await createCandidate(ctx.db)
    const browser = request.agent(ctx.app)
    await chooseDisplay(browser, { ...DEFAULTS, textSize: 'larger', font: 'dyslexia' })
    const signedIn = await submitForm(browser, '/connexion', { email: user.email, password: 'Mot-de-passe-de-test-42' })
    expect(signedIn.status).toBe(302)
    expect(await displaySettingsOf(user.email)).toBe('textSize=larger&spacing=normal&font=dyslexia&contrast=standard&theme=light&motion=normal')

    // a new browser, never used before: the choice follows the account
    const newBrowser = await signIn(ctx.app, user.email)
    expect(htmlTag((await newBrowser.get('/tableau-de-bord')).text)).toBe('<html lang="fr" data-text-size="larger" data-font="dyslexia">')
  })

  it('when my account already has a choice, then signing in from a browser with another choice keeps the account’s', async () => {
    const { user } = await createCandidate(ctx.db)
    await chooseDisplay(await signIn(ctx.app, user.email), { ...DEFAULTS, theme: 'dark' })
    const browser = request.agent(ctx.app)
    await chooseDisplay(browser, { ...DEFAULTS, textSize: 'larger' })
    await submitForm(browser, '/connexion', { email: user.email, password: 'Mot-de-passe-de-test-42' })
    expect(await displaySettingsOf(user.email)).toContain('theme=dark&motion=normal')
    expect(await displaySettingsOf(user.email)).toContain('textSize=normal')
    expect(htmlTag((await browser.get('/tableau-de-bord')).text)).toBe('<html lang="fr" data-theme="dark">')
  })

  it('when I change my choice on a browser that has a visitor’s cookie, then that cookie follows, so signing out does not bring back the old choice', async () => {
    const { user } = await createCandidate(ctx.db)
    const browser = request.agent(ctx.app)
    await chooseDisplay(browser, { ...DEFAULTS, textSize: 'large' })
    await submitForm(browser, '/connexion', { email: user.email, password: 'Mot-de-passe-de-test-42' })
    const changed = await chooseDisplay(browser, { ...DEFAULTS, textSize: 'larger' })
    expect(displayCookie(changed)).toContain('textSize%3Dlarger')
    await submitForm(browser, '/deconnexion', {}, '/tableau-de-bord')
    expect(htmlTag((await browser.get('/connexion')).text)).toBe('<html lang="fr" data-text-size="larger">')
  })
})
