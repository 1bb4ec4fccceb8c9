type Transform = { writable: WritableStream<Uint8Array>; readable: ReadableStream<Uint8Array> };

/**
 * Drives a (de)compression stream from both ends at once: `produce` writes into it while every
 * piece that comes out goes to `consume`. Writes are awaited one at a time, which keeps memory
 * bounded (a `pipeThrough` lets Node queue the whole input). The first failure aborts both ends
 * and is the one rethrown; `describe` turns the stream's own errors into a message for people.
 */
export async function pumpThrough(
  stream: Transform,
  produce: (write: (piece: Uint8Array) => Promise<void>) => Promise<void>,
  consume: (piece: Uint8Array) => Promise<void>,
  describe: (error: unknown) => unknown = (error) => error,
): Promise<void> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let failure: unknown = null;
  // The stream rejects with the error that stopped the other side, or with its own.
  const streamFailed = (error: unknown): never => {
    throw failure ?? describe(error);
  };
  const write = (piece: Uint8Array) => writer.write(piece).catch(streamFailed);
  await Promise.all([
    (async () => {
      await produce(write);
      await writer.close().catch(streamFailed);
    })().catch(async (error: unknown) => {
      failure ??= error;
      await writer.abort(error).catch(() => {});
    }),
    (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(streamFailed);
        if (done) break;
        await consume(value);
      }
    })().catch(async (error: unknown) => {
      failure ??= error;
      await reader.cancel(error).catch(() => {});
    }),
  ]);
  if (failure) throw failure;
}
