import { audit } from '../../../lib/audit.ts'
import type { Db, Prisma } from '../../../lib/db.ts'
import { orNotFound } from '../../../lib/errors.ts'
import type { SessionUser } from '../../../lib/session-user.ts'
import type { FieldErrors } from '../../../lib/forms.ts'
import { isUniqueViolation } from '../../registrations/service.ts'
import { changesBetween, filterBySearch, ADMIN_PAGE_SIZE, sameName, type FormOutcome } from '../common.ts'
import { pageOfRows } from '../../../lib/pagination.ts'
import type { TEstablishmentForm } from './schemas.ts'

type Deps = { db: Db }

const NAME_TAKEN = 'Un établissement de cette convention porte déjà ce nom. Choisissez un autre nom, ou modifiez l’établissement existant.'
const UNKNOWN_CONVENTION = 'Choisissez la convention dans la liste.'

/**
 * "Établissements": every établissement, or those of one convention, searchable by name or city,
 * with their référents and candidates counted.
 */
export async function listEstablishmentsForAdmin(db: Db, options: { query: string; conventionId: number | null; page: unknown }) {
  const where: Prisma.EstablishmentWhereInput = options.conventionId ? { conventionId: options.conventionId } : {}
  const all = await db.establishment.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true, name: true, city: true } })
  const { total, page, rows } = pageOfRows(
    filterBySearch(all, options.query, (establishment) => [establishment.name, establishment.city]),
    options.page,
    ADMIN_PAGE_SIZE,
  )
  const establishments = await db.establishment.findMany({
    where: { id: { in: rows.map((row) => row.id) } },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      name: true,
      kind: true,
      city: true,
      active: true,
      convention: { select: { id: true, name: true, active: true } },
      _count: { select: { referents: true, candidates: true } },
    },
  })
  return {
    total,
    page,
    establishments: establishments.map(({ _count, ...establishment }) => ({ ...establishment, referents: _count.referents, candidates: _count.candidates })),
  }
}

/** One établissement for its administration page; an unknown id is a 404. */
export async function findEstablishmentForAdmin(db: Db, establishmentId: number) {
  return orNotFound(
    await db.establishment.findUnique({
      where: { id: establishmentId },
      include: { convention: { select: { id: true, name: true, active: true } }, _count: { select: { referents: true, candidates: true } } },
    }),
  )
}

/** The form's checks that need the database: the convention exists, the name is free in it. */
async function checkEstablishment(db: Db, form: TEstablishmentForm, exceptId: number | null): Promise<FieldErrors | null> {
  const convention = await db.convention.findUnique({
    where: { id: form.conventionId },
    select: { establishments: { select: { id: true, name: true } } },
  })
  if (!convention) return { conventionId: UNKNOWN_CONVENTION }
  if (convention.establishments.some((other) => other.id !== exceptId && sameName(other.name, form.name))) return { name: NAME_TAKEN }
  return null
}

/** "Ajouter un établissement": active at once, offered on the sign-up page if its convention is active. */
export async function createEstablishment(
  { db }: Deps,
  { actor, form }: { actor: SessionUser; form: TEstablishmentForm },
): Promise<FormOutcome<{ id: number }>> {
  const errors = await checkEstablishment(db, form, null)
  if (errors) return { ok: false, errors }
  try {
    const establishment = await db.$transaction(async (tx) => {
      const created = await tx.establishment.create({ data: { name: form.name, kind: form.kind, city: form.city, conventionId: form.conventionId } })
      await audit(tx, {
        actorUserId: actor.id,
        action: 'establishment.create',
        targetType: 'Establishment',
        targetId: created.id,
        details: { name: form.name, kind: form.kind, city: form.city, conventionId: form.conventionId },
      })
      return created
    })
    return { ok: true, id: establishment.id }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: NAME_TAKEN } }
    throw error
  }
}

/**
 * "Modifier l’établissement". Moving it to another convention moves its candidates with it: they then
 * see the partner offers of the new convention.
 */
export async function updateEstablishment(
  { db }: Deps,
  { actor, establishmentId, form }: { actor: SessionUser; establishmentId: number; form: TEstablishmentForm },
): Promise<FormOutcome<{ changed: boolean }>> {
  const establishment = await findEstablishmentForAdmin(db, establishmentId)
  const before = { name: establishment.name, kind: establishment.kind, city: establishment.city, conventionId: establishment.conventionId }
  const changes = changesBetween(before, form)
  if (Object.keys(changes).length === 0) return { ok: true, changed: false }
  const errors = await checkEstablishment(db, form, establishment.id)
  if (errors) return { ok: false, errors }
  try {
    await db.$transaction(async (tx) => {
      await tx.establishment.update({
        where: { id: establishment.id },
        data: { name: form.name, kind: form.kind, city: form.city, conventionId: form.conventionId },
      })
      await audit(tx, { actorUserId: actor.id, action: 'establishment.update', targetType: 'Establishment', targetId: establishment.id, details: { changes } })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: NAME_TAKEN } }
    throw error
  }
  return { ok: true, changed: true }
}

/**
 * "Désactiver" / "Réactiver l’établissement". A deactivated établissement is no longer offered on the
 * sign-up page nor to an invited référent; its accounts keep working. A second click changes nothing.
 */
export async function setEstablishmentActive(
  { db }: Deps,
  { actor, establishmentId, active }: { actor: SessionUser; establishmentId: number; active: boolean },
): Promise<{ status: 'done' | 'unchanged'; name: string }> {
  const establishment = await findEstablishmentForAdmin(db, establishmentId)
  return db.$transaction(async (tx) => {
    const { count } = await tx.establishment.updateMany({ where: { id: establishment.id, active: !active }, data: { active } })
    if (count !== 1) return { status: 'unchanged' as const, name: establishment.name }
    await audit(tx, {
      actorUserId: actor.id,
      action: active ? 'establishment.reactivate' : 'establishment.deactivate',
      targetType: 'Establishment',
      targetId: establishment.id,
      details: { changes: { active: { from: !active, to: active } } },
    })
    return { status: 'done' as const, name: establishment.name }
  })
}
