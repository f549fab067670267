import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { messages as defaults } from "../messages";
import { twoFactorKeys } from "../query-keys";
import type { TotpStatus } from "../types";
import { useTwoFactorMessages } from "./messages";
import { useClipboard } from "./use-clipboard";

/** The text of the .txt download: a header, then one code per line. */
export function backupCodesText(
  codes: readonly string[],
  header: string = defaults.backupCodes.fileHeader,
): string {
  return `${header}\n\n${codes.join("\n")}\n`;
}

/** Copy all, download as .txt, and the "I have saved these codes" confirmation. */
export function useBackupCodes(codes: readonly string[]) {
  const text = useTwoFactorMessages().backupCodes;
  const clipboard = useClipboard({
    copied: text.copied,
    failed: text.copyFailed,
  });
  const [confirmed, setConfirmed] = useState(false);
  const queryClient = useQueryClient();

  const download = () => {
    const blob = new Blob([backupCodesText(codes, text.fileHeader)], {
      type: "text/plain;charset=utf-8",
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    // The account the status query named, when it ran: read, not fetched, for a name.
    const status = queryClient.getQueryData<TotpStatus>(twoFactorKeys.status());
    link.download = text.fileName(status?.account, new Date());
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked on the next tick: some browsers start the download after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return {
    /** One code a line; "Copied" is said, and shown on the button for a moment. */
    copyAll: () => void clipboard.copy(codes.join("\n")),
    /** "Copy all", or "Copied" for a moment once they are. */
    copyLabel: clipboard.copied ? text.copied : text.copyAll,
    copyFailed: clipboard.failed,
    download,
    confirmed,
    setConfirmed,
  };
}
