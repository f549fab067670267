import { useEffect, useRef, useState } from "react";

import { isTwoFactorApiError } from "../api";
import { useSignInWithPasskey } from "../hooks";
import type { LoginVerified } from "../types";
import { useAnnounce } from "./announcer";
import { errorMessage } from "./error-message";
import { useTwoFactorMessages } from "./messages";
import {
  browserHasPasskeyAutofill,
  cancelPasskeyRequest,
  useBrowserHasPasskeys,
} from "./passkey-prompt";

/**
 * A login page's way in without a password: "Sign in with a passkey" (`signIn`), and the
 * user's passkeys in the username field's autofill where the browser offers them
 * (conditional mediation: give the field `usernameAutoComplete`). A passkey whose
 * authenticator verifies its user is both factors, so `onSignedIn` gets the tokens as
 * after the second step. The password form stays as it is beside them.
 *
 * The autofill request waits, unseen, from the page's first render until the user picks
 * a passkey or leaves; pressing the button takes its place.
 */
export function usePasskeySignIn({
  onSignedIn,
}: {
  onSignedIn: (tokens: LoginVerified) => void;
}) {
  const messages = useTwoFactorMessages();
  const announce = useAnnounce();
  const canUse = useBrowserHasPasskeys();
  const button = useSignInWithPasskey();
  const autofill = useSignInWithPasskey();
  const [error, setError] = useState<string | null>(null);
  const fail = (failure: unknown) => {
    const message = errorMessage(failure, messages);
    setError(message);
    // Away from the password field the user may be in: said, not only shown.
    announce(message, "assertive");
  };
  // The latest callbacks, for the autofill request started once.
  const latest = useRef({ onSignedIn, fail });
  useEffect(() => {
    latest.current = { onSignedIn, fail };
  });

  const { mutate: startAutofill } = autofill;
  useEffect(() => {
    let live = true;
    let started = false;
    void browserHasPasskeyAutofill().then((available) => {
      if (!available || !live) return;
      started = true;
      startAutofill(
        { autofill: true },
        {
          onSuccess: (tokens) => latest.current.onSignedIn(tokens),
          onError: (failure) => {
            // Ended by the button, or by leaving the page: nothing to tell.
            if (live && !isCancelled(failure)) latest.current.fail(failure);
          },
        },
      );
    });
    return () => {
      live = false;
      // Only a request of its own: StrictMode's first effect ends before it starts one.
      if (started) cancelPasskeyRequest();
    };
  }, [startAutofill]);

  return {
    /** Where the browser has passkeys at all: draw the button only then. */
    canUse,
    signIn: () => {
      if (button.isPending) return;
      setError(null);
      button.mutate(
        {},
        {
          onSuccess: (tokens) => onSignedIn(tokens),
          onError: (failure) => fail(failure),
        },
      );
    },
    /** While the browser's prompt is open, or its answer checked. */
    isPending: button.isPending,
    error,
    /** The username field's autocomplete: its autofill offers the user's passkeys too. */
    usernameAutoComplete: "username webauthn",
  };
}

function isCancelled(failure: unknown): boolean {
  return isTwoFactorApiError(failure) && failure.code === "passkey_cancelled";
}
