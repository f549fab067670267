// TanStack Query v5 wrappers, one per endpoint. Every mutation that changes the 2FA state
// invalidates the status query through the key factory, so every view of it stays true.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { TwoFactorApiError } from "./api";
import { useCredentialsHandler, useTwoFactorApi } from "./context";
import { askForAssertion } from "./logic/passkey-prompt";
import { totpStatusQueryOptions, twoFactorKeys } from "./query-keys";
import type {
  BackupCodesResponse,
  DeliveryChannel,
  DisableTotpResponse,
  EnableTotpResponse,
  LoginRequest,
  LoginResponse,
  LoginTokens,
  LoginVerified,
  ResendLoginCodeResponse,
  TotpSetup,
} from "./types";

/**
 * For the mutations that answer secrets (the TOTP secret, backup codes, tokens): TanStack
 * keeps a finished mutation, and shows it in Devtools, for 5 minutes after its last
 * observer leaves; these go at once. The views showing them also reset() them on close.
 */
const forgetOnceUnobserved = { gcTime: 0 } as const;

export function useTotpStatus(options: { enabled?: boolean } = {}) {
  const api = useTwoFactorApi();
  return useQuery({
    ...totpStatusQueryOptions(api),
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
    ...forgetOnceUnobserved,
  });
}

/** Turns 2FA on; the API revokes the user's credentials and answers new ones. */
export function useEnableTotp() {
  const api = useTwoFactorApi();
  const handOver = useHandOverCredentials();
  const invalidate = useInvalidateStatus();
  return useMutation<
    WithoutCredentials<EnableTotpResponse>,
    TwoFactorApiError,
    string
  >({
    mutationKey: twoFactorKeys.mutation("enable"),
    mutationFn: (code) => handOver(api.enable(code)),
    onSuccess: invalidate,
    ...forgetOnceUnobserved,
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
    ...forgetOnceUnobserved,
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
    ...forgetOnceUnobserved,
  });
}

export function useLogin() {
  const api = useTwoFactorApi();
  return useMutation<LoginResponse, TwoFactorApiError, LoginRequest>({
    mutationKey: twoFactorKeys.mutation("login"),
    mutationFn: (credentials) => api.login(credentials),
    // The password in its variables, and tokens when no second step is needed.
    ...forgetOnceUnobserved,
  });
}

export function useVerifyLogin() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<
    LoginVerified,
    TwoFactorApiError,
    { challenge: string; code: string }
  >({
    mutationKey: twoFactorKeys.mutation("verify-login"),
    mutationFn: ({ challenge, code }) => api.verifyLogin(challenge, code),
    // A new user is signed in: whatever status was cached belonged to the previous one.
    onSuccess: invalidate,
    ...forgetOnceUnobserved,
  });
}

/**
 * The second step with a passkey: login/passkey/options/, the browser's passkey prompt,
 * then login/verify/ with its answer. A prompt the user closed (or that timed out) fails
 * with `passkey_cancelled`, and costs none of the challenge's attempts: nothing was sent.
 */
export function useVerifyLoginWithPasskey() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<LoginVerified, TwoFactorApiError, { challenge: string }>({
    mutationKey: twoFactorKeys.mutation("verify-login-passkey"),
    mutationFn: async ({ challenge }) => {
      const answer = await askForAssertion(api.loginPasskeyOptions(challenge));
      return api.verifyLoginWithPasskey(challenge, answer);
    },
    onSuccess: invalidate,
    ...forgetOnceUnobserved,
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
