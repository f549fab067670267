import { useState } from "react";

import { useResendLoginCode, useVerifyLogin } from "../hooks";
import { isTwoFactorApiError } from "../api";
import { messages } from "../messages";
import type {
  DeliveryChannel,
  LoginChallenge,
  LoginTokens,
  OtpChannel,
} from "../types";
import { endsChallenge, errorMessage } from "./error-message";
import { useCodeEntry } from "./use-code-entry";
import { useCountdown } from "./use-countdown";

/**
 * The second login step. The API checks one code against, in order, the authenticator,
 * the backup codes and the last code it sent, so this hook only tracks what the user is
 * looking at: which channel the code comes from, backup-code mode, each channel's resend
 * countdown, and whether the challenge is spent (then only "sign in again" is left).
 * The channels offered and the countdowns' lengths are the API's (`channels`,
 * `resend_cooldown`, a resend's Retry-After), never guessed here.
 */
export function useLoginVerification({
  challenge,
  onVerified,
}: {
  challenge: LoginChallenge;
  onVerified: (tokens: LoginTokens) => void;
}) {
  const usesAuthenticator = challenge.otp_channel === "totp";
  const [channel, setChannel] = useState<OtpChannel>(challenge.otp_channel);
  const [phoneMasked, setPhoneMasked] = useState(challenge.phone_masked);
  const [emailMasked, setEmailMasked] = useState(challenge.email_masked);
  const [channels, setChannels] = useState(challenge.channels);
  const [mode, setMode] = useState<"code" | "backup">("code");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isOver, setIsOver] = useState(false);
  // One per channel, as the API's cooldown: the first code by another channel goes at
  // once. login/ may already have sent one, and said how long its cooldown runs.
  const countdowns: Record<DeliveryChannel, ReturnType<typeof useCountdown>> = {
    phone: useCountdown(
      challenge.otp_channel === "phone" ? challenge.resend_cooldown : 0,
    ),
    email: useCountdown(
      challenge.otp_channel === "email" ? challenge.resend_cooldown : 0,
    ),
  };
  const verify = useVerifyLogin();
  const resend = useResendLoginCode();

  const fail = (failure: unknown) => {
    setNotice(null);
    setError(errorMessage(failure));
    if (endsChallenge(failure)) setIsOver(true);
  };

  const submit = (code: string) => {
    if (verify.isPending || isOver) return;
    setError(null);
    verify.mutate(
      { challenge: challenge.challenge, code },
      {
        onSuccess: (tokens) => onVerified(tokens),
        onError: (failure) => {
          fail(failure);
          entry.clear();
        },
      },
    );
  };
  const entry = useCodeEntry({ kind: "totp", onComplete: submit });

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
          entry.clear();
          countdowns[sent.otp_channel].start(sent.resend_cooldown);
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

  const switchTo = (next: "backup" | "totp") => {
    setError(null);
    setNotice(null);
    entry.clear();
    if (next === "backup") {
      setMode("backup");
    } else {
      setMode("code");
      setChannel("totp");
    }
  };

  // The channel "Resend code" asks again; none while the authenticator is in use.
  const resendBy = channel === "totp" ? null : channel;
  return {
    channel,
    phoneMasked,
    /** Set when the code went by email: `a•••@example.com`. */
    emailMasked,
    mode,
    entry,
    submitCode: () => {
      if (entry.isComplete) submit(entry.value);
    },
    submitBackupCode: submit,
    isVerifying: verify.isPending,
    error,
    notice,
    isOver,
    /** Backup codes exist only for accounts with an authenticator. */
    canUseBackupCode: usesAuthenticator && mode === "code" && !isOver,
    switchToBackupCode: () => switchTo("backup"),
    canUseAuthenticator:
      usesAuthenticator && (channel !== "totp" || mode === "backup") && !isOver,
    switchToAuthenticator: () => switchTo("totp"),
    /** Channels the API can send this user a code by, besides the one in use. */
    otherChannels: channels.filter((option) => option !== channel),
    sendTo: send,
    /** Whether a code may be asked by `to` now: its own countdown is over. */
    canSendTo,
    canResend: channel !== "totp" && mode === "code",
    resend: () => {
      if (resendBy) send(resendBy);
    },
    /** Whether the code in use may be sent again now. */
    canSend: resendBy !== null && canSendTo(resendBy),
    isSending: resend.isPending,
    resendSecondsLeft: resendBy ? countdowns[resendBy].secondsLeft : 0,
  };
}
