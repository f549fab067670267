import { useState, type FormEvent } from "react";

import { useTwoFactorMessages } from "./messages";
import { useCodeEntry } from "./use-code-entry";

/**
 * A backup code field: ours shown as XXXXX-XXXXX, imported ones (6 to 32 letters and
 * digits) upper-cased; says so on submit when the code is too short to be one.
 */
export function useBackupCodeForm({
  onSubmit,
}: {
  onSubmit: (code: string) => void;
}) {
  const messages = useTwoFactorMessages();
  const entry = useCodeEntry({ kind: "backup" });
  const [incomplete, setIncomplete] = useState(false);

  return {
    entry: {
      ...entry,
      change: (raw: string) => {
        setIncomplete(false);
        entry.change(raw);
      },
    },
    validationError: incomplete ? messages.codeInput.backupIncomplete : null,
    submit: (event?: FormEvent) => {
      event?.preventDefault();
      if (!entry.isComplete) {
        setIncomplete(true);
        return;
      }
      onSubmit(entry.value);
    },
  };
}
