import { useEffect, useRef, useState, type FormEvent } from "react";

import { useEnableTotp, useTotpSetup, useTotpStatus } from "../hooks";
import { useAnnounce, useAnnounced } from "./announcer";
import { groupKey, spellKey } from "./code-format";
import { errorMessage } from "./error-message";
import { useFocusTarget } from "./focus";
import { useTwoFactorMessages } from "./messages";
import { useClipboard } from "./use-clipboard";
import { useCodeEntry } from "./use-code-entry";

export type SetupStep = "scan" | "verify" | "codes";
const STEPS: readonly SetupStep[] = ["scan", "verify", "codes"];

/**
 * The enrollment wizard: 1. QR code and manual key, 2. a code from the app, 3. the backup
 * codes. Use it in a dialog body that is mounted only while the dialog is open: each
 * opening asks the API for a fresh pending secret and starts at step 1. Closing before
 * the last step leaves 2FA off (the pending secret expires on the server).
 *
 * Beside a passkey, the code is sent with that passkey proved afresh (the browser asks
 * for it), and the account keeps its backup codes: the wizard closes after step 2, and
 * `onEnabled` gets no codes.
 *
 * Each step change moves focus to the new step's heading (`stepHeadingRef`, on a heading
 * with tabIndex={-1}) and says "Step n of 3" (of 2 beside a passkey): the button that was
 * pressed is gone.
 * Take the ref out before reading the rest while rendering, as with
 * useLoginVerification.
 */
export function useSetupWizard({
  onClose,
  onEnabled,
}: {
  onClose: () => void;
  onEnabled?: (backupCodes: string[]) => void;
}) {
  const [step, setStep] = useState<SetupStep>("scan");
  const messages = useTwoFactorMessages();
  const announce = useAnnounce();
  const heading = useFocusTarget();
  // The card this opens from has the status already.
  const besidePasskey = (useTotpStatus().data?.passkeys ?? 0) > 0;
  // "Step 2 of 3"; of 2 beside a passkey, where the codes are not shown again.
  const stepLabel = (of: SetupStep) =>
    messages.setup.step(STEPS.indexOf(of) + 1, besidePasskey ? 2 : 3);
  const goTo = (next: SetupStep) => {
    setStep(next);
    heading.focus();
    announce(stepLabel(next));
  };
  const setup = useTotpSetup();
  const keyClipboard = useClipboard({
    copied: messages.setup.keyCopied,
    failed: messages.setup.copyKeyFailed,
  });
  const enable = useEnableTotp();
  const { mutate: startSetup, reset: forgetSecret } = setup;
  const { reset: forgetBackupCodes } = enable;

  // Once per opening, also under StrictMode's double effects: a second request would
  // replace the pending secret on the server, perhaps after this one was shown.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startSetup();
  }, [startSetup]);

  // The secret and the backup codes leave the mutation cache with the dialog.
  const close = () => {
    forgetSecret();
    forgetBackupCodes();
    onClose();
  };

  const submit = (code: string) => {
    if (enable.isPending) return;
    enable.mutate(
      { code, passkey: besidePasskey },
      {
        onSuccess: (result) => {
          // Closed first beside a passkey: what onEnabled says must not be hidden
          // behind the dialog.
          if (result.backup_codes.length === 0) close();
          onEnabled?.(result.backup_codes);
          if (result.backup_codes.length > 0) goTo("codes");
        },
        onError: () => entry.clear(),
      },
    );
  };
  const entry = useCodeEntry({ kind: "totp", onComplete: submit });
  const secretError = setup.isError
    ? errorMessage(setup.error, messages)
    : null;
  // Said, not only shown: it replaces the QR code, next to no field.
  useAnnounced(secretError, "assertive");

  return {
    step,
    /** "Step 2 of 3". */
    stepLabel: stepLabel(step),
    /** The heading of the step: one heading, whose text follows the step. */
    stepTitle: {
      scan: messages.setup.scanTitle,
      verify: messages.setup.verifyTitle,
      codes: messages.setup.codesTitle,
    }[step],
    /**
     * The pending secret, once the API has answered: its QR code (`qr_code`); the
     * otpauth:// link that opens an authenticator app on the same device (`otpauth_uri`),
     * for small screens, where the QR code cannot be scanned by the phone that shows it;
     * and the manual key as shown, in groups of four, and as said, one character at a
     * time (render `manualKey.spoken` for screen readers in place of `manualKey.shown`).
     */
    secret: setup.data && {
      ...setup.data,
      manualKey: {
        shown: groupKey(setup.data.secret).join(" "),
        spoken: spellKey(setup.data.secret),
      },
    },
    /** Why there is no secret; neither it nor this while the API is asked. */
    secretError,
    /** Asks again; its button goes while it is asked, so focus goes to the heading. */
    retrySecret: () => {
      startSetup();
      heading.focus();
    },
    /** The manual key, for "Copy key"; "Key copied" is said and shown on the button. */
    copyKey: () => {
      if (setup.data) void keyClipboard.copy(setup.data.secret);
    },
    /** "Copy key", or "Key copied" for a moment once it is. */
    copyKeyLabel: keyClipboard.copied
      ? messages.setup.keyCopied
      : messages.setup.copyKey,
    /** On each step's heading, which has tabIndex={-1}. */
    stepHeadingRef: heading.ref,
    goToVerify: () => goTo("verify"),
    backToScan: () => {
      entry.clear();
      enable.reset();
      goTo("scan");
    },
    entry,
    /** The code form's onSubmit. */
    submitCode: (event?: FormEvent) => {
      event?.preventDefault();
      if (entry.isComplete) submit(entry.value);
    },
    isVerifying: enable.isPending,
    verifyError: enable.isError ? errorMessage(enable.error, messages) : null,
    backupCodes: enable.data?.backup_codes ?? [],
    /** Cancel, and the "Done" of the last step once the codes are saved. */
    close,
  };
}

/**
 * The dialog around the wizard, the one that mounts the wizard while open: pass `wizard`
 * to useSetupWizard. Escape, a click outside or a close button may close it
 * (`canDismiss`, `requestClose`) until the backup codes show: 2FA is on by then, and
 * they are shown only once, so only their Done closes it, once they are saved. A dialog
 * that stays mounted while closed passes `open` too.
 */
export function useSetupDialog({
  open = true,
  onOpenChange,
  onEnabled,
}: {
  open?: boolean;
  onOpenChange: (open: boolean) => void;
  onEnabled?: (backupCodes: string[]) => void;
}) {
  const [showingCodes, setShowingCodes] = useState(false);
  // However it was closed (Done, or the page's own doing), it opens afresh.
  if (!open && showingCodes) setShowingCodes(false);
  const close = () => {
    setShowingCodes(false);
    onOpenChange(false);
  };
  return {
    canDismiss: !showingCodes,
    requestClose: () => {
      if (!showingCodes) close();
    },
    wizard: {
      onClose: close,
      onEnabled: (codes: string[]) => {
        setShowingCodes(codes.length > 0);
        onEnabled?.(codes);
      },
    },
  };
}
