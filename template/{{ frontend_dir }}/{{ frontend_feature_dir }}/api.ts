// One function per endpoint and no global state: the project passes its own fetch,
// base URL and auth headers, so token storage stays the project's business.
import { DEFAULT_BASE_URL } from "./config";
import type {
  BackupCodesResponse,
  ClientErrorCode,
  DeliveryChannel,
  DisableTotpResponse,
  EnableTotpResponse,
  ErrorBody,
  LoginRequest,
  LoginResponse,
  LoginVerified,
  PasskeyAssertion,
  PasskeyCreationOptions,
  PasskeyList,
  PasskeyRequestOptions,
  ProofRequest,
  RegisterPasskeyRequest,
  RegisterPasskeyResponse,
  RemovePasskeyResponse,
  RenamePasskeyResponse,
  ResendLoginCodeResponse,
  TotpSetup,
  TotpStatus,
  TwoFactorApiErrorCode,
} from "./types";

export interface TwoFactorApiOptions {
  /** The API prefix, absolute or relative to the page; defaults to the `api_prefix` answer. */
  baseUrl?: string;
  /** A fetch-compatible function, e.g. one that refreshes tokens or adds CSRF headers. */
  fetch?: typeof fetch;
  /** Headers that authenticate the enrollment endpoints (not sent to the login ones). */
  getAuthHeaders?: () => HeadersInit | Promise<HeadersInit>;
  /** Cookie policy, e.g. "include" for dj-rest-auth's cookie mode across origins. */
  credentials?: RequestCredentials;
}

export class TwoFactorApiError extends Error {
  readonly status: number;
  /**
   * A known code autocompletes; one this client does not know yet (a newer API's) still
   * type-checks, and gets the server's `detail` as its sentence.
   */
  readonly code: TwoFactorApiErrorCode | (string & {});
  readonly detail: string;
  /** Wrong codes this login challenge still allows (on `invalid_code` at login). */
  readonly attemptsRemaining: number | null;
  /** Seconds to wait, from the `Retry-After` header of a 429. */
  readonly retryAfter: number | null;
  /** DRF's per-field messages, when a field itself was malformed. */
  readonly fieldErrors: Record<string, string[]>;

  constructor(init: {
    status: number;
    code: TwoFactorApiErrorCode | (string & {});
    detail: string;
    attemptsRemaining?: number | null;
    retryAfter?: number | null;
    fieldErrors?: Record<string, string[]>;
  }) {
    super(init.detail);
    this.name = "TwoFactorApiError";
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.attemptsRemaining = init.attemptsRemaining ?? null;
    this.retryAfter = init.retryAfter ?? null;
    this.fieldErrors = init.fieldErrors ?? {};
  }
}

export function isTwoFactorApiError(
  error: unknown,
): error is TwoFactorApiError {
  return error instanceof TwoFactorApiError;
}

/** Seconds from a Retry-After header, which is either a number of seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null,
  now = Date.now(),
): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date)
    ? null
    : Math.max(0, Math.ceil((date - now) / 1000));
}

function fieldErrorsOf(body: ErrorBody): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (
      Array.isArray(value) &&
      value.every((item) => typeof item === "string")
    ) {
      fields[name] = value;
    }
  }
  return fields;
}

function fallbackCode(status: number): ClientErrorCode {
  if (status === 401 || status === 403) return "not_authenticated";
  if (status >= 500) return "server_error";
  return "invalid_request";
}

async function errorFromResponse(
  response: Response,
): Promise<TwoFactorApiError> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const fieldErrors =
    typeof body === "object" && body !== null ? fieldErrorsOf(body) : {};
  const firstFieldError = Object.values(fieldErrors)[0]?.[0];
  return new TwoFactorApiError({
    status: response.status,
    // A contract code when the API gave one; 401s and proxies' errors have none.
    code:
      typeof body.code === "string" ? body.code : fallbackCode(response.status),
    detail: body.detail ?? firstFieldError ?? response.statusText,
    attemptsRemaining:
      typeof body.attempts_remaining === "number"
        ? body.attempts_remaining
        : null,
    retryAfter: parseRetryAfter(response.headers.get("Retry-After")),
    fieldErrors,
  });
}

export function createTwoFactorApi(options: TwoFactorApiOptions = {}) {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/?$/, "/");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request<T>(
    method: "GET" | "POST",
    path: string,
    { body, authenticated }: { body?: unknown; authenticated: boolean },
  ): Promise<T> {
    const headers = new Headers({ Accept: "application/json" });
    if (body !== undefined) headers.set("Content-Type", "application/json");
    // The login endpoints are anonymous: a stale token there would fail authentication.
    if (authenticated && options.getAuthHeaders) {
      new Headers(await options.getAuthHeaders()).forEach((value, name) => {
        headers.set(name, value);
      });
    }
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: options.credentials ?? "same-origin",
      });
    } catch (cause) {
      throw new TwoFactorApiError({
        status: 0,
        code: "network_error",
        detail: cause instanceof Error ? cause.message : String(cause),
      });
    }
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as T;
  }

  return {
    getStatus: () =>
      request<TotpStatus>("GET", "totp/status/", { authenticated: true }),
    setup: () =>
      request<TotpSetup>("POST", "totp/setup/", { authenticated: true }),
    // These three revoke the user's credentials and answer new ones for this session
    // (`credentials`): keep those, or the session ends with the next request.
    /** `passkey`: for a user with passkeys, one proved afresh (passkeyReauthenticationOptions). */
    enable: (code: string, passkey?: PasskeyAssertion) =>
      request<EnableTotpResponse>("POST", "totp/enable/", {
        body: passkey ? { code, passkey } : { code },
        authenticated: true,
      }),
    disable: (code: string) =>
      request<DisableTotpResponse>("POST", "totp/disable/", {
        body: { code },
        authenticated: true,
      }),
    /** An authenticator code, or a passkey proved afresh. */
    regenerateBackupCodes: (proof: Proof) =>
      request<BackupCodesResponse>("POST", "totp/backup-codes/regenerate/", {
        body: proofOf(proof),
        authenticated: true,
      }),
    login: (credentials: LoginRequest) =>
      request<LoginResponse>("POST", "login/", {
        body: credentials,
        authenticated: false,
      }),
    verifyLogin: (challenge: string, code: string) =>
      request<LoginVerified>("POST", "login/verify/", {
        body: { challenge, code },
        authenticated: false,
      }),
    resendLoginCode: (challenge: string, channel?: DeliveryChannel) =>
      request<ResendLoginCodeResponse>("POST", "login/resend/", {
        body: channel ? { challenge, channel } : { challenge },
        authenticated: false,
      }),
    // Passkeys. The options go to @simplewebauthn/browser, whose answer comes back here.
    loginPasskeyOptions: (challenge: string) =>
      request<PasskeyRequestOptions>("POST", "login/passkey/options/", {
        body: { challenge },
        authenticated: false,
      }),
    verifyLoginWithPasskey: (challenge: string, passkey: PasskeyAssertion) =>
      request<LoginVerified>("POST", "login/verify/", {
        body: { challenge, passkey },
        authenticated: false,
      }),
    /** A passkey alone, no password: options that name no one. */
    passwordlessOptions: () =>
      request<PasskeyRequestOptions>("POST", "login/passwordless/options/", {
        authenticated: false,
      }),
    signInWithPasskey: (passkey: PasskeyAssertion) =>
      request<LoginVerified>("POST", "login/passwordless/", {
        body: { passkey },
        authenticated: false,
      }),
    listPasskeys: () =>
      request<PasskeyList>("GET", "passkeys/", { authenticated: true }),
    passkeyRegistrationOptions: () =>
      request<PasskeyCreationOptions>("POST", "passkeys/register/options/", {
        authenticated: true,
      }),
    /** The first passkey revokes the user's credentials and answers new ones. */
    registerPasskey: (body: RegisterPasskeyRequest) =>
      request<RegisterPasskeyResponse>("POST", "passkeys/register/", {
        body,
        authenticated: true,
      }),
    /** A passkey proved afresh, for a change to the user's second factors. */
    passkeyReauthenticationOptions: () =>
      request<PasskeyRequestOptions>(
        "POST",
        "passkeys/reauthenticate/options/",
        {
          authenticated: true,
        },
      ),
    renamePasskey: (id: number, name: string) =>
      request<RenamePasskeyResponse>("POST", `passkeys/${id}/rename/`, {
        body: { name },
        authenticated: true,
      }),
    /** Revokes the user's credentials and answers new ones, as disable does. */
    removePasskey: (id: number, proof: Proof) =>
      request<RemovePasskeyResponse>("POST", `passkeys/${id}/remove/`, {
        body: proofOf(proof),
        authenticated: true,
      }),
  };
}

/**
 * A fresh second factor, for a change to the user's 2FA: a code (from the authenticator,
 * or a backup code where the endpoint takes one) or a passkey's answer.
 */
export type Proof = string | PasskeyAssertion;

/** A code, or a passkey's answer, as the endpoints that take either want it. */
export function proofOf(proof: Proof): ProofRequest {
  return typeof proof === "string" ? { code: proof } : { passkey: proof };
}

export type TwoFactorApi = ReturnType<typeof createTwoFactorApi>;
