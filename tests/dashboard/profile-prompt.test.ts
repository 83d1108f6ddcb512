import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCandidate, createReferent } from '../factories/index.ts'
import { createTestContext, signIn, submitForm, type Agent, type TestContext } from '../helpers/app.ts'
import { decodeHtml, headingsOf, sectionOf, textOf } from '../helpers/html.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => ctx.cleanup())

const PROMPT = 'Complétez votre profil'

async function dashboardOf(agent: Agent): Promise<string> {
  const response = await agent.get('/tableau-de-bord')
  expect(response.status).toBe(200)
  expect((response.text.match(/<h1[\s>]/g) ?? []).length).toBe(1)
  return decodeHtml(response.text)
}

/** The items the prompt lists, in order. */
const missingItemsOf = (html: string) => [...sectionOf(html, PROMPT).matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => textOf(match[1]))

describe('the candidate’s dashboard asks for a complete profile', () => {
  it('when a new candidate has filled nothing, then the first block of the dashboard asks for the four items, with the labels of the profile form and a link to it', async () => {
    const { user } = await createCandidate(ctx.db)
    const html = await dashboardOf(await signIn(ctx.app, user.email))

    expect(headingsOf(html)[0]).toBe(PROMPT)
    const prompt = sectionOf(html, PROMPT)
    expect(textOf(prompt)).toContain('votre référent en a besoin pour vous conseiller')
    expect(missingItemsOf(html)).toEqual(['Date de naissance', 'Téléphone', 'Ce que vous recherchez', 'Projet professionnel'])
    expect(prompt).toContain('<a href="/mon-compte/informations">Modifier mes informations</a>')
    // the labels are those of the form the link leads to
    const form = decodeHtml((await (await signIn(ctx.app, user.email)).get('/mon-compte/informations')).text)
    for (const label of [
      '<label for="field-birthDate">Date de naissance',
      '<label for="field-phone">Téléphone',
      '<legend>Ce que vous recherchez</legend>',
      '<label for="field-professionalProject">Projet professionnel',
    ]) {
      expect(form).toContain(label)
    }
  })

  it('when only some items are filled, then only the empty ones are listed', async () => {
    const { user, candidate } = await createCandidate(ctx.db)
    await ctx.db.candidate.update({ where: { id: candidate.id }, data: { phone: '06 12 34 56 78', soughtContracts: 'STAGE' } })
    const html = await dashboardOf(await signIn(ctx.app, user.email))
    expect(missingItemsOf(html)).toEqual(['Date de naissance', 'Projet professionnel'])
  })

  it('when the candidate fills the four items through "Modifier mes informations", then the block is gone', async () => {
    const { user } = await createCandidate(ctx.db, { firstName: 'Camille', lastName: 'Martin' })
    const agent = await signIn(ctx.app, user.email)
    expect(headingsOf(await dashboardOf(agent))).toContain(PROMPT)

    const saved = await submitForm(agent, '/mon-compte/informations', {
      lastName: 'Martin',
      firstName: 'Camille',
      email: user.email,
      birthDate: '2000-05-14',
      phone: '06 12 34 56 78',
      soughtContracts: ['STAGE', 'ALTERNANCE'],
      professionalProject: 'Devenir développeuse web.',
    })
    expect(saved.status).toBe(302)

    const html = await dashboardOf(agent)
    expect(headingsOf(html)).not.toContain(PROMPT)
    expect(html).not.toContain(PROMPT)
    expect(headingsOf(html)[0]).toBe('Mes dernières candidatures')
  })

  it('when a référent opens their dashboard, then there is no such block', async () => {
    const { user } = await createReferent(ctx.db)
    expect(await dashboardOf(await signIn(ctx.app, user.email))).not.toContain(PROMPT)
  })
})
