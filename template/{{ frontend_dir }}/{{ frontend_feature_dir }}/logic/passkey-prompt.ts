// The browser's passkey prompts, through @simplewebauthn/browser. The library is loaded
// with the first prompt, while its options are fetched, so the many users who never use a
// passkey do not download it with the login page.
import { TwoFactorApiError } from "../api";
import type {
  PasskeyAssertion,
  PasskeyCreationOptions,
  PasskeyRegistration,
  PasskeyRequestOptions,
} from "../types";

const webauthn = () => import("@simplewebauthn/browser");

/** Whether the browser has WebAuthn at all: browserSupportsWebAuthn(), without the load. */
export function browserHasPasskeys(): boolean {
  return (
    typeof window !== "undefined" &&
    typeof window.PublicKeyCredential === "function"
  );
}

/** navigator.credentials.get() with the options the API answers. */
export async function askForAssertion(
  options: Promise<PasskeyRequestOptions>,
): Promise<PasskeyAssertion> {
  const [{ startAuthentication }, optionsJSON] = await Promise.all([
    webauthn(),
    options,
  ]);
  return prompted(startAuthentication({ optionsJSON }));
}

/** navigator.credentials.create() with the options the API answers. */
export async function askForNewPasskey(
  options: Promise<PasskeyCreationOptions>,
): Promise<PasskeyRegistration> {
  const [{ startRegistration }, optionsJSON] = await Promise.all([
    webauthn(),
    options,
  ]);
  return prompted(startRegistration({ optionsJSON }));
}

/**
 * A prompt the user closed, or that timed out (WebAuthnError, DOMException), fails with
 * the client error `passkey_cancelled`: nothing was sent, so no attempt was spent.
 */
async function prompted<T>(prompt: Promise<T>): Promise<T> {
  try {
    return await prompt;
  } catch (cause) {
    throw new TwoFactorApiError({
      status: 0,
      code: "passkey_cancelled",
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }
}
