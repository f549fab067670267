// The browser's passkey prompts, through @simplewebauthn/browser. The library is loaded
// with the first prompt, while its options are fetched, so the many users who never use a
// passkey do not download it with the login page.
import { useSyncExternalStore } from "react";

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

/**
 * browserHasPasskeys() for a component that a server may render: false there, and the
 * browser's answer once hydrated, without a mismatch.
 */
export function useBrowserHasPasskeys(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    browserHasPasskeys,
    () => false,
  );
}

// Whether the browser has WebAuthn does not change while the page is open.
const subscribeToNothing = () => () => {};

/**
 * Whether the browser can offer passkeys in a field's autofill (conditional mediation),
 * asked of the browser itself: the library need not be loaded to know.
 */
export async function browserHasPasskeyAutofill(): Promise<boolean> {
  if (!browserHasPasskeys()) return false;
  const available = window.PublicKeyCredential.isConditionalMediationAvailable;
  return typeof available === "function" && (await available());
}

/**
 * navigator.credentials.get() with the options the API answers. With `autofill`, no
 * prompt: the passkeys go in the autofill of the page's field whose autocomplete ends
 * with "webauthn", and the promise settles when the user picks one.
 */
export async function askForAssertion(
  options: Promise<PasskeyRequestOptions>,
  {
    autofill = false,
    stillWanted = () => true,
  }: {
    autofill?: boolean;
    /** Asked once the options are in: a request would end any other one still open. */
    stillWanted?: () => boolean;
  } = {},
): Promise<PasskeyAssertion> {
  const [{ startAuthentication }, optionsJSON] = await Promise.all([
    webauthn(),
    options,
  ]);
  if (!stillWanted()) throwCancelled("No longer wanted.");
  return startAuthentication({
    optionsJSON,
    useBrowserAutofill: autofill,
  }).catch(throwCancelled);
}

/** Ends the passkey request still waiting (an autofill's), as its page goes away. */
export function cancelPasskeyRequest(): void {
  webauthn().then(
    ({ WebAuthnAbortService }) => WebAuthnAbortService.cancelCeremony(),
    () => {}, // never loaded: no request to end
  );
}

/** navigator.credentials.create() with the options the API answers. */
export async function askForNewPasskey(
  options: Promise<PasskeyCreationOptions>,
): Promise<PasskeyRegistration> {
  const [{ startRegistration }, optionsJSON] = await Promise.all([
    webauthn(),
    options,
  ]);
  return startRegistration({ optionsJSON }).catch(throwCancelled);
}

/**
 * A prompt the user closed, or that timed out (WebAuthnError, DOMException), fails with
 * the client error `passkey_cancelled`: nothing was sent, so no attempt was spent.
 */
function throwCancelled(cause: unknown): never {
  throw new TwoFactorApiError({
    status: 0,
    code: "passkey_cancelled",
    detail: cause instanceof Error ? cause.message : String(cause),
  });
}
