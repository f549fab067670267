import { isTwoFactorApiError } from "../api";
import { errorMessages, messages } from "../messages";
import type { TwoFactorApiErrorCode } from "../types";

// Own keys only: a server code such as "constructor" is not one of ours.
function isKnownCode(code: string): code is TwoFactorApiErrorCode {
  return Object.prototype.hasOwnProperty.call(errorMessages, code);
}

/** The sentence to show for a failed request, with the attempts or wait it implies. */
export function errorMessage(error: unknown): string {
  if (!isTwoFactorApiError(error)) return errorMessages.server_error;
  const sentence = isKnownCode(error.code)
    ? errorMessages[error.code]
    : error.detail;
  if (error.code === "invalid_code" && error.attemptsRemaining !== null) {
    return `${sentence} ${messages.attemptsRemaining(error.attemptsRemaining)}`;
  }
  if (error.code === "throttled" && error.retryAfter) {
    return `${messages.retryIn(error.retryAfter)}`;
  }
  return sentence;
}

/** A login challenge that answers these can't be used again: the user must sign in anew. */
export function endsChallenge(error: unknown): boolean {
  return (
    isTwoFactorApiError(error) &&
    (error.code === "challenge_invalid" || error.code === "too_many_attempts")
  );
}
