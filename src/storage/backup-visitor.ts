import type { BackupHeader } from "../domain/backup-format";
import type { Cell, HeaderRecord, TableEndRecord, TableRecord } from "../domain/backup-records";

// Apart from the reader so the plaintext checker can take a visitor without importing the reader that uses it.
export type RowBatch = { table: string; columns: string[]; lines: string[]; rows: Cell[][] };

/** What a caller does with a backup while it is read; every hook is awaited (backpressure). */
export type BackupVisitor = {
  onHeader?(manifest: HeaderRecord, file: BackupHeader): Promise<void>;
  onTable?(table: TableRecord): Promise<void>;
  onRows?(batch: RowBatch): Promise<void>;
  onTableEnd?(end: TableEndRecord): Promise<void>;
};
