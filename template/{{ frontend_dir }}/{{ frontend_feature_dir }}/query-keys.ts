// One key factory for the feature, generic to specific: invalidating `all` refreshes
// every 2FA query at once (TkDodo's "Effective React Query Keys").
import { queryOptions } from "@tanstack/react-query";

import type { TwoFactorApi, TwoFactorApiError } from "./api";
import type { TotpStatus } from "./types";

export const twoFactorKeys = {
  all: ["two-factor"] as const,
  status: () => [...twoFactorKeys.all, "status"] as const,
  passkeys: () => [...twoFactorKeys.all, "passkeys"] as const,
  mutations: () => [...twoFactorKeys.all, "mutation"] as const,
  mutation: (name: string) => [...twoFactorKeys.mutations(), name] as const,
};

/**
 * The status query as useTotpStatus runs it: a server component can prefetch it with
 * the same key (`queryClient.prefetchQuery(totpStatusQueryOptions(api))`).
 */
export function totpStatusQueryOptions(api: TwoFactorApi) {
  return queryOptions<TotpStatus, TwoFactorApiError>({
    queryKey: twoFactorKeys.status(),
    queryFn: api.getStatus,
  });
}
