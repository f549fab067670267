// What the first page after a sign-in has to tell: after a backup code, how many are left
// (login/verify/'s backup_codes_remaining). Kept in sessionStorage so that it outlives
// the navigation to the home page, until the user dismisses it or signs out.
import { useCallback, useSyncExternalStore } from "react";

import { onSessionEnd, sessionValue } from "./session-store";

const left = sessionValue("session.backup-codes-left");
const listeners = new Set<() => void>();

/** After a sign-in: the count a backup code left, or null for any other code. */
export function rememberBackupCodesLeft(count: number | null): void {
  left.write(count === null ? null : String(count));
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

onSessionEnd(() => rememberBackupCodesLeft(null));

/** The backup codes left after a sign-in with one (null: nothing to say), and dismiss. */
export function useBackupCodesLeft() {
  const raw = useSyncExternalStore(subscribe, left.read, () => null);
  const count = raw === null ? Number.NaN : Number(raw);
  const dismiss = useCallback(() => rememberBackupCodesLeft(null), []);
  return [Number.isInteger(count) ? count : null, dismiss] as const;
}
