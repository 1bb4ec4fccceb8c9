// The one part of node:crypto the backup code uses (Workers provide it with nodejs_compat; Node
// has it natively). WebCrypto has no incremental digest, and a backup is hashed as it streams.
declare module "node:crypto" {
  interface Hash {
    update(data: Uint8Array | string): Hash;
    digest(encoding: "hex"): string;
  }
  export function createHash(algorithm: "sha256"): Hash;
}
