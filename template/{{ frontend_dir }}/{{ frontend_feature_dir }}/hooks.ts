// TanStack Query v5 wrappers, one per endpoint. Every mutation that changes the 2FA state
// invalidates the status query through the key factory, so every view of it stays true.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  proofOf,
  TwoFactorApiError,
  type Proof,
  type TwoFactorApi,
} from "./api";
import { useCredentialsHandler, useTwoFactorApi } from "./context";
import { askForAssertion, askForNewPasskey } from "./logic/passkey-prompt";
import { totpStatusQueryOptions, twoFactorKeys } from "./query-keys";
import type {
  DeliveryChannel,
  LoginRequest,
  LoginResponse,
  LoginTokens,
  LoginVerified,
  PasskeyAssertion,
  RenamePasskeyResponse,
  ResendLoginCodeResponse,
  TotpSetup,
} from "./types";

/**
 * For the mutations that answer secrets (the TOTP secret, backup codes, tokens): TanStack
 * keeps a finished mutation, and shows it in Devtools, for 5 minutes after its last
 * observer leaves; these go at once, with the dialog body that shows them (every kit
 * unmounts it on close). The setup's Cancel and Done also reset() them at once.
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

/**
 * Turns the authenticator app on; the API revokes the user's credentials and answers new
 * ones. Beside a passkey it needs that passkey proved afresh: `{ code, passkey: true }`
 * opens the browser's prompt before sending the code.
 */
export function useEnableTotp() {
  return useSecondFactorChange(
    "enable",
    async (api, variables: string | { code: string; passkey: boolean }) => {
      const { code, passkey } =
        typeof variables === "string"
          ? { code: variables, passkey: false }
          : variables;
      const proof = passkey
        ? await askForAssertion(api.passkeyReauthenticationOptions())
        : undefined;
      return api.enable(code, proof);
    },
  );
}

/** An answer without the credentials it carried: those went to the provider's onCredentials. */
export type WithoutCredentials<Response> = Omit<Response, "credentials">;

/**
 * A change to the user's second factors, named `name` among the mutations. The API
 * revokes the user's credentials and answers new ones (null where nothing was revoked: a
 * further passkey), handed to the project within the mutation itself: the status
 * refetch that follows already uses them, and the mutation cache never holds them.
 */
function useSecondFactorChange<
  Variables,
  Response extends { credentials: LoginTokens | null },
>(
  name: string,
  send: (api: TwoFactorApi, variables: Variables) => Promise<Response>,
) {
  const api = useTwoFactorApi();
  const onCredentials = useCredentialsHandler();
  const invalidate = useInvalidateStatus();
  return useMutation<
    WithoutCredentials<Response>,
    TwoFactorApiError,
    Variables
  >({
    mutationKey: twoFactorKeys.mutation(name),
    mutationFn: async (variables) => {
      const { credentials, ...rest } = await send(api, variables);
      if (credentials) await onCredentials?.(credentials);
      return rest;
    },
    onSuccess: invalidate,
    ...forgetOnceUnobserved,
  });
}

/** Turns 2FA off; the API revokes the user's credentials and answers new ones. */
export function useDisableTotp() {
  return useSecondFactorChange("disable", (api, code: string) =>
    api.disable(code),
  );
}

/**
 * New backup codes, for an authenticator code or a passkey's answer; the API revokes the
 * user's credentials and answers new ones.
 */
export function useRegenerateBackupCodes() {
  return useSecondFactorChange("regenerate-backup-codes", (api, proof: Proof) =>
    api.regenerateBackupCodes(proof),
  );
}

/** The user's passkeys, for the settings' list. */
export function usePasskeys(options: { enabled?: boolean } = {}) {
  const api = useTwoFactorApi();
  return useQuery({
    queryKey: twoFactorKeys.passkeys(),
    queryFn: api.listPasskeys,
    enabled: options.enabled,
  });
}

/** A passkey proved afresh, for a change to the user's second factors. */
export function useAskForPasskey() {
  const api = useTwoFactorApi();
  return (): Promise<PasskeyAssertion> =>
    askForAssertion(api.passkeyReauthenticationOptions());
}

/**
 * Adds a passkey: the options, the browser's prompt to make one, then passkeys/register/.
 * A user with a second factor already sends a fresh one along (`proof`); the first
 * passkey turns 2FA on, and its answer carries the account's backup codes, shown once,
 * and new credentials, which go to the provider's onCredentials.
 */
export function useRegisterPasskey() {
  return useSecondFactorChange(
    "register-passkey",
    async (api, { proof, name }: { proof?: Proof; name?: string }) => {
      const credential = await askForNewPasskey(
        api.passkeyRegistrationOptions(),
      );
      return api.registerPasskey({
        credential,
        ...(name ? { name } : {}),
        ...(proof === undefined ? {} : proofOf(proof)),
      });
    },
  );
}

export function useRenamePasskey() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<
    RenamePasskeyResponse,
    TwoFactorApiError,
    { id: number; name: string }
  >({
    mutationKey: twoFactorKeys.mutation("rename-passkey"),
    mutationFn: ({ id, name }) => api.renamePasskey(id, name),
    onSuccess: invalidate,
  });
}

/**
 * Removes a passkey, for an authenticator code, a backup code or a passkey's answer; the
 * API revokes the user's credentials and answers new ones. The last second factor
 * removed turns 2FA off (`two_factor_enabled: false`).
 */
export function useRemovePasskey() {
  return useSecondFactorChange(
    "remove-passkey",
    (api, { id, proof }: { id: number; proof: Proof }) =>
      api.removePasskey(id, proof),
  );
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

/**
 * Signs in with a passkey alone, no password: login/passwordless/options/, the browser's
 * prompt, then login/passwordless/ with its answer; or with `answer`, the one the user
 * already gave (a passkey picked in the username field's autofill). The authenticator
 * verifies its user, so the passkey is both factors.
 */
export function useSignInWithPasskey() {
  const api = useTwoFactorApi();
  const invalidate = useInvalidateStatus();
  return useMutation<
    LoginVerified,
    TwoFactorApiError,
    { answer?: PasskeyAssertion }
  >({
    mutationKey: twoFactorKeys.mutation("sign-in-with-passkey"),
    mutationFn: async ({ answer }) =>
      api.signInWithPasskey(
        answer ?? (await askForAssertion(api.passwordlessOptions())),
      ),
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
