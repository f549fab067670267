import { useState, type FormEvent } from "react";

import type { Proof } from "../api";
import { useAskForPasskey, useTotpStatus } from "../hooks";
import { errorMessage } from "./error-message";
import { useFocusTarget } from "./focus";
import { useTwoFactorMessages } from "./messages";
import { useBrowserHasPasskeys } from "./passkey-prompt";
import { useCodeEntry, type CodeKind } from "./use-code-entry";

/** How the user proves it is them: their passkey, the app's code, or a backup code. */
export type ConfirmKind = "passkey" | CodeKind;

/**
 * A fresh second factor asked for before a sensitive action (turn off the authenticator,
 * new backup codes, add or remove a passkey). Use it in a dialog body mounted only while
 * the dialog is open, so each opening starts empty.
 *
 * The ways offered are the user's own, from the status: the authenticator's code when it
 * is on; their passkey (`acceptPasskey`, first when offered) in a browser with passkeys;
 * a backup code (`acceptBackupCode`), for the actions the API takes one for. `switches`
 * are the other ways, as buttons to draw. Take `fieldRef` out before reading the rest
 * while rendering, as with useLoginVerification.
 */
export function useConfirmCode<Result>({
  acceptBackupCode,
  acceptPasskey = false,
  onConfirm,
  onDone,
}: {
  acceptBackupCode: boolean;
  acceptPasskey?: boolean;
  onConfirm: (proof: Proof) => Promise<Result>;
  onDone?: (result: Result) => void;
}) {
  const messages = useTwoFactorMessages();
  const status = useTotpStatus().data;
  const askForPasskey = useAskForPasskey();
  const hasPasskeys = useBrowserHasPasskeys();
  const passkey = acceptPasskey && (status?.passkeys ?? 0) > 0 && hasPasskeys;
  const offered: Record<ConfirmKind, boolean> = {
    passkey,
    // Without a status (a dialog used on its own), the authenticator is assumed. The
    // code field also stays when nothing else is: the API then says what is missing.
    totp: (status?.totp_enabled ?? true) || (!passkey && !acceptBackupCode),
    backup: acceptBackupCode,
  };
  // In this order: the passkey first, when offered.
  const kinds = (["passkey", "totp", "backup"] as const).filter(
    (each) => offered[each],
  );
  const [chosen, setKind] = useState<ConfirmKind | null>(null);
  // A way no longer offered (the status changed meanwhile) gives way to the first.
  const kind = chosen && offered[chosen] ? chosen : kinds[0];
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useFocusTarget();

  // A code, or the passkey: asked for here, once nothing else is pending.
  const confirm = async (code?: string) => {
    if (isPending) return;
    setIsPending(true);
    setError(null);
    try {
      const result = await onConfirm(code ?? (await askForPasskey()));
      onDone?.(result);
    } catch (failure) {
      setError(errorMessage(failure, messages));
      totp.clear();
      backup.clear();
      // The pressed Verify was disabled while checking: back to the emptied field (the
      // passkey's button stays focused on its own: it is only aria-disabled).
      if (kind !== "passkey") field.focus();
    } finally {
      setIsPending(false);
    }
  };
  const totp = useCodeEntry({
    kind: "totp",
    onComplete: (code) => void confirm(code),
  });
  const backup = useCodeEntry({ kind: "backup" });
  const entry = kind === "backup" ? backup : totp;
  const labels: Record<ConfirmKind, string> = {
    passkey: messages.confirm.usePasskey,
    totp: messages.confirm.useAuthenticator,
    backup: messages.confirm.useBackupCode,
  };

  return {
    kind,
    entry,
    /** Around the code field: focus goes back there after a wrong code. */
    fieldRef: field.ref,
    /** The other ways to confirm, each a button ("Use a backup code instead"). */
    switches: kinds
      .filter((other) => other !== kind)
      .map((other) => ({
        kind: other,
        label: labels[other],
        select: () => {
          setError(null);
          setKind(other);
        },
      })),
    /** The code form's onSubmit. */
    submit: (event?: FormEvent) => {
      event?.preventDefault();
      if (kind !== "passkey" && entry.isComplete) void confirm(entry.value);
    },
    /** Opens the browser's passkey prompt, then confirms with its answer. */
    confirmWithPasskey: () => void confirm(),
    isPending,
    error,
  };
}
