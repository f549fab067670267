// @vitest-environment jsdom
import "./support/setup";

import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { errorMessages, messages } from "../messages";
import {
  expectAnnounced,
  expectShownQuietly,
  shownText,
} from "./support/announcements";
import { typeCode } from "./support/code-input";
import {
  BACKUP_CODES,
  IMPORTED_BACKUP_CODES,
  LOGIN_TOKENS,
  NEW_BACKUP_CODES,
  SECRET_SHOWN,
  VALID_TOTP,
  authorizationOf,
  renewedTokens,
} from "./support/fake-api";
import { renderCard } from "./support/settings-card";

const { settings, confirm, codeInput } = messages;

/** The card's two queries, fetched again after a change: the status, then the passkeys. */
function cardQueriesWith(authorization: string) {
  return [`totp/status/ ${authorization}`, `passkeys/ ${authorization}`];
}

/** 2FA on; "Turn off" opened and switched to a backup code: the dialog and its field. */
async function disableWithBackupCode() {
  const { user, api } = renderCard({ enabled: true });
  await user.click(
    await screen.findByRole("button", { name: settings.disable }),
  );
  const dialog = await screen.findByRole("dialog", {
    name: confirm.disableTitle,
  });
  await user.click(
    within(dialog).getByRole("button", { name: confirm.useBackupCode }),
  );
  const input = within(dialog).getByRole("textbox", {
    name: codeInput.backupLabel,
  });
  return { user, api, dialog, input };
}

describe("SecuritySettingsCard", () => {
  it("turns 2FA on through the setup wizard", async () => {
    const { user } = renderCard({ enabled: false });
    expect(await screen.findByText(settings.statusOff)).toBeVisible();
    await user.click(screen.getByRole("button", { name: settings.enable }));
    const wizard = await screen.findByRole("dialog", {
      name: messages.setup.title,
    });
    await within(wizard).findByText(SECRET_SHOWN);
    await user.click(
      within(wizard).getByRole("button", { name: messages.setup.next }),
    );
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);
    await user.click(
      await within(wizard).findByRole("checkbox", {
        name: messages.backupCodes.confirmSaved,
      }),
    );
    await user.click(
      within(wizard).getByRole("button", { name: messages.setup.done }),
    );

    await waitFor(() => expect(wizard).not.toBeInTheDocument());
    expect(await screen.findByText(settings.statusOn)).toBeVisible();
    await waitFor(() =>
      expect(
        screen.getByRole("button", { name: settings.disable }),
      ).toHaveFocus(),
    );
  });

  it("turns 2FA off with an authenticator code", async () => {
    const { user, api } = renderCard({ enabled: true });
    expect(await screen.findByText(settings.codesRemaining(10))).toBeVisible();
    await user.click(screen.getByRole("button", { name: settings.disable }));
    const dialog = await screen.findByRole("dialog", {
      name: confirm.disableTitle,
    });
    await typeCode(user, codeInput.totpLabel, "123456");

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(await screen.findByText(settings.statusOff)).toBeVisible();
    expect(api.state.enabled).toBe(false);
    // Focus is not dropped on the page: the same button now offers to turn 2FA on.
    await waitFor(() =>
      expect(
        screen.getByRole("button", { name: settings.enable }),
      ).toHaveFocus(),
    );
  });

  it("turns 2FA off with a backup code instead", async () => {
    const { user, api, dialog, input } = await disableWithBackupCode();
    await user.type(input, "acdefghjkm");
    expect(input).toHaveValue(BACKUP_CODES[0]);
    await user.click(
      within(dialog).getByRole("button", { name: confirm.disableAction }),
    );

    expect(await screen.findByText(settings.statusOff)).toBeVisible();
    expect(api.state.enabled).toBe(false);
  });

  it.each([
    ["django-otp's 8", IMPORTED_BACKUP_CODES.djangoOtp],
    ["django-trench's 12", IMPORTED_BACKUP_CODES.djangoTrench],
  ])(
    "turns 2FA off with an imported backup code: %s characters",
    async (_, code) => {
      const { user, api, dialog, input } = await disableWithBackupCode();
      await user.type(input, code);
      expect(input).toHaveValue(code.toUpperCase());
      const turnOff = within(dialog).getByRole("button", {
        name: confirm.disableAction,
      });
      expect(turnOff).toBeEnabled();
      await user.click(turnOff);

      expect(await screen.findByText(settings.statusOff)).toBeVisible();
      expect(api.state.codesReceived).toEqual([code.toUpperCase()]);
    },
  );

  it("sends focus back to the emptied field after a wrong backup code", async () => {
    const { user, api, dialog, input } = await disableWithBackupCode();
    await user.type(input, "YYYYY-YYYYY");
    // The pressed button is disabled while the code is checked: focus must not stay there.
    await user.click(
      within(dialog).getByRole("button", { name: confirm.disableAction }),
    );

    await waitFor(() => {
      const field = within(dialog).getByRole("textbox", {
        name: codeInput.backupLabel,
      });
      expect(field).toHaveFocus();
      expect(field).toHaveValue("");
    });
    expect(api.state.enabled).toBe(true);
  });

  it("keeps 2FA on and says why when the code is wrong", async () => {
    const { user, api } = renderCard({ enabled: true });
    await user.click(
      await screen.findByRole("button", { name: settings.disable }),
    );
    const dialog = await screen.findByRole("dialog", {
      name: confirm.disableTitle,
    });
    await typeCode(user, codeInput.totpLabel, "999999");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      errorMessages.invalid_code,
    );
    expect(dialog).toBeVisible();
    expect(api.state.enabled).toBe(true);
  });

  it("regenerates backup codes and shows the new ones once", async () => {
    const { user } = renderCard({ enabled: true, codesRemaining: 2 });
    // Said once as well as shown: it appears away from where the user is.
    await expectAnnounced(settings.lowCodes);
    expect(shownText(settings.lowCodes)).toBeVisible();
    expectShownQuietly(shownText(settings.lowCodes));
    await user.click(screen.getByRole("button", { name: settings.regenerate }));
    const dialog = await screen.findByRole("dialog", {
      name: confirm.regenerateTitle,
    });
    // The API refuses backup codes here, so the dialog does not offer them.
    expect(
      within(dialog).queryByRole("button", { name: confirm.useBackupCode }),
    ).toBeNull();
    await typeCode(user, codeInput.totpLabel, "123456");

    const codes = await screen.findByRole("dialog", {
      name: settings.newCodesTitle,
    });
    // The old codes are gone: Escape must not lose the new ones.
    await user.keyboard("{Escape}");
    expect(codes).toBeVisible();
    const list = within(codes).getByRole("list", {
      name: messages.backupCodes.listLabel,
    });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(NEW_BACKUP_CODES);
    await user.click(
      within(codes).getByRole("checkbox", {
        name: messages.backupCodes.confirmSaved,
      }),
    );
    await user.click(
      within(codes).getByRole("button", { name: messages.setup.done }),
    );
    await waitFor(() => expect(codes).not.toBeInTheDocument());
    expect(await screen.findByText(settings.codesRemaining(10))).toBeVisible();
  });

  it("keeps the session through turning 2FA on: the API's new credentials, then the status with them", async () => {
    const { user, api, session } = renderCard({ enabled: false });
    await user.click(
      await screen.findByRole("button", { name: settings.enable }),
    );
    const wizard = await screen.findByRole("dialog", {
      name: messages.setup.title,
    });
    await within(wizard).findByText(SECRET_SHOWN);
    await user.click(
      within(wizard).getByRole("button", { name: messages.setup.next }),
    );
    api.state.log.length = 0;
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);

    await within(wizard).findByRole("checkbox", {
      name: messages.backupCodes.confirmSaved,
    });
    const after = authorizationOf(renewedTokens(1));
    await waitFor(() =>
      expect(api.state.log).toEqual([
        `totp/enable/ ${authorizationOf(LOGIN_TOKENS)}`,
        `handed over ${after}`,
        ...cardQueriesWith(after),
      ]),
    );
    expect(session.credentials.user.totp_enabled).toBe(true);
  });

  it("keeps the session through turning 2FA off: the API's new credentials, then the status with them", async () => {
    const { user, api, session } = renderCard({ enabled: true });
    await user.click(
      await screen.findByRole("button", { name: settings.disable }),
    );
    await screen.findByRole("dialog", { name: confirm.disableTitle });
    api.state.log.length = 0;
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);

    expect(await screen.findByText(settings.statusOff)).toBeVisible();
    const before = authorizationOf(LOGIN_TOKENS);
    const after = authorizationOf(renewedTokens(1));
    expect(api.state.log).toEqual([
      `totp/disable/ ${before}`,
      `handed over ${after}`,
      ...cardQueriesWith(after),
    ]);
    expect(session.credentials).toEqual(api.state.credentials);
    expect(session.credentials.user.totp_enabled).toBe(false);
  });

  it("keeps the session through new backup codes, and no credential in the mutation cache", async () => {
    const { user, api, queryClient } = renderCard({ enabled: true });
    // Every state the mutation cache went through, not only the last.
    const cachedStates: string[] = [];
    queryClient
      .getMutationCache()
      .subscribe(({ mutation }) =>
        cachedStates.push(JSON.stringify(mutation?.state.data)),
      );
    await user.click(
      await screen.findByRole("button", { name: settings.regenerate }),
    );
    await screen.findByRole("dialog", { name: confirm.regenerateTitle });
    api.state.log.length = 0;
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);

    await screen.findByRole("dialog", { name: settings.newCodesTitle });
    const after = authorizationOf(renewedTokens(1));
    await waitFor(() =>
      expect(api.state.log).toEqual([
        `totp/backup-codes/regenerate/ ${authorizationOf(LOGIN_TOKENS)}`,
        `handed over ${after}`,
        ...cardQueriesWith(after),
      ]),
    );
    // The codes were kept there until their dialog took them, the credentials never were.
    const cached = cachedStates.join("\n");
    expect(cached).toContain(NEW_BACKUP_CODES[0]);
    expect(cached).not.toMatch(/token-1/);
  });

  it("returns focus to the button that opened a dialog", async () => {
    const { user } = renderCard({ enabled: true });
    const opener = await screen.findByRole("button", {
      name: settings.disable,
    });
    await user.click(opener);
    const dialog = await screen.findByRole("dialog", {
      name: confirm.disableTitle,
    });
    await user.click(
      within(dialog).getByRole("button", { name: confirm.cancel }),
    );

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(opener).toHaveFocus());
  });
});
