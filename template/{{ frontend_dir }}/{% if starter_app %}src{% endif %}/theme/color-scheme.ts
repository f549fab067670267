// The light or dark look of the whole starter, in one place: the visitor's choice (the
// header's toggle, kept in localStorage), else their system's. <html> carries it for CSS
// (class "light" or "dark", data-theme, color-scheme), and each kit's KitProvider hands it
// to the kit's own switch (shadcn's .dark tokens, MUI's and Mantine's colour schemes,
// antd's dark algorithm).
import { useCallback, useEffect, useSyncExternalStore } from "react";

import { COLOR_SCHEME_KEY } from "./color-scheme-script";

export type ColorScheme = "light" | "dark";

const DARK_QUERY = "(prefers-color-scheme: dark)";
const noSubscription = () => () => {};
const listeners = new Set<() => void>();

function chosen(): ColorScheme | null {
  try {
    const value = window.localStorage.getItem(COLOR_SCHEME_KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null; // storage disabled: the system's scheme, and no memory of a toggle
  }
}

let fallback: ColorScheme | null = null;

function current(): ColorScheme {
  return (
    chosen() ??
    fallback ??
    (window.matchMedia(DARK_QUERY).matches ? "dark" : "light")
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // The system's scheme changing at dusk, or the choice made in another tab.
  const system = window.matchMedia(DARK_QUERY);
  system.addEventListener("change", listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    system.removeEventListener("change", listener);
    window.removeEventListener("storage", listener);
  };
}

function choose(scheme: ColorScheme): void {
  try {
    window.localStorage.setItem(COLOR_SCHEME_KEY, scheme);
  } catch {
    fallback = scheme; // this page only
  }
  listeners.forEach((listener) => listener());
}

/** Puts the scheme on <html>, as the pre-paint script does. */
function applyToDocument(scheme: ColorScheme): void {
  const root = document.documentElement;
  root.classList.toggle("dark", scheme === "dark");
  root.classList.toggle("light", scheme === "light");
  root.dataset.theme = scheme;
  root.style.colorScheme = scheme;
}

/**
 * The scheme in use and a toggle. Light while the server renders: the pre-paint script
 * has already put the real one on <html>, which CSS-driven kits follow from the start.
 */
export function useColorScheme() {
  const scheme = useSyncExternalStore<ColorScheme>(
    subscribe,
    current,
    () => "light",
  );
  // Not while hydrating: the server's "light" would undo what the pre-paint script set.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  useEffect(() => {
    if (hydrated) applyToDocument(scheme);
  }, [hydrated, scheme]);
  const toggle = useCallback(
    () => choose(scheme === "dark" ? "light" : "dark"),
    [scheme],
  );
  return { scheme, toggle };
}
