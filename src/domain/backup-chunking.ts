/**
 * Cuts a byte stream into fixed-size pieces using ONE buffer of `capacity` bytes, allocated once
 * and reused: this is what bounds the plaintext held by a backup (one chunk) and the ciphertext
 * waiting for R2 (one part). A full buffer is handed on only when more bytes arrive, so the last
 * piece is always the one marked final (it may be full, never empty unless the stream was).
 *
 * The sink receives a view of the shared buffer and must be done with it when its promise
 * settles (WebCrypto copies its input on call; R2 has read the part when uploadPart resolves).
 */
type PieceSink = (piece: Uint8Array, isFinal: boolean) => Promise<void>;

type Chunker = {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** The single buffer, exposed so tests can show nothing else is allocated. */
  readonly buffer: Uint8Array;
  readonly pieces: number;
};

export function createChunker(capacity: number, sink: PieceSink): Chunker {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive whole number of bytes");
  const buffer = new Uint8Array(capacity);
  let filled = 0;
  let pieces = 0;
  let closed = false;
  return {
    buffer,
    get pieces() {
      return pieces;
    },
    async write(data) {
      if (closed) throw new Error("write after close");
      let offset = 0;
      while (offset < data.length) {
        if (filled === capacity) {
          await sink(buffer, false);
          pieces++;
          filled = 0;
        }
        const take = Math.min(capacity - filled, data.length - offset);
        buffer.set(data.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await sink(buffer.subarray(0, filled), true);
      pieces++;
    },
  };
}
