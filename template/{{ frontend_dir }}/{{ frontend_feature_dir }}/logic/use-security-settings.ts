import { useState } from "react";

import type { Proof } from "../api";
import {
  useDisableTotp,
  useRegenerateBackupCodes,
  useTotpStatus,
} from "../hooks";
import { useAnnounce, useAnnounced } from "./announcer";
import { errorMessage } from "./error-message";
import { useTwoFactorMessages } from "./messages";

export type SettingsDialog =
  "setup" | "disable" | "regenerate" | "new-codes" | null;
// Few enough that the user should make new ones before they are locked out.
const LOW_BACKUP_CODES = 3;

/**
 * The settings card: the status, and which of its dialogs is open. 2FA is on with an
 * authenticator app, a passkey (PasskeyList), or both; the backup codes belong to the
 * account while either is on.
 */
export function useSecuritySettings() {
  const messages = useTwoFactorMessages();
  const text = messages.settings;
  const announce = useAnnounce();
  const status = useTotpStatus();
  const disable = useDisableTotp();
  const regenerate = useRegenerateBackupCodes();
  const [dialog, setDialog] = useState<SettingsDialog>(null);
  const [newCodes, setNewCodes] = useState<string[]>([]);

  const totpEnabled = status.data?.totp_enabled ?? false;
  // An API from before passkeys sends no two_factor_enabled: TOTP was the only factor.
  const enabled = status.data?.two_factor_enabled ?? totpEnabled;
  const hasPasskeys = (status.data?.passkeys ?? 0) > 0;
  const remaining = status.data?.backup_codes_remaining ?? 0;
  const isLow = enabled && remaining < LOW_BACKUP_CODES;
  const loadError = status.isError
    ? errorMessage(status.error, messages)
    : null;
  // Said as well as shown: both appear away from where the user is.
  useAnnounced(isLow ? messages.settings.lowCodes : null);
  useAnnounced(loadError, "assertive");
  const showNewCodes = (codes: string[]) => {
    setNewCodes(codes);
    setDialog("new-codes");
  };
  return {
    isLoading: status.isPending,
    loadError,
    retry: () => void status.refetch(),
    /** 2FA is on: the authenticator app, a passkey, or both. */
    enabled,
    totpEnabled,
    backupCodesRemaining: remaining,
    isLow,
    dialog,
    open: (next: Exclude<SettingsDialog, null>) => setDialog(next),
    /**
     * The authenticator app on or off. Draw it as one button whose label follows the
     * status: when its dialog closes, focus returns to it, which a swapped-in button
     * could not receive.
     */
    toggle: () => setDialog(totpEnabled ? "disable" : "setup"),
    toggleLabel: totpEnabled
      ? hasPasskeys
        ? text.removeAuthenticator
        : text.disable
      : hasPasskeys
        ? text.addAuthenticator
        : text.enable,
    /** The off dialog's words: beside passkeys, 2FA stays on. */
    disableText: hasPasskeys
      ? {
          title: messages.confirm.removeAuthenticatorTitle,
          description: messages.confirm.removeAuthenticatorDescription,
          action: messages.confirm.removeAuthenticatorAction,
        }
      : {
          title: messages.confirm.disableTitle,
          description: messages.confirm.disableDescription,
          action: messages.confirm.disableAction,
        },
    /** For SetupTotpModal's onEnabled: beside a passkey, no codes are shown, so say it. */
    onTotpEnabled: (codes: string[]) => {
      if (codes.length === 0) announce(text.authenticatorAdded);
    },
    // The new backup codes go with their dialog, from the mutation cache too: this card
    // and its mutations stay mounted.
    close: () => {
      setDialog(null);
      setNewCodes([]);
      disable.reset();
      regenerate.reset();
    },
    // Its dialog asks for codes only: totp/disable/ takes no passkey.
    confirmDisable: (proof: Proof) => {
      if (typeof proof !== "string")
        throw new TypeError("a code, not a passkey");
      return disable.mutateAsync(proof);
    },
    confirmRegenerate: (proof: Proof) => regenerate.mutateAsync(proof),
    /** New backup codes (regenerated, or the first passkey's), shown once in their dialog. */
    showNewCodes,
    newCodes,
  };
}
