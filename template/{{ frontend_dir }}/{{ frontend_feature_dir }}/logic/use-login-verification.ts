import { useState } from "react";

import {
  useResendLoginCode,
  useVerifyLogin,
  useVerifyLoginWithPasskey,
} from "../hooks";
import { isTwoFactorApiError } from "../api";
import type {
  CodeChannelInfo,
  DeliveryChannel,
  LoginChallenge,
  LoginVerified,
  OtpChannel,
  SecondFactorMethod,
} from "../types";
import { useAnnounce } from "./announcer";
import { endsChallenge, errorMessage } from "./error-message";
import { useFocusTarget } from "./focus";
import { browserHasPasskeys } from "./passkey-prompt";
import { useTwoFactorMessages } from "./messages";
import { useCodeEntry } from "./use-code-entry";
import { useCountdown } from "./use-countdown";

type Mode = "passkey" | "code" | "backup";

/**
 * The second login step. A passkey user is asked for it first, where the browser has
 * passkeys at all; otherwise the API checks one code against, in order, the
 * authenticator, the backup codes and the last code it sent. So this hook only tracks
 * what the user is looking at: the passkey, a code (and which channel it comes from) or a
 * backup code, each channel's resend countdown, and whether the challenge is spent (then
 * only "sign in again" is left).
 * The channels offered and the countdowns' lengths are the API's (`channels`,
 * `resend_cooldown`, a resend's Retry-After), never guessed here.
 *
 * Focus and announcements are kept here too, so every kit gets them right: a button that
 * goes away once pressed (another channel, the backup code, the authenticator) hands
 * focus to the code field (`fieldRef`); a spent challenge hands it to "Sign in again"
 * (`restartRef`); a sent code and a spent challenge are said through the Announcer.
 * Take the refs out before reading the rest while rendering
 * (`const { fieldRef, restartRef, ...login } = useLoginVerification(...)`): React's
 * lint treats a whole object that holds a ref as one.
 */
export function useLoginVerification({
  challenge,
  onVerified,
  onRestart,
}: {
  challenge: LoginChallenge;
  onVerified: (tokens: LoginVerified) => void;
  /** Back to the password step: "Not you? Start over", or "Sign in again". */
  onRestart: () => void;
}) {
  const messages = useTwoFactorMessages();
  // An API from before passkeys sends no `methods` (say, the app deployed ahead of it):
  // its authenticator users have backup codes, and nobody else has a second factor.
  const methods: SecondFactorMethod[] =
    challenge.methods ??
    (challenge.otp_channel === "totp" ? ["totp", "backup_code"] : []);
  const hasAuthenticator = methods.includes("totp");
  // Backup codes stand in for any second factor, passkeys too.
  const hasBackupCodes = methods.includes("backup_code");
  // Read once, in the browser: this step is only drawn after the password.
  const [hasPasskey] = useState(
    () => methods.includes("passkey") && browserHasPasskeys(),
  );
  const start = startingPoint(challenge.otp_channel, {
    hasPasskey,
    hasAuthenticator,
  });
  const [channel, setChannel] = useState<OtpChannel>(start.channel);
  const [phoneMasked, setPhoneMasked] = useState(challenge.phone_masked);
  const [emailMasked, setEmailMasked] = useState(challenge.email_masked);
  const [channels, setChannels] = useState(challenge.channels);
  const [mode, setMode] = useState<Mode>(start.mode);
  // Where "Back" from a backup code goes: the way the user came from.
  const [before, setBefore] = useState<{ mode: Mode; channel: OtpChannel }>(
    start,
  );
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isOver, setIsOver] = useState(false);
  // One per channel, as the API's cooldown: the first code by another channel goes at
  // once. login/ says how long each still runs (a reload a moment after a send).
  const countdowns: Record<DeliveryChannel, ReturnType<typeof useCountdown>> = {
    phone: useCountdown(cooldownOf(challenge, "phone")),
    email: useCountdown(cooldownOf(challenge, "email")),
  };
  const verify = useVerifyLogin();
  const passkey = useVerifyLoginWithPasskey();
  const resend = useResendLoginCode();
  const isVerifying = verify.isPending || passkey.isPending;
  const announce = useAnnounce();
  const field = useFocusTarget();
  const startOverButton = useFocusTarget();

  const fail = (failure: unknown) => {
    const message = errorMessage(failure, messages);
    setNotice(null);
    setError(message);
    if (endsChallenge(failure)) {
      setIsOver(true);
      // The field and its error are gone: say why, and offer the one way left.
      announce(message, "assertive");
      startOverButton.focus();
    }
  };

  const submit = (code: string) => {
    if (isVerifying || isOver) return;
    setError(null);
    verify.mutate(
      { challenge: challenge.challenge, code },
      {
        onSuccess: (tokens) => onVerified(tokens),
        onError: (failure) => {
          fail(failure);
          entry.clear();
          // Back to the emptied field: a pressed Verify went disabled while checking.
          if (!endsChallenge(failure)) field.focus();
        },
      },
    );
  };
  const entry = useCodeEntry({ kind: "totp", onComplete: submit });

  const signInWithPasskey = () => {
    if (isVerifying || isOver) return;
    setError(null);
    setNotice(null);
    passkey.mutate(
      { challenge: challenge.challenge },
      {
        onSuccess: (tokens) => onVerified(tokens),
        onError: (failure) => {
          fail(failure);
          // Back to the passkey button, to try again or choose another way.
          if (!endsChallenge(failure)) field.focus();
        },
      },
    );
  };

  // The channel "Resend code" asks again; none while the authenticator is in use.
  const resendBy: DeliveryChannel | null =
    mode === "code" && (channel === "phone" || channel === "email")
      ? channel
      : null;

  const canSendTo = (to: DeliveryChannel) =>
    !countdowns[to].isRunning && !resend.isPending && !isOver;

  const send = (to: DeliveryChannel) => {
    if (!canSendTo(to)) return;
    setError(null);
    // Cleared while sending, so that "a new code is on its way" is said again each time.
    setNotice(null);
    resend.mutate(
      { challenge: challenge.challenge, channel: to },
      {
        onSuccess: (sent) => {
          setChannel(sent.otp_channel);
          setPhoneMasked(sent.phone_masked);
          setEmailMasked(sent.email_masked);
          setChannels(sent.channels);
          setMode("code");
          setNotice(messages.verification.codeSent);
          announce(messages.verification.codeSent);
          entry.clear();
          // Both may run now: an SMS its limits sent by email started the two.
          for (const each of ["phone", "email"] as const) {
            const seconds = cooldownOf(sent, each);
            if (seconds > 0) countdowns[each].start(seconds);
          }
          // "Email me a code" is gone once the email is the channel; "Resend" stays.
          if (to !== resendBy) field.focus();
        },
        onError: (failure) => {
          fail(failure);
          // Only a refused resend holds that channel back; a throttled verify does not.
          if (
            isTwoFactorApiError(failure) &&
            failure.code === "throttled" &&
            failure.retryAfter
          ) {
            countdowns[to].start(failure.retryAfter);
          }
        },
      },
    );
  };

  const switchTo = (next: "backup" | "totp" | "passkey" | "back") => {
    setError(null);
    setNotice(null);
    entry.clear();
    if (next === "backup") {
      setBefore({ mode, channel });
      setMode("backup");
    } else if (next === "back") {
      setMode(before.mode);
      setChannel(before.channel);
    } else if (next === "passkey") {
      // The channel too: a code sent a moment ago is then offered again with the others.
      setMode("passkey");
      setChannel("passkey");
    } else {
      setMode("code");
      setChannel("totp");
    }
    field.focus();
  };

  const text = messages.verification;
  return {
    channel,
    /** What the step asks for: the passkey, the authenticator's code, or where one was sent. */
    prompt:
      mode === "passkey"
        ? text.passkeyPrompt
        : channel === "phone"
          ? text.phonePrompt(phoneMasked)
          : channel === "email"
            ? text.emailPrompt(emailMasked)
            : text.totpPrompt,
    phoneMasked,
    /** Set when the code went by email: `a•••@example.com`. */
    emailMasked,
    mode,
    entry,
    /** On the element around the code field (or backup-code field): focus goes there. */
    fieldRef: field.ref,
    /** On "Sign in again" (or around it): focus goes there once the challenge is spent. */
    restartRef: startOverButton.ref,
    submitCode: () => {
      if (entry.isComplete) submit(entry.value);
    },
    submitBackupCode: submit,
    /** Opens the browser's passkey prompt, then signs in with its answer. */
    signInWithPasskey,
    /** While the browser's passkey prompt is open, or its answer checked. */
    isUsingPasskey: passkey.isPending,
    isVerifying,
    /**
     * Back to the password step; not while a code is checked, which may yet sign this
     * account in after the user chose to start over (`aria-disabled` meanwhile).
     */
    restart: () => {
      if (!isVerifying) onRestart();
    },
    error,
    notice,
    isOver,
    /** Backup codes exist only for accounts with a second factor. */
    canUseBackupCode: hasBackupCodes && mode !== "backup" && !isOver,
    switchToBackupCode: () => switchTo("backup"),
    /** "Back" from a backup code: to the passkey or the code the user came from. */
    leaveBackupCode: () => switchTo("back"),
    /** Whether there is a way back: not when the step began at a backup code. */
    canLeaveBackupCode: before.mode !== "backup",
    canUseAuthenticator:
      hasAuthenticator && (channel !== "totp" || mode !== "code") && !isOver,
    switchToAuthenticator: () => switchTo("totp"),
    /** A passkey of the user's, in a browser that has passkeys, when not asked already. */
    canUsePasskey: hasPasskey && mode !== "passkey" && !isOver,
    switchToPasskey: () => switchTo("passkey"),
    /** Channels the API can send this user a code by, besides the one in use. */
    otherChannels: channels.filter((option) => option !== channel),
    sendTo: send,
    /**
     * Whether a code may be asked by `to` now: its own countdown is over. A button that
     * counts down stays focusable (`aria-disabled`, not `disabled`): focus is not lost
     * when it waits, and the countdown can be read on it.
     */
    canSendTo,
    canResend: resendBy !== null,
    resend: () => {
      if (resendBy) send(resendBy);
    },
    /** Whether the code in use may be sent again now. */
    canSend: resendBy !== null && canSendTo(resendBy),
    isSending: resend.isPending,
    resendSecondsLeft: resendBy ? countdowns[resendBy].secondsLeft : 0,
  };
}

/**
 * Where the step starts: login/'s `otp_channel`, unless it asks for a passkey that this
 * browser cannot give; then the authenticator's code, or a backup code (sent codes, where
 * allowed, are offered beside it).
 */
function startingPoint(
  asked: OtpChannel,
  {
    hasPasskey,
    hasAuthenticator,
  }: { hasPasskey: boolean; hasAuthenticator: boolean },
): { mode: Mode; channel: OtpChannel } {
  if (asked !== "passkey") return { mode: "code", channel: asked };
  if (hasPasskey) return { mode: "passkey", channel: "passkey" };
  return hasAuthenticator
    ? { mode: "code", channel: "totp" }
    : { mode: "backup", channel: "passkey" };
}

/** Seconds before `channel` sends again, from an answer of login/ or login/resend/. */
function cooldownOf(answer: CodeChannelInfo, channel: DeliveryChannel): number {
  // A channel the user cannot use is not listed: it has no cooldown to wait for.
  return answer.resend_cooldowns[channel] ?? 0;
}
