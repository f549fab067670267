// @vitest-environment jsdom
import "./support/setup";

import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { TotpVerificationView } from "../components/totp-verification-view";
import { messages } from "../messages";
import { LOGIN_TOKENS, fakeApi, loginChallenge } from "./support/fake-api";
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
    screen.getByRole("button", { name: verification.useBackupCode }).focus();
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
