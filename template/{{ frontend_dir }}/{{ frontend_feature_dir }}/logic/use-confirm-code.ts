import { useState } from "react";

import { errorMessage } from "./error-message";
import { useFocusTarget } from "./focus";
import { useTwoFactorMessages } from "./messages";
import { useCodeEntry, type CodeKind } from "./use-code-entry";

/**
 * A code asked for before a sensitive action (turn off 2FA, new backup codes). Use it in
 * a dialog body mounted only while the dialog is open, so each opening starts empty.
 * `acceptBackupCode` offers a backup code instead, for the actions the API allows it for.
 * Take `fieldRef` out before reading the rest while rendering, as with
 * useLoginVerification.
 */
export function useConfirmCode<Result>({
  acceptBackupCode,
  onConfirm,
  onDone,
}: {
  acceptBackupCode: boolean;
  onConfirm: (code: string) => Promise<Result>;
  onDone?: (result: Result) => void;
}) {
  const messages = useTwoFactorMessages();
  const [kind, setKind] = useState<CodeKind>("totp");
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useFocusTarget();

  const submit = async (code: string) => {
    if (isPending) return;
    setIsPending(true);
    setError(null);
    try {
      const result = await onConfirm(code);
      onDone?.(result);
    } catch (failure) {
      setError(errorMessage(failure, messages));
      totp.clear();
      backup.clear();
      // The pressed Verify was disabled while checking: back to the emptied field.
      field.focus();
    } finally {
      setIsPending(false);
    }
  };
  const totp = useCodeEntry({
    kind: "totp",
    onComplete: (code) => void submit(code),
  });
  const backup = useCodeEntry({ kind: "backup" });
  const entry = kind === "totp" ? totp : backup;

  return {
    kind,
    entry,
    /** Around the code field: focus goes back there after a wrong code. */
    fieldRef: field.ref,
    canSwitchKind: acceptBackupCode,
    switchKind: () => {
      setError(null);
      setKind((current) => (current === "totp" ? "backup" : "totp"));
    },
    submit: () => {
      if (entry.isComplete) void submit(entry.value);
    },
    isPending,
    error,
  };
}
