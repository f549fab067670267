// The API the session tests talk to: MSW answering the page's relative URLs (jsdom gives
// them an origin), one handler set per test.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

import { DEFAULT_BASE_URL } from "../../two-factor";
import { clearSession } from "../session";

export const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  clearSession();
});
afterAll(() => server.close());

export const url = (path: string) => `${DEFAULT_BASE_URL}${path}`;

export const user = {
  id: 1,
  email: "alice@example.com",
  username: "alice",
  totp_enabled: true,
};

export const STATUS = {
  totp_enabled: true,
  backup_codes_remaining: 10,
  account: "demo",
};

export function rememberedUser(): unknown {
  const raw = sessionStorage.getItem("session.user");
  return raw ? JSON.parse(raw) : null;
}
