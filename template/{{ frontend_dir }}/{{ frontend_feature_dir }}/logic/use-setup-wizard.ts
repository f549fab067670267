import { useCallback, useEffect, useRef, useState } from "react";

import { useEnableTotp, useTotpSetup } from "../hooks";
import { errorMessage } from "./error-message";
import { useCodeEntry } from "./use-code-entry";

export type SetupStep = "scan" | "verify" | "codes";
const STEPS: readonly SetupStep[] = ["scan", "verify", "codes"];

/**
 * The enrollment wizard: 1. QR code and manual key, 2. a code from the app, 3. the backup
 * codes. Use it in a dialog body that is mounted only while the dialog is open: each
 * opening asks the API for a fresh pending secret and starts at step 1. Closing before
 * the last step leaves 2FA off (the pending secret expires on the server).
 */
export function useSetupWizard({
  onClose,
  onEnabled,
}: {
  onClose: () => void;
  onEnabled?: (backupCodes: string[]) => void;
}) {
  const [step, setStep] = useState<SetupStep>("scan");
  const setup = useTotpSetup();
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

  const submit = (code: string) => {
    if (enable.isPending) return;
    enable.mutate(code, {
      onSuccess: (result) => {
        setStep("codes");
        onEnabled?.(result.backup_codes);
      },
      onError: () => entry.clear(),
    });
  };
  const entry = useCodeEntry({ kind: "totp", onComplete: submit });

  // The secret and the backup codes leave the mutation cache with the dialog.
  const close = useCallback(() => {
    forgetSecret();
    forgetBackupCodes();
    onClose();
  }, [forgetSecret, forgetBackupCodes, onClose]);

  // Once 2FA is on, the backup codes are shown only here: Escape or a click outside must
  // not close the dialog before the user says they are saved.
  const canDismiss = step !== "codes";
  const requestClose = useCallback(() => {
    if (canDismiss) close();
  }, [canDismiss, close]);

  return {
    step,
    stepNumber: STEPS.indexOf(step) + 1,
    totalSteps: STEPS.length,
    secret: setup.data,
    isLoadingSecret: setup.isPending || setup.isIdle,
    secretError: setup.isError ? errorMessage(setup.error) : null,
    retrySecret: () => startSetup(),
    goToVerify: () => setStep("verify"),
    backToScan: () => {
      entry.clear();
      enable.reset();
      setStep("scan");
    },
    entry,
    submitCode: () => {
      if (entry.isComplete) submit(entry.value);
    },
    isVerifying: enable.isPending,
    verifyError: enable.isError ? errorMessage(enable.error) : null,
    backupCodes: enable.data?.backup_codes ?? [],
    canDismiss,
    /** For the dialog's Escape, outside click and close button. */
    requestClose,
    /** The "Done" of the last step, once the codes are saved. */
    finish: close,
  };
}
