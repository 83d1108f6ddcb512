// The "Done when" for data retention, in a real Chromium with JavaScript off and axe on each
// page, emails through a real SMTP server: the administrator keeps the default periods in
// « Conservation des données »; with the clock moved forward, an inactive candidate gets the warning
// email, then is anonymised, and the totals of « Statistiques » do not change.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { applyDataRetention, monthsBefore } from '../../src/modules/admin/retention/service.ts'
import { DEMO_EMPLOYER_NAME } from '../../src/seed/demo-data.ts'
import { createApplication } from '../factories/index.ts'
import { createPageChecker, DEMO, useBrowserWithMail } from '../helpers/browser.ts'
import { deliverEmails, recipientsOf } from '../helpers/mail.ts'

const started = useBrowserWithMail()
const DAY = 24 * 60 * 60 * 1000

/** The cells of the "Total" row of a table of « Statistiques », as the page shows them. */
async function totalRow(page: Page, slug: string): Promise<string[]> {
  const cells = page.locator(`section[aria-labelledby="titre-${slug}"] tfoot tr`).first().locator('th, td')
  return (await cells.allInnerTexts()).map((text) => text.trim())
}

describe('« Conservation des données », JavaScript off', () => {
  it('when an inactive candidate is warned, then anonymised with the clock moved forward, then « Statistiques » shows the same application totals', {
    timeout: 180_000,
  }, async () => {
    const { bt, smtp } = started
    const { db, config } = bt.ctx
    const checker = createPageChecker(() => bt, { uniqueTitles: false })
    const admin = await bt.newPage({ javaScriptEnabled: false })
    await bt.signInAs(admin, DEMO.admin)

    // the administrator finds the periods and keeps the defaults
    await admin.goto('/admin/conservation-des-donnees')
    await checker.check(admin)
    await admin.getByRole('button', { name: 'Enregistrer' }).click()
    await checker.check(admin)

    // the demo candidate applied once, then stayed away for two years
    const now = new Date()
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO.candidate }, include: { candidate: true } })
    const offer = await db.offer.findFirstOrThrow({ where: { status: 'PUBLISHED', employer: { name: DEMO_EMPLOYER_NAME } } })
    await createApplication(db, { candidateId: user.candidate!.id, offerId: offer.id, status: 'SENT', submittedAt: new Date(now.getTime() - 3 * DAY) })
    await db.user.update({ where: { id: user.id }, data: { lastLoginAt: monthsBefore(now, 25), createdAt: monthsBefore(now, 26) } })

    const statistics = '/admin/statistiques'
    await admin.goto(statistics)
    await checker.check(admin)
    const before = { conventions: await totalRow(admin, 'conventions'), employers: await totalRow(admin, 'employeurs') }
    expect(before.conventions.length).toBeGreaterThan(10)
    expect(before.conventions[0]).toBe('Total')

    // the job today: the warning, once, by email
    await applyDataRetention(db, config, now)
    await deliverEmails(bt.ctx)
    const warning = await smtp.waitFor(
      (mail) => recipientsOf(mail).includes(DEMO.candidate) && mail.subject === 'Votre compte Atouts pour tous sera bientôt supprimé',
    )
    expect(warning.text).toContain('/connexion')
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).anonymisedAt).toBeNull()

    // 31 days later, without a sign-in: the account is anonymised
    await applyDataRetention(db, config, new Date(now.getTime() + 31 * DAY))
    const anonymised = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(anonymised.anonymisedAt).not.toBeNull()
    expect(anonymised.email).not.toBe(DEMO.candidate)
    await deliverEmails(bt.ctx)
    expect(
      smtp.messages.filter((mail) => recipientsOf(mail).includes(DEMO.candidate) && mail.subject === 'Votre compte Atouts pour tous sera bientôt supprimé'),
    ).toHaveLength(1)

    // the candidate can no longer sign in with the old address
    const candidate = await bt.newPage({ javaScriptEnabled: false })
    await candidate.goto('/connexion')
    await candidate.getByLabel('Adresse e-mail').fill(DEMO.candidate)
    await candidate.getByLabel('Mot de passe').fill('Demo-Atouts-2026')
    await candidate.getByRole('button', { name: 'Se connecter' }).click()
    expect(new URL(candidate.url()).pathname).toBe('/connexion')
    await candidate.context().close()

    // « Statistiques »: the application columns of the totals are the same (the candidates' columns count accounts as they are now)
    await admin.goto(statistics)
    await checker.check(admin)
    const after = { conventions: await totalRow(admin, 'conventions'), employers: await totalRow(admin, 'employeurs') }
    expect(after.employers).toEqual(before.employers)
    // conventions: Total, Région, Actifs, En attente, then offers and every application figure
    expect(after.conventions.slice(4)).toEqual(before.conventions.slice(4))
    expect(checker.problems).toEqual([])
    await admin.context().close()
  })
})
