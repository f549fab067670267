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
  // Declared, not defined: the constructor assigns them all at once.
  declare readonly status: number;
  /**
   * A known code autocompletes; one this client does not know yet (a newer API's) still
   * type-checks, and gets the server's `detail` as its sentence.
   */
  declare readonly code: TwoFactorApiErrorCode | (string & {});
  declare readonly detail: string;
  /** Wrong codes this login challenge still allows (on `invalid_code` at login). */
  declare readonly attemptsRemaining: number | null;
  /** Seconds to wait, from the `Retry-After` header of a 429. */
  declare readonly retryAfter: number | null;
  /** DRF's per-field messages, when a field itself was malformed. */
  declare readonly fieldErrors: Record<string, string[]>;

  constructor({
    attemptsRemaining = null,
    retryAfter = null,
    fieldErrors = {},
    ...init
  }: {
    status: number;
    code: TwoFactorApiErrorCode | (string & {});
    detail: string;
    attemptsRemaining?: number | null;
    retryAfter?: number | null;
    fieldErrors?: Record<string, string[]>;
  }) {
    super(init.detail);
    this.name = "TwoFactorApiError";
    Object.assign(this, {
      ...init,
      attemptsRemaining,
      retryAfter,
      fieldErrors,
    });
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
  const seconds = Number.isFinite(Number(value))
    ? Number(value)
    : (Date.parse(value) - now) / 1000;
  // NaN: neither, so no wait is known.
  return Number.isNaN(seconds) ? null : Math.max(0, Math.ceil(seconds));
}

function fieldErrorsOf(body: ErrorBody): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([, value]) =>
        Array.isArray(value) && value.every((item) => typeof item === "string"),
    ),
  ) as Record<string, string[]>;
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
    body?: unknown,
  ): Promise<T> {
    const headers = new Headers({ Accept: "application/json" });
    if (body !== undefined) headers.set("Content-Type", "application/json");
    // The login endpoints (all of them under login/) are anonymous: a stale token there
    // would fail authentication.
    if (!path.startsWith("login/") && options.getAuthHeaders) {
      new Headers(await options.getAuthHeaders()).forEach((value, name) => {
        headers.set(name, value);
      });
    }
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers,
        // JSON leaves out the fields that are undefined: an optional one unsaid.
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
  const get = <T>(path: string) => request<T>("GET", path);
  const post = <T>(path: string, body?: unknown) =>
    request<T>("POST", path, body);

  return {
    getStatus: () => get<TotpStatus>("totp/status/"),
    setup: () => post<TotpSetup>("totp/setup/"),
    // These three revoke the user's credentials and answer new ones for this session
    // (`credentials`): keep those, or the session ends with the next request.
    /** `passkey`: for a user with passkeys, one proved afresh (passkeyReauthenticationOptions). */
    enable: (code: string, passkey?: PasskeyAssertion) =>
      post<EnableTotpResponse>("totp/enable/", { code, passkey }),
    disable: (code: string) =>
      post<DisableTotpResponse>("totp/disable/", { code }),
    /** An authenticator code, or a passkey proved afresh. */
    regenerateBackupCodes: (proof: Proof) =>
      post<BackupCodesResponse>(
        "totp/backup-codes/regenerate/",
        proofOf(proof),
      ),
    login: (credentials: LoginRequest) =>
      post<LoginResponse>("login/", credentials),
    verifyLogin: (challenge: string, code: string) =>
      post<LoginVerified>("login/verify/", { challenge, code }),
    resendLoginCode: (challenge: string, channel?: DeliveryChannel) =>
      post<ResendLoginCodeResponse>("login/resend/", { challenge, channel }),
    // Passkeys. The options go to @simplewebauthn/browser, whose answer comes back here.
    loginPasskeyOptions: (challenge: string) =>
      post<PasskeyRequestOptions>("login/passkey/options/", { challenge }),
    verifyLoginWithPasskey: (challenge: string, passkey: PasskeyAssertion) =>
      post<LoginVerified>("login/verify/", { challenge, passkey }),
    /** A passkey alone, no password: options that name no one. */
    passwordlessOptions: () =>
      post<PasskeyRequestOptions>("login/passwordless/options/"),
    signInWithPasskey: (passkey: PasskeyAssertion) =>
      post<LoginVerified>("login/passwordless/", { passkey }),
    listPasskeys: () => get<PasskeyList>("passkeys/"),
    passkeyRegistrationOptions: () =>
      post<PasskeyCreationOptions>("passkeys/register/options/"),
    /** The first passkey revokes the user's credentials and answers new ones. */
    registerPasskey: (body: RegisterPasskeyRequest) =>
      post<RegisterPasskeyResponse>("passkeys/register/", body),
    /** A passkey proved afresh, for a change to the user's second factors. */
    passkeyReauthenticationOptions: () =>
      post<PasskeyRequestOptions>("passkeys/reauthenticate/options/"),
    renamePasskey: (id: number, name: string) =>
      post<RenamePasskeyResponse>(`passkeys/${id}/rename/`, { name }),
    /** Revokes the user's credentials and answers new ones, as disable does. */
    removePasskey: (id: number, proof: Proof) =>
      post<RemovePasskeyResponse>(`passkeys/${id}/remove/`, proofOf(proof)),
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
