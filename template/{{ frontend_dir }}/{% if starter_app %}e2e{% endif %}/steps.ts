// The steps the browser test repeats, as a person does them.
import { expect, type Page, type TestInfo } from "@playwright/test";

export const USERNAME = "demo";
export const PASSWORD = "demo-password-2fa";

/** Numbered full-page screenshots in the test's output folder (test-results/). */
export function screenshots(page: Page, testInfo: TestInfo) {
  let taken = 0;
  return async (name: string) => {
    taken += 1;
    const file = `${String(taken).padStart(2, "0")}-${name}.png`;
    await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
  };
}

export type Screenshot = ReturnType<typeof screenshots>;

export async function submitPassword(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(USERNAME);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectVerification(page: Page) {
  await expect(
    page.getByRole("heading", { name: "Two-step verification" }),
  ).toBeVisible();
}

export async function typeCode(page: Page, label: string, code: string) {
  // Each kit draws the code input its own way; all of them take typed digits.
  await page.getByRole("group", { name: label }).click();
  await page.keyboard.type(code);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

export async function expectSignedIn(page: Page) {
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}
