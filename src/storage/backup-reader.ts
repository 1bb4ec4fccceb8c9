import {
  BackupFormatError,
  type BackupHeader,
  chunkAad,
  chunkNonce,
  decodeFrameHeader,
  FRAME_HEADER_BYTES,
  PREAMBLE_FIXED_BYTES,
  parseHeader,
  readHeaderLength,
} from "../domain/backup-format";
import type { HeaderRecord, TrailerRecord } from "../domain/backup-records";
import { type ByteReader, byteReader } from "./backup-bytes";
import { decryptChunk, fromBase64, keysForHeader, sha256 } from "./backup-crypto";
import { pumpThrough } from "./backup-pump";
import { createPlaintextChecker } from "./backup-verify";
import type { BackupVisitor } from "./backup-visitor";

export type ReadSummary = {
  file: BackupHeader;
  manifest: HeaderRecord;
  trailer: TrailerRecord;
  chunks: number;
  bytes: number;
  plaintextBytes: number;
};

/** Decompressor input slice: bounds what one write can expand into. */
const DECOMPRESS_SLICE = 64 * 1024;

/**
 * Reads a whole backup: checks the preamble and key, authenticates and decrypts every chunk in
 * order, requires the final chunk and nothing after it, decompresses, and checks every line
 * (structure, per-table row counts and SHA-256, the trailer and the overall SHA-256). Any problem
 * throws a BackupFormatError with a message a person can act on. The visitor sees data as it is
 * read, so it must treat everything as unconfirmed until this resolves.
 */
export async function readBackup(
  source: ReadableStream<Uint8Array>,
  masterKey: Uint8Array,
  visitor: BackupVisitor = {},
): Promise<ReadSummary> {
  const bytes = byteReader(source);
  try {
    return await readAll(bytes, masterKey, visitor);
  } catch (error) {
    await bytes.cancel(error);
    throw error;
  }
}

async function readAll(bytes: ByteReader, masterKey: Uint8Array, visitor: BackupVisitor): Promise<ReadSummary> {
  const fixed = await bytes.readExact(PREAMBLE_FIXED_BYTES);
  if (!fixed) throw new BackupFormatError("Backup file is empty");
  const headerJson = await bytes.readExact(readHeaderLength(fixed));
  if (!headerJson) throw new BackupFormatError("Backup is truncated: the file ends inside its header");
  const file = parseHeader(headerJson);
  const keys = await keysForHeader(masterKey, file);
  const preamble = new Uint8Array(fixed.length + headerJson.length);
  preamble.set(fixed, 0);
  preamble.set(headerJson, fixed.length);
  const digest = await sha256(preamble);
  const prefix = fromBase64(file.nonce_prefix);

  const checker = createPlaintextChecker(file, visitor);
  let chunks = 0;
  const produce = async (write: (piece: Uint8Array) => Promise<void>) => {
    let sawFinal = false;
    for (;;) {
      const frameHeader = await bytes.readExact(FRAME_HEADER_BYTES);
      if (!frameHeader) break;
      if (sawFinal) throw new BackupFormatError("Backup has unexpected data after its final chunk");
      const { isFinal, length } = decodeFrameHeader(frameHeader, file.chunk_bytes);
      const sealed = await bytes.readExact(length);
      if (!sealed) throw new BackupFormatError("Backup is truncated: the file ends in the middle of a chunk");
      const plain = await decryptChunk(keys.key, chunkNonce(prefix, chunks), chunkAad(digest, chunks, isFinal), sealed, chunks);
      for (let at = 0; at < plain.length; at += DECOMPRESS_SLICE) await write(plain.subarray(at, at + DECOMPRESS_SLICE));
      chunks++;
      sawFinal = isFinal;
    }
    if (!sawFinal) throw new BackupFormatError("Backup is truncated: it ends before its final chunk");
  };
  await pumpThrough(
    new DecompressionStream("gzip"),
    produce,
    (piece) => checker.push(piece),
    (error) =>
      new BackupFormatError(
        `Backup is corrupted: its compressed data is invalid (${error instanceof Error ? error.message : String(error)})`,
      ),
  );
  const { manifest, trailer, plaintextBytes } = await checker.finish();
  return { file, manifest, trailer, chunks, bytes: bytes.bytesRead(), plaintextBytes };
}
