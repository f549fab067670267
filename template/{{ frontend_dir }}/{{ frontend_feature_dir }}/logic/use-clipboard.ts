import { useEffect, useRef, useState } from "react";

import { useAnnounce } from "./announcer";

export interface ClipboardSentences {
  /** Said once the text is on the clipboard ("Key copied"). */
  copied: string;
  /** Said when the browser refuses (no HTTPS, no permission). */
  failed: string;
}

/**
 * Copies text and says so for a moment, on the button and to screen readers (a button's
 * new label is not read out by itself); `failed` when the browser refuses (no HTTPS).
 */
export function useClipboard(
  sentences: ClipboardSentences,
  resetAfterMs = 2000,
) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useAnnounce();
  const { copied, failed } = sentences;

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async (text: string) => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
      announce(copied);
      timer.current = setTimeout(() => setState("idle"), resetAfterMs);
    } catch {
      setState("failed");
      announce(failed, "assertive");
    }
  };

  return { copy, copied: state === "copied", failed: state === "failed" };
}
