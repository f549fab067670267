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
  /**
   * What the input shows: digits for TOTP; a backup code as formatBackupCode has it
   * (XXXXX-XXXXX for ours, an imported one's letters and digits upper-cased).
   */
  value: string;
  isComplete: boolean;
  /** Takes typed or pasted text, keeps what a code can hold; submits a whole TOTP code. */
  change: (raw: string) => void;
  clear: () => void;
  /** Cleans pasted text before an OTP input library checks it against its pattern. */
  cleanPaste: (pasted: string) => string;
}

/**
 * The value of one code field. With `onComplete`, a TOTP code is submitted as soon as it
 * is whole (typed or pasted), once per value, so a slow request is not sent twice. A
 * backup code never is: it may be 6 to 32 characters long (imported codes), so only the
 * user knows when it is whole, and submits it.
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
      } else if (kind === "totp" && onComplete && submitted.current !== next) {
        submitted.current = next;
        onComplete(next);
      }
    },
    [kind, clean, complete, onComplete],
  );

  const clear = useCallback(() => {
    submitted.current = null;
    setValue("");
  }, []);

  return {
    value,
    isComplete: complete(value),
    change,
    clear,
    cleanPaste: kind === "totp" ? toTotpDigits : toBackupCodeChars,
  };
}
