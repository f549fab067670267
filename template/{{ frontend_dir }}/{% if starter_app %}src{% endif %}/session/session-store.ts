// Who is signed in, for the screens: the user from the last finished login, kept in
// sessionStorage next to the credentials (session.ts). The API stays the judge: a 401
// from it ends the session wherever it happens.
import { useSyncExternalStore } from "react";

import type { TwoFactorUser } from "../two-factor";

const USER_KEY = "session.user";
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled: the session lasts as long as the page
  }
}

let memoryUser: string | null = null;

function readUser(): string | null {
  return storage()?.getItem(USER_KEY) ?? memoryUser;
}

export function rememberUser(user: TwoFactorUser | null): void {
  memoryUser = user ? JSON.stringify(user) : null;
  if (user) storage()?.setItem(USER_KEY, memoryUser!);
  else storage()?.removeItem(USER_KEY);
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The signed-in user, or null; re-renders when a login or sign-out changes it. */
export function useSignedInUser(): TwoFactorUser | null {
  const raw = useSyncExternalStore(subscribe, readUser, () => null);
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
