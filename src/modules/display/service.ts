import type { Db } from '../../lib/db.ts'
import type { SessionUser } from '../../lib/session-user.ts'
import { DEFAULT_DISPLAY_SETTINGS, parseStoredDisplaySettings, serializeDisplaySettings, type DisplaySettings } from './settings.ts'

/**
 * The settings a page is shown with: the signed-in person's account when it has some, else this
 * browser's cookie, else the defaults. Reads nothing from the database: the account's column comes
 * with the session user (src/web/session-user.ts).
 */
export function currentDisplaySettings({ user, cookie }: { user: SessionUser | null; cookie: unknown }): DisplaySettings {
  return parseStoredDisplaySettings(user?.displaySettings) ?? parseStoredDisplaySettings(cookie) ?? DEFAULT_DISPLAY_SETTINGS
}

/** Saves the choice on the signed-in person's own account, where every device they sign in on finds it. */
export async function saveDisplaySettings(db: Db, { actor, settings }: { actor: SessionUser; settings: DisplaySettings }): Promise<void> {
  await db.user.update({ where: { id: actor.id }, data: { displaySettings: serializeDisplaySettings(settings) } })
}
