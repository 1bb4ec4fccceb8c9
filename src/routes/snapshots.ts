import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { actorOf } from "../auth/middleware";
import {
  CompareBody,
  ComparisonsView,
  CsvMappingAnswer,
  CsvMappingBody,
  ExportBody,
  InsightsBody,
  InsightsView,
  SnapshotCsvView,
  SnapshotHistoryView,
  SnapshotUploaded,
  SnapshotView,
  TimestampParam,
} from "../contracts/snapshots";
import { eventStatement } from "../data/events";
import { readSetting, writeSettingStatement } from "../data/settings";
import {
  CSV_MAPPING_KEY,
  insertSnapshot,
  latestSnapshotTimestamp,
  listSnapshots,
  readSnapshot,
  type StoredSnapshot,
} from "../data/snapshots";
import { compareSnapshots, exportFileName, insightsOf, snapshotCsv } from "../domain/snapshot-compare";
import { buildSnapshot, type CsvMapping, DEFAULT_CSV_MAPPING, parseStoreFile, publicRow, type StoreRow } from "../domain/snapshots";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";

/** Snapshots and recommendations (api.md §9, rules §14). Session only. */
export const snapshots = new Hono<AppEnv>();
const TAG = "Snapshots";
const NOT_FOUND = "Snapshot not found";
const MAX_FILES = 20;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 10_000;

async function readMapping(c: Context<AppEnv>): Promise<CsvMapping> {
  return CsvMappingBody.safeParse(await readSetting(c.var.db, CSV_MAPPING_KEY)).data ?? DEFAULT_CSV_MAPPING;
}

async function snapshotOr404(c: Context<AppEnv>, timestamp: string): Promise<StoredSnapshot> {
  const snap = await readSnapshot(c.var.db, timestamp);
  if (!snap) throw new HTTPException(404, { message: NOT_FOUND });
  return snap;
}

function snapshotBody(snap: StoredSnapshot) {
  return {
    timestamp: snap.timestamp,
    files_processed: snap.files_processed,
    data: {
      combined: snap.rows.filter((r) => r.store === "").map(publicRow),
      stores: snap.stores,
      by_store: snap.rows.filter((r) => r.store !== ""),
    },
  };
}

function fileNameOf(file: File, index: number): string {
  const base = (file.name.split(/[\\/]/).pop() ?? "").trim().slice(0, 200);
  return base || `upload-${index + 1}.csv`;
}

/** Reads `files[]` from a multipart body; every refusal is a 400 and nothing is stored. */
async function readUploadedRows(c: Context<AppEnv>, mapping: CsvMapping): Promise<{ names: string[]; rows: StoreRow[] }> {
  if (!(c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new HTTPException(400, { message: "Upload the CSV files as multipart/form-data in files[]" });
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new HTTPException(400, { message: "The upload could not be read as multipart/form-data" });
  }
  const files = [...form.getAll("files[]"), ...form.getAll("files")].filter((f): f is File => typeof f !== "string");
  if (files.length === 0) throw new HTTPException(400, { message: "No files uploaded" });
  if (files.length > MAX_FILES) throw new HTTPException(400, { message: `At most ${MAX_FILES} files per upload` });
  const names: string[] = [];
  const rows: StoreRow[] = [];
  for (const [i, file] of files.entries()) {
    const name = fileNameOf(file, i);
    if (file.size > MAX_FILE_BYTES) throw new HTTPException(400, { message: `${name} is larger than 2 MB` });
    const parsed = parseStoreFile(name, await file.text(), mapping);
    if (!parsed.ok) throw new HTTPException(400, { message: parsed.reason });
    names.push(name);
    rows.push(...parsed.value);
    if (rows.length > MAX_ROWS) throw new HTTPException(400, { message: `At most ${MAX_ROWS} rows per upload` });
  }
  return { names, rows };
}

defineRoute(
  snapshots,
  {
    method: "post",
    path: "/api/recommendations/upload",
    auth: "session",
    tag: TAG,
    summary: "Upload store CSV files (multipart files[]) as a new snapshot",
    response: { 200: SnapshotUploaded },
    rawBody: true,
    responses: { 400: "No files, or a malformed CSV (the message names the file and line)" },
  },
  async (c) => {
    const { names, rows } = await readUploadedRows(c, await readMapping(c));
    const built = buildSnapshot(rows);
    let at = Date.now();
    // Two uploads in the same millisecond: the later one moves to the next free millisecond.
    for (let attempt = 0; ; attempt++) {
      const timestamp = new Date(at).toISOString();
      try {
        await insertSnapshot(c.var.db, { timestamp, files: names, strainCount: built.combined.length, ...built }, new Date());
        return c.json({
          success: true,
          strain_count: built.combined.length,
          store_count: built.stores.length,
          timestamp,
          files_processed: names,
        });
      } catch (error) {
        if (attempt >= 3 || !String(error).includes("UNIQUE")) throw error;
        at += 1;
      }
    }
  },
);

defineRoute(
  snapshots,
  {
    method: "get",
    path: "/api/recommendations",
    auth: "session",
    tag: TAG,
    summary: "The latest snapshot",
    response: { 200: SnapshotView },
  },
  async (c) => {
    const latest = await latestSnapshotTimestamp(c.var.db);
    // Before the first upload the page gets an empty snapshot rather than an error.
    if (!latest) return c.json({ timestamp: null, files_processed: [], data: { combined: [], stores: [], by_store: [] } });
    return c.json(snapshotBody(await snapshotOr404(c, latest)));
  },
);

defineRoute(
  snapshots,
  {
    method: "get",
    path: "/api/snapshots/history",
    auth: "session",
    tag: TAG,
    summary: "Snapshots, newest first",
    response: { 200: SnapshotHistoryView },
  },
  async (c) => c.json({ snapshots: await listSnapshots(c.var.db) }),
);

defineRoute(
  snapshots,
  {
    method: "get",
    path: "/api/snapshots/csv-mapping",
    auth: "session",
    tag: TAG,
    summary: "The CSV column mapping in use",
    response: { 200: CsvMappingAnswer },
  },
  async (c) => c.json({ mapping: await readMapping(c), default: DEFAULT_CSV_MAPPING }),
);

defineRoute(
  snapshots,
  {
    method: "put",
    path: "/api/snapshots/csv-mapping",
    auth: "session",
    tag: TAG,
    summary: "Change the CSV column mapping",
    response: { 200: CsvMappingAnswer },
    body: CsvMappingBody,
  },
  async (c, { body }) => {
    const now = new Date();
    await c.var.db.batch([
      writeSettingStatement(c.var.db, CSV_MAPPING_KEY, body, now),
      eventStatement(c.var.db, { actor: actorOf(c), action: "snapshot_csv_mapping_updated", details: body }, now),
    ]);
    return c.json({ mapping: body, default: DEFAULT_CSV_MAPPING });
  },
);

defineRoute(
  snapshots,
  {
    method: "get",
    path: "/api/snapshots/:timestamp",
    auth: "session",
    tag: TAG,
    summary: "One snapshot",
    response: { 200: SnapshotView },
    params: TimestampParam,
    responses: { 404: NOT_FOUND },
  },
  async (c, { params }) => c.json(snapshotBody(await snapshotOr404(c, params.timestamp))),
);

function rowsFor(snap: StoredSnapshot, storeFilter: string | undefined) {
  if (!storeFilter) return snap.rows.filter((r) => r.store === "");
  return snap.rows.filter((r) => r.store !== "" && r.store.toLowerCase() === storeFilter.toLowerCase());
}

defineRoute(
  snapshots,
  {
    method: "post",
    path: "/api/snapshots/compare-detailed",
    ability: "read",
    auth: "session",
    tag: TAG,
    summary: "Compare two snapshots per strain",
    response: { 200: ComparisonsView },
    body: CompareBody,
    responses: { 404: `${NOT_FOUND} / Store not found in either snapshot` },
  },
  async (c, { body }) => {
    const older = await snapshotOr404(c, body.timestamp1);
    const newer = await snapshotOr404(c, body.timestamp2);
    const filter = body.store_filter || undefined;
    const before = rowsFor(older, filter);
    const after = rowsFor(newer, filter);
    if (filter && before.length === 0 && after.length === 0)
      throw new HTTPException(404, { message: "Store not found in either snapshot" });
    return c.json({ comparisons: compareSnapshots(before, after) });
  },
);

defineRoute(
  snapshots,
  {
    method: "post",
    path: "/api/snapshots/insights",
    ability: "read",
    auth: "session",
    tag: TAG,
    summary: "What changed between two snapshots",
    response: { 200: InsightsView },
    body: InsightsBody,
    responses: { 404: NOT_FOUND },
  },
  async (c, { body }) => {
    const older = await snapshotOr404(c, body.timestamp1);
    const newer = await snapshotOr404(c, body.timestamp2);
    return c.json({ insights: insightsOf(compareSnapshots(rowsFor(older, undefined), rowsFor(newer, undefined))) });
  },
);

defineRoute(
  snapshots,
  {
    method: "post",
    path: "/api/snapshots/export-csv",
    ability: "read",
    auth: "session",
    tag: TAG,
    summary: "A snapshot as CSV (re-uploadable)",
    response: { 200: SnapshotCsvView },
    body: ExportBody,
    responses: { 404: NOT_FOUND },
  },
  async (c, { body }) => {
    const snap = await snapshotOr404(c, body.timestamp);
    const csv = snapshotCsv(
      snap.rows.filter((r) => r.store !== ""),
      await readMapping(c),
    );
    return c.json({ csv, filename: exportFileName(snap.timestamp) });
  },
);
