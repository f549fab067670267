// A passkey for jsdom, which has no WebAuthn: `PublicKeyCredential`, so that the feature
// finds a browser with passkeys; navigator.credentials.get(), which answers as an
// authenticator holding the user's passkey would, and navigator.credentials.create(),
// which makes a new one (NEW_PASSKEY_ID); either refuses as a closed prompt does.
// What it signs is no signature: the fake API checks only which passkey answered.
import { onTestFinished } from "vitest";

/** The id of the fake API's passkey of the user, as base64url. */
export const PASSKEY_ID = "dXNlcnMtcGFzc2tleQ";
/** The id of the passkey navigator.credentials.create() makes, as base64url. */
export const NEW_PASSKEY_ID = "bmV3LXBhc3NrZXk";

function bytes(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

/**
 * Installs the passkey for the running test; returns what each prompt was asked. With
 * `autofill`, the browser offers passkeys in autofill (conditional mediation): such a
 * request waits until the test picks the passkey, or the page aborts it.
 */
export function installPasskey({ autofill = false } = {}) {
  const asked: PublicKeyCredentialRequestOptions[] = [];
  const conditional: { pick: () => void; signal?: AbortSignal }[] = [];
  const created: PublicKeyCredentialCreationOptions[] = [];
  const refusals: string[] = [];
  // What a browser throws when its prompt is closed, or times out.
  const refuseIfClosed = () => {
    const refusal = refusals.shift();
    if (refusal) throw new DOMException(refusal, "NotAllowedError");
  };
  const create = async (options?: CredentialCreationOptions) => {
    if (options?.publicKey) created.push(options.publicKey);
    refuseIfClosed();
    return {
      id: NEW_PASSKEY_ID,
      rawId: bytes("new-passkey"),
      type: "public-key",
      authenticatorAttachment: "platform",
      response: {
        attestationObject: bytes("attestation-object"),
        clientDataJSON: bytes("client-data"),
        getTransports: () => ["internal", "hybrid"],
      },
      getClientExtensionResults: () => ({}),
    };
  };
  const get = async (options?: CredentialRequestOptions) => {
    if (options?.publicKey) asked.push(options.publicKey);
    if (options?.mediation === "conditional") {
      await new Promise<void>((resolve, reject) => {
        const aborted = () =>
          reject(new DOMException("The request was aborted.", "AbortError"));
        if (options.signal?.aborted) aborted();
        options.signal?.addEventListener("abort", aborted);
        conditional.push({ pick: resolve, signal: options.signal });
      });
    } else {
      refuseIfClosed();
    }
    return {
      id: PASSKEY_ID,
      rawId: bytes("users-passkey"),
      type: "public-key",
      authenticatorAttachment: "platform",
      response: {
        authenticatorData: bytes("authenticator-data"),
        clientDataJSON: bytes("client-data"),
        signature: bytes("signature"),
        userHandle: bytes("user-handle"),
      },
      getClientExtensionResults: () => ({}),
    };
  };
  const before = Object.getOwnPropertyDescriptor(navigator, "credentials");
  Object.defineProperty(navigator, "credentials", {
    configurable: true,
    value: { get, create },
  });
  Object.defineProperty(globalThis, "PublicKeyCredential", {
    configurable: true,
    value: class PublicKeyCredential {
      static isConditionalMediationAvailable = async () => autofill;
    },
  });
  onTestFinished(() => {
    if (before) Object.defineProperty(navigator, "credentials", before);
    else Reflect.deleteProperty(navigator, "credentials");
    Reflect.deleteProperty(globalThis, "PublicKeyCredential");
  });
  return {
    asked,
    /** What each prompt to make a passkey was asked. */
    created,
    /** The autofill requests made, each with its abort signal. */
    conditional,
    /** The user picks the passkey in the field's autofill: the last request answers. */
    pickFromAutofill: () => conditional.at(-1)?.pick(),
    /** The next prompt is closed without a passkey. */
    closeNextPrompt: () => refusals.push("The operation was not allowed."),
  };
}
