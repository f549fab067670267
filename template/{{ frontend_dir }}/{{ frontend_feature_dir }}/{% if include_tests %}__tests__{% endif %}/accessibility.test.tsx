// @vitest-environment jsdom
import "./support/setup";

import { screen, waitFor, within } from "@testing-library/react";
import { http, type RequestHandler } from "msw";
import { describe, expect, it, vi } from "vitest";

import { TotpVerificationView } from "../components/totp-verification-view";
import { messages } from "../messages";
import type { OtpChannel } from "../types";
import {
  announced,
  expectAnnounced,
  expectShownQuietly,
  expectWaiting,
  shownText,
} from "./support/announcements";
import {
  EMAIL_MASKED,
  LOGIN_TOKENS,
  errorResponse,
  fakeApi,
  loginChallenge,
} from "./support/fake-api";
import { tabTo } from "./support/keyboard";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

const { codeInput, verification } = messages;

function renderLogin() {
  server.use(...fakeApi({ enabled: true }).handlers);
  const onVerified = vi.fn();
  const view = renderWithApp(
    <TotpVerificationView
      challenge={loginChallenge("totp")}
      onVerified={onVerified}
      onRestart={vi.fn()}
    />,
  );
  return { ...view, onVerified };
}

describe("accessibility", () => {
  it("lets phones fill the code: one-time-code autocomplete, numeric keypad", () => {
    renderLogin();
    const group = screen.getByRole("group", { name: codeInput.totpLabel });
    const boxes = within(group).getAllByRole("textbox");
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) {
      expect(box).toHaveAttribute("autocomplete", "one-time-code");
      expect(box).toHaveAttribute("inputmode", "numeric");
      expect(box).toHaveAccessibleName();
    }
  });

  it("takes a backup code with the keyboard alone", async () => {
    const { user, onVerified } = renderLogin();
    // The step opens with the cursor in the code field, ready to type.
    const group = screen.getByRole("group", { name: codeInput.totpLabel });
    await waitFor(() =>
      expect(group).toContainElement(document.activeElement as HTMLElement),
    );
    await tabTo(
      user,
      screen.getByRole("button", { name: verification.useBackupCode }),
    );
    await user.keyboard("{Enter}");

    const field = await screen.findByRole("textbox", {
      name: codeInput.backupLabel,
    });
    expect(field).toHaveAttribute("autocomplete", "one-time-code");
    await user.click(field);
    await user.keyboard("ACDEFGHJKM{Enter}");
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it("ties the error to the code field", async () => {
    const { user } = renderLogin();
    const group = screen.getByRole("group", { name: codeInput.totpLabel });
    await user.click(within(group).getAllByRole("textbox")[0]);
    await user.keyboard("000000");

    const alert = await screen.findByRole("alert");
    const described = [group, ...within(group).getAllByRole("textbox")].some(
      (element) =>
        element.getAttribute("aria-describedby")?.split(" ").includes(alert.id),
    );
    expect(alert.id).not.toBe("");
    expect(described).toBe(true);
  });
});

function renderStep(
  channel: OtpChannel,
  options: {
    handlers?: RequestHandler[];
    headingLevel?: 1 | 2 | 3;
    loginCooldown?: number;
  } = {},
) {
  const api = fakeApi({ enabled: channel === "totp" });
  server.use(...(options.handlers ?? []), ...api.handlers);
  const onVerified = vi.fn();
  const view = renderWithApp(
    <TotpVerificationView
      challenge={loginChallenge(channel, {
        resendCooldown: options.loginCooldown,
      })}
      onVerified={onVerified}
      onRestart={vi.fn()}
      headingLevel={options.headingLevel}
    />,
  );
  return { ...view, api, onVerified };
}

/** Focus is somewhere in the code field named `label` (kits draw one or six boxes). */
async function expectFocusIn(label: string) {
  const group = await screen.findByRole("group", { name: label });
  await waitFor(() =>
    expect(group).toContainElement(document.activeElement as HTMLElement),
  );
}

// Each button below goes away once pressed; focus must not fall to the top of the page.
// The tests press with the keyboard and never call .focus() on what they check.
describe("focus on the code step", () => {
  it("goes to the new code field after another channel is chosen", async () => {
    const { user } = renderStep("phone");
    await expectFocusIn(codeInput.loginCodeLabel);
    const email = screen.getByRole("button", {
      name: verification.sendToEmail,
    });
    await tabTo(user, email);
    await user.keyboard("{Enter}");

    await screen.findByText(verification.emailPrompt(EMAIL_MASKED));
    expect(
      screen.queryByRole("button", { name: verification.sendToEmail }),
    ).toBeNull();
    await expectFocusIn(codeInput.loginCodeLabel);
  });

  it("goes to the backup-code field and back to the app's code", async () => {
    const { user } = renderStep("totp");
    await expectFocusIn(codeInput.totpLabel);
    const backup = screen.getByRole("button", {
      name: verification.useBackupCode,
    });
    await tabTo(user, backup);
    await user.keyboard("{Enter}");
    const field = await screen.findByRole("textbox", {
      name: codeInput.backupLabel,
    });
    await waitFor(() => expect(field).toHaveFocus());

    const back = screen.getByRole("button", {
      name: messages.backupEntry.back,
    });
    await tabTo(user, back);
    await user.keyboard("{Enter}");
    await expectFocusIn(codeInput.totpLabel);
  });

  it("goes to the app's code field after a texted code", async () => {
    const { user } = renderStep("totp");
    await user.click(
      screen.getByRole("button", { name: verification.sendToPhone }),
    );
    await expectFocusIn(codeInput.loginCodeLabel);
    const app = screen.getByRole("button", {
      name: verification.useAuthenticator,
    });
    await tabTo(user, app);
    await user.keyboard("{Enter}");
    await expectFocusIn(codeInput.totpLabel);
  });

  it("comes back to the field after a wrong code sent with Verify", async () => {
    const wrong = http.post(/login\/verify\/$/, () =>
      errorResponse(400, "invalid_code", { attempts_remaining: 4 }),
    );
    const { user } = renderStep("totp", { handlers: [wrong] });
    await user.click(
      screen.getByRole("button", { name: verification.useBackupCode }),
    );
    const field = await screen.findByRole("textbox", {
      name: codeInput.backupLabel,
    });
    await user.type(field, "ACDEFGHJKM");
    // Verify goes disabled while the code is checked, and would drop focus.
    await tabTo(
      user,
      screen.getByRole("button", { name: messages.backupEntry.submit }),
    );
    await user.keyboard("{Enter}");
    await screen.findByRole("alert");
    await waitFor(() => expect(field).toHaveFocus());
  });

  it("stays on Resend while it counts down, which sends nothing", async () => {
    const { user, api } = renderStep("email", { loginCooldown: 0 });
    const resend = screen.getByRole("button", { name: verification.resend });
    await tabTo(user, resend);
    await user.keyboard("{Enter}");

    await expectAnnounced(verification.codeSent);
    const waiting = screen.getByRole("button", {
      name: verification.resendIn(60),
    });
    expect(waiting).toHaveFocus();
    expectWaiting(waiting);
    await user.keyboard("{Enter}");
    await user.click(waiting);
    expect(api.state.sentTo).toEqual(["email"]);
  });

  it("keeps the code field enabled and focused while the code is checked", async () => {
    let answer: () => void = () => {};
    const slow = http.post(/login\/verify\/$/, async () => {
      await new Promise<void>((resolve) => {
        answer = resolve;
      });
      return errorResponse(400, "invalid_code", { attempts_remaining: 4 });
    });
    const { user } = renderStep("totp", { handlers: [slow] });
    await expectFocusIn(codeInput.totpLabel);
    await user.keyboard("000000");

    const group = screen.getByRole("group", { name: codeInput.totpLabel });
    await screen.findByRole("button", { name: verification.verifying });
    for (const box of within(group).getAllByRole("textbox")) {
      expect(box).toBeEnabled();
    }
    expect(group).toContainElement(document.activeElement as HTMLElement);
    answer();
    await screen.findByRole("alert");
    await expectFocusIn(codeInput.totpLabel);
  });
});

describe("landmarks and headings", () => {
  it("groups the other ways to sign in, without a navigation landmark", () => {
    renderStep("totp");
    const group = screen.getByRole("group", { name: verification.otherWays });
    expect(
      within(group).getByRole("button", { name: verification.useBackupCode }),
    ).toBeVisible();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("titles the step with an h2, or the level the page asks for", async () => {
    const { unmount } = renderStep("totp");
    expect(
      screen.getByRole("heading", { name: verification.title, level: 2 }),
    ).toBeVisible();
    unmount();
    const { user } = renderStep("totp", { headingLevel: 1 });
    expect(
      screen.getByRole("heading", { name: verification.title, level: 1 }),
    ).toBeVisible();
    // The backup-code entry's title sits one level below.
    await user.click(
      screen.getByRole("button", { name: verification.useBackupCode }),
    );
    expect(
      screen.getByRole("heading", {
        name: messages.backupEntry.title,
        level: 2,
      }),
    ).toBeVisible();
  });
});

describe("announcements", () => {
  it("says that a new code is on its way, from a region mounted before it", async () => {
    const { user } = renderStep("totp");
    // Mounted from the start, silent until there is something to say.
    expect(announced()).toEqual([]);
    await user.click(
      screen.getByRole("button", { name: verification.sendToEmail }),
    );
    await expectAnnounced(verification.codeSent);
    expectShownQuietly(shownText(verification.codeSent));
  });
});
