// A stand-in for the Django API that keeps to the HTTP contract: enough state to walk
// the screens through enrollment and login. Tests override single endpoints with
// server.use(...) for the failures they are about.
import { http, HttpResponse } from "msw";

import { authorizationHeader, tokenOf } from "../../tokens";
import { NEW_PASSKEY_ID, PASSKEY_ID } from "./passkeys";
import type {
  DeliveryChannel,
  LoginTokens,
  OtpChannel,
  Passkey,
  SecondFactorMethod,
} from "../../types";

export const BASE_URL = "http://localhost/api/auth/";
export const SECRET = "JBSWY3DPEHPK3PXP";
/** The manual key as the setup shows it, and as a screen reader is to say it. */
export const SECRET_SHOWN = "JBSW Y3DP EHPK 3PXP";
export const SECRET_SPOKEN = "J B S W, Y 3 D P, E H P K, 3 P X P";
export const VALID_TOTP = "123456";
export const SENT_CODE = "654321";
export const PHONE_MASKED = "*******1234";
export const EMAIL_MASKED = "a•••@example.com";
export const BACKUP_CODES = [
  "ACDEF-GHJKM",
  "NPQRT-WXY34",
  "679AC-DEFGH",
  "JKMNP-QRTWX",
  "Y3467-9ACDE",
  "FGHJK-MNPQR",
  "TWXY3-4679A",
  "CDEFG-HJKMN",
  "PQRTW-XY346",
  "79ACD-EFGHJ",
];
export const NEW_BACKUP_CODES = BACKUP_CODES.map((code) =>
  code.split("").reverse().join(""),
);
// Codes import_two_factor brought from another library keep its shape: django-otp's
// 8 letters and digits (lower-case), django-trench's 12.
export const IMPORTED_BACKUP_CODES = {
  djangoOtp: "k2m7q6xr",
  djangoTrench: "H4N8P2W6T0JZ",
};
export const USER = {
  id: 7,
  username: "ada",
  email: "ada@example.com",
  totp_enabled: true,
};
// Both token shapes at once, so the tests hold whichever token library was chosen.
export const LOGIN_TOKENS = {
  access: "access-token",
  refresh: "refresh-token",
  token: "knox-token",
  expiry: null,
  user: USER,
};

/** The credentials the API hands out the `generation`th time it revokes the old ones. */
export function renewedTokens(generation: number, user = USER) {
  return {
    access: `access-token-${generation}`,
    refresh: `refresh-token-${generation}`,
    token: `knox-token-${generation}`,
    expiry: null,
    user,
  };
}

/** The Authorization header these credentials are sent with. */
export function authorizationOf(tokens: LoginTokens): string {
  return authorizationHeader(tokenOf(tokens)).Authorization;
}

export function errorResponse(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(
    { detail: `Server says: ${code}`, code, ...extra },
    { status, headers },
  );
}

/** A backup code as the API normalises it: upper-case, without spaces or dashes. */
function normalized(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

const ACCEPTED_BACKUP_CODES = [
  ...BACKUP_CODES,
  ...Object.values(IMPORTED_BACKUP_CODES),
].map(normalized);

function isBackupCode(code: string): boolean {
  return ACCEPTED_BACKUP_CODES.includes(normalized(code));
}

/**
 * The user's passkeys as passkeys/ lists them: the first synced and used, the others
 * on one device and never used.
 */
export function passkeysOf(count: number): Passkey[] {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    name: index === 0 ? "iCloud Keychain" : `YubiKey ${index + 1}`,
    created_at: "2026-11-02T09:30:00Z",
    last_used_at: index === 0 ? "2026-12-01T18:00:00Z" : null,
    backup_eligible: index === 0,
    backed_up: index === 0,
  }));
}

const REQUEST_OPTIONS = {
  challenge: "Y2hhbGxlbmdl",
  timeout: 300000,
  rpId: "localhost",
  allowCredentials: [
    { id: PASSKEY_ID, type: "public-key", transports: ["internal"] },
  ],
  userVerification: "preferred",
};

export function fakeApi(
  options: {
    enabled?: boolean;
    codesRemaining?: number;
    /** The channels the API sends this user codes by. */
    channels?: DeliveryChannel[];
    /** The API's TWO_FACTOR_RESEND_COOLDOWN. */
    resendCooldown?: number;
    /** How many passkeys the user has (a second factor beside the authenticator). */
    passkeys?: number;
  } = {},
) {
  const state = {
    enabled: options.enabled ?? false,
    codesRemaining:
      options.codesRemaining ?? (options.enabled || options.passkeys ? 10 : 0),
    channels: options.channels ?? (["phone", "email"] as DeliveryChannel[]),
    resendCooldown: options.resendCooldown ?? 60,
    /** The user's passkeys, as passkeys/ lists them. */
    passkeys: passkeysOf(options.passkeys ?? 0),
    attemptsLeft: 5,
    /** How many times login/passkey/options/ was asked. */
    passkeyOptions: 0,
    /** How many times login/passwordless/options/ was asked. */
    passwordlessOptions: 0,
    /** The passkey id of each login/passwordless/ answer. */
    passwordlessAnswers: [] as (string | undefined)[],
    /** The body of each passkeys/register/ and passkeys/<id>/remove/, as sent. */
    passkeyBodies: [] as Record<string, unknown>[],
    setupRequests: 0,
    sentTo: [] as string[],
    /** Each code sent to the API, as it was sent. */
    codesReceived: [] as string[],
    /**
     * The only credentials the enrollment endpoints accept: turning 2FA on or off and
     * new backup codes revoke them and answer new ones, as the API does.
     */
    credentials: LOGIN_TOKENS as LoginTokens,
    renewals: 0,
    /** "<path> <Authorization>" of each enrollment request, and what tests add, in order. */
    log: [] as string[],
  };
  const codeOf = async (request: Request): Promise<string> => {
    const body = (await request.json()) as { code?: string };
    state.codesReceived.push(body.code ?? "");
    return (body.code ?? "").replace(/\s/g, "");
  };
  const hasSecondFactor = () => state.enabled || state.passkeys.length > 0;
  /** A fresh second factor of the user's: the app's code, or their passkey. */
  const proved = (
    body: { code?: string; passkey?: { id?: string } },
    { backupCode = false } = {},
  ) => {
    if (body.passkey) return body.passkey.id === PASSKEY_ID;
    const code = (body.code ?? "").replace(/\s/g, "");
    return (
      (state.enabled && code === VALID_TOTP) ||
      (backupCode && isBackupCode(code))
    );
  };
  const refusalOf = (body: { passkey?: unknown }) =>
    errorResponse(400, body.passkey ? "passkey_invalid" : "invalid_code");
  const answerOf = async (request: Request) => {
    const body = (await request.clone().json()) as {
      passkey?: { id?: string };
    };
    return body.passkey;
  };
  const url = (path: string) => `${BASE_URL}${path}`;
  /** A request with revoked or no credentials is refused, as the API does. */
  const refused = (path: string, request: Request) => {
    const sent = request.headers.get("Authorization");
    state.log.push(`${path} ${sent}`);
    return sent === authorizationOf(state.credentials)
      ? null
      : errorResponse(401, "authentication_failed");
  };
  const renewCredentials = () => {
    state.renewals += 1;
    state.credentials = renewedTokens(state.renewals, {
      ...USER,
      totp_enabled: state.enabled,
    });
    return state.credentials;
  };

  const handlers = [
    http.get(
      url("totp/status/"),
      ({ request }) =>
        refused("totp/status/", request) ??
        HttpResponse.json({
          totp_enabled: state.enabled,
          backup_codes_remaining: state.codesRemaining,
          account: "alice@example.com",
          two_factor_enabled: hasSecondFactor(),
          passkeys: state.passkeys.length,
        }),
    ),
    http.post(url("totp/setup/"), ({ request }) => {
      const refusal = refused("totp/setup/", request);
      if (refusal) return refusal;
      state.setupRequests += 1;
      if (state.enabled) return errorResponse(400, "already_enabled");
      return HttpResponse.json({
        secret: SECRET,
        otpauth_uri: `otpauth://totp/Acme:ada?secret=${SECRET}&issuer=Acme`,
        qr_code: "data:image/svg+xml;base64,PHN2Zy8+",
      });
    }),
    http.post(url("totp/enable/"), async ({ request }) => {
      const refusal = refused("totp/enable/", request);
      if (refusal) return refusal;
      const passkey = await answerOf(request);
      if ((await codeOf(request)) !== VALID_TOTP)
        return errorResponse(400, "invalid_code");
      // Beside a passkey: that passkey afresh, and the account keeps its backup codes.
      const besidePasskey = state.passkeys.length > 0;
      if (besidePasskey && passkey?.id !== PASSKEY_ID)
        return errorResponse(400, "passkey_invalid");
      state.enabled = true;
      if (!besidePasskey) state.codesRemaining = 10;
      return HttpResponse.json({
        totp_enabled: true,
        backup_codes: besidePasskey ? [] : BACKUP_CODES,
        credentials: renewCredentials(),
      });
    }),
    http.post(url("totp/disable/"), async ({ request }) => {
      const refusal = refused("totp/disable/", request);
      if (refusal) return refusal;
      const code = await codeOf(request);
      if (!state.enabled) return errorResponse(400, "not_enabled");
      if (code !== VALID_TOTP && !isBackupCode(code)) {
        return errorResponse(400, "invalid_code");
      }
      state.enabled = false;
      if (!hasSecondFactor()) state.codesRemaining = 0;
      return HttpResponse.json({
        totp_enabled: false,
        credentials: renewCredentials(),
      });
    }),
    http.post(url("totp/backup-codes/regenerate/"), async ({ request }) => {
      const refusal = refused("totp/backup-codes/regenerate/", request);
      if (refusal) return refusal;
      const body = (await request.json()) as {
        code?: string;
        passkey?: { id?: string };
      };
      state.codesReceived.push(body.code ?? "");
      if (!proved(body)) return refusalOf(body);
      state.codesRemaining = 10;
      return HttpResponse.json({
        backup_codes: NEW_BACKUP_CODES,
        credentials: renewCredentials(),
      });
    }),
    http.post(url("login/passkey/options/"), () => {
      state.passkeyOptions += 1;
      return HttpResponse.json(REQUEST_OPTIONS);
    }),
    http.post(url("login/passwordless/options/"), () => {
      state.passwordlessOptions += 1;
      return HttpResponse.json({
        ...REQUEST_OPTIONS,
        allowCredentials: [],
        userVerification: "required",
      });
    }),
    http.post(url("login/passwordless/"), async ({ request }) => {
      const passkey = await answerOf(request);
      state.passwordlessAnswers.push(passkey?.id);
      return passkey?.id === PASSKEY_ID
        ? HttpResponse.json(LOGIN_TOKENS)
        : errorResponse(400, "passkey_unknown");
    }),
    http.get(
      url("passkeys/"),
      ({ request }) =>
        refused("passkeys/", request) ??
        HttpResponse.json({ passkeys: state.passkeys }),
    ),
    http.post(
      url("passkeys/reauthenticate/options/"),
      ({ request }) =>
        refused("passkeys/reauthenticate/options/", request) ??
        HttpResponse.json(REQUEST_OPTIONS),
    ),
    http.post(
      url("passkeys/register/options/"),
      ({ request }) =>
        refused("passkeys/register/options/", request) ??
        HttpResponse.json({
          rp: { id: "localhost", name: "Acme" },
          user: { id: "dXNlci1oYW5kbGU", name: "ada", displayName: "ada" },
          challenge: "Y2hhbGxlbmdl",
          pubKeyCredParams: [{ type: "public-key", alg: -7 }],
          timeout: 300000,
          excludeCredentials: [],
          authenticatorSelection: {
            residentKey: "preferred",
            requireResidentKey: false,
            userVerification: "preferred",
          },
          attestation: "none",
        }),
    ),
    http.post(url("passkeys/register/"), async ({ request }) => {
      const refusal = refused("passkeys/register/", request);
      if (refusal) return refusal;
      const body = (await request.json()) as {
        credential?: { id?: string };
        name?: string;
        code?: string;
        passkey?: { id?: string };
      };
      state.passkeyBodies.push(body);
      const first = !hasSecondFactor();
      if (!first && !proved(body)) return refusalOf(body);
      if (body.credential?.id !== NEW_PASSKEY_ID)
        return errorResponse(400, "passkey_invalid");
      const passkey: Passkey = {
        id: Math.max(0, ...state.passkeys.map((each) => each.id)) + 1,
        name: body.name ?? "Passkey",
        created_at: "2026-12-03T10:00:00Z",
        last_used_at: null,
        backup_eligible: true,
        backed_up: true,
      };
      state.passkeys.push(passkey);
      if (first) state.codesRemaining = 10;
      return HttpResponse.json({
        passkey,
        backup_codes: first ? BACKUP_CODES : [],
        credentials: first ? renewCredentials() : null,
      });
    }),
    http.post(url("passkeys/:id/rename/"), async ({ request, params }) => {
      const refusal = refused(`passkeys/${params.id}/rename/`, request);
      if (refusal) return refusal;
      const passkey = state.passkeys.find(
        (each) => String(each.id) === params.id,
      );
      if (!passkey) return errorResponse(400, "passkey_unknown");
      const { name } = (await request.json()) as { name: string };
      // DRF's field errors, as PasskeyNameField gives them.
      if (!name.trim() || name.trim().length > 64)
        return HttpResponse.json(
          { name: ["Ensure this field has 1 to 64 characters."] },
          { status: 400 },
        );
      passkey.name = name.trim();
      return HttpResponse.json({ passkey });
    }),
    http.post(url("passkeys/:id/remove/"), async ({ request, params }) => {
      const refusal = refused(`passkeys/${params.id}/remove/`, request);
      if (refusal) return refusal;
      const body = (await request.json()) as {
        code?: string;
        passkey?: { id?: string };
      };
      state.passkeyBodies.push(body);
      if (!state.passkeys.some((each) => String(each.id) === params.id))
        return errorResponse(400, "passkey_unknown");
      if (!proved(body, { backupCode: true })) return refusalOf(body);
      state.passkeys = state.passkeys.filter(
        (each) => String(each.id) !== params.id,
      );
      if (!hasSecondFactor()) state.codesRemaining = 0;
      return HttpResponse.json({
        two_factor_enabled: hasSecondFactor(),
        credentials: renewCredentials(),
      });
    }),
    http.post(url("login/verify/"), async ({ request }) => {
      const passkey = await answerOf(request);
      if (passkey) {
        if (passkey.id === PASSKEY_ID) return HttpResponse.json(LOGIN_TOKENS);
        state.attemptsLeft -= 1;
        return errorResponse(400, "passkey_unknown", {
          attempts_remaining: state.attemptsLeft,
        });
      }
      const code = await codeOf(request);
      const accepted = [
        VALID_TOTP,
        ...(state.sentTo.length ? [SENT_CODE] : []),
      ];
      if (accepted.includes(code) || isBackupCode(code))
        return HttpResponse.json(LOGIN_TOKENS);
      state.attemptsLeft -= 1;
      if (state.attemptsLeft <= 0)
        return errorResponse(400, "too_many_attempts");
      return errorResponse(400, "invalid_code", {
        attempts_remaining: state.attemptsLeft,
      });
    }),
    http.post(url("login/resend/"), async ({ request }) => {
      const { channel } = (await request.json()) as {
        channel?: DeliveryChannel;
      };
      const to = channel ?? state.channels[0];
      if (!to || !state.channels.includes(to))
        return errorResponse(400, "channel_unavailable");
      state.sentTo.push(to);
      return HttpResponse.json({
        otp_channel: to,
        ...channelInfo(to, state.channels, state.resendCooldown),
      });
    }),
  ];
  return { state, handlers };
}

function channelInfo(
  channel: OtpChannel,
  channels: DeliveryChannel[],
  resendCooldown: number,
) {
  return {
    phone_masked: channels.includes("phone") ? PHONE_MASKED : null,
    has_phone: channels.includes("phone"),
    email_masked: channel === "email" ? EMAIL_MASKED : null,
    channels,
    resend_cooldown: resendCooldown,
    resend_cooldowns: Object.fromEntries(
      channels.map((each) => [each, each === channel ? resendCooldown : 0]),
    ),
  };
}

/**
 * The first login step's answer, as the verification view receives it: for a phone or
 * email user, login/ has sent a code and its cooldown runs.
 */
export function loginChallenge(
  channel: OtpChannel = "totp",
  {
    channels = ["phone", "email"],
    resendCooldown = channel === "totp" ? 0 : 60,
    methods = channel === "totp" ? ["totp", "backup_code"] : [],
  }: {
    channels?: DeliveryChannel[];
    resendCooldown?: number;
    methods?: SecondFactorMethod[];
  } = {},
) {
  return {
    otp_required: true as const,
    challenge: "challenge-token",
    otp_channel: channel,
    methods,
    ...channelInfo(channel, channels, resendCooldown),
  };
}
