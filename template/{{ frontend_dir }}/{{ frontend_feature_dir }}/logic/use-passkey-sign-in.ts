import { useEffect, useRef, useState } from "react";

import { useTwoFactorApi } from "../context";
import { useSignInWithPasskey } from "../hooks";
import type { LoginVerified, PasskeyAssertion } from "../types";
import { useAnnounce } from "./announcer";
import { errorMessage } from "./error-message";
import { useTwoFactorMessages } from "./messages";
import {
  askForAssertion,
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
 * a passkey or leaves; pressing the button takes its place, and a failure arms it again.
 */
export function usePasskeySignIn({
  onSignedIn,
}: {
  onSignedIn: (tokens: LoginVerified) => void;
}) {
  const messages = useTwoFactorMessages();
  const announce = useAnnounce();
  const api = useTwoFactorApi();
  const canUse = useBrowserHasPasskeys();
  const signIn = useSignInWithPasskey();
  const [error, setError] = useState<string | null>(null);
  // The button's prompt is open: the autofill request must not take its place.
  const buttonPressed = useRef(false);
  // Each failure arms the autofill again: any prompt of ours ended the one waiting.
  const [round, setRound] = useState(0);
  const finish = (answer?: PasskeyAssertion) => {
    setError(null);
    signIn.mutate(
      { answer },
      {
        onSuccess: (tokens) => onSignedIn(tokens),
        onError: (failure) => {
          const message = errorMessage(failure, messages);
          setError(message);
          // Away from the password field the user may be in: said, not only shown.
          announce(message, "assertive");
          buttonPressed.current = false;
          setRound((count) => count + 1);
        },
      },
    );
  };
  // The latest, for the autofill request started once a round.
  const latest = useRef(finish);
  useEffect(() => {
    latest.current = finish;
  });

  useEffect(() => {
    let live = true;
    let started = false;
    void (async () => {
      try {
        if (!(await browserHasPasskeyAutofill()) || !live) return;
        started = true;
        const answer = await askForAssertion(api.passwordlessOptions(), {
          autofill: true,
          stillWanted: () => live && !buttonPressed.current,
        });
        if (live) latest.current(answer);
      } catch {
        // Unseen until the user picks a passkey: its options failing, the button taking
        // its place, or the page going, is nothing to tell them.
      }
    })();
    return () => {
      live = false;
      // Only a request of its own: StrictMode's first effect ends before it starts one.
      if (started) cancelPasskeyRequest();
    };
  }, [api, round]);

  return {
    /** Where the browser has passkeys at all: draw the button only then. */
    canUse,
    signIn: () => {
      if (signIn.isPending) return;
      buttonPressed.current = true;
      finish();
    },
    /** While the browser's prompt is open, or an answer checked. */
    isPending: signIn.isPending,
    error,
    /** The username field's autocomplete: its autofill offers the user's passkeys too. */
    usernameAutoComplete: "username webauthn",
  };
}
