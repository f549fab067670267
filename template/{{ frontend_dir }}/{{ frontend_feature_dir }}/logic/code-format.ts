// What a code looks like, mirroring the API: 6 ASCII digits for TOTP and sent codes, and
// backup codes of 10 characters shown as XXXXX-XXXXX. Pure functions: no React.

export const TOTP_LENGTH = 6;
export const BACKUP_CODE_LENGTH = 10;

/** The digits of whatever was typed or pasted ("123 456", "123-456"), at most 6. */
export function toTotpDigits(raw: string): string {
  return raw.replace(/[^0-9]/g, "").slice(0, TOTP_LENGTH);
}

/** The characters of a backup code, upper-cased, without dash or spaces, at most 10. */
export function toBackupCodeChars(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, BACKUP_CODE_LENGTH);
}

/** XXXXX-XXXXX, the way codes are shown to the user, for partial input too. */
export function formatBackupCode(raw: string): string {
  const chars = toBackupCodeChars(raw);
  return chars.length > 5 ? `${chars.slice(0, 5)}-${chars.slice(5)}` : chars;
}

export function isCompleteTotp(value: string): boolean {
  return /^[0-9]{6}$/.test(value);
}

export function isCompleteBackupCode(value: string): boolean {
  return toBackupCodeChars(value).length === BACKUP_CODE_LENGTH;
}
