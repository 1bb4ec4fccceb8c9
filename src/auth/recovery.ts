import { randomBytes } from "./crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `HARVEST-XXXX-XXXX-XXXX`, each X an uppercase letter or digit (rules §1.4). */
export function generateRecoveryKey(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let group = "";
    // Rejection sampling keeps every character equally likely.
    while (group.length < 4) {
      const [byte] = randomBytes(1);
      if (byte !== undefined && byte < 252) group += ALPHABET[byte % 36];
    }
    groups.push(group);
  }
  return `HARVEST-${groups.join("-")}`;
}

/** Trims and uppercases what a person typed before it is compared. */
export function normalizeRecoveryKey(input: string): string {
  return input.trim().toUpperCase();
}
