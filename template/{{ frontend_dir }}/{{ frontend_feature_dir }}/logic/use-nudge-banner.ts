import { useCallback, useRef, useState, useSyncExternalStore } from "react";

import { useTotpStatus } from "../hooks";
import { nearestStopOutside, useFocusTarget } from "./focus";

export const NUDGE_STORAGE_KEY = "two-factor:nudge-snoozed-until";
export const NUDGE_SNOOZE_DAYS = 7;

/** Where one user's snooze is kept: people sharing a browser each decide for themselves. */
export function nudgeStorageKey(userId?: string | number | null): string {
  return userId == null ? NUDGE_STORAGE_KEY : `${NUDGE_STORAGE_KEY}:${userId}`;
}

// localStorage can be missing or throw (privacy modes, full quota, a server): a dismissal
// it could not keep lasts until the page reloads.
const inMemory = new Map<string, number>();
const listeners = new Set<() => void>();

function isSnoozed(storage: Storage | undefined, key: string): boolean {
  let stored = 0;
  try {
    stored = Number((storage ?? window.localStorage).getItem(key)) || 0;
  } catch {
    // As if nothing were stored: see inMemory.
  }
  return Math.max(stored, inMemory.get(key) ?? 0) > Date.now();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab's "Not now" hides the banner here too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

// The server cannot read this browser's snooze: it renders the banner hidden, and so does
// the hydration that follows, before the banner appears for those who did not snooze it.
const serverSnapshot = () => true;

export interface NudgeBannerOptions {
  /** The signed-in user's id: each user's "Not now" is their own. */
  userId?: string | number | null;
  /** Where the 7-day snooze is kept; localStorage unless given. */
  storage?: Storage;
}

/**
 * Shown to signed-in users without 2FA; "Not now" hides it for 7 days on this browser,
 * and focus moves on to the page's next control (`bannerRef`).
 *
 * "Set up now" opens the setup dialog from the banner itself. Once 2FA is on, the banner
 * turns into a confirmation that takes focus when the dialog closes: the button that
 * opened the dialog, where focus would go back, is gone.
 */
export function useNudgeBanner({ userId, storage }: NudgeBannerOptions = {}) {
  const status = useTotpStatus();
  const key = nudgeStorageKey(userId);
  const snoozed = useSyncExternalStore(
    subscribe,
    () => isSnoozed(storage, key),
    serverSnapshot,
  );

  const banner = useRef<HTMLElement | null>(null);
  const bannerRef = useCallback((node: HTMLElement | null) => {
    banner.current = node;
  }, []);

  const dismiss = () => {
    // "Not now" goes with the banner: focus moves on to what follows it on the page
    // rather than falling back to the top.
    const next = banner.current ? nearestStopOutside(banner.current) : null;
    const until = Date.now() + NUDGE_SNOOZE_DAYS * 24 * 60 * 60 * 1000;
    try {
      (storage ?? window.localStorage).setItem(key, String(until));
    } catch {
      inMemory.set(key, until);
    }
    listeners.forEach((listener) => listener());
    next?.focus();
  };

  const [isSetupOpen, setSetupOpen] = useState(false);
  const [enabledHere, setEnabledHere] = useState(false);
  const confirmation = useFocusTarget();

  // A passkey is a second factor too; an API from before passkeys says totp_enabled only.
  const hasSecondFactor =
    status.data?.two_factor_enabled ?? status.data?.totp_enabled;
  const visible = hasSecondFactor === false && !snoozed && !enabledHere;
  return {
    /** The invitation: "Set up now" and "Not now". */
    visible,
    /** On the invitation's outermost element: "Not now" hands focus to what follows it. */
    bannerRef,
    dismiss,
    openSetup: () => setSetupOpen(true),
    /** The banner's own SetupTotpModal's props. */
    setupDialog: {
      open: isSetupOpen,
      onOpenChange: (open: boolean) => {
        if (open) return;
        setSetupOpen(false);
        if (enabledHere) confirmation.focus();
      },
      // 2FA was turned on from this banner.
      onEnabled: () => setEnabledHere(true),
    },
    /** "Two-factor authentication is on", shown in the banner's place after setup. */
    showConfirmation: enabledHere,
    /** On the confirmation, which has tabIndex={-1}. */
    confirmationRef: confirmation.ref,
  };
}
