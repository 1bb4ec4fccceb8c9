/** Turning an edit of a batch into the columns to write and the audit rows to keep (rules §2.2–2.4, §2.12). */
import { applyStageChange, STAGE_GROUND, type StageTiming, shouldAutoAdvance, type WorkSession } from "./stages";

export type AuditChange = { field: string; old: string | null; new: string | null };

/** The stored batch as read from D1: JSON columns are still text. */
export type StoredBatch = Readonly<Record<string, unknown>> & {
  stage: number;
  input_grams: number;
  grams_ground: number;
  stage_entered_at: string | null;
  production_start_time: string | null;
  production_end_time: string | null;
  production_duration_hours: number | null;
  production_sessions: string | null;
  current_session_start: string | null;
  total_work_hours: number;
  packaging_status: string;
  packaging_blocked_since: string | null;
  new_metrc_created: number;
  new_metrc_number: string | null;
  origin_metrc_number: string | null;
};

type EditPlan = { ok: true; set: Record<string, unknown>; audits: AuditChange[] } | { ok: false; reason: string };

/** Columns holding JSON text: edits arrive as values and are stored serialized. */
const JSON_COLUMNS = new Set(["source_materials", "centrifuge_settings_by_size", "test_results", "production_sessions"]);
const METRC_FIELDS = ["new_metrc_created", "new_metrc_number", "origin_metrc_number"];
const TIMING_FIELDS = [
  "stage_entered_at",
  "production_start_time",
  "production_end_time",
  "production_duration_hours",
  "production_sessions",
  "current_session_start",
  "total_work_hours",
] as const;

/** Values as the audit log keeps them: text, or null. */
function toAuditText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** One audit change per column of `set` whose value differs from the stored one. */
export function diffFields(row: StoredBatch, set: Readonly<Record<string, unknown>>): AuditChange[] {
  const changes: AuditChange[] = [];
  for (const [field, value] of Object.entries(set)) {
    const before = toAuditText(row[field]);
    const after = toAuditText(value);
    if (before !== after) changes.push({ field, old: before, new: after });
  }
  return changes;
}

function parseSessions(text: string | null): WorkSession[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((s): s is WorkSession => typeof s === "object" && s !== null && typeof s.start === "string")
      : [];
  } catch {
    return [];
  }
}

function timingOf(row: StoredBatch): StageTiming {
  return {
    stage: row.stage,
    stage_entered_at: row.stage_entered_at,
    production_start_time: row.production_start_time,
    production_end_time: row.production_end_time,
    production_duration_hours: row.production_duration_hours,
    production_sessions: parseSessions(row.production_sessions),
    current_session_start: row.current_session_start,
    total_work_hours: row.total_work_hours,
  };
}

/** "METRC number consistency" (rules §2.2), checked on the batch as it would be after the edit. */
export function checkMetrc(next: Readonly<Record<string, unknown>>): string | null {
  if (next.new_metrc_created === 1 && !next.new_metrc_number) return "new_metrc_number is required when new_metrc_created is 1";
  if (next.origin_metrc_number && next.origin_metrc_number === next.new_metrc_number) {
    return "origin_metrc_number and new_metrc_number must be different";
  }
  return null;
}

/**
 * Plans an edit of validated `changes` (count columns excluded: they go through the counts write).
 * Audit rows cover the fields the user changed, plus `stage_auto_advanced`; the timing columns a
 * stage change moves (sessions, start/end times) follow from the `stage` row and are not logged.
 */
export function planBatchEdit(row: StoredBatch, changes: Readonly<Record<string, unknown>>, now: Date): EditPlan {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) set[key] = JSON_COLUMNS.has(key) && value !== null ? JSON.stringify(value) : value;
  }
  const next = { ...row, ...set };
  if (METRC_FIELDS.some((f) => f in set)) {
    const reason = checkMetrc(next);
    if (reason) return { ok: false, reason };
  }
  const audits = diffFields(row, set);
  let timing = timingOf(row);
  if (typeof set.stage === "number") {
    timing = applyStageChange(timing, set.stage, now);
  } else if (
    ("grams_ground" in set || "input_grams" in set) &&
    shouldAutoAdvance(row.stage, Number(next.grams_ground), Number(next.input_grams))
  ) {
    timing = applyStageChange(timing, STAGE_GROUND, now);
    set.stage = STAGE_GROUND;
    audits.push({ field: "stage_auto_advanced", old: String(row.stage), new: String(STAGE_GROUND) });
  }
  if (timing.stage !== row.stage) {
    for (const field of TIMING_FIELDS) {
      if (field in changes) continue;
      set[field] = field === "production_sessions" ? JSON.stringify(timing.production_sessions) : timing[field];
    }
  }
  if ("packaging_status" in set && set.packaging_status !== row.packaging_status && !("packaging_blocked_since" in changes)) {
    // The block began when the status first left "available"; going back to it clears the block.
    if (set.packaging_status === "available") set.packaging_blocked_since = null;
    else if (row.packaging_status === "available" || !row.packaging_blocked_since) set.packaging_blocked_since = now.toISOString();
  }
  for (const key of Object.keys(set)) if (toAuditText(set[key]) === toAuditText(row[key])) delete set[key];
  return { ok: true, set, audits };
}
