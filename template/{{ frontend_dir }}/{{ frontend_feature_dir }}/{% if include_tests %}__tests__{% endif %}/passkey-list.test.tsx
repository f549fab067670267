// @vitest-environment jsdom
import "./support/setup";

import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { errorMessages, messages } from "../messages";
import {
  expectAnnounced,
  expectShownQuietly,
  expectWaiting,
  shownText,
} from "./support/announcements";
import { typeCode } from "./support/code-input";
import {
  BACKUP_CODES,
  LOGIN_TOKENS,
  VALID_TOTP,
  authorizationOf,
  passkeysOf,
  renewedTokens,
} from "./support/fake-api";
import { NEW_PASSKEY_ID, PASSKEY_ID, installPasskey } from "./support/passkeys";
import { renderCard } from "./support/settings-card";

const { settings, confirm, codeInput, passkeys: text } = messages;

async function passkeyRows() {
  const section = await screen.findByRole("region", { name: text.title });
  const list = await within(section).findByRole("list");
  return within(list).getAllByRole("listitem");
}

/** Remove pressed on the passkey's row: its confirm dialog. */
async function openRemoveDialog(user: UserEvent, name: string) {
  const row = (await passkeyRows()).find((item) =>
    item.textContent?.includes(name),
  );
  if (!row) throw new Error(`no passkey named ${name}`);
  await user.click(
    within(row).getByRole("button", { name: text.removeLabel(name) }),
  );
  return screen.findByRole("dialog", { name: text.removeTitle(name) });
}

describe("PasskeyList", () => {
  it("lists each passkey: its name, when it was added and used, and where it lives", async () => {
    installPasskey();
    renderCard({ enabled: true, passkeys: 2 });
    const [synced, bound] = await passkeyRows();
    const [first, second] = passkeysOf(2);
    expect(synced).toHaveTextContent(first.name);
    expect(synced).toHaveTextContent(
      [
        text.created(text.date(first.created_at)),
        text.lastUsed(text.date(first.last_used_at ?? "")),
        text.synced,
      ].join(" · "),
    );
    expect(bound).toHaveTextContent(
      `${text.lastUsed(null)} · ${text.deviceBound}`,
    );
    // Each row's buttons name their passkey, for a screen reader's list of buttons.
    expect(
      within(bound).getByRole("button", {
        name: text.renameLabel(second.name),
      }),
    ).toBeVisible();
    expect(
      within(bound).getByRole("button", {
        name: text.removeLabel(second.name),
      }),
    ).toBeVisible();
  });

  it("shows a passkey-only user 2FA on, and offers the authenticator app beside it", async () => {
    installPasskey();
    renderCard({ enabled: false, passkeys: 1 });
    expect(await screen.findByText(settings.statusOn)).toBeVisible();
    expect(screen.getByText(settings.codesRemaining(10))).toBeVisible();
    expect(
      screen.getByRole("button", { name: settings.addAuthenticator }),
    ).toBeVisible();
    expect(screen.queryByRole("button", { name: settings.disable })).toBeNull();
  });

  it("adds the first passkey without a code: 2FA turns on and its backup codes are shown once", async () => {
    const passkey = installPasskey();
    const { user, api, session } = renderCard({ enabled: false });
    expect(await screen.findByText(text.none)).toBeVisible();
    api.state.log.length = 0;
    await user.click(screen.getByRole("button", { name: text.add }));

    const codes = await screen.findByRole("dialog", {
      name: settings.newCodesTitle,
    });
    expect(passkey.created).toHaveLength(1);
    expect(api.state.passkeyBodies).toEqual([
      expect.objectContaining({
        credential: expect.objectContaining({ id: NEW_PASSKEY_ID }),
      }),
    ]);
    expect(api.state.passkeyBodies[0]).not.toHaveProperty("code");
    expect(
      within(codes)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(BACKUP_CODES);
    // The first factor revoked the old credentials: the new ones before the status.
    const after = authorizationOf(renewedTokens(1));
    await waitFor(() =>
      expect(api.state.log).toEqual(
        expect.arrayContaining([
          `passkeys/register/ ${authorizationOf(LOGIN_TOKENS)}`,
          `handed over ${after}`,
          `totp/status/ ${after}`,
        ]),
      ),
    );
    expect(session.credentials).toEqual(api.state.credentials);
    await user.click(
      within(codes).getByRole("checkbox", {
        name: messages.backupCodes.confirmSaved,
      }),
    );
    await user.click(
      within(codes).getByRole("button", { name: messages.setup.done }),
    );
    expect(await screen.findByText(settings.statusOn)).toBeVisible();
    const [row] = await passkeyRows();
    expect(row).toHaveTextContent("Passkey");
    // Back to the button that made them: the dialog had no trigger of its own.
    await waitFor(() =>
      expect(screen.getByRole("button", { name: text.add })).toHaveFocus(),
    );
  });

  it("asks a user with 2FA on for a fresh factor before adding one: their passkey, first", async () => {
    const passkey = installPasskey();
    const { user, api } = renderCard({ enabled: true, passkeys: 1 });
    await user.click(await screen.findByRole("button", { name: text.add }));
    const dialog = await screen.findByRole("dialog", { name: text.addTitle });
    const passkeyButton = within(dialog).getByRole("button", {
      name: confirm.passkeyAction,
    });
    await waitFor(() => expect(passkeyButton).toHaveFocus());
    await user.click(passkeyButton);

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(passkey.asked).toHaveLength(1);
    expect(passkey.created).toHaveLength(1);
    expect(api.state.passkeyBodies).toEqual([
      expect.objectContaining({
        passkey: expect.objectContaining({ id: PASSKEY_ID }),
      }),
    ]);
    await expectAnnounced(text.added("Passkey"));
    expect(await passkeyRows()).toHaveLength(2);
    // No new backup codes: the account keeps its own.
    expect(
      screen.queryByRole("dialog", { name: settings.newCodesTitle }),
    ).toBeNull();
  });

  it("adds a passkey with the authenticator's code instead", async () => {
    installPasskey();
    const { user, api } = renderCard({ enabled: true, passkeys: 1 });
    await user.click(await screen.findByRole("button", { name: text.add }));
    const dialog = await screen.findByRole("dialog", { name: text.addTitle });
    // A backup code does not add a passkey: the API refuses it there.
    expect(
      within(dialog).queryByRole("button", { name: confirm.useBackupCode }),
    ).toBeNull();
    await user.click(
      within(dialog).getByRole("button", { name: confirm.useAuthenticator }),
    );
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(api.state.passkeyBodies).toEqual([
      expect.objectContaining({ code: VALID_TOTP }),
    ]);
    expect(await passkeyRows()).toHaveLength(2);
  });

  it("says so when the browser's prompt is closed, and keeps focus on Add", async () => {
    const passkey = installPasskey();
    passkey.closeNextPrompt();
    const { user, api } = renderCard({ enabled: false });
    const add = await screen.findByRole("button", { name: text.add });
    await user.click(add);

    await expectAnnounced(errorMessages.passkey_cancelled);
    expect(shownText(errorMessages.passkey_cancelled)).toBeVisible();
    expectShownQuietly(shownText(errorMessages.passkey_cancelled));
    expect(add).toHaveFocus();
    expect(api.state.passkeyBodies).toEqual([]);
    expect(await screen.findByText(settings.statusOff)).toBeVisible();
  });

  it("shows Add as waiting while the browser's prompt is open", async () => {
    installPasskey();
    const { user } = renderCard({ enabled: false });
    // The prompt stays open until the test lets it answer.
    let answer = () => {};
    const open = new Promise<void>((resolve) => (answer = resolve));
    const { create } = navigator.credentials;
    Object.defineProperty(navigator, "credentials", {
      configurable: true,
      value: {
        ...navigator.credentials,
        create: async (options: CredentialCreationOptions) => {
          await open;
          return create.call(navigator.credentials, options);
        },
      },
    });
    await user.click(await screen.findByRole("button", { name: text.add }));

    const waiting = await screen.findByRole("button", { name: text.adding });
    expectWaiting(waiting);
    expect(waiting).toHaveFocus();
    answer();
    await screen.findByRole("dialog", { name: settings.newCodesTitle });
  });

  it("renames a passkey in place, and gives focus back to its row", async () => {
    installPasskey();
    const { user, api } = renderCard({ enabled: true, passkeys: 2 });
    const [, row] = await passkeyRows();
    const rename = within(row).getByRole("button", {
      name: text.renameLabel("YubiKey 2"),
    });
    await user.click(rename);
    const field = within(row).getByRole("textbox", { name: text.nameLabel });
    expect(field).toHaveFocus();
    expect(field).toHaveValue("YubiKey 2");
    await user.clear(field);
    await user.type(field, "  Work key  {Enter}");

    await expectAnnounced(text.renamed);
    expect(api.state.passkeys[1].name).toBe("Work key");
    const renamed = await screen.findByRole("button", {
      name: text.renameLabel("Work key"),
    });
    await waitFor(() => expect(renamed).toHaveFocus());
  });

  it("keeps the old name on Escape, and refuses an empty one", async () => {
    installPasskey();
    const { user, api } = renderCard({ enabled: true, passkeys: 1 });
    const [row] = await passkeyRows();
    await user.click(
      within(row).getByRole("button", {
        name: text.renameLabel("iCloud Keychain"),
      }),
    );
    const field = within(row).getByRole("textbox", { name: text.nameLabel });
    await user.clear(field);
    await user.type(field, "   {Enter}");
    expect(within(row).getByText(text.nameRequired)).toBeVisible();
    expect(field).toHaveAccessibleDescription(text.nameRequired);
    await user.keyboard("{Escape}");

    const rename = await screen.findByRole("button", {
      name: text.renameLabel("iCloud Keychain"),
    });
    await waitFor(() => expect(rename).toHaveFocus());
    expect(api.state.passkeys[0].name).toBe("iCloud Keychain");
  });

  it("removes a passkey with a backup code; the last one turns 2FA off and says so", async () => {
    installPasskey();
    const { user, api, session } = renderCard({ enabled: false, passkeys: 1 });
    const dialog = await openRemoveDialog(user, "iCloud Keychain");
    expect(dialog).toHaveAccessibleDescription(text.removeLastDescription);
    // A passkey-only user has no authenticator code to give.
    expect(
      within(dialog).queryByRole("button", { name: confirm.useAuthenticator }),
    ).toBeNull();
    await user.click(
      within(dialog).getByRole("button", { name: confirm.useBackupCode }),
    );
    await user.type(
      within(dialog).getByRole("textbox", { name: codeInput.backupLabel }),
      BACKUP_CODES[0],
    );
    await user.click(
      within(dialog).getByRole("button", { name: text.removeAction }),
    );

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    await expectAnnounced(text.removedLast);
    expect(await screen.findByText(settings.statusOff)).toBeVisible();
    expect(api.state.passkeys).toEqual([]);
    expect(session.credentials).toEqual(api.state.credentials);
    // Its row is gone with the button that opened the dialog: focus stays in the section.
    const section = screen.getByRole("region", { name: text.title });
    await waitFor(() =>
      expect(
        within(section).getByRole("button", { name: text.add }),
      ).toHaveFocus(),
    );
  });

  it("removes one of several passkeys with a passkey, and 2FA stays on", async () => {
    const passkey = installPasskey();
    const { user, api } = renderCard({ enabled: false, passkeys: 2 });
    const [, row] = await passkeyRows();
    await user.click(
      within(row).getByRole("button", { name: text.removeLabel("YubiKey 2") }),
    );
    const dialog = await screen.findByRole("dialog", {
      name: text.removeTitle("YubiKey 2"),
    });
    expect(dialog).toHaveAccessibleDescription(text.removeDescription);
    await user.click(
      within(dialog).getByRole("button", { name: confirm.passkeyAction }),
    );

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    await expectAnnounced(text.removed);
    expect(passkey.asked).toHaveLength(1);
    expect(api.state.passkeys.map((each) => each.name)).toEqual([
      "iCloud Keychain",
    ]);
    expect(screen.getByText(settings.statusOn)).toBeVisible();
  });

  it("keeps the passkey and the dialog when the proof is refused", async () => {
    const passkey = installPasskey();
    const { user, api } = renderCard({ enabled: true, passkeys: 1 });
    const dialog = await openRemoveDialog(user, "iCloud Keychain");
    passkey.closeNextPrompt();
    const passkeyButton = within(dialog).getByRole("button", {
      name: confirm.passkeyAction,
    });
    await user.click(passkeyButton);

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      errorMessages.passkey_cancelled,
    );
    expect(passkeyButton).toHaveFocus();
    expect(api.state.passkeys).toHaveLength(1);
  });

  it("regenerates backup codes with a passkey, for a user without an authenticator", async () => {
    const passkey = installPasskey();
    const { user, api } = renderCard({ enabled: false, passkeys: 1 });
    await user.click(
      await screen.findByRole("button", { name: settings.regenerate }),
    );
    const dialog = await screen.findByRole("dialog", {
      name: confirm.regenerateTitle,
    });
    // Nothing to type: no authenticator, and the API takes no backup code here.
    expect(within(dialog).queryByRole("group")).toBeNull();
    await user.click(
      within(dialog).getByRole("button", { name: confirm.passkeyAction }),
    );

    await screen.findByRole("dialog", { name: settings.newCodesTitle });
    expect(passkey.asked).toHaveLength(1);
    expect(api.state.renewals).toBe(1);
  });

  it("turns the authenticator on beside a passkey: that passkey afresh, and no new codes", async () => {
    const passkey = installPasskey();
    const { user, api } = renderCard({ enabled: false, passkeys: 1 });
    const add = await screen.findByRole("button", {
      name: settings.addAuthenticator,
    });
    await user.click(add);
    const wizard = await screen.findByRole("dialog", {
      name: messages.setup.title,
    });
    expect(within(wizard).getByText(messages.setup.step(1, 2))).toBeVisible();
    await user.click(
      await within(wizard).findByRole("button", { name: messages.setup.next }),
    );
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);

    await waitFor(() => expect(wizard).not.toBeInTheDocument());
    expect(passkey.asked).toHaveLength(1);
    expect(api.state.enabled).toBe(true);
    await expectAnnounced(settings.authenticatorAdded);
    const remove = await screen.findByRole("button", {
      name: settings.removeAuthenticator,
    });
    await waitFor(() => expect(remove).toHaveFocus());
    expect(screen.getByText(settings.codesRemaining(10))).toBeVisible();
  });

  it("offers no passkey where the browser has none", async () => {
    const { user } = renderCard({ enabled: true, passkeys: 1 });
    await passkeyRows();
    expect(screen.queryByRole("button", { name: text.add })).toBeNull();
    await user.click(screen.getByRole("button", { name: settings.regenerate }));
    const dialog = await screen.findByRole("dialog", {
      name: confirm.regenerateTitle,
    });
    expect(
      within(dialog).queryByRole("button", { name: confirm.passkeyAction }),
    ).toBeNull();
    expect(
      within(dialog).getByRole("group", { name: codeInput.totpLabel }),
    ).toBeVisible();
  });
});
