import { FORMAT_VERSION } from "../domain/backup-format";
import { newBackupHeader } from "./backup-crypto";
import { type DumpProgress, type DumpTotals, dumpDatabase } from "./backup-export";
import { uploadMultipart } from "./backup-upload";
import { writeEncryptedBackup } from "./backup-writer";

type BackupTarget = { backupId: string; createdAt: Date; key: string; tag: string; triggeredBy?: "cron" | "manual" };
/** Test and bench knobs; production uses the defaults (4 MiB chunks, 8 MiB parts). */
export type BackupSizes = { chunkBytes?: number; partBytes?: number };
export type CreatedBackup = DumpTotals & { sizeBytes: number; parts: number; chunks: number; largestChunkPlaintext: number };

/**
 * Dump → gzip → AES-256-GCM chunks → R2 multipart upload, as one stream. Memory holds one page of
 * rows, one plaintext chunk and one upload part, whatever the size of the database.
 */
export async function writeBackupObject(
  d1: D1Database,
  bucket: R2Bucket,
  target: BackupTarget,
  masterKey: Uint8Array,
  sizes: BackupSizes = {},
  onProgress?: DumpProgress,
): Promise<CreatedBackup> {
  const { header, keys } = await newBackupHeader(masterKey, target.backupId, target.createdAt, sizes.chunkBytes);
  const totals: DumpTotals = { tables: [], rowCount: 0, sha256: "", plaintextBytes: 0 };
  const metadata: Record<string, string> = {
    format: String(FORMAT_VERSION),
    backup_id: target.backupId,
    created_at: header.created_at,
    tag: target.tag,
    // Retention tells scheduled from manual backups by this, even when the backups table is restored.
    ...(target.triggeredBy ? { triggered_by: target.triggeredBy } : {}),
  };
  const upload = await uploadMultipart(
    bucket,
    target.key,
    metadata,
    (write) => writeEncryptedBackup(dumpDatabase(d1, target, totals, onProgress), header, keys, write),
    sizes.partBytes,
  );
  return {
    ...totals,
    sizeBytes: upload.size,
    parts: upload.parts,
    chunks: upload.result.chunks,
    largestChunkPlaintext: upload.result.largestChunkPlaintext,
  };
}
