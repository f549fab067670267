// The demo user's passkey in a real browser, held by Chromium's virtual authenticator:
// added from the security page (the first second factor, so it comes with backup codes),
// renamed, used after the password to sign in, then to sign in alone (passwordless), and
// removed with a fresh touch, which turns two-factor authentication off again. Each step leaves a screenshot in
// test-results/ and is checked with axe-core, as in the sign-in story.
import { expect, test } from "@playwright/test";

import { signInWithoutAuthenticator } from "./first-sign-in";
import { virtualAuthenticator } from "./passkeys";
import {
  expectSignedIn,
  pageErrors,
  screenshots,
  signOut,
  submitPassword,
} from "./steps";

test("the demo user adds a passkey, signs in with it after the password and alone, and removes it", async ({
  page,
}, testInfo) => {
  const screenshot = screenshots(page, testInfo);
  const errors = pageErrors(page);
  const authenticator = await virtualAuthenticator(page);

  // 1. Signed in without a second factor of their own yet.
  await page.goto("/login");
  await signInWithoutAuthenticator(page, screenshot);
  await expectSignedIn(page);
  await page.getByRole("link", { name: "Security settings" }).click();
  const passkeys = page.getByRole("region", { name: "Passkeys" });
  await expect(passkeys.getByText("You have no passkeys yet.")).toBeVisible();
  await screenshot("passkey-none-yet");

  // 2. Add one. The first second factor turns 2FA on and brings the backup codes.
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  const codes = page.getByRole("dialog", { name: "Your new backup codes" });
  const codeList = codes.getByRole("list", { name: "Backup codes" });
  await expect(codeList).toBeVisible();
  await expect(codeList.getByRole("listitem")).toHaveCount(10);
  await screenshot("passkey-backup-codes");
  await codes
    .getByRole("checkbox", { name: "I have saved these codes" })
    .check();
  await codes.getByRole("button", { name: "Done" }).click();
  await expect(codes).toBeHidden();
  await expect(passkeys.getByRole("listitem")).toHaveCount(1);
  expect(await authenticator.credentials()).toHaveLength(1);

  // 3. Rename it in place: Enter saves, and focus is back on its row.
  await passkeys.getByRole("button", { name: "Rename Passkey" }).click();
  const name = passkeys.getByLabel("Passkey name");
  await expect(name).toBeFocused();
  await name.fill("This browser");
  await name.press("Enter");
  await expect(
    passkeys.getByRole("button", { name: "Rename This browser" }),
  ).toBeFocused();
  await screenshot("passkey-added");

  // 4. Sign in again: the password, then the passkey, which is offered first. The login
  // page's autofill waits meanwhile, as for a user who types their password instead.
  await authenticator.touchAtOnce(false);
  await signOut(page);
  await submitPassword(page);
  await expect(
    page.getByRole("heading", { name: "Two-step verification", level: 1 }),
  ).toBeVisible();
  const usePasskey = page.getByRole("button", { name: "Use a passkey" });
  await expect(usePasskey).toBeFocused();
  await screenshot("passkey-sign-in");
  await authenticator.touchAtOnce(true);
  await usePasskey.click();
  await expectSignedIn(page);
  // The authenticator signed for this sign-in: its counter moved on.
  const [credential] = await authenticator.credentials();
  expect(credential.signCount).toBeGreaterThan(0);

  // 5. Then with the passkey alone: no password, the authenticator verifying its user.
  // The button's prompt takes the place of the autofill's request.
  await authenticator.touchAtOnce(false);
  await signOut(page);
  const passwordless = page.getByRole("button", {
    name: "Sign in with a passkey",
  });
  await expect(passwordless).toBeVisible();
  await screenshot("passkey-passwordless");
  await authenticator.touchAtOnce(true);
  await passwordless.click();
  await expectSignedIn(page);

  // 6. Remove it, touching it once more. It is the only second factor: 2FA goes off.
  await page.getByRole("link", { name: "Security settings" }).click();
  await passkeys.getByRole("button", { name: "Remove This browser" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove This browser" });
  await expect(confirm).toContainText("two-factor authentication turns off");
  await screenshot("passkey-confirm-remove");
  await confirm.getByRole("button", { name: "Use your passkey" }).click();
  await expect(confirm).toBeHidden();
  await expect(passkeys.getByText("You have no passkeys yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn on" })).toBeVisible();
  await screenshot("passkey-removed");
  await signOut(page);
  expect(errors).toEqual([]);
});
