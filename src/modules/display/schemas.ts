import { z } from 'zod'
import { DISPLAY_SETTINGS, type DisplaySettingName, type DisplaySettings } from './settings.ts'

/** One group of radio buttons: one of its values, else the group's French message (missing, unknown, sent twice). */
function choiceOf<N extends DisplaySettingName>(name: N) {
  const setting = DISPLAY_SETTINGS.find((candidate) => candidate.name === name)!
  const values = setting.options.map((option) => option.value) as [DisplaySettings[N], ...DisplaySettings[N][]]
  return z.enum(values, { error: setting.error })
}

/** « Paramètres d'affichage »: every setting chosen; a form with any bad value changes nothing. */
export const ZDisplaySettingsForm = z.object({
  textSize: choiceOf('textSize'),
  spacing: choiceOf('spacing'),
  font: choiceOf('font'),
  contrast: choiceOf('contrast'),
  theme: choiceOf('theme'),
  motion: choiceOf('motion'),
}) satisfies z.ZodType<DisplaySettings>
export type TDisplaySettingsForm = z.infer<typeof ZDisplaySettingsForm>
