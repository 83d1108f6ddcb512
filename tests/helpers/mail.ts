import type { AddressObject, ParsedMail } from 'mailparser'
import { createMailTransport, sendDueEmails } from '../../src/lib/outbox.ts'
import type { TestContext } from './app.ts'

/** Run the outbox once, as the worker would: the queued emails go to the context's SMTP server. */
export function deliverEmails(ctx: TestContext) {
  return sendDueEmails({ db: ctx.db, transport: createMailTransport(ctx.config), config: ctx.config })
}

/** The addresses a received email was sent to. */
export function recipientsOf(mail: ParsedMail): string[] {
  const to = ([] as AddressObject[]).concat(mail.to ?? [])
  return to.flatMap((address) => address.value.map((entry) => entry.address ?? ''))
}

export const sentTo = (address: string) => (mail: ParsedMail) => recipientsOf(mail).includes(address)

/** The first link of the text part that starts with this URL prefix (e.g. "http://atouts.test/activation/"). */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`${escaped}\\S+`).exec(mail.text ?? '')
  if (!match) throw new Error(`no link starting with ${prefix} in the email "${mail.subject}"`)
  return match[0]
}

/** The path of an absolute link, for supertest. */
export const pathOf = (link: string) => new URL(link).pathname

/** The emails queued in the outbox for this address, oldest first. */
export const outboxTo = (ctx: TestContext, email: string) => ctx.db.outboxEmail.findMany({ where: { to: email }, orderBy: { id: 'asc' } })
