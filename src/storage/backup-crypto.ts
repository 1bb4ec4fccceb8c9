import { BackupFormatError, type BackupHeader, DEFAULT_CHUNK_BYTES, FORMAT_VERSION, NONCE_PREFIX_BYTES } from "../domain/backup-format";

const KEY_INFO = new TextEncoder().encode("preroll-tracker backup v1 aes-256-gcm");
const CHECK_INFO = new TextEncoder().encode("preroll-tracker backup v1 key-check");

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The BACKUP_ENCRYPTION_KEY secret: 32 random bytes, base64 (`openssl rand -base64 32`). */
export function readEncryptionKey(secret: string | undefined): Uint8Array {
  if (!secret) throw new Error("BACKUP_ENCRYPTION_KEY is not set: backups cannot be encrypted");
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(secret.trim());
  } catch {
    throw new Error("BACKUP_ENCRYPTION_KEY is not valid base64 (expected 32 bytes, e.g. from `openssl rand -base64 32`)");
  }
  if (bytes.length !== 32) throw new Error(`BACKUP_ENCRYPTION_KEY must decode to 32 bytes, not ${bytes.length}`);
  return bytes;
}

export type BackupKeys = { key: CryptoKey; keyCheck: Uint8Array };

/** Per-backup AES-256-GCM key and key-check value, both HKDF-SHA256 of the secret with the backup's salt. */
async function deriveBackupKeys(master: Uint8Array, salt: Uint8Array): Promise<BackupKeys> {
  const ikm = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveKey", "deriveBits"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt, info: KEY_INFO },
    ikm,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const keyCheck = new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info: CHECK_INFO }, ikm, 128));
  return { key, keyCheck };
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** A fresh header: random salt, nonce prefix derived from the random backup id. */
export async function newBackupHeader(
  master: Uint8Array,
  backupId: string,
  createdAt: Date,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<{ header: BackupHeader; keys: BackupKeys }> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const keys = await deriveBackupKeys(master, salt);
  const noncePrefix = (await sha256(new TextEncoder().encode(`nonce:${backupId}`))).slice(0, NONCE_PREFIX_BYTES);
  const header: BackupHeader = {
    format: FORMAT_VERSION,
    backup_id: backupId,
    created_at: createdAt.toISOString(),
    cipher: "AES-256-GCM",
    kdf: "HKDF-SHA256",
    salt: toBase64(salt),
    nonce_prefix: toBase64(noncePrefix),
    key_check: toBase64(keys.keyCheck),
    compression: "gzip",
    chunk_bytes: chunkBytes,
  };
  return { header, keys };
}

/** Keys for reading a backup; a key-check mismatch means the secret is not the one it was written with. */
export async function keysForHeader(master: Uint8Array, header: BackupHeader): Promise<BackupKeys> {
  const keys = await deriveBackupKeys(master, fromBase64(header.salt));
  const expected = fromBase64(header.key_check);
  if (expected.length !== keys.keyCheck.length || expected.some((b, i) => b !== keys.keyCheck[i])) {
    throw new BackupFormatError("Wrong encryption key: this backup was not encrypted with the BACKUP_ENCRYPTION_KEY in use");
  }
  return keys;
}

export async function encryptChunk(key: CryptoKey, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce, additionalData: aad, tagLength: 128 }, key, plaintext));
}

export async function decryptChunk(
  key: CryptoKey,
  nonce: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
  index: number,
): Promise<Uint8Array> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce, additionalData: aad, tagLength: 128 }, key, ciphertext),
    );
  } catch {
    throw new BackupFormatError(`Backup is corrupted or has been tampered with: chunk ${index} failed authentication`);
  }
}
