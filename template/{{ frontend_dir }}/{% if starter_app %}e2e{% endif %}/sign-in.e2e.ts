// The demo user's whole story in a real browser: sign in with an emailed code, turn on an
// authenticator app, sign in with it and with a backup code, see used codes refused, and
// turn two-factor authentication off again. Each step leaves a screenshot in test-results/.
import { expect, test, type Page, type TestInfo } from "@playwright/test";

import { mailDir } from "../playwright.config";
import { countMessages, waitForLoginCode } from "./mailbox";
import { nextStepAfter, timeStep, totp } from "./totp";

const USERNAME = "demo";
const PASSWORD = "demo-password-2fa";

let shot = 0;
async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  shot += 1;
  const file = `${String(shot).padStart(2, "0")}-${name}.png`;
  await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
}

async function submitPassword(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(USERNAME);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("heading", { name: "Two-step verification" }),
  ).toBeVisible();
}

async function typeCode(page: Page, label: string, code: string) {
  // Each kit draws the code input its own way; all of them take typed digits.
  await page.getByRole("group", { name: label }).click();
  await page.keyboard.type(code);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

async function expectSignedIn(page: Page) {
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

test("the demo user turns on TOTP, signs in with it and with backup codes, turns it off", async ({
  page,
}, testInfo) => {
  // 1. No authenticator yet: the first code goes by text message; ask for an email.
  await submitPassword(page);
  await screenshot(page, testInfo, "code-sent-by-sms");
  const seen = countMessages(mailDir);
  await page.getByRole("button", { name: "Email me a code" }).click();
  const emailed = await waitForLoginCode(mailDir, seen);
  await typeCode(page, "Verification code", emailed);
  await expectSignedIn(page);
  await screenshot(page, testInfo, "signed-in-with-emailed-code");

  // 2. The nudge banner leads to the setup: scan (here: read the key), verify, save codes.
  await page.getByRole("button", { name: "Set up now" }).click();
  const setup = page.getByRole("dialog", {
    name: "Set up two-factor authentication",
  });
  await expect(setup.getByRole("img", { name: /QR code/ })).toBeVisible();
  await screenshot(page, testInfo, "setup-qr-code");
  // The key shown under "Can't scan it?": what a person would type into their app.
  const secret = (
    await setup.getByText(/^[A-Z2-7]{16,}=*$/).innerText()
  ).trim();
  await setup.getByRole("button", { name: "Next" }).click();
  const enrolledAt = timeStep();
  await typeCode(page, "Authentication code", totp(secret, enrolledAt));
  const codeList = setup.getByRole("list", { name: "Backup codes" });
  await expect(codeList).toBeVisible();
  const backupCodes = (
    await codeList.getByRole("listitem").allInnerTexts()
  ).map((code) => code.trim());
  expect(backupCodes).toHaveLength(10);
  await screenshot(page, testInfo, "backup-codes");
  await setup
    .getByRole("checkbox", { name: "I have saved these codes" })
    .check();
  await setup.getByRole("button", { name: "Done" }).click();
  await expect(setup).toBeHidden();
  await page.getByRole("link", { name: "Security settings" }).click();
  await expect(page.getByText("On", { exact: true })).toBeVisible();
  await screenshot(page, testInfo, "security-on");

  // 3. Sign in again with the authenticator: a code of a later time step than the setup's.
  await signOut(page);
  await submitPassword(page);
  const loginStep = await nextStepAfter(enrolledAt);
  const loginCode = totp(secret, loginStep);
  await typeCode(page, "Authentication code", loginCode);
  await expectSignedIn(page);
  await screenshot(page, testInfo, "signed-in-with-authenticator");

  // 4. Sign in with a backup code.
  await signOut(page);
  await submitPassword(page);
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(backupCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedIn(page);
  await screenshot(page, testInfo, "signed-in-with-backup-code");

  // 5. Used codes are refused: the same authenticator code, then the same backup code.
  await signOut(page);
  await submitPassword(page);
  await typeCode(page, "Authentication code", loginCode);
  await expect(page.getByRole("alert")).toContainText(
    /already been used|not valid/,
  );
  await screenshot(page, testInfo, "reused-authenticator-code-refused");
  await page.getByRole("button", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(backupCodes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert")).toContainText(/not valid/);
  await screenshot(page, testInfo, "reused-backup-code-refused");
  await page.getByLabel("Backup code").fill(backupCodes[1]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expectSignedIn(page);

  // 6. Turn it off, confirming with another backup code.
  await page.getByRole("link", { name: "Security settings" }).click();
  await page.getByRole("button", { name: "Turn off" }).click();
  const confirm = page.getByRole("dialog", {
    name: "Turn off two-factor authentication",
  });
  await confirm
    .getByRole("button", { name: "Use a backup code instead" })
    .click();
  await confirm.getByLabel("Backup code").fill(backupCodes[2]);
  await confirm.getByRole("button", { name: "Turn off" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: "Turn on" })).toBeVisible();
  await screenshot(page, testInfo, "security-off");
});
