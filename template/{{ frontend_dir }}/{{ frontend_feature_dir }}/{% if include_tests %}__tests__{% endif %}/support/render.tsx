import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StrictMode, type ReactElement } from "react";

import { createTwoFactorApi } from "../../api";
import { TwoFactorApiProvider } from "../../context";
import type { LoginTokens } from "../../types";
import { BASE_URL, LOGIN_TOKENS, authorizationOf } from "./fake-api";
import { KitProvider } from "./kit-provider";

/**
 * Renders a 2FA component as an app would: a fresh query cache, the API client, and a
 * session holding the credentials of a finished login, replaced by those the feature
 * hands over (`onCredentials`, which tests may watch too).
 */
export function renderWithApp(
  ui: ReactElement,
  options: {
    advanceTimers?: (ms: number) => void;
    onCredentials?: (tokens: LoginTokens) => void;
  } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const session = { credentials: LOGIN_TOKENS as LoginTokens };
  const api = createTwoFactorApi({
    baseUrl: BASE_URL,
    getAuthHeaders: () => ({
      Authorization: authorizationOf(session.credentials),
    }),
  });
  const onCredentials = (tokens: LoginTokens) => {
    options.onCredentials?.(tokens);
    session.credentials = tokens;
  };
  // With fake timers, user-event's own pauses must advance them too.
  const user = userEvent.setup(
    options.advanceTimers ? { advanceTimers: options.advanceTimers } : {},
  );
  // StrictMode runs effects twice, as in development: every flow must hold up.
  const view = render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TwoFactorApiProvider api={api} onCredentials={onCredentials}>
          <KitProvider>{ui}</KitProvider>
        </TwoFactorApiProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
  return { user, queryClient, session, ...view };
}
