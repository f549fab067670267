// The 2FA feature's API client, wired to this app's session: the credentials the session
// holds, the CSRF header its cookies need (dj-rest-auth), and one refresh-and-retry when
// the API answers 401.
import { createTwoFactorApi, type TwoFactorApi } from "../two-factor";
import {
  authHeaders,
  clearSession,
  credentials,
  csrfHeaders,
  refreshSession,
} from "./session";

// Django's CSRF check spares these; the session's CSRF header goes with the others.
const SAFE_METHODS = ["GET", "HEAD", "OPTIONS", "TRACE"];

function send(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  if (!SAFE_METHODS.includes((init?.method ?? "GET").toUpperCase())) {
    for (const [name, value] of Object.entries(csrfHeaders())) {
      headers.set(name, value);
    }
  }
  return fetch(input, { ...init, headers });
}

async function fetchWithRefresh(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const response = await send(input, init);
  if (response.status !== 401) return response;
  if (!(await refreshSession())) {
    // The session is over: the screens see no user and send the visitor to sign in.
    clearSession();
    return response;
  }
  const headers = new Headers(init?.headers);
  if (headers.has("Authorization")) {
    for (const [name, value] of Object.entries(authHeaders())) {
      headers.set(name, value);
    }
  }
  return send(input, { ...init, headers });
}

export function createApiClient(): TwoFactorApi {
  return createTwoFactorApi({
    fetch: fetchWithRefresh,
    getAuthHeaders: authHeaders,
    credentials,
  });
}
