import { useEffect, useRef, useState } from "react";

import type { Proof } from "../api";
import {
  usePasskeys,
  useRegisterPasskey,
  useRemovePasskey,
  useRenamePasskey,
  useTotpStatus,
  type WithoutCredentials,
} from "../hooks";
import type { Passkey, RegisterPasskeyResponse } from "../types";
import { useAnnounce, useAnnounced } from "./announcer";
import { errorMessage } from "./error-message";
import { focusInto, useFocusTarget } from "./focus";
import { useTwoFactorMessages } from "./messages";
import { useBrowserHasPasskeys } from "./passkey-prompt";

export type PasskeyDialog = "add" | "remove" | null;
type Registered = WithoutCredentials<RegisterPasskeyResponse>;
// PasskeyNameField's bound on the API.
export const PASSKEY_NAME_MAX = 64;

/**
 * The settings' list of passkeys: each one's name and details, rename in place, remove,
 * and add. Adding with 2FA on, and removing, ask for a fresh second factor first
 * (`dialog`, for a TotpCodeConfirmDialog with `acceptPasskey`); the first passkey needs
 * none, turns 2FA on and hands its backup codes to `onBackupCodes`, to be shown once.
 *
 * Focus: a rename form takes it; saving or cancelling gives it back to the row (put
 * `rowRef(id)` on each row); a removed passkey's row is gone, so it goes to the section's
 * first control (`sectionRef`). What changed is said through the Announcer. Take the
 * refs out before reading the rest while rendering, as with useLoginVerification.
 */
export function usePasskeyList({
  onBackupCodes,
}: {
  onBackupCodes: (codes: string[]) => void;
}) {
  const messages = useTwoFactorMessages();
  const text = messages.passkeys;
  const announce = useAnnounce();
  const list = usePasskeys();
  const status = useTotpStatus().data;
  const register = useRegisterPasskey();
  const rename = useRenamePasskey();
  const remove = useRemovePasskey();
  // Known in the browser only: a server render draws no Add button.
  const canAdd = useBrowserHasPasskeys();
  const [dialog, setDialog] = useState<PasskeyDialog>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [name, setName] = useState("");
  const [renameError, setRenameError] = useState<string | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const rows = useRowFocus();
  const section = useFocusTarget();

  const passkeys = list.data?.passkeys ?? [];
  const loadError = list.isError ? errorMessage(list.error, messages) : null;
  // Shown beside the Add button, said too: the browser's prompt had the user's attention.
  useAnnounced(addError, "assertive");
  useAnnounced(loadError, "assertive");

  const added = (result: Registered) => {
    // The first passkey's codes open their own dialog, which a screen reader reads out:
    // said on the page, the news would be hidden behind it.
    if (result.backup_codes.length > 0) onBackupCodes(result.backup_codes);
    else announce(text.added(result.passkey.name));
  };
  const closeRename = (id: number) => {
    setRenaming(null);
    setRenameError(null);
    rename.reset();
    rows.focus(id);
  };
  const saveName = (passkey: Passkey) => {
    const trimmed = name.trim();
    if (!trimmed) {
      setRenameError(text.nameRequired);
      return;
    }
    if (trimmed === passkey.name) {
      closeRename(passkey.id);
      return;
    }
    setRenameError(null);
    rename.mutate(
      { id: passkey.id, name: trimmed },
      {
        onSuccess: () => {
          announce(text.renamed);
          closeRename(passkey.id);
        },
        onError: (failure) => setRenameError(errorMessage(failure, messages)),
      },
    );
  };

  return {
    isLoading: list.isPending,
    loadError,
    retry: () => void list.refetch(),
    passkeys: passkeys.map((passkey) => ({
      ...passkey,
      /** "Added Dec 3, 2026 · last used Dec 4, 2026 · synced to your devices". */
      details: [
        text.created(text.date(passkey.created_at)),
        text.lastUsed(passkey.last_used_at && text.date(passkey.last_used_at)),
        passkey.backup_eligible ? text.synced : text.deviceBound,
      ].join(" · "),
      renameLabel: text.renameLabel(passkey.name),
      removeLabel: text.removeLabel(passkey.name),
      isRenaming: renaming === passkey.id,
      startRename: () => {
        setName(passkey.name);
        setRenameError(null);
        setRenaming(passkey.id);
      },
      askRemove: () => {
        setRemoving(passkey);
        setDialog("remove");
      },
    })),
    /** The open rename form's field and buttons. */
    rename: {
      value: name,
      change: (value: string) => setName(value.slice(0, PASSKEY_NAME_MAX)),
      submit: () => {
        const passkey = passkeys.find((each) => each.id === renaming);
        if (passkey && !rename.isPending) saveName(passkey);
      },
      cancel: () => {
        if (renaming !== null) closeRename(renaming);
      },
      isPending: rename.isPending,
      error: renameError,
    },
    /** Where the browser can make passkeys at all. */
    canAdd,
    add: () => {
      if (register.isPending) return;
      setAddError(null);
      if (status?.two_factor_enabled) {
        setDialog("add");
        return;
      }
      register.mutate(
        {},
        {
          onSuccess: (result) => {
            added(result);
            // The codes went to their dialog: not kept in the mutation cache too.
            register.reset();
          },
          onError: (failure) => setAddError(errorMessage(failure, messages)),
        },
      );
    },
    /** While the browser's prompt to make the first passkey is open, or it is saved. */
    isAdding: register.isPending && dialog === null,
    addError,
    sectionRef: section.ref,
    /** For each row: `ref={rowRef(passkey.id)}`. */
    rowRef: rows.ref,
    dialog,
    /** The passkey the remove dialog is about. */
    removing,
    /** Removing it leaves no second factor: 2FA turns off. */
    removingLast:
      removing !== null &&
      !status?.totp_enabled &&
      (status?.passkeys ?? passkeys.length) <= 1,
    confirmAdd: (proof: Proof) => register.mutateAsync({ proof }),
    onAdded: added,
    confirmRemove: (proof: Proof) =>
      remove.mutateAsync({ id: removing?.id ?? 0, proof }),
    onRemoved: (result: { two_factor_enabled: boolean }) => {
      announce(result.two_factor_enabled ? text.removed : text.removedLast);
      section.focus();
    },
    closeDialog: () => {
      // `removing` stays: a closing dialog's animation still shows its title.
      setDialog(null);
      register.reset();
      remove.reset();
    },
  };
}

/** Focus back to a row of the list, once the render that redraws it is done. */
function useRowFocus() {
  const rows = useRef(new Map<number, HTMLElement>());
  const [wanted, setWanted] = useState<{ id: number } | null>(null);
  useEffect(() => {
    if (wanted) focusInto(rows.current.get(wanted.id) ?? null);
  }, [wanted]);
  return {
    ref: (id: number) => (node: HTMLElement | null) => {
      if (node) rows.current.set(id, node);
      else rows.current.delete(id);
    },
    // A new object each time, so that a second request for the same row runs too.
    focus: (id: number) => setWanted({ id }),
  };
}
