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

/**
 * The app's own machine codes, in the `code` field of an error body (the backend's
 * messages.py has their sentences; `configuration_error` is its 503 for a deployment
 * mistake, such as encryption keys removed too early; `service_unavailable` its 503,
 * with Retry-After, while its cache or database cannot be reached; `passkey_invalid`
 * and `passkey_unknown` refuse a passkey's answer).
 */
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
  | "configuration_error"
  | "service_unavailable"
  | "passkey_invalid"
  | "passkey_unknown";

/**
 * Django REST framework's own codes, which the app's views send in the same
 * `{detail, code}` body: a body that is not JSON, a method, media type or Accept header
 * the endpoint refuses, missing or bad credentials on the `totp/` endpoints (401, or 403
 * with session authentication), and `permission_denied` (403): a failed CSRF check, or
 * knox's TOKEN_LIMIT_PER_USER reached when login/verify/ makes the token.
 */
export type RequestErrorCode =
  | "parse_error"
  | "method_not_allowed"
  | "not_acceptable"
  | "unsupported_media_type"
  | "not_authenticated"
  | "authentication_failed"
  | "permission_denied";

/**
 * Codes this client gives to failures that never reached a contract error body (a 401
 * or 403 without a code, e.g. from a proxy, is `not_authenticated` too), and to a passkey
 * the browser did not give (`passkey_cancelled`: the user closed its prompt, or it timed
 * out, or the authenticator has none of the user's).
 */
export type ClientErrorCode =
  | "network_error"
  | "not_authenticated"
  | "invalid_request"
  | "server_error"
  | "passkey_cancelled";

/** The `code` of a TwoFactorApiError. */
export type TwoFactorApiErrorCode =
  TwoFactorErrorCode | RequestErrorCode | ClientErrorCode;

export interface ErrorBody {
  detail?: string;
  code?: string;
  attempts_remaining?: number;
  // DRF's field errors: {"code": ["This field is required."]}
  [field: string]: unknown;
}

/** What the second step asks for first: a passkey, an authenticator code, or a sent code. */
export type OtpChannel = "passkey" | "totp" | "phone" | "email";
export type DeliveryChannel = "phone" | "email";
/** A way through the second step that needs no sent code. */
export type SecondFactorMethod = "passkey" | "totp" | "backup_code";

// Enrollment ---------------------------------------------------------------------------

/** totp/status/: every second factor of the user, under its first name. */
export interface TotpStatus {
  totp_enabled: boolean;
  backup_codes_remaining: number;
  /** The account's name in the authenticator app (the otpauth label without the issuer). */
  account: string;
  /** An authenticator app or a passkey is on: sign-in asks for it. */
  two_factor_enabled: boolean;
  /** How many passkeys the user has. */
  passkeys: number;
}

export interface TotpSetup {
  secret: string;
  otpauth_uri: string;
  qr_code: string;
}

export interface CodeRequest {
  code: string;
}

/** A user with passkeys proves one afresh to add an authenticator app. */
export interface EnableTotpRequest {
  code: string;
  passkey?: PasskeyAssertion;
}

/** A fresh proof of the second factor: the answer to passkeys/reauthenticate/options/. */
export interface PasskeyProofRequest {
  passkey: PasskeyAssertion;
}

export type ProofRequest = CodeRequest | PasskeyProofRequest;

/**
 * Turning 2FA on or off and making new backup codes revoke every credential of the user:
 * the answer carries new ones for the session that asked, shaped as login/verify/'s.
 */
export interface EnableTotpResponse {
  totp_enabled: true;
  backup_codes: string[];
  credentials: LoginTokens;
}

export interface DisableTotpResponse {
  totp_enabled: false;
  credentials: LoginTokens;
}

export interface BackupCodesResponse {
  backup_codes: string[];
  credentials: LoginTokens;
}

// Two-phase login ----------------------------------------------------------------------

export interface LoginRequest {
  /** The value of the user model's USERNAME_FIELD: an email address when users sign in with it. */
  username: string;
  password: string;
}

/**
 * Where the code comes from, and what may be asked next: `channels` are the ones
 * login/resend/ sends this user a code by (any other is `channel_unavailable`), and
 * `resend_cooldown` the seconds before `otp_channel` may send again (0: nothing sent),
 * `resend_cooldowns` the same for each of `channels`.
 */
export interface CodeChannelInfo {
  phone_masked: string | null;
  has_phone: boolean;
  /** Set when the code went by email: `a•••@example.com`. */
  email_masked: string | null;
  channels: DeliveryChannel[];
  resend_cooldown: number;
  /** By channel: a reload still waits for a code sent a moment ago. */
  resend_cooldowns: Partial<Record<DeliveryChannel, number>>;
}

/**
 * login/verify/'s answer: the tokens, and after a backup code how many unused ones are
 * left (absent for any other code), so the app can say so and offer new ones.
 */
export type LoginVerified = LoginTokens & { backup_codes_remaining?: number };

/** The first step passed: a second factor is needed to finish signing in. */
export interface LoginChallenge extends CodeChannelInfo {
  otp_required: true;
  challenge: string;
  otp_channel: OtpChannel;
  /** The user's second factors, the one to offer first first; empty when a sent code is the only way. */
  methods: SecondFactorMethod[];
}

/** Accounts that need no second factor (answer `otp_for_all_users` = no) get tokens at once. */
export type LoginDirect = { otp_required: false } & LoginTokens;

export type LoginResponse = LoginChallenge | LoginDirect;

export interface VerifyLoginCodeRequest {
  challenge: string;
  code: string;
}

export interface VerifyLoginPasskeyRequest {
  challenge: string;
  passkey: PasskeyAssertion;
}

export type VerifyLoginRequest =
  VerifyLoginCodeRequest | VerifyLoginPasskeyRequest;

export interface PasskeyLoginOptionsRequest {
  challenge: string;
}

/**
 * login/passwordless/'s body: a discoverable passkey's answer to
 * login/passwordless/options/, its user verified by the authenticator (both factors).
 */
export interface PasswordlessRequest {
  passkey: PasskeyAssertion;
}

// Passkeys (WebAuthn) -------------------------------------------------------------------
// The JSON forms of WebAuthn's objects, bytes in base64url: what @simplewebauthn/browser
// takes and returns.

/** How the browser reaches an authenticator (WebAuthn's AuthenticatorTransport). */
export type PasskeyTransport =
  "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb";

export interface PasskeyDescriptor {
  id: string;
  type: "public-key";
  transports?: PasskeyTransport[];
}

/** PublicKeyCredentialRequestOptionsJSON: what navigator.credentials.get() is given. */
export interface PasskeyRequestOptions {
  challenge: string;
  /** Milliseconds. */
  timeout: number;
  rpId: string;
  allowCredentials: PasskeyDescriptor[];
  userVerification: "required" | "preferred" | "discouraged";
}

/** PublicKeyCredentialCreationOptionsJSON: what navigator.credentials.create() is given. */
export interface PasskeyCreationOptions {
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: "public-key"; alg: number }[];
  /** Milliseconds. */
  timeout: number;
  /** The user's passkeys: an authenticator holds one at most. */
  excludeCredentials: PasskeyDescriptor[];
  authenticatorSelection: {
    residentKey: "discouraged" | "preferred" | "required";
    requireResidentKey: boolean;
    userVerification: "required" | "preferred" | "discouraged";
  };
  attestation: "none" | "indirect" | "direct" | "enterprise";
}

/** RegistrationResponseJSON: the new passkey's answer to those options. */
export interface PasskeyRegistration {
  id: string;
  rawId: string;
  type: "public-key";
  response: {
    clientDataJSON: string;
    attestationObject: string;
    /** As the browser reports them: the API keeps those it knows (PasskeyTransport). */
    transports?: string[];
  };
}

/** AuthenticationResponseJSON: the passkey's answer to those options. */
export interface PasskeyAssertion {
  id: string;
  rawId: string;
  type: "public-key";
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
}

export interface ResendLoginCodeRequest {
  challenge: string;
  channel?: DeliveryChannel;
}

export interface ResendLoginCodeResponse extends CodeChannelInfo {
  otp_channel: DeliveryChannel;
}

// Managing passkeys ---------------------------------------------------------------------

export interface Passkey {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  /** May be synced to the user's other devices (a password manager's passkey). */
  backup_eligible: boolean;
  /** Is synced. Neither flag: it stays on one authenticator. */
  backed_up: boolean;
}

export interface PasskeyList {
  passkeys: Passkey[];
}

export interface RegisterPasskeyRequest {
  credential: PasskeyRegistration;
  /** 1 to 64 characters; "Passkey" when left out. */
  name?: string;
  /** For a user with a second factor already: an authenticator code, or `passkey`. */
  code?: string;
  passkey?: PasskeyAssertion;
}

/**
 * The first second factor turns 2FA on: the account's backup codes, shown once, and new
 * credentials (it revoked the others). Otherwise `[]` and `null`.
 */
export interface RegisterPasskeyResponse {
  passkey: Passkey;
  backup_codes: string[];
  credentials: LoginTokens | null;
}

export interface RenamePasskeyRequest {
  name: string;
}

export interface RenamePasskeyResponse {
  passkey: Passkey;
}

/** Removing revokes every credential of the user; the last factor turns 2FA off. */
export interface RemovePasskeyResponse {
  two_factor_enabled: boolean;
  credentials: LoginTokens;
}
