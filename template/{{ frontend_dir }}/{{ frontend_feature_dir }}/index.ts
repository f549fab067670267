// The 2FA feature's public surface: import from here, not from the files behind it.
export {
  createTwoFactorApi,
  isTwoFactorApiError,
  TwoFactorApiError,
} from "./api";
export type { Proof, TwoFactorApi, TwoFactorApiOptions } from "./api";
export { DEFAULT_BASE_URL } from "./config";
export { TwoFactorApiProvider, useTwoFactorApi } from "./context";
export type { CredentialsHandler } from "./context";
export {
  useAskForPasskey,
  useDisableTotp,
  useEnableTotp,
  useLogin,
  usePasskeys,
  useRegenerateBackupCodes,
  useRegisterPasskey,
  useRemovePasskey,
  useRenamePasskey,
  useResendLoginCode,
  useSignInWithPasskey,
  useTotpSetup,
  useTotpStatus,
  useVerifyLogin,
  useVerifyLoginWithPasskey,
} from "./hooks";
export type { WithoutCredentials } from "./hooks";
export { Announcer, useAnnounce } from "./logic/announcer";
export type { Announce, Politeness } from "./logic/announcer";
export { errorMessage } from "./logic/error-message";
export { usePasskeySignIn } from "./logic/use-passkey-sign-in";
export {
  mergeMessages,
  TwoFactorMessagesProvider,
  useTwoFactorMessages,
} from "./logic/messages";
export { errorMessages, messages, plural } from "./messages";
export type {
  PluralCategory,
  PluralForms,
  TwoFactorMessageOverrides,
  TwoFactorMessages,
} from "./messages";
export { totpStatusQueryOptions, twoFactorKeys } from "./query-keys";
export { authorizationHeader, tokenOf } from "./tokens";
export type * from "./types";

export { BackupCodeEntry } from "./components/backup-code-entry";
export { BackupCodesDisplay } from "./components/backup-codes-display";
export { PasskeyList } from "./components/passkey-list";
export { SecuritySettingsCard } from "./components/security-settings-card";
export { SetupTotpModal } from "./components/setup-totp-modal";
export { TotpCodeConfirmDialog } from "./components/totp-code-confirm-dialog";
export { TotpNudgeBanner } from "./components/totp-nudge-banner";
export { TotpVerificationView } from "./components/totp-verification-view";
