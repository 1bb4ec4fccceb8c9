import { createChunker } from "../domain/backup-chunking";
import type { ByteSink } from "./backup-writer";

/** R2 wants every part but the last at least 5 MiB and all of one size; 8 MiB parts keep memory flat. */
const DEFAULT_PART_BYTES = 8 * 1024 * 1024;
const MIN_PART_BYTES = 5 * 1024 * 1024;

type UploadResult<T> = { result: T; size: number; parts: number };

/**
 * Streams what `produce` writes into an R2 multipart upload of equal-sized parts (one part buffer
 * in memory). On any failure the upload is aborted, so no partial object ever appears.
 */
export async function uploadMultipart<T>(
  bucket: R2Bucket,
  key: string,
  customMetadata: Record<string, string>,
  produce: (write: ByteSink) => Promise<T>,
  partBytes = DEFAULT_PART_BYTES,
): Promise<UploadResult<T>> {
  if (!Number.isInteger(partBytes) || partBytes < MIN_PART_BYTES) throw new RangeError("R2 multipart parts must be at least 5 MiB");
  const upload = await bucket.createMultipartUpload(key, { customMetadata, httpMetadata: { contentType: "application/octet-stream" } });
  const uploaded: R2UploadedPart[] = [];
  let size = 0;
  const parts = createChunker(partBytes, async (piece) => {
    if (piece.length === 0 && uploaded.length > 0) return;
    uploaded.push(await upload.uploadPart(uploaded.length + 1, piece));
    size += piece.length;
  });
  try {
    const result = await produce((bytes) => parts.write(bytes));
    await parts.close();
    await upload.complete(uploaded);
    return { result, size, parts: uploaded.length };
  } catch (error) {
    await upload.abort().catch((abortError: unknown) => console.error(`could not abort upload of ${key}`, abortError));
    throw error;
  }
}
