// @vitest-environment jsdom
import "./support/setup";

import { act, screen, waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { http, HttpResponse, type RequestHandler } from "msw";
import { describe, expect, it, vi } from "vitest";

import { TotpVerificationView } from "../components/totp-verification-view";
import { errorMessages, messages } from "../messages";
import type { DeliveryChannel, OtpChannel, SecondFactorMethod } from "../types";
import {
  expectAnnounced,
  expectShownQuietly,
  expectWaiting,
  shownText,
} from "./support/announcements";
import { typeCode } from "./support/code-input";
import {
  BASE_URL,
  EMAIL_MASKED,
  IMPORTED_BACKUP_CODES,
  LOGIN_TOKENS,
  PHONE_MASKED,
  SENT_CODE,
  errorResponse,
  fakeApi,
  loginChallenge,
} from "./support/fake-api";
import { installPasskey } from "./support/passkeys";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

const { verification: text, codeInput } = messages;

function renderView(
  channel: OtpChannel = "totp",
  options: {
    handlers?: RequestHandler[];
    advanceTimers?: (ms: number) => void;
    /** The channels the API offers this user (login/'s and resend's `channels`). */
    channels?: DeliveryChannel[];
    /** login/'s `resend_cooldown`, and login/resend/'s. */
    loginCooldown?: number;
    resendCooldown?: number;
    /** login/'s `methods`: the user's second factors. */
    methods?: SecondFactorMethod[];
  } = {},
) {
  const api = fakeApi({
    enabled: channel === "totp",
    channels: options.channels,
    resendCooldown: options.resendCooldown,
  });
  // The first handler that matches answers: overrides go before the fake API.
  server.use(...(options.handlers ?? []), ...api.handlers);
  const onVerified = vi.fn();
  const onRestart = vi.fn();
  const view = renderWithApp(
    <TotpVerificationView
      challenge={loginChallenge(channel, {
        channels: options.channels,
        resendCooldown: options.loginCooldown,
        methods: options.methods,
      })}
      onVerified={onVerified}
      onRestart={onRestart}
    />,
    { advanceTimers: options.advanceTimers },
  );
  return { ...view, api, onVerified, onRestart };
}

/** Types a backup code into the open backup-code form and sends it. */
async function enterBackupCode(user: UserEvent, code: string) {
  await user.type(
    screen.getByRole("textbox", { name: codeInput.backupLabel }),
    code,
  );
  await user.click(
    screen.getByRole("button", { name: messages.backupEntry.submit }),
  );
}

describe("TotpVerificationView", () => {
  it("signs in with the authenticator code", async () => {
    const { user, onVerified } = renderView();
    expect(screen.getByText(text.totpPrompt)).toBeVisible();
    await typeCode(user, codeInput.totpLabel, "123456");
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it("shows how many attempts are left after a wrong code", async () => {
    const { user, onVerified } = renderView();
    await typeCode(user, codeInput.totpLabel, "000000");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(errorMessages.invalid_code);
    expect(alert).toHaveTextContent(messages.attemptsRemaining(4));
    expect(onVerified).not.toHaveBeenCalled();
  });

  it("signs in with a backup code", async () => {
    const { user, onVerified } = renderView();
    await user.click(screen.getByRole("button", { name: text.useBackupCode }));
    expect(
      screen.getByRole("heading", { name: messages.backupEntry.title }),
    ).toBeVisible();
    await enterBackupCode(user, "ACDEF GHJKM");
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it.each([
    ["django-otp's 8", IMPORTED_BACKUP_CODES.djangoOtp],
    ["django-trench's 12", IMPORTED_BACKUP_CODES.djangoTrench],
  ])(
    "signs in with an imported backup code: %s characters",
    async (_, code) => {
      const { user, api, onVerified } = renderView();
      await user.click(
        screen.getByRole("button", { name: text.useBackupCode }),
      );
      const input = screen.getByRole("textbox", {
        name: codeInput.backupLabel,
      });
      await user.type(input, code);
      // Not one of ours: shown as typed, upper-cased, with no dash after the fifth.
      expect(input).toHaveValue(code.toUpperCase());
      await user.click(
        screen.getByRole("button", { name: messages.backupEntry.submit }),
      );
      await waitFor(() =>
        expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS),
      );
      expect(api.state.codesReceived).toEqual([code.toUpperCase()]);
    },
  );

  it("signs in with a passkey first", async () => {
    const passkey = installPasskey();
    const { user, api, onVerified } = renderView("passkey", {
      methods: ["passkey", "backup_code"],
      channels: [],
    });
    expect(screen.getByText(text.passkeyPrompt)).toBeVisible();
    // The step's one action has focus, as a code field would.
    expect(screen.getByRole("button", { name: text.usePasskey })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: text.usePasskey }));
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
    // The browser was asked for the user's own passkey, with the API's challenge.
    expect(api.state.passkeyOptions).toBe(1);
    const asked = passkey.asked[0];
    expect(asked?.rpId).toBe("localhost");
    expect(asked?.allowCredentials).toHaveLength(1);
  });

  it("offers the passkey again after its prompt was closed", async () => {
    const passkey = installPasskey();
    passkey.closeNextPrompt();
    const { user, onVerified } = renderView("passkey", {
      methods: ["passkey", "backup_code"],
      channels: [],
    });
    const button = screen.getByRole("button", { name: text.usePasskey });
    await user.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      errorMessages.passkey_cancelled,
    );
    expect(button).toHaveFocus();
    expect(onVerified).not.toHaveBeenCalled();
    await user.click(button);
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it("says how many attempts a refused passkey left", async () => {
    installPasskey();
    const { user } = renderView("passkey", {
      methods: ["passkey", "backup_code"],
      channels: [],
      handlers: [
        http.post(`${BASE_URL}login/verify/`, () =>
          errorResponse(400, "passkey_invalid", { attempts_remaining: 4 }),
        ),
      ],
    });
    await user.click(screen.getByRole("button", { name: text.usePasskey }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(errorMessages.passkey_invalid);
    expect(alert).toHaveTextContent(messages.attemptsRemaining(4));
  });

  it("offers a sent code's channel again from the passkey", async () => {
    installPasskey();
    const { user } = renderView("passkey", {
      methods: ["passkey", "backup_code"],
      channels: ["email"],
    });
    await user.click(screen.getByRole("button", { name: text.sendToEmail }));
    expect(
      await screen.findByText(text.emailPrompt(EMAIL_MASKED)),
    ).toBeVisible();
    await user.click(screen.getByRole("button", { name: text.usePasskey }));
    expect(screen.getByText(text.passkeyPrompt)).toBeVisible();
    expect(
      screen.getByRole("button", { name: new RegExp(text.sendToEmail) }),
    ).toBeVisible();
  });

  it("goes from the passkey to the other ways and back", async () => {
    installPasskey();
    const { user } = renderView("passkey", {
      methods: ["passkey", "totp", "backup_code"],
    });
    await user.click(
      screen.getByRole("button", { name: text.useAuthenticator }),
    );
    expect(screen.getByText(text.totpPrompt)).toBeVisible();
    await user.click(screen.getByRole("button", { name: text.useBackupCode }));
    // "Back" from a backup code goes where the user came from: the authenticator.
    await user.click(
      screen.getByRole("button", { name: messages.backupEntry.back }),
    );
    expect(screen.getByText(text.totpPrompt)).toBeVisible();
    await user.click(screen.getByRole("button", { name: text.usePasskey }));
    expect(screen.getByText(text.passkeyPrompt)).toBeVisible();
    expect(screen.getByRole("button", { name: text.usePasskey })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: text.useBackupCode }));
    await user.click(
      screen.getByRole("button", { name: messages.backupEntry.back }),
    );
    expect(screen.getByText(text.passkeyPrompt)).toBeVisible();
  });

  it("asks a passkey user with an authenticator for its code where passkeys are not", async () => {
    const { user, onVerified } = renderView("passkey", {
      methods: ["passkey", "totp", "backup_code"],
    });
    expect(screen.getByText(text.totpPrompt)).toBeVisible();
    expect(
      screen.getByRole("button", { name: text.useBackupCode }),
    ).toBeVisible();
    await typeCode(user, codeInput.totpLabel, "123456");
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it("asks a passkey user without one for a backup code where passkeys are not", async () => {
    const { user, onVerified } = renderView("passkey", {
      methods: ["passkey", "backup_code"],
      channels: [],
    });
    expect(
      screen.getByRole("heading", { name: messages.backupEntry.title }),
    ).toBeVisible();
    expect(
      screen.queryByRole("button", { name: text.useAuthenticator }),
    ).toBeNull();
    // It began here: there is nowhere to go "Back" to.
    expect(
      screen.queryByRole("button", { name: messages.backupEntry.back }),
    ).toBeNull();
    await enterBackupCode(user, "ACDEF GHJKM");
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it("asks for the whole backup code before sending it", async () => {
    const { user, onVerified } = renderView();
    await user.click(screen.getByRole("button", { name: text.useBackupCode }));
    await user.type(
      screen.getByRole("textbox", { name: codeInput.backupLabel }),
      "ACDEF",
    );
    await user.click(
      screen.getByRole("button", { name: messages.backupEntry.submit }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      codeInput.backupIncomplete,
    );
    expect(onVerified).not.toHaveBeenCalled();
  });

  it("switches from the authenticator to a code by email", async () => {
    const { user, api, onVerified } = renderView();
    await user.click(screen.getByRole("button", { name: text.sendToEmail }));

    await expectAnnounced(text.codeSent);
    expect(screen.getByText(text.emailPrompt(EMAIL_MASKED))).toBeVisible();
    expect(api.state.sentTo).toEqual(["email"]);
    await typeCode(user, codeInput.loginCodeLabel, SENT_CODE);
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
  });

  it("offers only the channels the API lists", () => {
    // No email provider, or a user without an address: email would always be refused.
    renderView("totp", { channels: ["phone"] });
    expect(
      screen.getByRole("button", { name: text.sendToPhone }),
    ).toBeVisible();
    expect(screen.queryByRole("button", { name: text.sendToEmail })).toBeNull();
  });

  it("sends by another channel at once while the first counts down", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, api } = renderView("phone", {
      advanceTimers: (ms) => vi.advanceTimersByTime(ms),
    });
    // The masked number is said by its last digits, not as a row of stars.
    expect(text.phonePrompt(PHONE_MASKED)).toContain("ending in 1234");
    expect(screen.getByText(text.phonePrompt(PHONE_MASKED))).toBeVisible();
    // login/ has just sent an SMS: its resend waits, the email does not.
    expectWaiting(screen.getByRole("button", { name: text.resendIn(60) }));
    await user.click(screen.getByRole("button", { name: text.sendToEmail }));
    expect(
      await screen.findByText(text.emailPrompt(EMAIL_MASKED)),
    ).toBeVisible();
    expect(api.state.sentTo).toEqual(["email"]);
    // Each channel now counts down on its own.
    expectWaiting(screen.getByRole("button", { name: text.resendIn(60) }));
    expectWaiting(screen.getByRole("button", { name: text.sendToPhone }));
  });

  it("keeps a channel waiting that sent a code just before a reload", () => {
    server.use(...fakeApi({ enabled: true }).handlers);
    // login/ again, 18 s after an email was sent: the phone may send, the email waits.
    const reloaded = {
      ...loginChallenge("totp"),
      resend_cooldowns: { phone: 0, email: 42 },
    };
    renderWithApp(
      <TotpVerificationView
        challenge={reloaded}
        onVerified={vi.fn()}
        onRestart={vi.fn()}
      />,
    );
    expectWaiting(screen.getByRole("button", { name: text.sendToEmail }));
    expect(
      screen.getByRole("button", { name: text.sendToPhone }),
    ).not.toHaveAttribute("aria-disabled", "true");
  });

  it("counts down as long as the API says", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user } = renderView("email", {
      loginCooldown: 25,
      resendCooldown: 90,
      advanceTimers: (ms) => vi.advanceTimersByTime(ms),
    });
    expectWaiting(screen.getByRole("button", { name: text.resendIn(25) }));
    act(() => vi.advanceTimersByTime(25_000));
    await user.click(screen.getByRole("button", { name: text.resend }));
    await expectAnnounced(text.codeSent);
    expectWaiting(screen.getByRole("button", { name: text.resendIn(90) }));
  });

  it("does not hold back resend when verify is throttled", async () => {
    const throttled = http.post(/login\/verify\/$/, () =>
      errorResponse(429, "throttled", {}, { "Retry-After": "30" }),
    );
    const { user, api } = renderView("email", {
      loginCooldown: 0,
      handlers: [throttled],
    });
    await typeCode(user, codeInput.loginCodeLabel, "111111");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      messages.retryIn(30),
    );
    await user.click(screen.getByRole("button", { name: text.resend }));
    await waitFor(() => expect(api.state.sentTo).toEqual(["email"]));
  });

  it("counts down before a code can be sent again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user } = renderView("email", {
      advanceTimers: (ms) => vi.advanceTimersByTime(ms),
    });
    expectWaiting(screen.getByRole("button", { name: text.resendIn(60) }));
    act(() => vi.advanceTimersByTime(15_000));
    expectWaiting(screen.getByRole("button", { name: text.resendIn(45) }));
    act(() => vi.advanceTimersByTime(45_000));
    await user.click(screen.getByRole("button", { name: text.resend }));
    await expectAnnounced(text.codeSent);
    expectWaiting(screen.getByRole("button", { name: text.resendIn(60) }));
  });

  // TOTP_FALLBACK off on the server: login/ lists no channel for authenticator users.
  it("offers an authenticator user no sent code, only a backup code", () => {
    renderView("totp", { channels: [] });
    expect(screen.queryByRole("button", { name: text.sendToEmail })).toBeNull();
    expect(screen.queryByRole("button", { name: text.sendToPhone })).toBeNull();
    expect(
      screen.getByRole("button", { name: text.useBackupCode }),
    ).toBeVisible();
  });

  it("waits as long as the server's Retry-After says", async () => {
    const throttled = http.post(/login\/resend\/$/, () =>
      errorResponse(429, "throttled", {}, { "Retry-After": "90" }),
    );
    const { user } = renderView("totp", { handlers: [throttled] });
    await user.click(screen.getByRole("button", { name: text.sendToPhone }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      messages.retryIn(90),
    );
    expectWaiting(screen.getByRole("button", { name: text.sendToPhone }));
  });

  it("goes back to the password step: Not you? Start over", async () => {
    const { user, onRestart } = renderView();
    await user.click(screen.getByRole("button", { name: text.notYou }));
    expect(onRestart).toHaveBeenCalledOnce();
  });

  it("does not start over while a code is checked", async () => {
    // A code in flight may still sign this account in: starting over meanwhile would
    // leave the user signed in as the account they just said was not theirs.
    let answer: (response: Response) => void = () => {};
    const slow = http.post(
      /login\/verify\/$/,
      () => new Promise<Response>((resolve) => (answer = resolve)),
    );
    const { user, onRestart, onVerified } = renderView("totp", {
      handlers: [slow],
    });
    await typeCode(user, codeInput.totpLabel, "123456");
    const notYou = screen.getByRole("button", { name: text.notYou });
    await waitFor(() =>
      expect(notYou).toHaveAttribute("aria-disabled", "true"),
    );
    await user.click(notYou);
    expect(onRestart).not.toHaveBeenCalled();

    answer(HttpResponse.json(LOGIN_TOKENS));
    await waitFor(() => expect(onVerified).toHaveBeenCalledWith(LOGIN_TOKENS));
    expect(onRestart).not.toHaveBeenCalled();
  });

  it("offers only a new sign-in once the challenge is used up", async () => {
    const dead = http.post(/login\/verify\/$/, () =>
      errorResponse(400, "too_many_attempts"),
    );
    const { user, onRestart } = renderView("totp", { handlers: [dead] });
    await typeCode(user, codeInput.totpLabel, "111111");

    // The field and its error are gone: the reason is said, and focus is on the way out.
    await expectAnnounced(errorMessages.too_many_attempts);
    const startOver = screen.getByRole("button", { name: text.startOver });
    await waitFor(() => expect(startOver).toHaveFocus());
    // Read with the button that has focus, should the announcement be cut short.
    expect(startOver).toHaveAccessibleDescription(
      errorMessages.too_many_attempts,
    );
    expectShownQuietly(shownText(errorMessages.too_many_attempts));
    expect(
      screen.queryByRole("group", { name: codeInput.totpLabel }),
    ).toBeNull();
    expect(
      screen.queryByRole("button", { name: text.useBackupCode }),
    ).toBeNull();
    await user.click(screen.getByRole("button", { name: text.startOver }));
    expect(onRestart).toHaveBeenCalled();
  });
});
