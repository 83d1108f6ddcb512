import { audit } from '../../../lib/audit.ts'
import type { Db } from '../../../lib/db.ts'
import { orNotFound } from '../../../lib/errors.ts'
import type { SessionUser } from '../../../lib/session-user.ts'
import { isUniqueViolation } from '../../registrations/service.ts'
import { changesBetween, filterBySearch, ADMIN_PAGE_SIZE, sameName, type FormOutcome } from '../common.ts'
import { pageOfRows } from '../../../lib/pagination.ts'
import type { TConventionForm } from './schemas.ts'

type Deps = { db: Db }

const NAME_TAKEN = 'Une convention porte déjà ce nom. Choisissez un autre nom.'

/** "Conventions": every convention, searchable by name or region, with its établissements and partner employers counted. */
export async function listConventionsForAdmin(db: Db, options: { query: string; page: unknown }) {
  const all = await db.convention.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true, name: true, region: true } })
  const { total, page, rows } = pageOfRows(
    filterBySearch(all, options.query, (convention) => [convention.name, convention.region]),
    options.page,
    ADMIN_PAGE_SIZE,
  )
  const conventions = await db.convention.findMany({
    where: { id: { in: rows.map((row) => row.id) } },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, region: true, active: true, _count: { select: { establishments: true, partnerships: true } } },
  })
  return {
    total,
    page,
    conventions: conventions.map(({ _count, ...convention }) => ({
      ...convention,
      establishments: _count.establishments,
      partnerEmployers: _count.partnerships,
    })),
  }
}

/** One convention for its administration page; an unknown id is a 404. */
export async function findConventionForAdmin(db: Db, conventionId: number) {
  return orNotFound(
    await db.convention.findUnique({
      where: { id: conventionId },
      include: { _count: { select: { establishments: true, partnerships: true } } },
    }),
  )
}

/** The conventions as choices of a select (établissement form, filters), the deactivated ones said so. */
export async function conventionChoices(db: Db) {
  const conventions = await db.convention.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true, name: true, active: true } })
  return conventions.map((convention) => ({ value: convention.id, label: convention.active ? convention.name : `${convention.name} (désactivée)` }))
}

async function nameTaken(db: Db, name: string, exceptId: number | null): Promise<boolean> {
  const conventions = await db.convention.findMany({ select: { id: true, name: true } })
  return conventions.some((convention) => convention.id !== exceptId && sameName(convention.name, name))
}

/** "Ajouter une convention". */
export async function createConvention({ db }: Deps, { actor, form }: { actor: SessionUser; form: TConventionForm }): Promise<FormOutcome<{ id: number }>> {
  if (await nameTaken(db, form.name, null)) return { ok: false, errors: { name: NAME_TAKEN } }
  try {
    const convention = await db.$transaction(async (tx) => {
      const created = await tx.convention.create({ data: { name: form.name, region: form.region } })
      await audit(tx, {
        actorUserId: actor.id,
        action: 'convention.create',
        targetType: 'Convention',
        targetId: created.id,
        details: { name: form.name, region: form.region },
      })
      return created
    })
    return { ok: true, id: convention.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: NAME_TAKEN } }
    throw error
  }
}

/** "Modifier la convention": its name and region; nothing is written (nor logged) when nothing changes. */
export async function updateConvention(
  { db }: Deps,
  { actor, conventionId, form }: { actor: SessionUser; conventionId: number; form: TConventionForm },
): Promise<FormOutcome<{ changed: boolean }>> {
  const convention = await findConventionForAdmin(db, conventionId)
  const changes = changesBetween({ name: convention.name, region: convention.region }, form)
  if (Object.keys(changes).length === 0) return { ok: true, changed: false }
  if (changes.name && (await nameTaken(db, form.name, convention.id))) return { ok: false, errors: { name: NAME_TAKEN } }
  try {
    await db.$transaction(async (tx) => {
      await tx.convention.update({ where: { id: convention.id }, data: { name: form.name, region: form.region } })
      await audit(tx, { actorUserId: actor.id, action: 'convention.update', targetType: 'Convention', targetId: convention.id, details: { changes } })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: NAME_TAKEN } }
    throw error
  }
  return { ok: true, changed: true }
}

/**
 * "Désactiver" / "Réactiver la convention". A deactivated convention and its établissements are no
 * longer offered on the sign-up page; accounts, partnerships and history are kept. A conditional
 * update: a second click changes nothing and logs nothing.
 */
export async function setConventionActive(
  { db }: Deps,
  { actor, conventionId, active }: { actor: SessionUser; conventionId: number; active: boolean },
): Promise<{ status: 'done' | 'unchanged'; name: string }> {
  const convention = await findConventionForAdmin(db, conventionId)
  return db.$transaction(async (tx) => {
    const { count } = await tx.convention.updateMany({ where: { id: convention.id, active: !active }, data: { active } })
    if (count !== 1) return { status: 'unchanged' as const, name: convention.name }
    await audit(tx, {
      actorUserId: actor.id,
      action: active ? 'convention.reactivate' : 'convention.deactivate',
      targetType: 'Convention',
      targetId: convention.id,
      details: { changes: { active: { from: !active, to: active } } },
    })
    return { status: 'done' as const, name: convention.name }
  })
}
