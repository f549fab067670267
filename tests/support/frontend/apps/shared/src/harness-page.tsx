// Every component of the feature with real props, as an app would use them, so that tsc
// checks the documented props and the production build compiles each one. It is built,
// not opened: the feature's own tests render the components against a fake API.
import { useState } from "react";

import {
  BackupCodeEntry,
  BackupCodesDisplay,
  SecuritySettingsCard,
  SetupTotpModal,
  TotpCodeConfirmDialog,
  TotpNudgeBanner,
  TotpVerificationView,
  type LoginChallenge,
  type LoginTokens,
} from "./features/two-factor";

const challenge: LoginChallenge = {
  otp_required: true,
  challenge: "harness",
  otp_channel: "totp",
  methods: ["totp", "backup_code"],
  phone_masked: null,
  has_phone: false,
  email_masked: null,
  channels: ["email"],
  resend_cooldown: 0,
  resend_cooldowns: { email: 0 },
};

export function HarnessPage() {
  const [dialog, setDialog] = useState<"setup" | "confirm" | null>(null);
  const [tokens, setTokens] = useState<LoginTokens | null>(null);
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const closeOn = (open: boolean) => {
    if (!open) setDialog(null);
  };

  return (
    <main>
      <TotpNudgeBanner onSetUp={() => setDialog("setup")} />
      {/* With passkeys, it draws PasskeyList with its props. */}
      <SecuritySettingsCard />
      <SetupTotpModal open={dialog === "setup"} onOpenChange={closeOn} />
      <button type="button" onClick={() => setDialog("confirm")}>
        Delete account
      </button>
      <TotpCodeConfirmDialog
        open={dialog === "confirm"}
        onOpenChange={closeOn}
        title="Delete account"
        description="Enter a code to confirm."
        confirmLabel="Delete"
        acceptBackupCode
        // A code here: this dialog offers no passkey (acceptPasskey).
        onConfirm={async (proof) =>
          typeof proof === "string" ? proof.length : 0
        }
        onDone={(length) => setConfirmed(`confirmed with ${length} characters`)}
      />
      {confirmed ? <p>{confirmed}</p> : null}
      <BackupCodesDisplay
        codes={["ACDEF-GHJKM", "NPQRT-WXY34"]}
        onDone={() => {}}
      />
      <BackupCodeEntry onSubmit={() => {}} onCancel={() => {}} error={null} />
      {tokens ? (
        <p>Signed in as {tokens.user.email}</p>
      ) : (
        <TotpVerificationView
          challenge={challenge}
          onVerified={setTokens}
          onRestart={() => setTokens(null)}
        />
      )}
    </main>
  );
}
