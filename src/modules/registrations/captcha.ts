import { randomInt } from 'node:crypto'
import type { Session, SessionData } from 'express-session'

declare module 'express-session' {
  interface SessionData {
    /** the answer to the math question last shown on the sign-up form */
    signUpCaptchaAnswer?: number
  }
}

type CaptchaSession = Session & Partial<SessionData>

/**
 * The sign-up form's math question ("Combien font 3 + 4 ?"). A new question on every render, its
 * answer kept in the session only; every submission consumes it, so an answer works once.
 */
export function newCaptchaQuestion(session: CaptchaSession): string {
  const left = randomInt(1, 10)
  const right = randomInt(1, 10)
  session.signUpCaptchaAnswer = left + right
  return `Combien font ${left} + ${right} ?`
}

/** The expected answer, removed from the session: the next submission needs a new question. */
export function takeCaptchaAnswer(session: CaptchaSession): number | null {
  const answer = session.signUpCaptchaAnswer
  delete session.signUpCaptchaAnswer
  return typeof answer === 'number' ? answer : null
}
