// @vitest-environment jsdom
import "./support/setup";

import { act, screen, waitFor, within } from "@testing-library/react";
import { http, type RequestHandler } from "msw";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import { SetupTotpModal } from "../components/setup-totp-modal";
import { errorMessages, messages } from "../messages";
import {
  expectAnnounced,
  expectShownQuietly,
  shownText,
} from "./support/announcements";
import { codeField, pasteCode, typeCode } from "./support/code-input";
import {
  BACKUP_CODES,
  SECRET,
  SECRET_SHOWN,
  SECRET_SPOKEN,
  VALID_TOTP,
  errorResponse,
  fakeApi,
} from "./support/fake-api";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

const { setup: text, codeInput } = messages;

function openWizard(...overrides: RequestHandler[]) {
  // The first handler that matches answers: overrides go before the fake API.
  const api = fakeApi();
  server.use(...overrides, ...api.handlers);
  const onOpenChange = vi.fn();
  const onEnabled = vi.fn();
  const view = renderWithApp(
    <SetupTotpModal open onOpenChange={onOpenChange} onEnabled={onEnabled} />,
  );
  return { ...view, api, onOpenChange, onEnabled };
}

async function goToVerify(user: ReturnType<typeof openWizard>["user"]) {
  await screen.findByText(SECRET_SHOWN);
  await user.click(screen.getByRole("button", { name: text.next }));
}

describe("SetupTotpModal", () => {
  it("walks through QR code, code and backup codes", async () => {
    const { user, onEnabled, onOpenChange } = openWizard();
    const dialog = screen.getByRole("dialog", { name: text.title });

    expect(
      await within(dialog).findByRole("img", { name: text.qrAlt }),
    ).toBeVisible();
    // The key in fours for the eye; spelled out, one character at a time, for the ear.
    expect(within(dialog).getByText(SECRET_SHOWN)).toBeVisible();
    expect(within(dialog).getByText(SECRET_SHOWN)).toHaveAttribute(
      "aria-hidden",
      "true",
    );
    expect(within(dialog).getByText(SECRET_SPOKEN)).toBeInTheDocument();
    expect(within(dialog).getByText(text.step(1, 3))).toBeVisible();

    await goToVerify(user);
    expect(shownText(text.step(2, 3))).toBeVisible();
    await typeCode(user, codeInput.totpLabel, "123456");

    const list = await screen.findByRole("list", {
      name: messages.backupCodes.listLabel,
    });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(BACKUP_CODES);
    expect(onEnabled).toHaveBeenCalledWith(BACKUP_CODES);
    const done = screen.getByRole("button", { name: text.done });
    expect(done).toBeDisabled();
    await user.click(
      screen.getByRole("checkbox", { name: messages.backupCodes.confirmSaved }),
    );
    await user.click(done);
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it("asks for one pending secret per opening", async () => {
    const { api } = openWizard();
    await screen.findByText(SECRET_SHOWN);
    // A second request would replace the secret on the server behind the QR code shown.
    expect(api.state.setupRequests).toBe(1);
  });

  it("shows the error and clears the field after a wrong code", async () => {
    const { user, onEnabled } = openWizard();
    await goToVerify(user);
    await typeCode(user, codeInput.totpLabel, "000000");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      errorMessages.invalid_code,
    );
    await waitFor(() => expect(codeField(codeInput.totpLabel)).toHaveValue(""));
    expect(onEnabled).not.toHaveBeenCalled();
    expect(
      screen.queryByRole("list", { name: messages.backupCodes.listLabel }),
    ).toBeNull();
  });

  it("accepts a pasted code with a space in it", async () => {
    const { user, onEnabled } = openWizard();
    await goToVerify(user);
    await pasteCode(user, codeInput.totpLabel, "123 456");
    await waitFor(() => expect(onEnabled).toHaveBeenCalledWith(BACKUP_CODES));
  });

  it("says why the setup could not start, and offers to try again", async () => {
    openWizard(
      http.post(/totp\/setup\/$/, () => errorResponse(400, "already_enabled")),
    );
    // Next to no field: said through the dialog's own live region.
    await expectAnnounced(errorMessages.already_enabled);
    expectShownQuietly(shownText(errorMessages.already_enabled));
    expect(screen.getByRole("button", { name: text.retry })).toBeEnabled();
  });

  it("does not close on Escape while the backup codes are unsaved", async () => {
    const { user, onOpenChange } = openWizard();
    await goToVerify(user);
    await typeCode(user, codeInput.totpLabel, "123456");
    await screen.findByRole("list", { name: messages.backupCodes.listLabel });

    await user.keyboard("{Escape}");
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
    expect(screen.getByRole("dialog", { name: text.title })).toBeVisible();
  });

  it("opens afresh after the page closed it while the codes showed", async () => {
    server.use(...fakeApi().handlers);
    let setOpen: (open: boolean) => void = () => {};
    function Page() {
      const [open, set] = useState(true);
      setOpen = set;
      return <SetupTotpModal open={open} onOpenChange={set} />;
    }
    const { user } = renderWithApp(<Page />);
    await goToVerify(user);
    await typeCode(user, codeInput.totpLabel, "123456");
    await screen.findByRole("list", { name: messages.backupCodes.listLabel });
    // Closed by the page itself (a sign-out, say), not by Done.
    act(() => setOpen(false));
    await waitFor(() =>
      expect(screen.queryByRole("dialog", { name: text.title })).toBeNull(),
    );

    act(() => setOpen(true));
    await screen.findByRole("dialog", { name: text.title });
    // No codes in this opening: Escape closes it again.
    await user.keyboard("{Escape}");
    await waitFor(() =>
      expect(screen.queryByRole("dialog", { name: text.title })).toBeNull(),
    );
  });

  it("moves focus to each new step's heading and says which step it is", async () => {
    const { user } = openWizard();
    await screen.findByText(SECRET_SHOWN);
    await user.click(screen.getByRole("button", { name: text.next }));

    const verifyHeading = screen.getByRole("heading", {
      name: text.verifyTitle,
    });
    await waitFor(() => expect(verifyHeading).toHaveFocus());
    expect(verifyHeading).toHaveAttribute("tabindex", "-1");
    await expectAnnounced(text.step(2, 3));

    await user.click(screen.getByRole("button", { name: text.back }));
    await waitFor(() =>
      expect(
        screen.getByRole("heading", { name: text.scanTitle }),
      ).toHaveFocus(),
    );
    await expectAnnounced(text.step(1, 3));

    await user.click(screen.getByRole("button", { name: text.next }));
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);
    const codesHeading = await screen.findByRole("heading", {
      name: text.codesTitle,
    });
    await waitFor(() => expect(codesHeading).toHaveFocus());
    await expectAnnounced(text.step(3, 3));
  });

  it("says the key was copied, inside the dialog", async () => {
    const { user } = openWizard();
    await screen.findByText(SECRET_SHOWN);
    await user.click(screen.getByRole("button", { name: text.copyKey }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    await expectAnnounced(text.keyCopied);
  });
});
