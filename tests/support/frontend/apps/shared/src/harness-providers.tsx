// What an app puts around the 2FA feature: TanStack Query, the feature's API client, and
// whatever the UI kit needs (src/kit.tsx, one per kit).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

import { createTwoFactorApi, TwoFactorApiProvider } from "./features/two-factor";
import { KitProvider } from "./kit";

export function HarnessProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient());
  const [api] = useState(() => createTwoFactorApi({ baseUrl: "/api/auth/" }));
  return (
    <QueryClientProvider client={queryClient}>
      <TwoFactorApiProvider api={api}>
        <KitProvider>{children}</KitProvider>
      </TwoFactorApiProvider>
    </QueryClientProvider>
  );
}
