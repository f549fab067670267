import { isTwoFactorApiError } from "../api";
import { messages as defaults, type TwoFactorMessages } from "../messages";
import type { TwoFactorApiErrorCode } from "../types";

// Own keys only: a server code such as "constructor" is not one of ours.
function isKnownCode(
  errors: TwoFactorMessages["errors"],
  code: string,
): code is TwoFactorApiErrorCode {
  return Object.hasOwn(errors, code);
}

/**
 * The sentence to show for a failed request, with the attempts or wait it implies, in
 * `messages` (useTwoFactorMessages() in a component). A code we do not know shows the
 * server's `detail`, in the request's language where the project translates the app.
 */
export function errorMessage(
  error: unknown,
  messages: TwoFactorMessages = defaults,
): string {
  const { errors } = messages;
  if (!isTwoFactorApiError(error)) return errors.server_error;
  const sentence = isKnownCode(errors, error.code)
    ? errors[error.code]
    : error.detail;
  if (error.code === "throttled" && error.retryAfter) {
    return messages.retryIn(error.retryAfter);
  }
  // Sent by the API with a wrong code or a refused passkey at login: the challenge's
  // attempts left.
  if (error.attemptsRemaining !== null) {
    return `${sentence} ${messages.attemptsRemaining(error.attemptsRemaining)}`;
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
