// A passkey for jsdom, which has no WebAuthn: `PublicKeyCredential`, so that the feature
// finds a browser with passkeys, and navigator.credentials.get(), which answers as an
// authenticator holding the user's passkey would, or refuses as a closed prompt does.
// What it signs is no signature: the fake API checks only which passkey answered.
import { onTestFinished } from "vitest";

/** The id of the fake API's passkey of the user, as base64url. */
export const PASSKEY_ID = "dXNlcnMtcGFzc2tleQ";

function bytes(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

/** Installs the passkey for the running test; returns what each prompt was asked. */
export function installPasskey() {
  const asked: PublicKeyCredentialRequestOptions[] = [];
  const refusals: string[] = [];
  const get = async (options?: CredentialRequestOptions) => {
    if (options?.publicKey) asked.push(options.publicKey);
    const refusal = refusals.shift();
    // What a browser throws when its prompt is closed, or times out.
    if (refusal) throw new DOMException(refusal, "NotAllowedError");
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
    value: { get },
  });
  Object.defineProperty(globalThis, "PublicKeyCredential", {
    configurable: true,
    value: class PublicKeyCredential {},
  });
  onTestFinished(() => {
    if (before) Object.defineProperty(navigator, "credentials", before);
    else Reflect.deleteProperty(navigator, "credentials");
    Reflect.deleteProperty(globalThis, "PublicKeyCredential");
  });
  return {
    asked,
    /** The next prompt is closed without a passkey. */
    closeNextPrompt: () => refusals.push("The operation was not allowed."),
  };
}
