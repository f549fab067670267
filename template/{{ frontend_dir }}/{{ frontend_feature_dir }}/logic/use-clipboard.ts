import { useCallback, useEffect, useRef, useState } from "react";

/** Copies text and says so for a moment; `failed` when the browser refuses (no HTTPS). */
export function useClipboard(resetAfterMs = 2000) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = useCallback(
    async (text: string) => {
      clearTimeout(timer.current);
      try {
        await navigator.clipboard.writeText(text);
        setState("copied");
        timer.current = setTimeout(() => setState("idle"), resetAfterMs);
      } catch {
        setState("failed");
      }
    },
    [resetAfterMs],
  );

  return { copy, copied: state === "copied", failed: state === "failed" };
}
