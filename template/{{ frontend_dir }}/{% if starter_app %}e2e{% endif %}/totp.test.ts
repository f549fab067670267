// The browser test computes codes as an authenticator app does: checked here against the
// SHA-1 test vectors of RFC 6238 (appendix B), cut to the 6 digits apps show.
import { describe, expect, it } from "vitest";

import { STEP_SECONDS, timeStep, totp } from "./totp";

// base32 of the RFC's ASCII key "12345678901234567890"
const RFC_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("totp", () => {
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
    [20000000000, "353130"],
  ])("at %i s gives %s", (seconds, code) => {
    expect(totp(RFC_KEY, Math.floor(seconds / STEP_SECONDS))).toBe(code);
  });

  it("reads keys as apps accept them: lower case, spaced, padded", () => {
    const step = timeStep(1234567890 * 1000);
    expect(totp("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", step)).toBe(
      "005924",
    );
    expect(totp(`${RFC_KEY}====`, step)).toBe("005924");
  });

  it("refuses what is not base32", () => {
    expect(() => totp("NOT-BASE32!", 1)).toThrow(/base32/);
  });
});
