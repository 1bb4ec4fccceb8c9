import { BackupFormatError } from "../domain/backup-format";

/** Reads exact byte counts from a stream, holding at most the bytes asked for plus one piece. */
export type ByteReader = {
  /** `n` bytes, or null at a clean end of stream; a stream that ends part-way is a truncated backup. */
  readExact(n: number): Promise<Uint8Array | null>;
  bytesRead(): number;
  /** Stops reading early (the backup was refused); never throws. */
  cancel(reason: unknown): Promise<void>;
};

export function byteReader(stream: ReadableStream<Uint8Array>): ByteReader {
  const reader = stream.getReader();
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let ended = false;
  return {
    bytesRead: () => total,
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
    },
    async readExact(n) {
      while (pendingBytes < n && !ended) {
        const { done, value } = await reader.read();
        if (done) ended = true;
        else if (value.length) {
          pending.push(value);
          pendingBytes += value.length;
        }
      }
      if (pendingBytes < n) {
        if (pendingBytes === 0) return null;
        throw new BackupFormatError("Backup is truncated: the file ends in the middle of a chunk");
      }
      const out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const head = pending[0] as Uint8Array;
        const take = Math.min(head.length, n - filled);
        out.set(head.subarray(0, take), filled);
        filled += take;
        if (take === head.length) pending.shift();
        else pending[0] = head.subarray(take);
      }
      pendingBytes -= n;
      total += n;
      return out;
    },
  };
}
