import { createHash } from "node:crypto";

/** Incremental SHA-256 (hex); WebCrypto can only hash a whole buffer at once. */
export type Sha256 = { update(bytes: Uint8Array): void; hex(): string };

export function createSha256(): Sha256 {
  const hash = createHash("sha256");
  return {
    update(bytes) {
      hash.update(bytes);
    },
    hex: () => hash.digest("hex"),
  };
}
