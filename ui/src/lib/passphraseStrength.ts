// A rough passphrase strength hint for the create-vault form (no dictionary; length matters most).
// It only advises: the backend's KDF protects the vault, and its rules are the ones enforced.

export type Strength = "too-short" | "weak" | "fair" | "strong";

export const MIN_PASSPHRASE_LENGTH = 8;

export function passphraseStrength(passphrase: string): Strength {
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH) return "too-short";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase)).length;
  const words = passphrase.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3).length;
  const repeated = /^(.)\1+$/.test(passphrase) || /^(?:0123|1234|abcd|qwer|pass)/i.test(passphrase);
  if (repeated) return "weak";
  if (length >= 20 || (length >= 16 && (classes >= 3 || words >= 4))) return "strong";
  if (length >= 12 || classes >= 3) return "fair";
  return "weak";
}

export const STRENGTH_HINT: Record<Strength, string> = {
  "too-short": `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
  weak: "Weak — easy to guess. Longer is better: four or more unrelated words work well.",
  fair: "Fair — a few more characters or another unrelated word would make it strong.",
  strong: "Strong.",
};
