import { useState, type FormEvent } from "react";

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
/** What the step shows: the passkey, a code (from `channel`), or a backup code. */
interface Place {
  mode: Mode;
  channel: OtpChannel;
}

/** A button of "Other ways to sign in": another way in, or the code sent again. */
export interface OtherWay {
  key: string;
  label: string;
  /**
   * Counting down: the button stays focusable (`aria-disabled`, not `disabled`), so focus
   * is not lost when it waits and the countdown can be read on it; presses are ignored.
   */
  waiting?: boolean;
  select: () => void;
}

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
  const text = messages.verification;
  // An API from before passkeys sends no `methods` (say, the app deployed ahead of it):
  // its authenticator users have backup codes, and nobody else has a second factor.
  const methods: SecondFactorMethod[] =
    challenge.methods ??
    (challenge.otp_channel === "totp" ? ["totp", "backup_code"] : []);
  const hasAuthenticator = methods.includes("totp");
  // Read once, in the browser: this step is only drawn after the password.
  const [hasPasskey] = useState(
    () => methods.includes("passkey") && browserHasPasskeys(),
  );
  // Where the step starts: login/'s `otp_channel`, unless it asks for a passkey that this
  // browser cannot give; then the authenticator's code, or a backup code (sent codes,
  // where allowed, are offered beside it).
  const start: Place =
    challenge.otp_channel !== "passkey"
      ? { mode: "code", channel: challenge.otp_channel }
      : hasPasskey
        ? { mode: "passkey", channel: "passkey" }
        : hasAuthenticator
          ? { mode: "code", channel: "totp" }
          : { mode: "backup", channel: "passkey" };
  const [place, setPlace] = useState(start);
  const { mode, channel } = place;
  // Where "Back" from a backup code goes: the way the user came from.
  const [before, setBefore] = useState(start);
  // The masked phone and email, and the channels offered: login/'s, then a resend's.
  const [sent, setSent] = useState<CodeChannelInfo>(challenge);
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

  // How a code's check and the passkey's end: signed in, or back to the step.
  const settled = {
    onSuccess: (tokens: LoginVerified) => onVerified(tokens),
    onError: (failure: unknown) => {
      fail(failure);
      entry.clear();
      // Back to the emptied field (a pressed Verify went disabled while checking), or
      // to the passkey's button, to try again or choose another way.
      if (!endsChallenge(failure)) field.focus();
    },
  };
  // One check at a time, a code's or the passkey's.
  const submit = (code: string) => {
    if (isVerifying || isOver) return;
    setError(null);
    verify.mutate({ challenge: challenge.challenge, code }, settled);
  };
  const signInWithPasskey = () => {
    if (isVerifying || isOver) return;
    setError(null);
    setNotice(null);
    passkey.mutate({ challenge: challenge.challenge }, settled);
  };
  const entry = useCodeEntry({ kind: "totp", onComplete: submit });

  // The channel "Resend code" asks again; none while the authenticator is in use.
  const resendBy: DeliveryChannel | null =
    mode === "code" && (channel === "phone" || channel === "email")
      ? channel
      : null;

  // Whether a code may be asked by `to` now: its own countdown is over.
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
        onSuccess: (answer) => {
          setSent(answer);
          setPlace({ mode: "code", channel: answer.otp_channel });
          setNotice(text.codeSent);
          announce(text.codeSent);
          entry.clear();
          // Both may run now: an SMS its limits sent by email started the two.
          for (const each of ["phone", "email"] as const) {
            const seconds = cooldownOf(answer, each);
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

  const switchTo = (next: Place) => {
    setError(null);
    setNotice(null);
    entry.clear();
    if (next.mode === "backup") setBefore(place);
    setPlace(next);
    field.focus();
  };

  const secondsLeft = resendBy ? countdowns[resendBy].secondsLeft : 0;
  const otherWays = [
    // The channel too: a code sent a moment ago is then offered again with the others.
    hasPasskey &&
      mode !== "passkey" && {
        key: "passkey",
        label: text.usePasskey,
        select: () => switchTo({ mode: "passkey", channel: "passkey" }),
      },
    resendBy && {
      key: "resend",
      label: secondsLeft > 0 ? text.resendIn(secondsLeft) : text.resend,
      waiting: !canSendTo(resendBy),
      select: () => send(resendBy),
    },
    // Backup codes stand in for any second factor, passkeys too.
    methods.includes("backup_code") &&
      mode !== "backup" && {
        key: "backup",
        label: text.useBackupCode,
        select: () => switchTo({ mode: "backup", channel }),
      },
    // The channels the API can send this user a code by, besides the one in use.
    ...sent.channels
      .filter((to) => to !== channel)
      .map((to) => ({
        key: to,
        label: to === "phone" ? text.sendToPhone : text.sendToEmail,
        waiting: !canSendTo(to),
        select: () => send(to),
      })),
    hasAuthenticator &&
      (channel !== "totp" || mode !== "code") && {
        key: "totp",
        label: text.useAuthenticator,
        select: () => switchTo({ mode: "code", channel: "totp" }),
      },
  ].filter((way): way is OtherWay => Boolean(way) && !isOver);

  return {
    /** What the step asks for: the passkey, the authenticator's code, or where one was sent. */
    prompt:
      mode === "passkey"
        ? text.passkeyPrompt
        : channel === "phone"
          ? text.phonePrompt(sent.phone_masked)
          : channel === "email"
            ? text.emailPrompt(sent.email_masked)
            : text.totpPrompt,
    mode,
    entry,
    /** The code field's label: the authenticator's code, or a code that was sent. */
    codeLabel:
      channel === "totp"
        ? messages.codeInput.totpLabel
        : messages.codeInput.loginCodeLabel,
    /** On the element around the code field (or backup-code field): focus goes there. */
    fieldRef: field.ref,
    /** On "Sign in again" (or around it): focus goes there once the challenge is spent. */
    restartRef: startOverButton.ref,
    /** The code form's onSubmit. */
    submitCode: (event?: FormEvent) => {
      event?.preventDefault();
      if (entry.isComplete) submit(entry.value);
    },
    /** Opens the browser's passkey prompt, then signs in with its answer. */
    signInWithPasskey,
    /**
     * The passkey's button: "Waiting for your passkey…" while the browser's prompt is
     * open, or its answer checked.
     */
    passkeyLabel: passkey.isPending ? text.usingPasskey : text.usePasskey,
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
    /**
     * BackupCodeEntry's props. Its "Back" goes to the passkey or the code the user came
     * from: none when the step began at a backup code.
     */
    backupEntry: {
      onSubmit: submit,
      onCancel: before.mode === "backup" ? undefined : () => switchTo(before),
      isPending: isVerifying,
      error,
    },
    /** "Other ways to sign in", in order: a button each. */
    otherWays,
  };
}

/** Seconds before `channel` sends again, from an answer of login/ or login/resend/. */
function cooldownOf(answer: CodeChannelInfo, channel: DeliveryChannel): number {
  // A channel the user cannot use is not listed: it has no cooldown to wait for.
  return answer.resend_cooldowns[channel] ?? 0;
}
