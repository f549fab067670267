import { describe, expect, it } from "vitest";

import {
  formatBackupCode,
  isCompleteBackupCode,
  isCompleteTotp,
  toTotpDigits,
} from "../logic/code-format";

describe("code formats", () => {
  it.each([
    ["123456", "123456"],
    ["123 456", "123456"],
    [" 12-34 56 ", "123456"],
    ["1234567", "123456"],
    ["١٢٣٤٥٦", ""], // non-ASCII digits: the API refuses them, so they never get there
    ["abc", ""],
  ])("TOTP %j keeps %j", (raw, digits) => {
    expect(toTotpDigits(raw)).toBe(digits);
  });

  it.each([
    ["acdefghjkm", "ACDEF-GHJKM"],
    ["ACDEF GHJKM", "ACDEF-GHJKM"],
    ["acd", "ACD"],
    ["ACDEFG", "ACDEF-G"],
    ["ACDEF-GHJKM-XX", "ACDEF-GHJKM"],
  ])("backup code %j shows as %j", (raw, shown) => {
    expect(formatBackupCode(raw)).toBe(shown);
  });

  it("knows a whole code", () => {
    expect([
      isCompleteTotp("123456"),
      isCompleteTotp("12345"),
      isCompleteTotp("12345a"),
    ]).toEqual([true, false, false]);
    expect([
      isCompleteBackupCode("ACDEF-GHJKM"),
      isCompleteBackupCode("ACDEF-GHJK"),
    ]).toEqual([true, false]);
  });
});
