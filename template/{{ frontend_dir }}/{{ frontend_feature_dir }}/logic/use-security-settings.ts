import { useState } from "react";

import {
  useDisableTotp,
  useRegenerateBackupCodes,
  useTotpStatus,
} from "../hooks";
import { useAnnounced } from "./announcer";
import { errorMessage } from "./error-message";
import { useTwoFactorMessages } from "./messages";

export type SettingsDialog =
  "setup" | "disable" | "regenerate" | "new-codes" | null;
// Few enough that the user should make new ones before they are locked out.
const LOW_BACKUP_CODES = 3;

/** The settings card: the status, and which of its dialogs is open. */
export function useSecuritySettings() {
  const messages = useTwoFactorMessages();
  const status = useTotpStatus();
  const disable = useDisableTotp();
  const regenerate = useRegenerateBackupCodes();
  const [dialog, setDialog] = useState<SettingsDialog>(null);
  const [newCodes, setNewCodes] = useState<string[]>([]);

  const remaining = status.data?.backup_codes_remaining ?? 0;
  const isLow =
    (status.data?.totp_enabled ?? false) && remaining < LOW_BACKUP_CODES;
  const loadError = status.isError
    ? errorMessage(status.error, messages)
    : null;
  // Said as well as shown: both appear away from where the user is.
  useAnnounced(isLow ? messages.settings.lowCodes : null);
  useAnnounced(loadError, "assertive");
  return {
    isLoading: status.isPending,
    loadError,
    retry: () => void status.refetch(),
    enabled: status.data?.totp_enabled ?? false,
    backupCodesRemaining: remaining,
    isLow,
    dialog,
    open: (next: Exclude<SettingsDialog, null>) => setDialog(next),
    /**
     * Turn on or off. Draw it as one button whose label follows the status: when its
     * dialog closes, focus returns to it, which a swapped-in button could not receive.
     */
    toggle: () => setDialog(status.data?.totp_enabled ? "disable" : "setup"),
    // The new backup codes go with their dialog, from the mutation cache too: this card
    // and its mutations stay mounted.
    close: () => {
      setDialog(null);
      setNewCodes([]);
      disable.reset();
      regenerate.reset();
    },
    confirmDisable: (code: string) => disable.mutateAsync(code),
    confirmRegenerate: (code: string) => regenerate.mutateAsync(code),
    /** After regenerate: the new codes are shown once, in their own dialog. */
    showNewCodes: (codes: string[]) => {
      setNewCodes(codes);
      setDialog("new-codes");
    },
    newCodes,
  };
}
