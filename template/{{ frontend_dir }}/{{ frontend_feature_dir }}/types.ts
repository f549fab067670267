// Wire types of the 2FA HTTP contract: they mirror the API's serializers, snake_case
// field names included, so a response can be used as it arrives.
import type { LoginTokens } from "./tokens";

export type { LoginTokens } from "./tokens";

/** The `user` object of a login response; the key of the username field is the user model's own. */
export interface TwoFactorUser {
  id: number | string;
  email: string;
  totp_enabled: boolean;
  phone_masked?: string | null;
  [usernameField: string]: unknown;
}

/** Every machine code the API answers with, in the `code` field of an error body. */
export type TwoFactorErrorCode =
  | "invalid_code"
  | "code_reused"
  | "no_pending_setup"
  | "already_enabled"
  | "not_enabled"
  | "challenge_invalid"
  | "too_many_attempts"
  | "channel_unavailable"
  | "throttled"
  | "invalid_credentials"
  | "delivery_failed"
  | "two_factor_required";

/** Codes this client gives to failures that never reached a contract error body. */
export type ClientErrorCode =
  "network_error" | "not_authenticated" | "invalid_request" | "server_error";

export interface ErrorBody {
  detail?: string;
  code?: string;
  attempts_remaining?: number;
  // DRF's field errors: {"code": ["This field is required."]}
  [field: string]: unknown;
}

export type OtpChannel = "totp" | "phone" | "email";
export type DeliveryChannel = "phone" | "email";

// Enrollment ---------------------------------------------------------------------------

export interface TotpStatus {
  totp_enabled: boolean;
  backup_codes_remaining: number;
}

export interface TotpSetup {
  secret: string;
  otpauth_uri: string;
  qr_code: string;
}

export interface CodeRequest {
  code: string;
}

export interface EnableTotpResponse {
  totp_enabled: true;
  backup_codes: string[];
}

export interface DisableTotpResponse {
  totp_enabled: false;
}

export interface BackupCodesResponse {
  backup_codes: string[];
}

// Two-phase login ----------------------------------------------------------------------

export interface LoginRequest {
  /** The value of the user model's USERNAME_FIELD: an email address when users sign in with it. */
  username: string;
  password: string;
}

/** The first step passed: a second factor is needed to finish signing in. */
export interface LoginChallenge {
  otp_required: true;
  challenge: string;
  otp_channel: OtpChannel;
  phone_masked: string | null;
  has_phone: boolean;
}

/** Accounts that need no second factor (answer `otp_for_all_users` = no) get tokens at once. */
export type LoginDirect = { otp_required: false } & LoginTokens;

export type LoginResponse = LoginChallenge | LoginDirect;

export interface VerifyLoginRequest {
  challenge: string;
  code: string;
}

export interface ResendLoginCodeRequest {
  challenge: string;
  channel?: DeliveryChannel;
}

export interface ResendLoginCodeResponse {
  otp_channel: DeliveryChannel;
  phone_masked: string | null;
  has_phone: boolean;
}
