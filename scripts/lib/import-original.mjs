// One-off import of the original PreRollTracker SQLite database into D1 (decisions 11).
// The statements are first applied to an in-memory copy of the D1 schema (every migration), so a row
// that breaks a constraint stops the import before anything reaches D1: all rows or none.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** Tables copied row for row (original name → D1 name); columns are matched by name. */
const TABLES = [
  ["batches", "batches"],
  ["audit_log", "audit_log"],
  ["finished_goods", "finished_goods"],
  ["finished_goods_history", "finished_goods_history"],
  ["inventory", "inventory"],
  ["inventory_usage", "inventory_usage"],
  ["wholesale_holds", "wholesale_holds"],
  ["preroll_items", "packing_items"],
  ["preroll_items_archive", "packing_items_archive"],
];

/** Settings that hold credentials move to their own stores; the clear API key is never kept. */
const API_KEY_SETTINGS = new Set(["api_key", "API_KEY"]);
const PASSWORD_SETTINGS = new Set(["admin_password_hash", "admin_password", "password_hash"]);
const RECOVERY_SETTINGS = new Set(["recovery_key_hash", "recovery_key"]);

const sqlValue = (v) => {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString("hex")}'`;
  return `'${String(v).replace(/'/g, "''")}'`;
};

export function readMigrations(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

function columnsOf(db, table) {
  return db
    .prepare(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => c.name);
}

function tableExists(db, table) {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** Unwraps a settings value that was JSON-encoded text. */
function settingText(value) {
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === "string" ? parsed : value;
  } catch {
    return value;
  }
}

/**
 * Builds the import: SQL statements plus a report of rows per table. Throws, naming the table and
 * row, when a row would break the D1 schema.
 */
export function buildImport(source, migrations, now = new Date()) {
  const target = new DatabaseSync(":memory:");
  target.exec("PRAGMA foreign_keys = ON");
  for (const sql of migrations) target.exec(sql);
  const statements = [];
  const report = {};
  const apply = (sql, where) => {
    try {
      target.exec(sql);
    } catch (err) {
      throw new Error(`${where}: ${err.message}`);
    }
    statements.push(sql);
  };

  // Rows that the migrations seed (inventory sizes) are replaced by the original's.
  for (const [from, to] of TABLES) {
    if (!tableExists(source, from)) continue;
    const targetCols = new Set(columnsOf(target, to));
    const cols = columnsOf(source, from).filter((c) => targetCols.has(c));
    const rows = source.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(", ")} FROM ${from}`).all();
    rows.forEach((row, index) => {
      const values = cols.map((c) => sqlValue(row[c]));
      apply(`INSERT OR REPLACE INTO ${to} (${cols.join(", ")}) VALUES (${values.join(", ")});`, `${from} row ${index + 1}`);
    });
    report[to] = rows.length;
  }

  if (tableExists(source, "settings")) {
    const at = now.toISOString();
    let settingsCount = 0;
    for (const { key, value } of source.prepare("SELECT key, value FROM settings").all()) {
      if (API_KEY_SETTINGS.has(key)) {
        // Existing clients keep their key: only its hash is stored (rules §1.3, decisions 10).
        const clear = settingText(value);
        const masked = clear.length <= 8 ? "****" : `${clear.slice(0, 4)}${"*".repeat(clear.length - 8)}${clear.slice(-4)}`;
        const hash = createHash("sha256").update(clear).digest("hex");
        apply(`UPDATE api_keys SET revoked_at = '${at}' WHERE revoked_at IS NULL;`, "settings api_key");
        apply(
          `INSERT INTO api_keys (id, key_hash, masked, created_at) VALUES ('${randomUUID()}', '${hash}', ${sqlValue(masked)}, '${at}');`,
          "settings api_key",
        );
        report.api_keys = 1;
        continue;
      }
      const targetKey = PASSWORD_SETTINGS.has(key) ? "admin_password_hash" : RECOVERY_SETTINGS.has(key) ? "recovery_key_hash" : key;
      const stored = targetKey === key ? value : JSON.stringify(settingText(value));
      apply(
        `INSERT INTO settings (key, value, updated_at) VALUES (${sqlValue(targetKey)}, ${sqlValue(stored)}, '${at}') ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;`,
        `settings ${key}`,
      );
      settingsCount++;
    }
    report.settings = settingsCount;
  }
  apply(
    `INSERT INTO event_log (ts, actor, action, details) VALUES ('${now.toISOString()}', 'system', 'original_database_imported', ${sqlValue(JSON.stringify(report))});`,
    "event_log",
  );
  return { statements, report, target };
}
