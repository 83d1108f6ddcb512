// What the measuring scripts (bench-pages.ts, soak.ts) do as a browser would against the built app in
// production mode: keep its cookies, post its forms with their _csrf field, sign in, and turn on an
// administrator's second factor.
import { generate } from 'otplib'

export const SESSION_COOKIE = 'atouts.sid'
export const CSRF_COOKIE = '__Host-atouts.csrf' // its name in production (src/web/csrf.ts)
/** a visitor's forms are bound to it (src/web/csrf.ts), its name in production */
export const VISITOR_COOKIE = '__Host-atouts.visitor'
/** production cookies are `secure`: with TRUST_PROXY=1 the app believes it is behind an HTTPS proxy */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'https' }

/** a cookie jar: name → value */
export type Jar = Map<string, string>

export function keepCookies(jar: Jar, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0]
    const equals = pair.indexOf('=')
    if (equals > 0) jar.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim())
  }
}

export const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

/** The headers of a request from behind the proxy, with the jar's cookies when it has any. */
export const requestHeaders = (jar: Jar, extra: Record<string, string> = {}): Record<string, string> => ({
  ...PROXY_HEADERS,
  ...extra,
  ...(jar.size > 0 ? { cookie: cookieHeader(jar) } : {}),
})

export const decodeHtml = (text: string) =>
  text.replaceAll('&#34;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')

/** The _csrf field of the page's (first) form, decoded; null when the page has none. */
export function csrfTokenOf(html: string): string | null {
  const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1]
  return token === undefined ? null : decodeHtml(token)
}

/** POST an urlencoded form with the jar's cookies, without following the redirect; the jar keeps what it sets. */
async function postForm(url: string, jar: Jar, fields: Record<string, string>): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: requestHeaders(jar, { 'content-type': 'application/x-www-form-urlencoded' }),
    body: new URLSearchParams(fields).toString(),
  })
  await response.arrayBuffer()
  keepCookies(jar, response)
  return response
}

/** GET /connexion, then POST it with the form's _csrf and its two cookies: the jar holds a signed-in session. */
export async function signIn(baseUrl: string, jar: Jar, email: string, password: string): Promise<void> {
  const form = await fetch(`${baseUrl}/connexion`, { redirect: 'manual', headers: requestHeaders(jar) })
  const html = await form.text()
  if (form.status !== 200) throw new Error(`GET /connexion answered ${form.status}`)
  keepCookies(jar, form)
  const token = csrfTokenOf(html)
  if (!token) throw new Error('GET /connexion: no _csrf field in the form')
  for (const name of [VISITOR_COOKIE, CSRF_COOKIE])
    if (!jar.has(name)) throw new Error(`GET /connexion set no ${name} cookie (is X-Forwarded-Proto trusted? TRUST_PROXY=1)`)
  const response = await postForm(`${baseUrl}/connexion`, jar, { _csrf: token, email, password })
  const location = response.headers.get('location') ?? ''
  if (response.status !== 302 && response.status !== 303) throw new Error(`sign-in as ${email} failed: POST /connexion answered ${response.status}`)
  if (location.includes('/connexion')) throw new Error(`sign-in as ${email} failed: redirected to ${location}`)
  if (!jar.has(SESSION_COOKIE)) throw new Error(`sign-in as ${email}: no ${SESSION_COOKIE} cookie set (is X-Forwarded-Proto trusted? TRUST_PROXY=1)`)
}

/**
 * In production an administrator turns on « Double authentification » at the first sign-in before
 * anything else: done here as a person would, the code made with otplib from the secret shown on the
 * page. The account must not have a second factor yet.
 */
export async function enrolSecondFactor(baseUrl: string, jar: Jar): Promise<void> {
  const enrolment = `${baseUrl}/mon-compte/double-authentification/activer`
  const page = await fetch(enrolment, { redirect: 'manual', headers: requestHeaders(jar) })
  const html = await page.text()
  if (page.status !== 200) throw new Error(`GET ${enrolment} answered ${page.status}`)
  keepCookies(jar, page)
  const token = csrfTokenOf(html)
  const secret = /<p class="secret-code"><strong><code>([A-Z2-7 ]+)<\/code>/.exec(html)?.[1]?.replaceAll(' ', '')
  if (!token || !secret) throw new Error(`GET ${enrolment}: no _csrf field or no secret on the page`)
  const response = await postForm(enrolment, jar, { _csrf: token, code: await generate({ secret }) })
  if (response.status !== 200) throw new Error(`turning on the administrator's second factor failed: POST answered ${response.status}`)
}
