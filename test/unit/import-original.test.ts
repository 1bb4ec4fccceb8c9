import { createHash } from "node:crypto";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script module
import { buildImport, readMigrations } from "../../scripts/lib/import-original.mjs";

const migrations = readMigrations(join(import.meta.dirname, "..", "..", "migrations"));

/** A small database in the original's shape (data-model §1), with a column the new schema lacks. */
function originalDatabase() {
  const db = new DatabaseSync(":memory:");
  db.exec(`
    CREATE TABLE batches (id TEXT PRIMARY KEY, strain TEXT, input_grams REAL, target_grams_each REAL, stage INTEGER,
      counts_0_5 INTEGER, archived INTEGER, rate_history TEXT, legacy_only_column TEXT);
    CREATE TABLE audit_log (id INTEGER PRIMARY KEY, batch TEXT, strain TEXT, ts TEXT, field TEXT, old TEXT, new TEXT);
    CREATE TABLE finished_goods (metrc_number TEXT PRIMARY KEY, strain TEXT, initial_grams REAL, current_grams REAL, status TEXT, source_batch_id TEXT);
    CREATE TABLE wholesale_holds (id TEXT PRIMARY KEY, metrc_number TEXT, sku_name TEXT, quantity INTEGER, created_date TEXT, notes TEXT);
    CREATE TABLE inventory (size TEXT PRIMARY KEY, boxes INTEGER, individual_papers INTEGER, low_threshold INTEGER, last_updated TEXT);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT, updated_at TEXT);
    INSERT INTO batches VALUES ('9f1c-uuid', 'Blue Dream', 1000, 1.0, 2, 150, 0, '[{"timestamp":"2026-02-26T10:00:00Z","rate":42.5,"total_count":100}]', 'x');
    INSERT INTO audit_log VALUES (1, '9f1c-uuid', 'Blue Dream', '2026-02-26T10:00:00Z', 'counts_0_5', '0', '150');
    INSERT INTO finished_goods VALUES ('1A406030000B1E2000014149', 'Blue Dream', 500, 350.2, 'active', '9f1c-uuid');
    INSERT INTO wholesale_holds VALUES ('hold-abc123', '1A406030000B1E2000014149', '0.5g Singles', 100, '2026-02-28T10:00:00Z', 'order #456');
    INSERT INTO inventory VALUES ('0_5', 10, 250, 5, '2026-02-28T10:00:00Z');
    INSERT INTO settings VALUES ('allocation', '[40, 30, 30]', '2026-02-01');
    INSERT INTO settings VALUES ('api_key', '"45cf0a80-7502-4cbb-884d-83875fbc2190"', '2026-02-01');
    INSERT INTO settings VALUES ('admin_password_hash', '"$2b$12$abcdefghijklmnopqrstuu5Y8cKkqzHxGzYB8Y0c3aMbcI3hCkm6"', '2026-02-01');
  `);
  return db;
}

describe("import of the original database", () => {
  it("copies rows by column name, keeps ids, and stores the API key only as a hash", () => {
    const { report, target } = buildImport(originalDatabase(), migrations, new Date("2026-03-01T00:00:00Z"));
    expect(report).toMatchObject({
      batches: 1,
      audit_log: 1,
      finished_goods: 1,
      wholesale_holds: 1,
      inventory: 1,
      settings: 2,
      api_keys: 1,
    });
    const batch = target.prepare("SELECT id, strain, counts_0_5, rate_history FROM batches").get();
    expect(batch).toMatchObject({ id: "9f1c-uuid", strain: "Blue Dream", counts_0_5: 150 });
    const key = target.prepare("SELECT key_hash FROM api_keys WHERE revoked_at IS NULL").get() as { key_hash: string };
    expect(key.key_hash).toBe(createHash("sha256").update("45cf0a80-7502-4cbb-884d-83875fbc2190").digest("hex"));
    const settings = target.prepare("SELECT key, value FROM settings ORDER BY key").all();
    expect(settings).toEqual([
      { key: "admin_password_hash", value: JSON.stringify("$2b$12$abcdefghijklmnopqrstuu5Y8cKkqzHxGzYB8Y0c3aMbcI3hCkm6") },
      { key: "allocation", value: "[40, 30, 30]" },
    ]);
    expect(target.prepare("SELECT boxes FROM inventory WHERE size = '0_5'").get()).toEqual({ boxes: 10 });
  });

  it("refuses the whole import when a row breaks a constraint, naming table and row", () => {
    const source = originalDatabase();
    source.exec("INSERT INTO batches VALUES ('bad', 'X', -5, 1.0, 2, 0, 0, NULL, NULL)");
    expect(() => buildImport(source, migrations)).toThrow(/batches row 2: .*CHECK/);
  });
});
