import { describe, expect, it } from "vitest";

import {
  formatBackupCode,
  groupKey,
  spellKey,
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
    ["ACDEF-GHJ", "ACDEF-GHJ"],
  ])("our backup code %j shows as %j", (raw, shown) => {
    expect(formatBackupCode(raw)).toBe(shown);
  });

  it("shows each step of typing one of our codes as XXXXX-XXXXX", () => {
    const typed = [..."acdefghjkm"].map((_, end) =>
      formatBackupCode("acdefghjkm".slice(0, end + 1)),
    );
    expect(typed.slice(4)).toEqual([
      "ACDEF",
      "ACDEF-G",
      "ACDEF-GH",
      "ACDEF-GHJ",
      "ACDEF-GHJK",
      "ACDEF-GHJKM",
    ]);
  });

  it.each([
    ["k2m7q6xr", "K2M7Q6XR"], // django-otp: 8 letters and digits
    ["k2m7-q6xr", "K2M7Q6XR"],
    ["12345678", "12345678"], // django-allauth: 8 digits
    ["h4n8p2w6t0jz", "H4N8P2W6T0JZ"], // django-trench: 12 letters and digits
    ["H4N8 P2W6 T0JZ", "H4N8P2W6T0JZ"],
    // Only our alphabet, but longer than ours: no dash once the 11th character comes.
    ["ACDEFGHJKMN", "ACDEFGHJKMN"],
    ["ACDEF-GHJKM-XX", "ACDEFGHJKMXX"],
    ["A".repeat(40), "A".repeat(32)],
  ])("imported backup code %j shows as %j", (raw, shown) => {
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
      isCompleteBackupCode("K2M7Q6XR"),
      isCompleteBackupCode("H4N8P2W6T0JZ"),
      isCompleteBackupCode("K2M7Q6"),
      isCompleteBackupCode("A".repeat(32)),
      isCompleteBackupCode("K2M7Q"),
      isCompleteBackupCode("ACDEF-"),
      isCompleteBackupCode(""),
    ]).toEqual([true, true, true, true, true, false, false, false]);
  });

  it("groups the manual key in fours and spells it out to be read", () => {
    const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ";
    expect(groupKey(key).join(" ")).toBe(
      "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXQ",
    );
    expect(groupKey("ABCDEF")).toEqual(["ABCD", "EF"]);
    expect(spellKey("JBSWY3DPE")).toBe("J B S W, Y 3 D P, E");
  });
});
