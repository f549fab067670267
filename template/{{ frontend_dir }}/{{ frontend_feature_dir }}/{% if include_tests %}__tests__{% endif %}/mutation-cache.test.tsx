// @vitest-environment jsdom
// TanStack keeps finished mutations, and Devtools shows them, for 5 minutes by default:
// the TOTP secret, backup codes and tokens must leave the cache when the view that
// showed them closes (reset(), then gcTime 0) or goes away (gcTime 0).
import "./support/setup";

import type { QueryClient } from "@tanstack/react-query";
import { screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import { SecuritySettingsCard } from "../components/security-settings-card";
import { SetupTotpModal } from "../components/setup-totp-modal";
import { TotpVerificationView } from "../components/totp-verification-view";
import { messages } from "../messages";
import { typeCode } from "./support/code-input";
import {
  BACKUP_CODES,
  NEW_BACKUP_CODES,
  SECRET,
  SECRET_SHOWN,
  VALID_TOTP,
  fakeApi,
  loginChallenge,
} from "./support/fake-api";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

const { setup, settings, backupCodes, codeInput } = messages;
// Every token in the fake API's credentials, renewed ones included, contains one of these.
const SECRETS = [
  SECRET,
  ...BACKUP_CODES,
  ...NEW_BACKUP_CODES,
  "access-token",
  "refresh-token",
  "knox-token",
];

/** The secrets the mutation cache holds, in its results and variables alike. */
function secretsIn(queryClient: QueryClient): string[] {
  const cached = JSON.stringify(
    queryClient
      .getMutationCache()
      .getAll()
      .map((mutation) => mutation.state),
  );
  return SECRETS.filter((secret) => cached.includes(secret));
}

/** A page with a button that opens the wizard, as the host project has. */
function SetupHost() {
  const [open, setOpen] = useState(true);
  return <SetupTotpModal open={open} onOpenChange={setOpen} />;
}

async function enroll(user: ReturnType<typeof renderWithApp>["user"]) {
  await screen.findByText(SECRET_SHOWN);
  await user.click(screen.getByRole("button", { name: setup.next }));
  await typeCode(user, codeInput.totpLabel, VALID_TOTP);
  await user.click(
    await screen.findByRole("checkbox", { name: backupCodes.confirmSaved }),
  );
  await user.click(screen.getByRole("button", { name: setup.done }));
}

describe("the mutation cache", () => {
  it("forgets the secret and the backup codes when the setup dialog closes", async () => {
    server.use(...fakeApi().handlers);
    const { user, queryClient } = renderWithApp(<SetupHost />);
    await enroll(user);

    expect(screen.queryByRole("dialog", { name: setup.title })).toBeNull();
    await waitFor(() => expect(secretsIn(queryClient)).toEqual([]));
  });

  it("forgets them on Done even while the host keeps the dialog mounted", async () => {
    server.use(...fakeApi().handlers);
    const onOpenChange = vi.fn();
    const { user, queryClient } = renderWithApp(
      <SetupTotpModal open onOpenChange={onOpenChange} />,
    );
    await enroll(user);

    expect(onOpenChange).toHaveBeenCalledWith(false);
    await waitFor(() => expect(secretsIn(queryClient)).toEqual([]));
  });

  it("forgets a secret shown and cancelled", async () => {
    server.use(...fakeApi().handlers);
    const { user, queryClient } = renderWithApp(<SetupHost />);
    await screen.findByText(SECRET_SHOWN);
    expect(secretsIn(queryClient)).toEqual([SECRET]);

    await user.click(screen.getByRole("button", { name: setup.cancel }));
    await waitFor(() => expect(secretsIn(queryClient)).toEqual([]));
  });

  it("forgets new backup codes once their dialog is done, the card still shown", async () => {
    server.use(...fakeApi({ enabled: true }).handlers);
    const { user, queryClient } = renderWithApp(<SecuritySettingsCard />);
    await user.click(
      await screen.findByRole("button", { name: settings.regenerate }),
    );
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);
    const dialog = await screen.findByRole("dialog", {
      name: settings.newCodesTitle,
    });
    await user.click(
      within(dialog).getByRole("checkbox", { name: backupCodes.confirmSaved }),
    );
    await user.click(within(dialog).getByRole("button", { name: setup.done }));

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(
      screen.getByRole("button", { name: settings.regenerate }),
    ).toBeVisible();
    await waitFor(() => expect(secretsIn(queryClient)).toEqual([]));
  });

  it("forgets the tokens of a sign-in once the login view is gone", async () => {
    server.use(...fakeApi({ enabled: true }).handlers);
    const onVerified = vi.fn();
    const { user, queryClient, unmount } = renderWithApp(
      <TotpVerificationView
        challenge={loginChallenge("totp")}
        onVerified={onVerified}
        onRestart={() => {}}
      />,
    );
    await typeCode(user, codeInput.totpLabel, VALID_TOTP);
    await waitFor(() => expect(onVerified).toHaveBeenCalledOnce());

    // The host goes to its signed-in page.
    unmount();
    await waitFor(() => expect(secretsIn(queryClient)).toEqual([]));
  });
});
