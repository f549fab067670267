// Imported first by every test file, so the tests need nothing from the project's own
// Vitest config beyond running them: matchers, cleanup, the fake API and what jsdom lacks.
import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, vi } from "vitest";

import { server } from "./server";
import "./jsdom-gaps";

// A whole flow through a dialog takes a second or two in jsdom, and several times that
// on a busy CI machine: Vitest's 5 s would fail a slow run, not a wrong one.
vi.setConfig({ testTimeout: 20_000 });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  localStorage.clear();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());
