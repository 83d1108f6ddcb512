import type { Agent } from './app.ts'

/** The answer to the math question of a rendered sign-up form ("Combien font 3 + 4 ?"). */
export function captchaAnswerOf(html: string): number {
  const match = /Combien font (\d) \+ (\d) \?/.exec(html)
  if (!match) throw new Error('no math question on the page')
  return Number(match[1]) + Number(match[2])
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!match) throw new Error('no CSRF token on the page')
  return match[1]
}

/**
 * Open the sign-up page (optionally with ?convention=), then post the form with the right answer to
 * its math question, unless `captcha` is given.
 */
export async function submitSignUp(agent: Agent, fields: Record<string, string>, page = '/inscription') {
  const form = await agent.get(page)
  const body = { captcha: String(captchaAnswerOf(form.text)), ...fields, _csrf: csrfOf(form.text) }
  return agent.post('/inscription').type('form').send(body)
}
