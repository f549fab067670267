// @vitest-environment jsdom
import "./support/setup";

import { screen, waitFor, within } from "@testing-library/react";
import { http, type RequestHandler } from "msw";
import { describe, expect, it, vi } from "vitest";

import { SecuritySettingsCard } from "../components/security-settings-card";
import { TotpVerificationView } from "../components/totp-verification-view";
import { mergeMessages, TwoFactorMessagesProvider } from "../logic/messages";
import {
  messages,
  plural,
  type TwoFactorMessageOverrides,
  type TwoFactorMessages,
} from "../messages";
import type { OtpChannel } from "../types";
import { codeField } from "./support/code-input";
import {
  BACKUP_CODES,
  EMAIL_MASKED,
  PHONE_MASKED,
  SECRET_SHOWN,
  SECRET_SPOKEN,
  VALID_TOTP,
  errorResponse,
  fakeApi,
  loginChallenge,
} from "./support/fake-api";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

// A pseudo-locale: every sentence of messages.ts, bracketed. Whatever is left outside
// brackets on the page was written into a component or a kit, not read from the messages,
// and a translation could not reach it.
const OPEN = "⟦";
const CLOSE = "⟧";

function bracketed<T>(value: T): T {
  if (typeof value === "string") return `${OPEN}${value}${CLOSE}` as T;
  if (typeof value === "function") {
    const sentence = value as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => bracketed(sentence(...args))) as T;
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, each]) => [key, bracketed(each)]),
    ) as T;
  }
  return value;
}

const PSEUDO: TwoFactorMessages = bracketed(messages);

// What a screen reader or a sighted user meets besides the text itself.
const SPOKEN_ATTRIBUTES = [
  "aria-label",
  "aria-description",
  "aria-placeholder",
  "aria-roledescription",
  "aria-valuetext",
  "placeholder",
  "title",
  "alt",
];

// The user's own data, not sentences to translate: the masked address, the secret key
// (grouped, and spelled out), the backup codes.
const USER_DATA = [EMAIL_MASKED, SECRET_SHOWN, SECRET_SPOKEN, ...BACKUP_CODES];

/** `text` without its bracketed sentences, innermost first: a label inside a sentence. */
function outsideBrackets(text: string): string {
  let rest = text;
  for (let last = ""; rest !== last;) {
    last = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, "");
  }
  return rest;
}

/** Every text and spoken attribute on the page with words outside the brackets. */
function untranslated(): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest("script, style, noscript")) continue;
    found.push(node.textContent ?? "");
  }
  for (const element of document.body.querySelectorAll("*")) {
    // A named button's content is not read (ARIA: its children are presentational),
    // so an icon's own label inside it (antd's "close") is not heard either.
    const button = element.parentElement?.closest("button, [role='button']");
    if (button?.matches("[aria-label], [aria-labelledby]")) continue;
    for (const name of SPOKEN_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value) found.push(`${name}="${value}"`);
    }
  }
  return found.filter((text) =>
    /[A-Za-z]/.test(
      USER_DATA.reduce(
        (rest, data) => rest.replace(data, ""),
        outsideBrackets(text),
      ).replace(/^[a-z-]+="(.*)"$/, "$1"),
    ),
  );
}

function renderLogin(
  overrides: TwoFactorMessageOverrides,
  channel: OtpChannel = "totp",
  handlers: RequestHandler[] = [],
) {
  // The first handler that matches answers: overrides go before the fake API.
  server.use(
    ...handlers,
    ...fakeApi({ enabled: channel === "totp", channels: ["phone", "email"] })
      .handlers,
  );
  return renderWithApp(
    <div dir="rtl">
      <TwoFactorMessagesProvider messages={overrides}>
        <TotpVerificationView
          challenge={loginChallenge(channel, { channels: ["phone", "email"] })}
          onVerified={vi.fn()}
          onRestart={vi.fn()}
        />
      </TwoFactorMessagesProvider>
    </div>,
  );
}

describe("translation", () => {
  it("leaves no English on the login step once every sentence is translated", async () => {
    const { user } = renderLogin(PSEUDO);
    const { verification, codeInput, backupEntry } = PSEUDO;
    expect(screen.getByText(verification.totpPrompt)).toBeVisible();
    expect(untranslated()).toEqual([]);

    // A wrong code: the error, with the attempts left.
    await user.click(codeField(codeInput.totpLabel));
    await user.keyboard("000000");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      PSEUDO.attemptsRemaining(4),
    );
    expect(untranslated()).toEqual([]);

    // A code by email: the prompt with the masked address, the notice, the countdown.
    await user.click(
      screen.getByRole("button", { name: verification.sendToEmail }),
    );
    expect(
      await screen.findByText(verification.emailPrompt(EMAIL_MASKED)),
    ).toBeVisible();
    await waitFor(() => expect(untranslated()).toEqual([]));

    // The backup code form, and its complaint about a short code.
    await user.click(
      screen.getByRole("button", { name: verification.useBackupCode }),
    );
    await user.type(
      screen.getByRole("textbox", { name: codeInput.backupLabel }),
      "ACDEF",
    );
    await user.click(screen.getByRole("button", { name: backupEntry.submit }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      codeInput.backupIncomplete,
    );
    expect(untranslated()).toEqual([]);
  });

  it("leaves no English once the challenge is used up", async () => {
    const spent = http.post(/login\/verify\/$/, () =>
      errorResponse(400, "too_many_attempts"),
    );
    const { user } = renderLogin(PSEUDO, "phone", [spent]);
    expect(
      screen.getByText(PSEUDO.verification.phonePrompt(PHONE_MASKED)),
    ).toBeVisible();
    expect(untranslated()).toEqual([]);
    await user.click(codeField(PSEUDO.codeInput.loginCodeLabel));
    await user.keyboard("111111");
    await screen.findByRole("button", { name: PSEUDO.verification.startOver });
    expect(untranslated()).toEqual([]);
  });

  it("leaves no English in the settings and their dialogs", async () => {
    server.use(...fakeApi({ enabled: false }).handlers);
    const { user } = renderWithApp(
      <TwoFactorMessagesProvider messages={PSEUDO}>
        <SecuritySettingsCard />
      </TwoFactorMessagesProvider>,
    );
    const { settings, setup, backupCodes, confirm, codeInput } = PSEUDO;
    await user.click(
      await screen.findByRole("button", { name: settings.enable }),
    );
    // The setup's three steps, in the kit's own dialog.
    await screen.findByText(SECRET_SHOWN);
    expect(untranslated()).toEqual([]);
    await user.click(screen.getByRole("button", { name: setup.next }));
    await user.click(codeField(codeInput.totpLabel));
    await user.keyboard(VALID_TOTP);
    await screen.findByRole("list", { name: backupCodes.listLabel });
    expect(untranslated()).toEqual([]);
    await user.click(
      screen.getByRole("checkbox", { name: backupCodes.confirmSaved }),
    );
    await user.click(screen.getByRole("button", { name: setup.done }));

    // On, with its codes left, and the confirm dialog that turns it off.
    await user.click(
      await screen.findByRole("button", { name: settings.disable }),
    );
    await screen.findByRole("dialog", { name: confirm.disableTitle });
    expect(untranslated()).toEqual([]);
  });

  it("keeps code fields left to right on a right-to-left page", async () => {
    const { user } = renderLogin(PSEUDO);
    const group = screen.getByRole("group", {
      name: PSEUDO.codeInput.totpLabel,
    });
    for (const box of within(group).getAllByRole("textbox")) {
      expect(box.closest("[dir]")).toHaveAttribute("dir", "ltr");
    }
    await user.click(
      screen.getByRole("button", { name: PSEUDO.verification.useBackupCode }),
    );
    expect(
      screen
        .getByRole("textbox", { name: PSEUDO.codeInput.backupLabel })
        .closest("[dir]"),
    ).toHaveAttribute("dir", "ltr");
  });

  it("takes a partial translation and keeps the rest", async () => {
    // German for the login step only, as a project would write it.
    const german: TwoFactorMessageOverrides = {
      attemptsRemaining: (count) =>
        plural("de", count, {
          one: "Noch # Versuch.",
          other: "Noch # Versuche.",
        }),
      errors: {
        invalid_code:
          "Dieser Code ist ungültig. Prüfen Sie ihn und versuchen Sie es erneut.",
      },
      codeInput: { totpLabel: "Bestätigungscode" },
      verification: {
        title: "Bestätigung in zwei Schritten",
        totpPrompt:
          "Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.",
      },
    };
    const { user } = renderLogin(german);
    expect(
      screen.getByText(german.verification?.totpPrompt ?? ""),
    ).toBeVisible();
    // Not translated, so still the default.
    expect(
      screen.getByRole("button", { name: messages.verification.useBackupCode }),
    ).toBeVisible();
    await user.click(codeField("Bestätigungscode"));
    await user.keyboard("000000");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Dieser Code ist ungültig. Prüfen Sie ihn und versuchen Sie es erneut. Noch 4 Versuche.",
    );
  });

  it("picks plural forms by the language's own rules", () => {
    const files = {
      one: "# plik",
      few: "# pliki",
      many: "# plików",
      other: "# pliku",
    };
    expect(plural("pl", 1, files)).toBe("1 plik");
    expect(plural("pl", 3, files)).toBe("3 pliki");
    expect(plural("pl", 5, files)).toBe("5 plików");
    expect(plural("pl", 22, files)).toBe("22 pliki");
    expect(plural("en", 1000, { one: "# code", other: "# codes" })).toBe(
      "1,000 codes",
    );
    expect(messages.verification.resendIn(1)).toBe("Resend code in 1 second");
    expect(messages.verification.resendIn(42)).toBe(
      "Resend code in 42 seconds",
    );
  });

  it("lays an inner provider's sentences over its parent's", () => {
    const outer = mergeMessages({ verification: { verify: "Prüfen" } });
    const inner = mergeMessages(
      { verification: { resend: "Erneut senden" } },
      outer,
    );
    expect(inner.verification.verify).toBe("Prüfen");
    expect(inner.verification.resend).toBe("Erneut senden");
    expect(inner.verification.useBackupCode).toBe(
      messages.verification.useBackupCode,
    );
    expect(inner.errors).toBe(messages.errors);
  });
});
