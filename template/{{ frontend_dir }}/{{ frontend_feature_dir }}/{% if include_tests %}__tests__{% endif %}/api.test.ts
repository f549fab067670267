// @vitest-environment jsdom
import "./support/setup";

import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";

import { TwoFactorApiError, createTwoFactorApi, parseRetryAfter } from "../api";
import { BASE_URL, errorResponse } from "./support/fake-api";
import { server } from "./support/server";

const api = createTwoFactorApi({
  baseUrl: BASE_URL,
  getAuthHeaders: () => ({ Authorization: "Bearer secret-access" }),
});

async function failure(promise: Promise<unknown>): Promise<TwoFactorApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TwoFactorApiError);
  return error as TwoFactorApiError;
}

describe("createTwoFactorApi", () => {
  it("authenticates enrollment requests and leaves the login ones anonymous", async () => {
    const seen: Record<string, string | null> = {};
    server.use(
      http.get(`${BASE_URL}totp/status/`, ({ request }) => {
        seen.status = request.headers.get("Authorization");
        return HttpResponse.json({
          totp_enabled: false,
          backup_codes_remaining: 0,
          account: "alice",
        });
      }),
      http.post(`${BASE_URL}login/`, ({ request }) => {
        seen.login = request.headers.get("Authorization");
        return HttpResponse.json({
          otp_required: true,
          challenge: "c",
          otp_channel: "totp",
          phone_masked: null,
          has_phone: false,
          email_masked: null,
          channels: [],
          resend_cooldown: 0,
        });
      }),
    );
    await api.getStatus();
    await api.login({ username: "ada", password: "pw" });
    expect(seen).toEqual({ status: "Bearer secret-access", login: null });
  });

  it("turns a contract error into a typed error with the attempts left", async () => {
    server.use(
      http.post(`${BASE_URL}login/verify/`, () =>
        errorResponse(400, "invalid_code", { attempts_remaining: 3 }),
      ),
    );
    const error = await failure(api.verifyLogin("c", "000000"));
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_code",
      attemptsRemaining: 3,
    });
    expect(error.detail).toBe("Server says: invalid_code");
  });

  it("reads Retry-After on a 429", async () => {
    server.use(
      http.post(`${BASE_URL}login/resend/`, () =>
        errorResponse(429, "throttled", {}, { "Retry-After": "42" }),
      ),
    );
    const error = await failure(api.resendLoginCode("c", "email"));
    expect(error).toMatchObject({ code: "throttled", retryAfter: 42 });
  });

  it("keeps DRF's field errors", async () => {
    server.use(
      http.post(`${BASE_URL}totp/enable/`, () =>
        HttpResponse.json(
          { code: ["This field is required."] },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(api.enable(""));
    expect(error.code).toBe("invalid_request");
    expect(error.fieldErrors).toEqual({ code: ["This field is required."] });
    expect(error.detail).toBe("This field is required.");
  });

  it("names a missing login and a server failure", async () => {
    server.use(
      http.get(`${BASE_URL}totp/status/`, () =>
        HttpResponse.json(
          { detail: "Authentication credentials were not provided." },
          { status: 401 },
        ),
      ),
      http.post(
        `${BASE_URL}totp/setup/`,
        () => new HttpResponse("<h1>Bad gateway</h1>", { status: 502 }),
      ),
    );
    expect((await failure(api.getStatus())).code).toBe("not_authenticated");
    expect((await failure(api.setup())).code).toBe("server_error");
  });

  it("sends each passkey call to its endpoint, with a code or a passkey as proof", async () => {
    const seen: { call: string; auth: string | null; body: unknown }[] = [];
    server.use(
      http.all(`${BASE_URL}*`, async ({ request }) => {
        const text = await request.text();
        seen.push({
          call: `${request.method} ${request.url.slice(BASE_URL.length)}`,
          auth: request.headers.get("Authorization"),
          body: text ? JSON.parse(text) : null,
        });
        return HttpResponse.json({});
      }),
    );
    const assertion = {
      id: "a",
      rawId: "a",
      type: "public-key" as const,
      response: { clientDataJSON: "c", authenticatorData: "d", signature: "s" },
    };
    await api.loginPasskeyOptions("ch");
    await api.verifyLoginWithPasskey("ch", assertion);
    await api.listPasskeys();
    await api.renamePasskey(7, "Phone");
    await api.removePasskey(7, "ABCDE-FGHJK");
    await api.removePasskey(7, assertion);
    await api.regenerateBackupCodes(assertion);
    await api.enable("123456", assertion);
    const bearer = "Bearer secret-access";
    expect(seen).toEqual([
      {
        call: "POST login/passkey/options/",
        auth: null,
        body: { challenge: "ch" },
      },
      {
        call: "POST login/verify/",
        auth: null,
        body: { challenge: "ch", passkey: assertion },
      },
      { call: "GET passkeys/", auth: bearer, body: null },
      {
        call: "POST passkeys/7/rename/",
        auth: bearer,
        body: { name: "Phone" },
      },
      {
        call: "POST passkeys/7/remove/",
        auth: bearer,
        body: { code: "ABCDE-FGHJK" },
      },
      {
        call: "POST passkeys/7/remove/",
        auth: bearer,
        body: { passkey: assertion },
      },
      {
        call: "POST totp/backup-codes/regenerate/",
        auth: bearer,
        body: { passkey: assertion },
      },
      {
        call: "POST totp/enable/",
        auth: bearer,
        body: { code: "123456", passkey: assertion },
      },
    ]);
  });

  it("reports a network failure as such", async () => {
    server.use(http.get(`${BASE_URL}totp/status/`, () => HttpResponse.error()));
    expect((await failure(api.getStatus())).code).toBe("network_error");
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["42", 42],
    ["0", 0],
    ["Wed, 25 Nov 2026 10:00:30 GMT", 30],
    ["soon", null],
    [null, null],
  ])("reads %s as %s seconds", (header, seconds) => {
    expect(
      parseRetryAfter(header, Date.parse("Wed, 25 Nov 2026 10:00:00 GMT")),
    ).toBe(seconds);
  });
});
