// The demo user's whole story in a real browser: sign in without an authenticator app,
// turn one on, sign in with it and with a backup code, see used codes refused, make new
// backup codes and turn two-factor authentication off again, staying signed in through
// both although the API revokes the session's credentials each time. Each step leaves a
// screenshot in test-results/ and is checked with axe-core (no serious or critical
// violation).
import { expect, test } from "@playwright/test";

import { signInWithoutAuthenticator } from "./first-sign-in";
import { readQrCode } from "./qr";
import {
  ISSUER,
  expectSignedIn,
  expectVerification,
  manualKey,
  pageErrors,
  screenshots,
  signOut,
  submitPassword,
  typeCode,
} from "./steps";
import { nextStepAfter, timeStep, totp } from "./totp";

test("the demo user turns on TOTP, signs in with it and with backup codes, renews them, turns it off", async ({
  page,
}, testInfo) => {
  const screenshot = screenshots(page, testInfo);
  const errors = pageErrors(page);

  // 1. No authenticator app yet.
  await page.goto("/login");
  await screenshot("sign-in");
  await signInWithoutAuthenticator(page, screenshot);
  await expectSignedIn(page);
  await screenshot("signed-in-without-authenticator");

  // 2. The nudge banner leads to the setup: scan (here: read the key), verify, save codes.
  await page.getByRole("button", { name: "Set up now" }).click();
  const setup = page.getByRole("dialog", {
    name: "Set up two-factor authentication",
  });
  const qrCode = setup.getByRole("img", { name: /QR code/ });
  await expect(qrCode).toBeVisible();
  await screenshot("setup-qr-code");
  // The key shown under "Can't scan it?": what a person would type into their app.
  const secret = await manualKey(setup);
  // What a phone scanning the QR code gets: the same key, for this account and issuer.
  const scanned = new URL(await readQrCode(qrCode));
  expect(scanned.protocol).toBe("otpauth:");
  expect(scanned.searchParams.get("secret")).toBe(secret);
  expect(scanned.searchParams.get("issuer")).toBe(ISSUER);
  await setup.getByRole("button", { name: "Next" }).click();
  const enrolledAt = timeStep();
  await typeCode(page, "Authentication code", totp(secret, enrolledAt));
  const codeList = setup.getByRole("list", { name: "Backup codes" });
  await expect(codeList).toBeVisible();
  const backupCodes = (
    await codeList.getByRole("listitem").allInnerTexts()
  ).map((code) => code.trim());
  expect(backupCodes).toHaveLength(10);
  await screenshot("backup-codes");
  await setup
    .getByRole("checkbox", { name: "I have saved these codes" })
    .check();
  await setup.getByRole("button", { name: "Done" }).click();
  await expect(setup).toBeHidden();
  // "Set up now" is gone with the invitation: focus lands on the confirmation instead.
  await expect(page.locator(":focus")).toContainText(
    "Two-factor authentication is on",
  );
  await page.getByRole("link", { name: "Security settings" }).click();
  await expect(page.getByRole("button", { name: "Turn off" })).toBeVisible();
  await screenshot("security-on");

  // 3. Sign in again with the authenticator: a code of a later time step than the setup's.
  await signOut(page);
  await submitPassword(page);
  await expectVerification(page);
  // Someone else's password, or the wrong account: back to the first step, and again.
  await page.getByRole("button", { name: "Not you? Start over" }).click();
  await expect(
    page.getByRole("heading", { name: "Sign in", level: 1 }),
  ).toBeVisible();
  await submitPassword(page);
  await expectVerification(page);
  const loginStep = await nextStepAfter(enrolledAt);
  const loginCode = totp(secret, loginStep);
  await typeCode(page, "Authentication code", loginCode);
  await expectSignedIn(page);
  await screenshot("signed-in-with-authenticator");

  // 4. Sign in with a backup code.
  await signOut(page);
  await submitPassword(page);
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await screenshot("backup-code-entry");
  await page.getByLabel("Backup code", { exact: true }).fill(backupCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedIn(page);
  // The home page says how many are left after the one spent.
  await expect(
    page.getByRole("region", { name: "Backup code used" }),
  ).toContainText("9 backup codes left");
  await screenshot("signed-in-with-backup-code");

  // 5. Used codes are refused: the same authenticator code, then the same backup code.
  await signOut(page);
  await submitPassword(page);
  await typeCode(page, "Authentication code", loginCode);
  // The page's alerts are in <main>: Next.js adds a route announcer with that role.
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText(/already been used|not valid/);
  await screenshot("reused-authenticator-code-refused");
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code", { exact: true }).fill(backupCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(alert).toContainText(/not valid/);
  await screenshot("reused-backup-code-refused");
  await page.getByLabel("Backup code", { exact: true }).fill(backupCodes[1]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedIn(page);

  // 6. New backup codes, confirmed with the authenticator's next code. The API revokes
  // the session's credentials and answers new ones, which the page goes on with.
  await page.getByRole("link", { name: "Security settings" }).click();
  await page.getByRole("button", { name: "Regenerate backup codes" }).click();
  await expect(
    page.getByRole("dialog", { name: "Regenerate backup codes" }),
  ).toBeVisible();
  await screenshot("confirm-regenerate");
  const renewStep = await nextStepAfter(loginStep);
  await typeCode(page, "Authentication code", totp(secret, renewStep));
  const newCodes = page.getByRole("dialog", { name: "Your new backup codes" });
  const newCodeList = newCodes.getByRole("list", { name: "Backup codes" });
  await expect(newCodeList).toBeVisible();
  const renewedCodes = (
    await newCodeList.getByRole("listitem").allInnerTexts()
  ).map((code) => code.trim());
  expect(renewedCodes).toHaveLength(10);
  await screenshot("new-backup-codes");
  await newCodes
    .getByRole("checkbox", { name: "I have saved these codes" })
    .check();
  await newCodes.getByRole("button", { name: "Done" }).click();
  await expect(newCodes).toBeHidden();
  // Read with the new credentials: the old ones would have ended the session.
  await expect(page.getByText("10 backup codes left")).toBeVisible();

  // 7. Turn it off, confirming with one of the new backup codes.
  await page.getByRole("button", { name: "Turn off" }).click();
  const confirm = page.getByRole("dialog", {
    name: "Turn off two-factor authentication",
  });
  await confirm
    .getByRole("button", { name: "Use a backup code instead" })
    .click();
  await screenshot("confirm-turn-off-with-backup-code");
  await confirm
    .getByLabel("Backup code", { exact: true })
    .fill(renewedCodes[0]);
  await confirm.getByRole("button", { name: "Turn off" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: "Turn on" })).toBeVisible();
  await screenshot("security-off");
  // Still signed in after a reload: the page kept the credentials it was handed.
  await page.reload();
  await expect(page.getByRole("button", { name: "Turn on" })).toBeVisible();
  await signOut(page);
  expect(errors).toEqual([]);
});
