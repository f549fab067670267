// @vitest-environment jsdom
// The app's query client: which failures TanStack asks again (no answer, or a 5xx; never
// a 4xx), and a cache emptied whenever the session ends.
import { http, HttpResponse } from "msw";
import { describe, expect, it, onTestFinished } from "vitest";

import {
  TwoFactorApiError,
  twoFactorKeys,
  type LoginTokens,
} from "../../two-factor";
import { createApiClient } from "../api-client";
import {
  clearWhenSessionEnds,
  createQueryClient,
  isTransient,
  retryDelay,
  shouldRetry,
} from "../query-client";
import { endSession, renewSession, startSession } from "../session";
import { server, STATUS, url, user } from "./server";

// Every token library's shape at once: each session keeps what it needs.
const tokens = {
  access: "access-1",
  refresh: "refresh-1",
  token: "knox-1",
  expiry: null,
  user,
} as unknown as LoginTokens;

function failure(status: number): TwoFactorApiError {
  return new TwoFactorApiError({
    status,
    code: status === 0 ? "network_error" : "some_server_code",
    detail: "",
  });
}

/** A status query whose answers are `outcomes`, in turn; counts the attempts. */
async function fetchStatus(outcomes: (Error | typeof STATUS)[]) {
  let attempts = 0;
  const result = createQueryClient().fetchQuery({
    queryKey: twoFactorKeys.status(),
    queryFn: async () => {
      const outcome = outcomes[Math.min(attempts, outcomes.length - 1)];
      attempts += 1;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    // The app's retry rule, without its waits.
    retryDelay: 0,
  });
  return { result: await result.catch((error: unknown) => error), attempts };
}

/** A signed-in session with its status cached, and the cache wired to the session's end. */
function signedInWithCache() {
  const queryClient = createQueryClient();
  onTestFinished(clearWhenSessionEnds(queryClient));
  startSession(tokens);
  queryClient.setQueryData(twoFactorKeys.status(), STATUS);
  return queryClient;
}

describe("retry rule", () => {
  it("retries what an answer may cure: no answer at all, or a 5xx", () => {
    expect(isTransient(failure(0))).toBe(true);
    expect(isTransient(new TypeError("Failed to fetch"))).toBe(true);
    for (const status of [500, 502, 503, 504]) {
      expect(isTransient(failure(status))).toBe(true);
    }
  });

  it("never retries a 4xx, nor a body that is not JSON", () => {
    for (const status of [400, 401, 403, 404, 429]) {
      expect(isTransient(failure(status))).toBe(false);
    }
    expect(isTransient(new SyntaxError("Unexpected token <"))).toBe(false);
  });

  it("retries a few times, waiting longer each time", () => {
    expect([0, 1, 2, 3].map((n) => shouldRetry(n, failure(0)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect([0, 1, 2].map((n) => retryDelay(n, failure(0)))).toEqual([
      1000, 2000, 4000,
    ]);
    expect(retryDelay(20, failure(502))).toBe(30_000);
  });

  it("waits as long as a 503's Retry-After asks, up to 30 s", () => {
    const unavailable = (retryAfter: number) =>
      new TwoFactorApiError({
        status: 503,
        code: "service_unavailable",
        detail: "",
        retryAfter,
      });
    expect(retryDelay(0, unavailable(5))).toBe(5000);
    expect(retryDelay(2, unavailable(5))).toBe(5000);
    expect(retryDelay(0, unavailable(600))).toBe(30_000);
  });

  it("gets the status after the network came back", async () => {
    const { result, attempts } = await fetchStatus([failure(0), STATUS]);
    expect(result).toEqual(STATUS);
    expect(attempts).toBe(2);
  });

  it("gives up after three retries of a server error", async () => {
    const { result, attempts } = await fetchStatus([failure(503)]);
    expect(result).toMatchObject({ status: 503 });
    expect(attempts).toBe(4);
  });

  it("asks once when the answer is a 4xx", async () => {
    const { result, attempts } = await fetchStatus([failure(404), STATUS]);
    expect(result).toMatchObject({ status: 404 });
    expect(attempts).toBe(1);
  });
});

describe("the cache and the session", () => {
  it("empties when the user signs out", async () => {
    const queryClient = signedInWithCache();
    server.use(
      http.post(url("logout/"), () => new HttpResponse(null, { status: 204 })),
    );
    await endSession();
    expect(queryClient.getQueryData(twoFactorKeys.status())).toBeUndefined();
  });

  it("empties when a 401 ends the session", async () => {
    const queryClient = signedInWithCache();
    const refused = () =>
      HttpResponse.json(
        { detail: "Token is invalid", code: "token_not_valid" },
        { status: 401 },
      );
    server.use(
      http.get(url("totp/status/"), refused),
      http.post(url("token/refresh/"), refused),
    );
    await expect(createApiClient().getStatus()).rejects.toMatchObject({
      status: 401,
    });
    expect(queryClient.getQueryData(twoFactorKeys.status())).toBeUndefined();
  });

  it("stays while the session goes on with renewed credentials", () => {
    const queryClient = signedInWithCache();
    renewSession(tokens);
    expect(queryClient.getQueryData(twoFactorKeys.status())).toEqual(STATUS);
  });
});
