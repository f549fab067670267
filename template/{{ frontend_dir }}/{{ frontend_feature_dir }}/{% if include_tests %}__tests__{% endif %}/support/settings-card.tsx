// SecuritySettingsCard against the fake API, as its tests and the passkey list's render it.
import { SecuritySettingsCard } from "../../components/security-settings-card";
import { authorizationOf, fakeApi } from "./fake-api";
import { renderWithApp } from "./render";
import { server } from "./server";

export function renderCard(options: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi(options);
  server.use(...api.handlers);
  const view = renderWithApp(<SecuritySettingsCard />, {
    // In the API's log, so the order of the two shows.
    onCredentials: (tokens) =>
      api.state.log.push(`handed over ${authorizationOf(tokens)}`),
  });
  return { ...view, api };
}
