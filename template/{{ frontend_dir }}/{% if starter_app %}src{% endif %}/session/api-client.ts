// The 2FA feature's API client, wired to this app's session: the credentials the session
// holds, and one refresh-and-retry when the API answers 401.
import { createTwoFactorApi, type TwoFactorApi } from "../two-factor";
import {
  authHeaders,
  clearSession,
  credentials,
  refreshSession,
} from "./session";

async function fetchWithRefresh(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const response = await fetch(input, init);
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
  return fetch(input, { ...init, headers });
}

export function createApiClient(): TwoFactorApi {
  return createTwoFactorApi({
    fetch: fetchWithRefresh,
    getAuthHeaders: authHeaders,
    credentials,
  });
}
