// @vitest-environment jsdom
import "./support/setup";

import type { QueryClient } from "@tanstack/react-query";
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { TotpNudgeBanner } from "../components/totp-nudge-banner";
import { NUDGE_STORAGE_KEY } from "../logic/use-nudge-banner";
import { messages } from "../messages";
import { twoFactorKeys } from "../query-keys";
import { fakeApi } from "./support/fake-api";
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

function renderBanner(enabled: boolean) {
  server.use(...fakeApi({ enabled }).handlers);
  const onSetUp = vi.fn();
  return { ...renderWithApp(<TotpNudgeBanner onSetUp={onSetUp} />), onSetUp };
}

describe("TotpNudgeBanner", () => {
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

  it("comes back once the snooze is over", async () => {
    localStorage.setItem(NUDGE_STORAGE_KEY, String(Date.now() - 1));
    renderBanner(false);
    expect(
      await screen.findByRole("region", { name: text.title }),
    ).toBeVisible();
  });

  it("is not shown to users who have 2FA", async () => {
    const { queryClient } = renderBanner(true);
    await waitForStatus(queryClient);
    expect(screen.queryByRole("region", { name: text.title })).toBeNull();
  });
});
