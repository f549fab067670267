// @vitest-environment jsdom
import "./support/setup";

import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
  QueryClientProvider,
  type DehydratedState,
} from "@tanstack/react-query";
import { act, screen, waitFor, within } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it, onTestFinished, vi } from "vitest";

import { createTwoFactorApi } from "../api";
import { TotpNudgeBanner } from "../components/totp-nudge-banner";
import { TwoFactorApiProvider } from "../context";
import { NUDGE_STORAGE_KEY, nudgeStorageKey } from "../logic/use-nudge-banner";
import { messages } from "../messages";
import { totpStatusQueryOptions, twoFactorKeys } from "../query-keys";
import { typeCode } from "./support/code-input";
import {
  BASE_URL,
  LOGIN_TOKENS,
  SECRET_SHOWN,
  VALID_TOTP,
  authorizationOf,
  fakeApi,
} from "./support/fake-api";
import { KitProvider } from "./support/kit-provider";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

const text = messages.nudge;
const DAY = 24 * 60 * 60 * 1000;

// The banner's decision needs the status: wait for it before asserting it stays hidden.
async function waitForStatus(queryClient: QueryClient) {
  await waitFor(() =>
    expect(queryClient.getQueryData(twoFactorKeys.status())).toBeDefined(),
  );
}

function renderBanner(enabled: boolean, userId?: number) {
  server.use(...fakeApi({ enabled }).handlers);
  const onSetUp = vi.fn();
  return {
    ...renderWithApp(<TotpNudgeBanner userId={userId} onSetUp={onSetUp} />),
    onSetUp,
  };
}

const signedInApi = createTwoFactorApi({
  baseUrl: BASE_URL,
  getAuthHeaders: () => ({ Authorization: authorizationOf(LOGIN_TOKENS) }),
});

/** A Next.js page: the status prefetched on the server, handed over with the HTML. */
function page(queryClient: QueryClient, state: DehydratedState) {
  return (
    <QueryClientProvider client={queryClient}>
      <HydrationBoundary state={state}>
        <TwoFactorApiProvider api={signedInApi}>
          <KitProvider>
            <TotpNudgeBanner userId={7} onSetUp={() => {}} />
          </KitProvider>
        </TwoFactorApiProvider>
      </HydrationBoundary>
    </QueryClientProvider>
  );
}

/** Renders the page on the "server", then hydrates its HTML in the browser. */
async function serverRenderThenHydrate(beforeHydration: () => void) {
  server.use(...fakeApi({ enabled: false }).handlers);
  const onServer = new QueryClient();
  await onServer.prefetchQuery(totpStatusQueryOptions(signedInApi));
  const state = dehydrate(onServer);
  expect(state.queries).toHaveLength(1);
  const container = document.createElement("div");
  container.innerHTML = renderToString(page(onServer, state));
  document.body.append(container);

  beforeHydration();
  const hydrationErrors = vi.fn();
  const inBrowser = new QueryClient();
  const root = await act(async () =>
    hydrateRoot(container, page(inBrowser, state), {
      onRecoverableError: hydrationErrors,
    }),
  );
  onTestFinished(() => {
    act(() => root.unmount());
    container.remove();
  });
  // The prefetched answer is there at once: no request decides what is shown.
  expect(inBrowser.getQueryData(twoFactorKeys.status())).toEqual({
    totp_enabled: false,
    backup_codes_remaining: 0,
    account: "alice@example.com",
    two_factor_enabled: false,
    passkeys: 0,
  });
  return { container, hydrationErrors };
}

describe("TotpNudgeBanner", () => {
  it("sets 2FA up from the banner, then confirms it where focus can land", async () => {
    const api = fakeApi({ enabled: false });
    server.use(...api.handlers);
    const { user } = renderWithApp(<TotpNudgeBanner userId={7} />);
    await user.click(await screen.findByRole("button", { name: text.action }));
    const dialog = await screen.findByRole("dialog", {
      name: messages.setup.title,
    });
    await within(dialog).findByText(SECRET_SHOWN);
    await user.click(
      within(dialog).getByRole("button", { name: messages.setup.next }),
    );
    await typeCode(user, messages.codeInput.totpLabel, VALID_TOTP);
    await user.click(
      await screen.findByRole("checkbox", {
        name: messages.backupCodes.confirmSaved,
      }),
    );
    await user.click(screen.getByRole("button", { name: messages.setup.done }));

    // "Set up now", where focus would go back to, is gone: the confirmation takes it.
    const confirmation = await screen.findByText(text.enabled);
    await waitFor(() =>
      expect(confirmation.closest("[tabindex='-1']")).toHaveFocus(),
    );
    expect(screen.queryByRole("button", { name: text.action })).toBeNull();
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("invites a user without 2FA to set it up", async () => {
    const { user, onSetUp } = renderBanner(false);
    expect(
      await screen.findByRole("region", { name: text.title }),
    ).toBeVisible();
    await user.click(screen.getByRole("button", { name: text.action }));
    expect(onSetUp).toHaveBeenCalledOnce();
  });

  it("stays away for seven days after Not now", async () => {
    const first = renderBanner(false);
    await first.user.click(
      await screen.findByRole("button", { name: text.dismiss }),
    );
    expect(screen.queryByRole("region", { name: text.title })).toBeNull();
    const until = Number(localStorage.getItem(NUDGE_STORAGE_KEY));
    expect(until - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(7 * DAY);
    first.unmount();

    const second = renderBanner(false);
    await waitForStatus(second.queryClient);
    expect(screen.queryByRole("region", { name: text.title })).toBeNull();
  });

  it("hands focus on to what follows it after Not now", async () => {
    server.use(...fakeApi({ enabled: false }).handlers);
    const { user } = renderWithApp(
      <>
        <TotpNudgeBanner onSetUp={vi.fn()} />
        <a href="#account">Account settings</a>
      </>,
    );
    await user.click(await screen.findByRole("button", { name: text.dismiss }));

    expect(screen.queryByRole("region", { name: text.title })).toBeNull();
    expect(
      screen.getByRole("link", { name: "Account settings" }),
    ).toHaveFocus();
  });

  it("comes back once the snooze is over", async () => {
    localStorage.setItem(NUDGE_STORAGE_KEY, String(Date.now() - 1));
    renderBanner(false);
    expect(
      await screen.findByRole("region", { name: text.title }),
    ).toBeVisible();
  });

  it("keeps each user's Not now apart", async () => {
    const ada = renderBanner(false, 7);
    await ada.user.click(
      await screen.findByRole("button", { name: text.dismiss }),
    );
    expect(localStorage.getItem(nudgeStorageKey(7))).not.toBeNull();
    ada.unmount();

    // Someone else on this browser still gets the invitation.
    renderBanner(false, 8);
    expect(
      await screen.findByRole("region", { name: text.title }),
    ).toBeVisible();
  });

  it("hydrates a server-rendered page without a mismatch, then hides a snoozed banner", async () => {
    const { container, hydrationErrors } = await serverRenderThenHydrate(
      // Only this browser knows that the user said Not now.
      () => localStorage.setItem(nudgeStorageKey(7), String(Date.now() + DAY)),
    );
    expect(hydrationErrors).not.toHaveBeenCalled();
    expect(within(container).queryByRole("region")).toBeNull();
  });

  it("shows the banner once a server-rendered page is hydrated", async () => {
    const { container, hydrationErrors } = await serverRenderThenHydrate(
      () => {},
    );
    expect(hydrationErrors).not.toHaveBeenCalled();
    expect(
      await within(container).findByRole("region", { name: text.title }),
    ).toBeVisible();
  });

  it("is not shown to users who have 2FA", async () => {
    const { queryClient } = renderBanner(true);
    await waitForStatus(queryClient);
    expect(screen.queryByRole("region", { name: text.title })).toBeNull();
  });

  it("is not shown to users whose second factor is a passkey", async () => {
    server.use(...fakeApi({ enabled: false, passkeys: 1 }).handlers);
    const { queryClient } = renderWithApp(<TotpNudgeBanner />);
    await waitForStatus(queryClient);
    expect(screen.queryByRole("region", { name: text.title })).toBeNull();
  });
});
