import { useState, type FormEvent } from "react";

import { messages } from "../messages";
import { useCodeEntry } from "./use-code-entry";

/** A backup code field: formats as XXXXX-XXXXX and says what is missing on submit. */
export function useBackupCodeForm({
  onSubmit,
}: {
  onSubmit: (code: string) => void;
}) {
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
