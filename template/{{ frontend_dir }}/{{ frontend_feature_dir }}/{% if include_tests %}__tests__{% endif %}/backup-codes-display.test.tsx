// @vitest-environment jsdom
import "./support/setup";

import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { BackupCodesDisplay } from "../components/backup-codes-display";
import { backupCodesText } from "../logic/use-backup-codes";
import { messages } from "../messages";
import { twoFactorKeys } from "../query-keys";
import { BACKUP_CODES } from "./support/fake-api";
import { expectAnnounced } from "./support/announcements";
import { renderWithApp } from "./support/render";

const text = messages.backupCodes;

describe("BackupCodesDisplay", () => {
  it("copies every code, one per line", async () => {
    const { user } = renderWithApp(
      <BackupCodesDisplay codes={BACKUP_CODES} onDone={vi.fn()} />,
    );
    await user.click(screen.getByRole("button", { name: text.copyAll }));

    expect(await navigator.clipboard.readText()).toBe(BACKUP_CODES.join("\n"));
    expect(
      await screen.findByRole("button", { name: text.copied }),
    ).toBeVisible();
    // A button's new label is not read out: the live region says it.
    await expectAnnounced(text.copied);
  });

  it("downloads the codes as a text file named for the account and day", async () => {
    const createObjectURL = vi.spyOn(URL, "createObjectURL");
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });
    const { user, queryClient } = renderWithApp(
      <BackupCodesDisplay codes={BACKUP_CODES} onDone={vi.fn()} />,
    );
    queryClient.setQueryData(twoFactorKeys.status(), {
      totp_enabled: true,
      backup_codes_remaining: 10,
      account: "Alice@Example.com",
    });
    await user.click(screen.getByRole("button", { name: text.download }));

    // Two accounts' files, or two days', are told apart in a downloads folder.
    const today = new Date();
    const day = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
      .map((part) => String(part).padStart(2, "0"))
      .join("-");
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(
      new RegExp(`^[a-z0-9-]+-alice-example-com-backup-codes-${day}\\.txt$`),
    );

    const blob = createObjectURL.mock.calls[0][0] as Blob;
    expect(blob.type).toContain("text/plain");
    expect(await blob.text()).toBe(backupCodesText(BACKUP_CODES));
    for (const code of BACKUP_CODES) expect(await blob.text()).toContain(code);
  });

  it("is done only once the user says the codes are saved", async () => {
    const onDone = vi.fn();
    const { user } = renderWithApp(
      <BackupCodesDisplay codes={BACKUP_CODES} onDone={onDone} />,
    );
    const done = screen.getByRole("button", { name: messages.setup.done });

    expect(done).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: text.confirmSaved }));
    await user.click(done);
    expect(onDone).toHaveBeenCalledOnce();
  });
});
