import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StrictMode, type ReactElement } from "react";

import { createTwoFactorApi } from "../../api";
import { TwoFactorApiProvider } from "../../context";
import { BASE_URL } from "./fake-api";
import { KitProvider } from "./kit-provider";

/** Renders a 2FA component as an app would: a fresh query cache and the API client. */
export function renderWithApp(
  ui: ReactElement,
  options: { advanceTimers?: (ms: number) => void } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const api = createTwoFactorApi({
    baseUrl: BASE_URL,
    getAuthHeaders: () => ({ Authorization: "Bearer test-access" }),
  });
  // With fake timers, user-event's own pauses must advance them too.
  const user = userEvent.setup(
    options.advanceTimers ? { advanceTimers: options.advanceTimers } : {},
  );
  // StrictMode runs effects twice, as in development: every flow must hold up.
  const view = render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TwoFactorApiProvider api={api}>
          <KitProvider>{ui}</KitProvider>
        </TwoFactorApiProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
  return { user, queryClient, ...view };
}
