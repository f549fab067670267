// TanStack Query v5 wrappers, one per endpoint. Every mutation that changes the 2FA state
// invalidates the status query through the key factory, so every view of it stays true.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { TwoFactorApiError } from "./api";
import { useTwoFactorApi } from "./context";
import { twoFactorKeys } from "./query-keys";
import type {
  BackupCodesResponse,
  DeliveryChannel,
  DisableTotpResponse,
  EnableTotpResponse,
  LoginRequest,
  LoginResponse,
  LoginTokens,
  ResendLoginCodeResponse,
  TotpSetup,
  TotpStatus,
} from "./types";

export function useTotpStatus(options: { enabled?: boolean } = {}) {
  const api = useTwoFactorApi();
  return useQuery<TotpStatus, TwoFactorApiError>({
    queryKey: twoFactorKeys.status(),
    queryFn: api.getStatus,
    enabled: options.enabled,
  });
}

function useInvalidateStatus() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: twoFactorKeys.all });
}

/** Starts an enrollment: the secret stays pending on the server until it is enabled. */
export function useTotpSetup() {
  const api = useTwoFactorApi();
  return useMutation<TotpSetup, TwoFactorApiError, void>({
    mutationKey: twoFactorKeys.mutation("setup"),
    mutationFn: () => api.setup(),
  });
}

export function useEnableTotp() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<EnableTotpResponse, TwoFactorApiError, string>({
    mutationKey: twoFactorKeys.mutation("enable"),
    mutationFn: (code) => api.enable(code),
    onSuccess: invalidate,
  });
}

export function useDisableTotp() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<DisableTotpResponse, TwoFactorApiError, string>({
    mutationKey: twoFactorKeys.mutation("disable"),
    mutationFn: (code) => api.disable(code),
    onSuccess: invalidate,
  });
}

export function useRegenerateBackupCodes() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<BackupCodesResponse, TwoFactorApiError, string>({
    mutationKey: twoFactorKeys.mutation("regenerate-backup-codes"),
    mutationFn: (code) => api.regenerateBackupCodes(code),
    onSuccess: invalidate,
  });
}

export function useLogin() {
  const api = useTwoFactorApi();
  return useMutation<LoginResponse, TwoFactorApiError, LoginRequest>({
    mutationKey: twoFactorKeys.mutation("login"),
    mutationFn: (credentials) => api.login(credentials),
  });
}

export function useVerifyLogin() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<
    LoginTokens,
    TwoFactorApiError,
    { challenge: string; code: string }
  >({
    mutationKey: twoFactorKeys.mutation("verify-login"),
    mutationFn: ({ challenge, code }) => api.verifyLogin(challenge, code),
    // A new user is signed in: whatever status was cached belonged to the previous one.
    onSuccess: invalidate,
  });
}

export function useResendLoginCode() {
  const api = useTwoFactorApi();
  return useMutation<
    ResendLoginCodeResponse,
    TwoFactorApiError,
    { challenge: string; channel?: DeliveryChannel }
  >({
    mutationKey: twoFactorKeys.mutation("resend-login-code"),
    mutationFn: ({ challenge, channel }) =>
      api.resendLoginCode(challenge, channel),
  });
}
