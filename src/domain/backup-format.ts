/**
 * The backup file format (version 1), pure: no I/O, no crypto calls.
 *
 *   "PRTBAK\x01\n"  u32be headerLength  header JSON (cleartext, authenticated)
 *   frames:  u8 flags (bit 0 = final)  u32be ciphertextLength  AES-256-GCM ciphertext + 16-byte tag
 *
 * Each frame encrypts at most `chunk_bytes` (≤ 8 MB) of gzip-compressed NDJSON. Its nonce is the
 * per-backup prefix + the frame index, and its additional data binds the header digest, the index
 * and the final flag: a reordered, dropped, duplicated or truncated frame fails authentication or
 * leaves the stream without its final frame.
 */
export const FORMAT_VERSION = 1;
const MAGIC = new Uint8Array([0x50, 0x52, 0x54, 0x42, 0x41, 0x4b, 0x01, 0x0a]);
/** The hard ceiling on plaintext per chunk; a header asking for more is refused. */
export const MAX_CHUNK_BYTES = 8_000_000;
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const GCM_TAG_BYTES = 16;
export const FRAME_HEADER_BYTES = 5;
export const PREAMBLE_FIXED_BYTES = MAGIC.length + 4;
const MAX_HEADER_BYTES = 64 * 1024;
export const NONCE_PREFIX_BYTES = 8;
const FINAL_FLAG = 0x01;

export type BackupHeader = {
  format: typeof FORMAT_VERSION;
  backup_id: string;
  created_at: string;
  cipher: "AES-256-GCM";
  kdf: "HKDF-SHA256";
  /** base64 of 16 random bytes: the per-backup key is HKDF(BACKUP_ENCRYPTION_KEY, salt). */
  salt: string;
  /** base64 of 8 bytes derived from the backup id; the frame index fills the other 4 nonce bytes. */
  nonce_prefix: string;
  /** base64 of 16 bytes derived from the key, so a wrong key is named as such. */
  key_check: string;
  compression: "gzip";
  chunk_bytes: number;
};

export class BackupFormatError extends Error {
  override name = "BackupFormatError";
}

export function encodePreamble(header: BackupHeader): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREAMBLE_FIXED_BYTES + json.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length);
  out.set(json, PREAMBLE_FIXED_BYTES);
  return out;
}

/** Length of the header JSON that follows the fixed part of the preamble. */
export function readHeaderLength(fixed: Uint8Array): number {
  if (fixed.length < PREAMBLE_FIXED_BYTES || MAGIC.some((b, i) => fixed[i] !== b)) {
    throw new BackupFormatError("Not a backup file (unknown format or version)");
  }
  const length = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength).getUint32(MAGIC.length);
  if (length === 0 || length > MAX_HEADER_BYTES) throw new BackupFormatError("Backup header is corrupted");
  return length;
}

const isBase64 = (value: unknown, bytes: number): value is string =>
  typeof value === "string" &&
  /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
  Math.floor((value.length * 3) / 4) - (value.match(/=/g)?.length ?? 0) === bytes;

export function parseHeader(json: Uint8Array): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(json));
  } catch {
    throw new BackupFormatError("Backup header is corrupted");
  }
  const h = value as Partial<BackupHeader> | null;
  const valid =
    h !== null &&
    typeof h === "object" &&
    h.format === FORMAT_VERSION &&
    typeof h.backup_id === "string" &&
    typeof h.created_at === "string" &&
    h.cipher === "AES-256-GCM" &&
    h.kdf === "HKDF-SHA256" &&
    h.compression === "gzip" &&
    isBase64(h.salt, 16) &&
    isBase64(h.nonce_prefix, NONCE_PREFIX_BYTES) &&
    isBase64(h.key_check, 16) &&
    Number.isInteger(h.chunk_bytes) &&
    (h.chunk_bytes ?? 0) > 0 &&
    (h.chunk_bytes ?? 0) <= MAX_CHUNK_BYTES;
  if (!valid) throw new BackupFormatError("Backup header is corrupted or from an unsupported version");
  return h as BackupHeader;
}

/** Additional authenticated data of frame `index`: header digest ‖ u32be index ‖ final flag. */
export function chunkAad(headerDigest: Uint8Array, index: number, isFinal: boolean): Uint8Array {
  const aad = new Uint8Array(headerDigest.length + 5);
  aad.set(headerDigest, 0);
  const view = new DataView(aad.buffer);
  view.setUint32(headerDigest.length, index);
  view.setUint8(headerDigest.length + 4, isFinal ? 1 : 0);
  return aad;
}

/** 96-bit nonce: 8-byte per-backup prefix ‖ u32be frame index (the key is per backup too). */
export function chunkNonce(prefix: Uint8Array, index: number): Uint8Array {
  if (prefix.length !== NONCE_PREFIX_BYTES) throw new RangeError("nonce prefix must be 8 bytes");
  if (!Number.isInteger(index) || index < 0 || index > 0xffff_ffff) throw new RangeError("chunk index out of range");
  const nonce = new Uint8Array(12);
  nonce.set(prefix, 0);
  new DataView(nonce.buffer).setUint32(NONCE_PREFIX_BYTES, index);
  return nonce;
}

export function encodeFrameHeader(isFinal: boolean, ciphertextLength: number): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint8(0, isFinal ? FINAL_FLAG : 0);
  view.setUint32(1, ciphertextLength);
  return out;
}

export function decodeFrameHeader(bytes: Uint8Array, chunkBytes: number): { isFinal: boolean; length: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint8(0);
  const length = view.getUint32(1);
  if ((flags & ~FINAL_FLAG) !== 0 || length < GCM_TAG_BYTES || length > chunkBytes + GCM_TAG_BYTES) {
    throw new BackupFormatError("Backup is corrupted: a chunk header is invalid");
  }
  return { isFinal: (flags & FINAL_FLAG) !== 0, length };
}
