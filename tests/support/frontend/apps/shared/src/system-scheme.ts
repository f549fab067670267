// The harness page follows the system's light or dark scheme (Playwright's colorScheme),
// as a starter does for a visitor who never touched its toggle: <html> gets the class
// "light" or "dark", data-theme and color-scheme, and each kit's KitProvider (kit.tsx)
// hands the scheme to the kit's own switch.
import { useEffect, useSyncExternalStore } from "react";

export type ColorScheme = "light" | "dark";

const DARK = "(prefers-color-scheme: dark)";

function subscribe(listener: () => void): () => void {
  const media = window.matchMedia(DARK);
  media.addEventListener("change", listener);
  return () => media.removeEventListener("change", listener);
}

export function useSystemScheme(): ColorScheme {
  const scheme = useSyncExternalStore<ColorScheme>(
    subscribe,
    () => (window.matchMedia(DARK).matches ? "dark" : "light"),
    () => "light",
  );
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle("dark", scheme === "dark");
    root.classList.toggle("light", scheme === "light");
    root.dataset.theme = scheme;
    root.style.colorScheme = scheme;
  }, [scheme]);
  return scheme;
}
