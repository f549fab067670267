import { useCallback, useEffect, useRef, useState } from "react";

import { useEnableTotp, useTotpSetup, useTotpStatus } from "../hooks";
import { useAnnounce, useAnnounced } from "./announcer";
import { groupKey, spellKey } from "./code-format";
import { errorMessage } from "./error-message";
import { useFocusTarget } from "./focus";
import { useTwoFactorMessages } from "./messages";
import { useClipboard } from "./use-clipboard";
import { useCodeEntry } from "./use-code-entry";

export type SetupStep = "scan" | "verify" | "codes";
const STEPS: readonly SetupStep[] = ["scan", "verify", "codes"];

/**
 * The enrollment wizard: 1. QR code and manual key, 2. a code from the app, 3. the backup
 * codes. Use it in a dialog body that is mounted only while the dialog is open: each
 * opening asks the API for a fresh pending secret and starts at step 1. Closing before
 * the last step leaves 2FA off (the pending secret expires on the server).
 *
 * Beside a passkey, the code is sent with that passkey proved afresh (the browser asks
 * for it), and the account keeps its backup codes: the wizard closes after step 2, and
 * `onEnabled` gets no codes.
 *
 * Each step change moves focus to the new step's heading (`stepHeadingRef`, on a heading
 * with tabIndex={-1}) and says "Step n of 3" (of 2 beside a passkey): the button that was
 * pressed is gone.
 * Take the ref out before reading the rest while rendering, as with
 * useLoginVerification.
 */
export function useSetupWizard({
  onClose,
  onEnabled,
}: {
  onClose: () => void;
  onEnabled?: (backupCodes: string[]) => void;
}) {
  const [step, setStep] = useState<SetupStep>("scan");
  const messages = useTwoFactorMessages();
  const announce = useAnnounce();
  const heading = useFocusTarget();
  // The card this opens from has the status already.
  const besidePasskey = (useTotpStatus().data?.passkeys ?? 0) > 0;
  const steps = besidePasskey ? STEPS.slice(0, 2) : STEPS;
  const goTo = (next: SetupStep) => {
    setStep(next);
    heading.focus();
    announce(messages.setup.step(steps.indexOf(next) + 1, steps.length));
  };
  const setup = useTotpSetup();
  const keyClipboard = useClipboard({
    copied: messages.setup.keyCopied,
    failed: messages.setup.copyKeyFailed,
  });
  const enable = useEnableTotp();
  const { mutate: startSetup, reset: forgetSecret } = setup;
  const { reset: forgetBackupCodes } = enable;

  // Once per opening, also under StrictMode's double effects: a second request would
  // replace the pending secret on the server, perhaps after this one was shown.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startSetup();
  }, [startSetup]);

  // The secret and the backup codes leave the mutation cache with the dialog.
  const close = useCallback(() => {
    forgetSecret();
    forgetBackupCodes();
    onClose();
  }, [forgetSecret, forgetBackupCodes, onClose]);

  const submit = (code: string) => {
    if (enable.isPending) return;
    enable.mutate(
      { code, passkey: besidePasskey },
      {
        onSuccess: (result) => {
          // Closed first beside a passkey: what onEnabled says must not be hidden
          // behind the dialog.
          if (result.backup_codes.length === 0) close();
          onEnabled?.(result.backup_codes);
          if (result.backup_codes.length > 0) goTo("codes");
        },
        onError: () => entry.clear(),
      },
    );
  };
  const entry = useCodeEntry({ kind: "totp", onComplete: submit });
  const secretError = setup.isError
    ? errorMessage(setup.error, messages)
    : null;
  // Said, not only shown: it replaces the QR code, next to no field.
  useAnnounced(secretError, "assertive");

  // Once 2FA is on, the backup codes are shown only here: Escape or a click outside must
  // not close the dialog before the user says they are saved.
  const canDismiss = step !== "codes";
  const requestClose = useCallback(() => {
    if (canDismiss) close();
  }, [canDismiss, close]);

  return {
    step,
    stepNumber: steps.indexOf(step) + 1,
    totalSteps: steps.length,
    secret: setup.data,
    /**
     * The manual key as shown, in groups of four, and as said: one character at a time
     * (render `spoken` for screen readers in place of `groups`).
     */
    manualKey: setup.data
      ? {
          groups: groupKey(setup.data.secret),
          spoken: spellKey(setup.data.secret),
        }
      : null,
    /**
     * The otpauth:// link that opens an authenticator app on the same device: for small
     * screens, where the QR code cannot be scanned by the phone that shows it.
     */
    otpauthUri: setup.data?.otpauth_uri ?? null,
    isLoadingSecret: setup.isPending || setup.isIdle,
    secretError,
    retrySecret: () => startSetup(),
    /** The manual key, for "Copy key"; "Key copied" is said and shown on the button. */
    copyKey: () => {
      if (setup.data) void keyClipboard.copy(setup.data.secret);
    },
    keyCopied: keyClipboard.copied,
    /** On each step's heading, which has tabIndex={-1}. */
    stepHeadingRef: heading.ref,
    goToVerify: () => goTo("verify"),
    backToScan: () => {
      entry.clear();
      enable.reset();
      goTo("scan");
    },
    entry,
    submitCode: () => {
      if (entry.isComplete) submit(entry.value);
    },
    isVerifying: enable.isPending,
    verifyError: enable.isError ? errorMessage(enable.error, messages) : null,
    backupCodes: enable.data?.backup_codes ?? [],
    canDismiss,
    /** For the dialog's Escape, outside click and close button. */
    requestClose,
    /** The "Done" of the last step, once the codes are saved. */
    finish: close,
  };
}
