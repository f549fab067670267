// What a code looks like, mirroring the API: 6 ASCII digits for TOTP and sent codes, and
// backup codes. Ours are 10 characters shown as XXXXX-XXXXX; codes imported from another
// library (import_two_factor: django-otp's 8 letters and digits, django-allauth's 8
// digits, django-trench's 12...) are 6 to 32 letters and digits. Pure functions: no React.

export const TOTP_LENGTH = 6;
/** Our own backup codes: 10 characters of BACKUP_CODE_ALPHABET, shown XXXXX-XXXXX. */
export const BACKUP_CODE_LENGTH = 10;
export const BACKUP_CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679";
/** Any backup code the API accepts, imported ones included: 6 to 32 letters and digits. */
export const BACKUP_CODE_MIN_LENGTH = 6;
export const BACKUP_CODE_MAX_LENGTH = 32;
const GROUP = 5;

/** The digits of whatever was typed or pasted ("123 456", "123-456"), at most 6. */
export function toTotpDigits(raw: string): string {
  return raw.replace(/[^0-9]/g, "").slice(0, TOTP_LENGTH);
}

/** The characters of a backup code, upper-cased, without dash or spaces, at most 32. */
export function toBackupCodeChars(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, BACKUP_CODE_MAX_LENGTH);
}

/** Whether these characters can still be (the start of) one of our own codes. */
function couldBeOwnCode(chars: string): boolean {
  return (
    chars.length <= BACKUP_CODE_LENGTH &&
    [...chars].every((char) => BACKUP_CODE_ALPHABET.includes(char))
  );
}

/**
 * The way a code is shown while it is typed or pasted. Ours read XXXXX-XXXXX, partial
 * input too. A code that can't be ours (longer than 10, or with a character our alphabet
 * leaves out, like 0, 1, 2, 5 or 8) is an imported one: it is shown upper-cased and
 * unbroken, since its library had its own grouping (or none) and a dash after the fifth
 * character would only mislead. The API drops dashes, so either form is accepted.
 */
export function formatBackupCode(raw: string): string {
  const chars = toBackupCodeChars(raw);
  return couldBeOwnCode(chars) && chars.length > GROUP
    ? `${chars.slice(0, GROUP)}-${chars.slice(GROUP)}`
    : chars;
}

export function isCompleteTotp(value: string): boolean {
  return /^[0-9]{6}$/.test(value);
}

/**
 * Long enough to send: 6 characters or more. The shortest imported code is 6, and an
 * 8-character one may use only our alphabet, so a shorter-than-10 code can't be refused
 * here: the API says whether it is right.
 */
export function isCompleteBackupCode(value: string): boolean {
  return toBackupCodeChars(value).length >= BACKUP_CODE_MIN_LENGTH;
}

/**
 * The manual key in groups of four ("JBSW Y3DP EHPK 3PXP"), as authenticator apps show
 * and accept it: 32 characters in one run are hard to copy by eye. Apps ignore the spaces.
 */
export function groupKey(secret: string): string[] {
  return secret.match(/.{1,4}/g) ?? [];
}

/**
 * The key as a screen reader should say it: one character at a time, a pause between
 * groups ("J B S W, Y 3 D P, ..."). Read as written, "JBSWY3DP" is a word, not a key.
 */
export function spellKey(secret: string): string {
  return groupKey(secret)
    .map((group) => [...group].join(" "))
    .join(", ");
}
