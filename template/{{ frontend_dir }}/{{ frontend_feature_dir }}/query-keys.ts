// One key factory for the feature, generic to specific: invalidating `all` refreshes
// every 2FA query at once (TkDodo's "Effective React Query Keys").
export const twoFactorKeys = {
  all: ["two-factor"] as const,
  status: () => [...twoFactorKeys.all, "status"] as const,
  mutations: () => [...twoFactorKeys.all, "mutation"] as const,
  mutation: (name: string) => [...twoFactorKeys.mutations(), name] as const,
};
