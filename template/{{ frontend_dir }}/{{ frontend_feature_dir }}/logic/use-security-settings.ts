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
  // The new backup codes go with their dialog, from the mutation cache too: this card
  // and its mutations stay mounted.
  const close = () => {
    setDialog(null);
    setNewCodes([]);
    disable.reset();
    regenerate.reset();
  };
  const dialogProps = (which: SettingsDialog) => ({
    open: dialog === which,
    onOpenChange: (open: boolean) => {
      if (!open) close();
    },
  });
  const { confirm } = messages;
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
    /** "Regenerate backup codes": its dialog asks for a fresh second factor first. */
    askRegenerate: () => setDialog("regenerate"),
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
    // The props of the card's dialogs: SetupTotpModal's, then TotpCodeConfirmDialog's.
    setupDialog: {
      ...dialogProps("setup"),
      // Beside a passkey, no codes are shown, so say it.
      onEnabled: (codes: string[]) => {
        if (codes.length === 0) announce(text.authenticatorAdded);
      },
    },
    // Beside passkeys, 2FA stays on. Codes only: totp/disable/ takes no passkey.
    disableDialog: {
      ...dialogProps("disable"),
      ...(hasPasskeys
        ? {
            title: confirm.removeAuthenticatorTitle,
            description: confirm.removeAuthenticatorDescription,
            confirmLabel: confirm.removeAuthenticatorAction,
          }
        : {
            title: confirm.disableTitle,
            description: confirm.disableDescription,
            confirmLabel: confirm.disableAction,
          }),
      acceptBackupCode: true,
      onConfirm: (proof: Proof) => {
        if (typeof proof !== "string")
          throw new TypeError("a code, not a passkey");
        return disable.mutateAsync(proof);
      },
    },
    regenerateDialog: {
      ...dialogProps("regenerate"),
      title: confirm.regenerateTitle,
      description: confirm.regenerateDescription,
      confirmLabel: confirm.regenerateAction,
      acceptPasskey: true,
      onConfirm: (proof: Proof) => regenerate.mutateAsync(proof),
      onDone: (result: { backup_codes: string[] }) =>
        showNewCodes(result.backup_codes),
    },
    close,
    /** New backup codes (regenerated, or the first passkey's), shown once in their dialog. */
    showNewCodes,
    newCodes,
  };
}
