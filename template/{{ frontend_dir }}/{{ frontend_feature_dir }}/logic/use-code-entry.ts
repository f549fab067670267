import { useCallback, useRef, useState } from "react";

import {
  formatBackupCode,
  isCompleteBackupCode,
  isCompleteTotp,
  toBackupCodeChars,
  toTotpDigits,
} from "./code-format";

export type CodeKind = "totp" | "backup";

export interface CodeEntry {
  kind: CodeKind;
  /** What the input shows: digits for TOTP, XXXXX-XXXXX for a backup code. */
  value: string;
  isComplete: boolean;
  /** Takes typed or pasted text, keeps only what a code can hold, submits once complete. */
  change: (raw: string) => void;
  clear: () => void;
  /** Cleans pasted text before an OTP input library checks it against its pattern. */
  cleanPaste: (pasted: string) => string;
}

/**
 * The value of one code field. With `onComplete`, a code is submitted as soon as it is
 * whole (typed or pasted), once per value, so a slow request is not sent twice.
 */
export function useCodeEntry({
  kind = "totp",
  onComplete,
}: {
  kind?: CodeKind;
  onComplete?: (code: string) => void;
} = {}): CodeEntry {
  const [value, setValue] = useState("");
  const submitted = useRef<string | null>(null);
  const clean = kind === "totp" ? toTotpDigits : formatBackupCode;
  const complete = kind === "totp" ? isCompleteTotp : isCompleteBackupCode;

  const change = useCallback(
    (raw: string) => {
      const next = clean(raw);
      setValue(next);
      if (!complete(next)) {
        submitted.current = null;
      } else if (onComplete && submitted.current !== next) {
        submitted.current = next;
        onComplete(next);
      }
    },
    [clean, complete, onComplete],
  );

  const clear = useCallback(() => {
    submitted.current = null;
    setValue("");
  }, []);

  return {
    kind,
    value,
    isComplete: complete(value),
    change,
    clear,
    cleanPaste: kind === "totp" ? toTotpDigits : toBackupCodeChars,
  };
}
