import { createChunker } from "../domain/backup-chunking";
import { type BackupHeader, chunkAad, chunkNonce, encodePreamble, encodeFrameHeader } from "../domain/backup-format";
import { type BackupKeys, encryptChunk, fromBase64, sha256 } from "./backup-crypto";

export type ByteSink = (bytes: Uint8Array) => Promise<void>;
export type EncryptedStreamStats = { chunks: number; bytes: number; largestChunkPlaintext: number };

/** A pull-based stream over an async generator: nothing is produced before it is read. */
export function streamFrom(source: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await source.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Gzips `plaintext` and encrypts it chunk by chunk into the backup format, handing bytes to `sink`
 * as soon as they exist. The only plaintext buffer is the chunker's: `header.chunk_bytes` bytes.
 */
export async function writeEncryptedBackup(
  plaintext: ReadableStream<Uint8Array>,
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
  const reader = plaintext.pipeThrough(new CompressionStream("gzip")).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    await chunker.write(value);
  }
  await chunker.close();
  return stats;
}
