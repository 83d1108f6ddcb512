// What must hold after a soak (scripts/soak.ts), read in SQL from its PostgreSQL database once every
// instance has stopped: the applications' states and history, the employer emails, the outbox against
// what the SMTP server received, the periodic jobs.
import pg from 'pg'
import type { ApplicationStatus, Role } from '../../src/lib/db.ts'
import { findTransition } from '../../src/modules/applications/workflow.ts'

/** the email that carries a validated application to the employer (src/modules/applications/emails.ts, sendToEmployer) */
const EMPLOYER_EMAIL_TEMPLATE = 'applications/received'
/** the statuses an application reaches only once validated by its référent */
const PAST_VALIDATION: ApplicationStatus[] = ['SENT', 'IN_REVIEW', 'INTERVIEW', 'ACCEPTED', 'REJECTED']
const EXAMPLES = 5

/** a time as a parameter for the timestamp(3) columns, which hold UTC wall-clock times (as Prisma writes them) */
const utc = (date: Date) => date.toISOString().replace('Z', '')

export type Check = { name: string; held: boolean; detail: string }

/** one message the SMTP server received */
export type ReceivedEmail = { to: string; subject: string }

export type Outbox = {
  byStatus: Record<string, number>
  byTemplate: [string, number][]
  retried: number
  /** emails sent while the workload ran (queued earlier or then) */
  sentDuringWorkload: number
}

export const check = (name: string, failures: string[], detail = ''): Check => ({
  name,
  held: failures.length === 0,
  detail: failures.length === 0 ? detail : `${failures.length} failing, e.g. ${failures.slice(0, EXAMPLES).join('; ')}`,
})

export async function withDatabase<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

export async function pendingEmails(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS "n" FROM "OutboxEmail" WHERE "status" = 'PENDING'`)
  return Number(rows[0].n)
}

/** The emails queued since `since`: by status, by template, how many needed more than one attempt; those sent before `until`. */
export async function outboxSince(client: pg.Client, since: Date, until: Date): Promise<Outbox> {
  const statuses = await client.query<{ status: string; n: string }>(
    `SELECT "status", count(*) AS "n" FROM "OutboxEmail" WHERE "createdAt" >= $1 GROUP BY "status" ORDER BY "status"`,
    [utc(since)],
  )
  const templates = await client.query<{ template: string; n: string }>(
    `SELECT "template", count(*) AS "n" FROM "OutboxEmail" WHERE "createdAt" >= $1 GROUP BY "template" ORDER BY count(*) DESC, "template"`,
    [utc(since)],
  )
  const retried = await client.query<{ n: string }>(`SELECT count(*) AS "n" FROM "OutboxEmail" WHERE "createdAt" >= $1 AND "attempts" > 0`, [utc(since)])
  const sent = await client.query<{ n: string }>(`SELECT count(*) AS "n" FROM "OutboxEmail" WHERE "sentAt" >= $1 AND "sentAt" < $2`, [utc(since), utc(until)])
  return {
    byStatus: Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.n)])),
    byTemplate: templates.rows.map((row) => [row.template, Number(row.n)]),
    retried: Number(retried.rows[0].n),
    sentDuringWorkload: Number(sent.rows[0].n),
  }
}

/** Every application validated since `since` has exactly one email to its employer (sent or pending), and no other application has one. */
async function employerEmails(client: pg.Client, since: Date): Promise<Check> {
  const { rows } = await client.query<{ id: number; validated: boolean; emails: string; sent_or_pending: string }>(
    `WITH received AS (
       SELECT substring(o."text" from '/recruteur/candidatures/([0-9]+)')::int AS "applicationId", o."status"
       FROM "OutboxEmail" o WHERE o."template" = $2
     )
     SELECT a."id", a."validatedAt" IS NOT NULL AS "validated", count(r.*) AS "emails",
            count(r.*) FILTER (WHERE r."status" IN ('SENT', 'PENDING')) AS "sent_or_pending"
     FROM "Application" a LEFT JOIN received r ON r."applicationId" = a."id"
     WHERE a."validatedAt" >= $1 OR r."applicationId" IS NOT NULL
     GROUP BY a."id" ORDER BY a."id"`,
    [utc(since), EMPLOYER_EMAIL_TEMPLATE],
  )
  const unlinked = await client.query<{ n: string }>(
    `SELECT count(*) AS "n" FROM "OutboxEmail" WHERE "template" = $1 AND "createdAt" >= $2 AND "text" !~ '/recruteur/candidatures/[0-9]+'`,
    [EMPLOYER_EMAIL_TEMPLATE, utc(since)],
  )
  const failures = rows
    .filter((row) => !row.validated || Number(row.emails) !== 1 || Number(row.sent_or_pending) !== 1)
    .map((row) => `application ${row.id}${row.validated ? '' : ' (not validated)'}: ${row.emails} employer email(s), ${row.sent_or_pending} sent or pending`)
  if (Number(unlinked.rows[0].n) > 0) failures.push(`${unlinked.rows[0].n} employer email(s) without the application's link (no recruiter account?)`)
  const validated = rows.filter((row) => row.validated).length
  return check('every validated application has exactly one employer email in the outbox (sent or pending)', failures, `${validated} applications validated`)
}

/** validatedAt set exactly when the status is past validation (a withdrawn one may be either). */
async function validationMatchesStatus(client: pg.Client): Promise<Check> {
  const { rows } = await client.query<{ id: number; status: string; validatedAt: Date | null }>(
    `SELECT "id", "status", "validatedAt" FROM "Application"
     WHERE ("validatedAt" IS NULL AND "status"::text = ANY($1))
        OR ("validatedAt" IS NOT NULL AND "status" IN ('PENDING_REFERENT', 'RETURNED'))
     ORDER BY "id"`,
    [PAST_VALIDATION],
  )
  return check(
    'no application past validation without validatedAt, nor waiting for its référent with one',
    rows.map((row) => `application ${row.id}: ${row.status}, validatedAt ${row.validatedAt?.toISOString() ?? 'null'}`),
  )
}

type EventRow = {
  applicationId: number
  status: ApplicationStatus
  validatedAt: Date | null
  fromStatus: ApplicationStatus | null
  toStatus: ApplicationStatus
  role: Role | null
}

/**
 * Each application's history, in order: starts with the submission, each change leaves from the status
 * the previous one reached, is a transition of workflow.ts made by the role it names, ends on the
 * application's status; exactly one validation when validatedAt is set.
 */
async function historiesFollowTheWorkflow(client: pg.Client): Promise<Check> {
  const { rows } = await client.query<EventRow>(
    `SELECT a."id" AS "applicationId", a."status", a."validatedAt", e."fromStatus", e."toStatus", u."role"
     FROM "Application" a JOIN "ApplicationEvent" e ON e."applicationId" = a."id" LEFT JOIN "User" u ON u."id" = e."actorUserId"
     ORDER BY a."id", e."id"`,
  )
  const noHistory = await client.query<{ id: number }>(
    `SELECT a."id" FROM "Application" a WHERE NOT EXISTS (SELECT 1 FROM "ApplicationEvent" e WHERE e."applicationId" = a."id")`,
  )
  const failures = noHistory.rows.map((row) => `application ${row.id}: no history`)
  const histories = new Map<number, EventRow[]>()
  for (const row of rows) {
    const history = histories.get(row.applicationId) ?? []
    history.push(row)
    histories.set(row.applicationId, history)
  }
  for (const [id, events] of histories) {
    let previous: ApplicationStatus | null = null
    let validations = 0
    for (const event of events) {
      if (event.fromStatus !== previous) failures.push(`application ${id}: a change from ${event.fromStatus} after reaching ${previous}`)
      else if (!event.role || !findTransition(event.fromStatus, event.toStatus, event.role))
        failures.push(`application ${id}: ${event.fromStatus} → ${event.toStatus} by ${event.role} is not a transition of workflow.ts`)
      if (event.toStatus === 'SENT') validations++
      previous = event.toStatus
    }
    const { status, validatedAt } = events[0]
    if (previous !== status) failures.push(`application ${id}: status ${status}, but its history ends on ${previous}`)
    if (validations !== (validatedAt ? 1 : 0))
      failures.push(`application ${id}: ${validations} validation(s) in its history, validatedAt ${validatedAt ? 'set' : 'null'}`)
  }
  return check(
    'every application’s history follows workflow.ts and ends on its status',
    failures,
    `${histories.size} applications, ${rows.length} history rows`,
  )
}

/** The SENT rows and the messages the SMTP server received, by recipient and subject: the same counts. */
async function sentEmailsReceivedOnce(client: pg.Client, received: ReceivedEmail[]): Promise<Check> {
  const { rows } = await client.query<{ to: string; subject: string; n: string }>(
    `SELECT lower("to") AS "to", "subject", count(*) AS "n" FROM "OutboxEmail" WHERE "status" = 'SENT' GROUP BY lower("to"), "subject"`,
  )
  const key = (to: string, subject: string) => `${to.toLowerCase()} « ${subject} »`
  const expected = new Map(rows.map((row) => [key(row.to, row.subject), Number(row.n)]))
  const got = new Map<string, number>()
  for (const email of received) got.set(key(email.to, email.subject), (got.get(key(email.to, email.subject)) ?? 0) + 1)
  const failures: string[] = []
  for (const name of new Set([...expected.keys(), ...got.keys()])) {
    const sent = expected.get(name) ?? 0
    const arrived = got.get(name) ?? 0
    if (sent !== arrived) failures.push(`${name}: ${sent} SENT in the outbox, ${arrived} received`)
  }
  const total = rows.reduce((sum, row) => sum + Number(row.n), 0)
  return check('every SENT outbox email reached the SMTP server exactly once', failures, `${total} sent, ${received.length} received`)
}

/** Each job's claims: at most one per period since the first instance started (and one more at the edge). */
async function jobsOncePerPeriod(client: pg.Client, intervalsMs: Record<string, number>, elapsedMs: number): Promise<Check> {
  const { rows } = await client.query<{ name: string; runs: number }>(`SELECT "name", "runs" FROM "ScheduledJob" ORDER BY "name"`)
  const failures: string[] = []
  const seen: string[] = []
  for (const row of rows) {
    const interval = intervalsMs[row.name]
    if (!interval) continue
    const most = Math.floor(elapsedMs / interval) + 1
    seen.push(`${row.name} ${row.runs}× (≤ ${most})`)
    if (row.runs > most) failures.push(`${row.name}: ${row.runs} runs in ${(elapsedMs / 1000).toFixed(0)} s, every ${interval / 1000} s allows ${most}`)
  }
  return check('each periodic job ran at most once per period across the instances', failures, seen.join(', '))
}

export async function checkInvariants(
  client: pg.Client,
  options: { since: Date; received: ReceivedEmail[]; jobIntervalsMs: Record<string, number>; elapsedMs: number },
): Promise<Check[]> {
  return [
    await employerEmails(client, options.since),
    await validationMatchesStatus(client),
    await historiesFollowTheWorkflow(client),
    await sentEmailsReceivedOnce(client, options.received),
    await jobsOncePerPeriod(client, options.jobIntervalsMs, options.elapsedMs),
  ]
}
