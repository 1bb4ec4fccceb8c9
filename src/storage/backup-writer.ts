import { createChunker } from "../domain/backup-chunking";
import { type BackupHeader, chunkAad, chunkNonce, encodeFrameHeader, encodePreamble } from "../domain/backup-format";
import { type BackupKeys, encryptChunk, fromBase64, sha256 } from "./backup-crypto";
import { pumpThrough } from "./backup-pump";

export type ByteSink = (bytes: Uint8Array) => Promise<void>;
type EncryptedStreamStats = { chunks: number; bytes: number; largestChunkPlaintext: number };

/** Compressor input slice: with every write awaited, this bounds what waits inside the compressor. */
const COMPRESS_SLICE = 64 * 1024;

/**
 * Gzips the `plaintext` pages and encrypts them chunk by chunk into the backup format, handing
 * bytes to `sink` as soon as they exist. The compressor is fed by awaited writes and drained
 * at the same time (no pipeThrough: Node's pipe into CompressionStream queues its whole input),
 * and the only plaintext buffer is the chunker's: `header.chunk_bytes` bytes.
 */
export async function writeEncryptedBackup(
  plaintext: AsyncIterable<Uint8Array>,
  header: BackupHeader,
  keys: BackupKeys,
  sink: ByteSink,
): Promise<EncryptedStreamStats> {
  const preamble = encodePreamble(header);
  const digest = await sha256(preamble);
  const prefix = fromBase64(header.nonce_prefix);
  const stats: EncryptedStreamStats = { chunks: 0, bytes: preamble.length, largestChunkPlaintext: 0 };
  await sink(preamble);
  const chunker = createChunker(header.chunk_bytes, async (piece, isFinal) => {
    const index = stats.chunks;
    const sealed = await encryptChunk(keys.key, chunkNonce(prefix, index), chunkAad(digest, index, isFinal), piece);
    await sink(encodeFrameHeader(isFinal, sealed.length));
    await sink(sealed);
    stats.chunks++;
    stats.bytes += sealed.length + 5;
    stats.largestChunkPlaintext = Math.max(stats.largestChunkPlaintext, piece.length);
  });

  await pumpThrough(
    new CompressionStream("gzip"),
    async (write) => {
      for await (const page of plaintext) {
        for (let at = 0; at < page.length; at += COMPRESS_SLICE) await write(page.subarray(at, at + COMPRESS_SLICE));
      }
    },
    (piece) => chunker.write(piece),
  );
  await chunker.close();
  return stats;
}
