import { useCallback, useState } from "react";

import { useTotpStatus } from "../hooks";

export const NUDGE_STORAGE_KEY = "two-factor:nudge-snoozed-until";
export const NUDGE_SNOOZE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

// localStorage can be missing (server rendering) or throw (privacy modes, full quota):
// the banner then shows, and a dismissal lasts until the page reloads.
function safeStorage(storage?: Storage): Storage | null {
  try {
    return (
      storage ?? (typeof window === "undefined" ? null : window.localStorage)
    );
  } catch {
    return null;
  }
}

function readSnoozedUntil(storage: Storage | null): number {
  try {
    return Number(storage?.getItem(NUDGE_STORAGE_KEY)) || 0;
  } catch {
    return 0;
  }
}

/** Shown to signed-in users without 2FA; "Not now" hides it for 7 days on this browser. */
export function useNudgeBanner({ storage }: { storage?: Storage } = {}) {
  const status = useTotpStatus();
  const [snoozed, setSnoozed] = useState(
    () => readSnoozedUntil(safeStorage(storage)) > Date.now(),
  );

  const dismiss = useCallback(() => {
    const until = Date.now() + NUDGE_SNOOZE_DAYS * DAY_MS;
    setSnoozed(true);
    try {
      safeStorage(storage)?.setItem(NUDGE_STORAGE_KEY, String(until));
    } catch {
      // Hidden for this page view only: see safeStorage.
    }
  }, [storage]);

  const visible = status.data?.totp_enabled === false && !snoozed;
  return { visible, dismiss };
}
