// The app's TanStack Query client: which failures are asked again, and a cache that
// forgets everything when the session ends.
import { QueryClient } from "@tanstack/react-query";

import { isTwoFactorApiError } from "../two-factor";
import { onSessionEnd } from "./session-store";

const MAX_RETRIES = 3;

/**
 * A failure that asking again may cure: no answer at all (offline, DNS, a reset
 * connection: `status: 0`, or fetch's own TypeError) or a 5xx. A 4xx answers the same
 * every time.
 */
export function isTransient(error: unknown): boolean {
  if (isTwoFactorApiError(error)) {
    return error.status === 0 || error.status >= 500;
  }
  return error instanceof TypeError;
}

/** TanStack's `retry`: a few times, for transient failures only. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isTransient(error);
}

const MAX_DELAY_MS = 30_000;

/**
 * As long as the API's 503 asks (`Retry-After`: its cache or database is coming back),
 * up to 30 s; else TanStack's own backoff, 1 s, 2 s, 4 s.
 */
export function retryDelay(failureCount: number, error: unknown): number {
  if (isTwoFactorApiError(error) && error.retryAfter) {
    return Math.min(error.retryAfter * 1000, MAX_DELAY_MS);
  }
  return Math.min(1000 * 2 ** failureCount, MAX_DELAY_MS);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Mutations are never retried: a code is spent, or a text message sent, by the
      // first attempt that reached the server.
      queries: { retry: shouldRetry, retryDelay },
    },
  });
}

/**
 * Empties the cache when the session ends (sign-out, or a 401 the refresh could not
 * cure): whoever signs in next must not see this user's status or mutation results.
 */
export function clearWhenSessionEnds(queryClient: QueryClient): () => void {
  return onSessionEnd(() => queryClient.clear());
}
