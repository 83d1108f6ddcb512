/**
 * What a use case that changes a row answers its handler, in every domain. Each use case names the
 * outcomes it can give besides "done": `ChangeResult<'refused'>`, `ChangeResult<'invalid' | 'refused'>`,
 * and what "done" carries for the page that follows: `ChangeResult<'refused', { candidateName: string }>`.
 */
import type { FieldErrors } from './forms.ts'

type Outcomes = {
  /** nothing to do: the row already is as asked */
  unchanged: { status: 'unchanged' }
  /** the form is shown again with a message under each field */
  invalid: { status: 'invalid'; errors: FieldErrors }
  /** nothing was changed, for the reason the message gives (a stale page, a state that does not allow it) */
  refused: { status: 'refused'; message: string }
}

export type ChangeResult<Other extends keyof Outcomes, Done extends object = object> = ({ status: 'done' } & Done) | Outcomes[Other]
