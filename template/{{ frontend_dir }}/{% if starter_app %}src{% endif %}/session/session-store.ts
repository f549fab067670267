// Who is signed in, for the screens: the user from the last finished login, kept in
// sessionStorage next to the credentials (session.ts). The API stays the judge: a 401
// from it ends the session wherever it happens.
import { useSyncExternalStore } from "react";

import type { TwoFactorUser } from "../two-factor";

/**
 * A value kept in sessionStorage, which survives a reload but not closing the tab; in
 * memory where storage is unavailable (disabled by the browser, or on the server).
 */
export function sessionValue(key: string) {
  let memory: string | null = null;
  const storage = (): Storage | null => {
    try {
      return typeof window === "undefined" ? null : window.sessionStorage;
    } catch {
      return null;
    }
  };
  return {
    read: (): string | null => storage()?.getItem(key) ?? memory,
    write: (value: string | null): void => {
      memory = value;
      if (value === null) storage()?.removeItem(key);
      else storage()?.setItem(key, value);
    },
  };
}

const user = sessionValue("session.user");
const listeners = new Set<() => void>();

export function rememberUser(signedIn: TwoFactorUser | null): void {
  user.write(signedIn ? JSON.stringify(signedIn) : null);
  listeners.forEach((listener) => listener());
}

/** Whether someone is signed in, outside React. */
export function isSignedIn(): boolean {
  return user.read() !== null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls `listener` each time the session ends: a sign-out, or a 401 ending it. */
export function onSessionEnd(listener: () => void): () => void {
  return subscribe(() => {
    if (!isSignedIn()) listener();
  });
}

/** The signed-in user, or null; re-renders when a login or sign-out changes it. */
export function useSignedInUser(): TwoFactorUser | null {
  const raw = useSyncExternalStore(subscribe, user.read, () => null);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as TwoFactorUser;
  } catch {
    return null;
  }
}

/** A name to greet the user by, whatever the user model's USERNAME_FIELD is. */
export function displayName(user: TwoFactorUser): string {
  const username = user.username;
  return typeof username === "string" && username ? username : user.email;
}
