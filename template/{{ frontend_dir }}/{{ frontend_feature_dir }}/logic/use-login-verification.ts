import { useState } from "react";

import { RESEND_COOLDOWN_SECONDS, TOTP_FALLBACK } from "../config";
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
 * looking at: which channel the code comes from, backup-code mode, the resend countdown,
 * and whether the challenge is spent (then only "sign in again" is left).
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
  const [hasPhone, setHasPhone] = useState(challenge.has_phone);
  const [mode, setMode] = useState<"code" | "backup">("code");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isOver, setIsOver] = useState(false);
  // login/ already sent a code to phone or email users: the server's cooldown runs.
  const countdown = useCountdown(
    usesAuthenticator ? 0 : RESEND_COOLDOWN_SECONDS,
  );
  const verify = useVerifyLogin();
  const resend = useResendLoginCode();

  const fail = (failure: unknown) => {
    setNotice(null);
    setError(errorMessage(failure));
    if (endsChallenge(failure)) setIsOver(true);
    if (
      isTwoFactorApiError(failure) &&
      failure.code === "throttled" &&
      failure.retryAfter
    ) {
      countdown.start(failure.retryAfter);
    }
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

  const send = (to?: DeliveryChannel) => {
    if (resend.isPending || countdown.isRunning || isOver) return;
    setError(null);
    resend.mutate(
      { challenge: challenge.challenge, channel: to },
      {
        onSuccess: (sent) => {
          setChannel(sent.otp_channel);
          setPhoneMasked(sent.phone_masked);
          setHasPhone(sent.has_phone);
          setMode("code");
          setNotice(messages.verification.codeSent);
          entry.clear();
          countdown.start(RESEND_COOLDOWN_SECONDS);
        },
        onError: fail,
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

  const canSend = !countdown.isRunning && !resend.isPending && !isOver;
  return {
    channel,
    phoneMasked,
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
    /** Channels the user may ask a code from, besides the one in use. */
    otherChannels: (["phone", "email"] as const).filter(
      (option) =>
        // Without the fallback, the server sends authenticator users no codes.
        (TOTP_FALLBACK || !usesAuthenticator) &&
        option !== channel &&
        (option !== "phone" || hasPhone),
    ),
    sendTo: (to: DeliveryChannel) => send(to),
    canResend: channel !== "totp" && mode === "code",
    resend: () => send(channel === "totp" ? undefined : channel),
    canSend,
    isSending: resend.isPending,
    resendSecondsLeft: countdown.secondsLeft,
  };
}
