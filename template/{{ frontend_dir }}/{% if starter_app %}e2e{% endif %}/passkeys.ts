// A passkey without a person: Chromium's virtual authenticator (the DevTools protocol's
// WebAuthn domain), built into the platform like Touch ID or Windows Hello, holding
// discoverable credentials and verifying its user at once, as a fingerprint would.
import type { Page } from "@playwright/test";

export async function virtualAuthenticator(page: Page) {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("WebAuthn.enable");
  const { authenticatorId } = await devtools.send(
    "WebAuthn.addVirtualAuthenticator",
    {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        // Touched as soon as asked: the browser's prompt needs no click.
        automaticPresenceSimulation: true,
      },
    },
  );
  return {
    /**
     * Whether it answers as soon as asked. Off, a request waits: Chromium answers a login
     * page's passkey autofill (conditional mediation) at once while it is on, as if the
     * user had picked the passkey, so it goes off where the password is to be typed.
     */
    touchAtOnce: async (enabled: boolean) =>
      devtools.send("WebAuthn.setAutomaticPresenceSimulation", {
        authenticatorId,
        enabled,
      }),
    /** The passkeys it holds, with each one's signature counter. */
    credentials: async () =>
      (await devtools.send("WebAuthn.getCredentials", { authenticatorId }))
        .credentials,
  };
}
