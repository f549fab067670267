// @vitest-environment jsdom
import "./support/setup";

import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";

import { usePasskeySignIn } from "../logic/use-passkey-sign-in";
import { errorMessages, messages } from "../messages";
import type { LoginVerified } from "../types";
import {
  expectAnnounced,
  expectWaiting,
  shownText,
} from "./support/announcements";
import { BASE_URL, LOGIN_TOKENS, fakeApi } from "./support/fake-api";
import { PASSKEY_ID, installPasskey } from "./support/passkeys";
import { renderWithApp } from "./support/render";
import { server } from "./support/server";

const text = messages.passkeySignIn;

/** A login page's form as an app draws it around the hook. */
function LoginForm({
  onSignedIn,
}: {
  onSignedIn: (tokens: LoginVerified) => void;
}) {
  const passkey = usePasskeySignIn({ onSignedIn });
  return (
    <form>
      <label>
        Username
        <input name="username" autoComplete={passkey.usernameAutoComplete} />
      </label>
      {passkey.canUse ? (
        <button
          type="button"
          aria-disabled={passkey.isPending || undefined}
          onClick={passkey.signIn}
        >
          {passkey.isPending ? text.waiting : text.action}
        </button>
      ) : null}
      {passkey.error ? <p>{passkey.error}</p> : null}
    </form>
  );
}

function renderLogin() {
  const api = fakeApi();
  server.use(...api.handlers);
  const onSignedIn = vi.fn();
  const view = renderWithApp(<LoginForm onSignedIn={onSignedIn} />);
  return { ...view, api, onSignedIn };
}

describe("usePasskeySignIn", () => {
  it("signs in with a passkey alone: a prompt that names no one, and its user verified", async () => {
    const passkey = installPasskey();
    const { user, api, onSignedIn } = renderLogin();
    await user.click(screen.getByRole("button", { name: text.action }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(LOGIN_TOKENS));
    expect(api.state.passwordlessAnswers).toEqual([PASSKEY_ID]);
    const [asked] = passkey.asked;
    expect(asked.userVerification).toBe("required");
    expect(asked.allowCredentials ?? []).toEqual([]);
    expect(screen.getByLabelText("Username")).toHaveAttribute(
      "autocomplete",
      "username webauthn",
    );
  });

  it("waits with the button focused, then says so when the prompt is closed", async () => {
    const passkey = installPasskey();
    passkey.closeNextPrompt();
    const { user, api, onSignedIn } = renderLogin();
    // The options arrive only when the test lets them: the prompt is not open before.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server.use(
      // Then on to the fake API's own handler.
      http.post(`${BASE_URL}login/passwordless/options/`, async () => {
        await held;
        return undefined;
      }),
    );
    const button = screen.getByRole("button", { name: text.action });
    await user.click(button);
    expectWaiting(await screen.findByRole("button", { name: text.waiting }));
    expect(button).toHaveFocus();
    release();

    await expectAnnounced(errorMessages.passkey_cancelled);
    expect(shownText(errorMessages.passkey_cancelled)).toBeVisible();
    expect(api.state.passwordlessAnswers).toEqual([]);
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it("offers the passkeys in the username field's autofill, and signs in with the one picked", async () => {
    const passkey = installPasskey({ autofill: true });
    const { api, onSignedIn } = renderLogin();
    // From the first render, unseen: the browser waits for the user to pick one.
    await waitFor(() => expect(passkey.conditional).toHaveLength(1));
    expect(onSignedIn).not.toHaveBeenCalled();
    passkey.pickFromAutofill();

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(LOGIN_TOKENS));
    expect(api.state.passwordlessAnswers).toEqual([PASSKEY_ID]);
  });

  it("lets the button take the autofill request's place without a word", async () => {
    const passkey = installPasskey({ autofill: true });
    const { user, onSignedIn } = renderLogin();
    await waitFor(() => expect(passkey.conditional).toHaveLength(1));
    await user.click(screen.getByRole("button", { name: text.action }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1));
    expect(passkey.conditional[0].signal?.aborted).toBe(true);
    expect(screen.queryByText(errorMessages.passkey_cancelled)).toBeNull();
  });

  it("tells nothing of an autofill request that could not start", async () => {
    const passkey = installPasskey({ autofill: true });
    server.use(...fakeApi().handlers);
    server.use(
      http.post(`${BASE_URL}login/passwordless/options/`, () =>
        HttpResponse.json(
          { detail: "Down.", code: "service_unavailable" },
          { status: 503 },
        ),
      ),
    );
    renderWithApp(<LoginForm onSignedIn={vi.fn()} />);
    // The user asked for nothing yet: the page stays as it was.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passkey.conditional).toHaveLength(0);
    expect(screen.queryByText(errorMessages.service_unavailable)).toBeNull();
  });

  it("ends the autofill request when the page goes", async () => {
    const passkey = installPasskey({ autofill: true });
    const { unmount } = renderLogin();
    await waitFor(() => expect(passkey.conditional).toHaveLength(1));
    unmount();
    await waitFor(() =>
      expect(passkey.conditional[0].signal?.aborted).toBe(true),
    );
  });

  it("offers nothing where the browser has no passkeys", async () => {
    const { api } = renderLogin();
    expect(screen.queryByRole("button", { name: text.action })).toBeNull();
    // Give a request time to be made, were one to be.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.state.passwordlessOptions).toBe(0);
  });
});
