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
    /** The passkeys it holds, with each one's signature counter. */
    credentials: async () =>
      (await devtools.send("WebAuthn.getCredentials", { authenticatorId }))
        .credentials,
  };
}
