// TanStack Query v5 wrappers, one per endpoint. Every mutation that changes the 2FA state
// invalidates the status query through the key factory, so every view of it stays true.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { TwoFactorApiError } from "./api";
import { useCredentialsHandler, useTwoFactorApi } from "./context";
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

/** An answer without the credentials it carried: those went to the provider's onCredentials. */
export type WithoutCredentials<Response> = Omit<Response, "credentials">;

/**
 * Hands the new credentials of an answer to the project, within the mutation itself: the
 * status refetch that follows already uses them, and the mutation cache never holds them.
 */
function useHandOverCredentials() {
  const onCredentials = useCredentialsHandler();
  return async <Response extends { credentials: LoginTokens }>(
    answer: Promise<Response>,
  ): Promise<WithoutCredentials<Response>> => {
    const { credentials, ...rest } = await answer;
    await onCredentials(credentials);
    return rest;
  };
}

/** Turns 2FA off; the API revokes the user's credentials and answers new ones. */
export function useDisableTotp() {
  const api = useTwoFactorApi();
  const handOver = useHandOverCredentials();
  const invalidate = useInvalidateStatus();
  return useMutation<
    WithoutCredentials<DisableTotpResponse>,
    TwoFactorApiError,
    string
  >({
    mutationKey: twoFactorKeys.mutation("disable"),
    mutationFn: (code) => handOver(api.disable(code)),
    onSuccess: invalidate,
  });
}

/** New backup codes; the API revokes the user's credentials and answers new ones. */
export function useRegenerateBackupCodes() {
  const api = useTwoFactorApi();
  const handOver = useHandOverCredentials();
  const invalidate = useInvalidateStatus();
  return useMutation<
    WithoutCredentials<BackupCodesResponse>,
    TwoFactorApiError,
    string
  >({
    mutationKey: twoFactorKeys.mutation("regenerate-backup-codes"),
    mutationFn: (code) => handOver(api.regenerateBackupCodes(code)),
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
