// Demo data for a fresh local database: a dozen batches across all stages, a few finished-goods
// packages and paper stock. Deterministic apart from "now", so the numbers stay sensible.
import { sqlText } from "../lib/local.mjs";

const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString();

const STRAINS = [
  // strain, stage, input g, counts [0.5, 0.7, 1.0], planned, hours worked, days in stage
  ["Blue Dream", 0, 1200, [0, 0, 0], [960, 514, 360], 0, 1],
  ["OG Kush", 1, 900, [0, 0, 0], [720, 385, 270], 0, 2],
  ["Gelato", 2, 1000, [150, 100, 200], [400, 200, 400], 4.5, 1],
  ["Wedding Cake", 2, 800, [320, 0, 150], [640, 0, 320], 6, 2],
  ["Runtz", 2, 600, [90, 60, 40], [480, 257, 180], 1.5, 0],
  ["Sour Diesel", 3, 1000, [800, 428, 300], [800, 428, 300], 13, 1],
  ["Gorilla Glue", 4, 750, [600, 321, 225], [600, 321, 225], 10, 3],
  ["Zkittlez", 4, 500, [400, 0, 300], [400, 0, 300], 7, 1],
  ["Jack Herer", 5, 1100, [880, 471, 330], [880, 471, 330], 14, 1],
  ["Pineapple Express", 6, 950, [760, 407, 285], [760, 407, 285], 12.5, 2],
  ["Northern Lights", 7, 1000, [800, 428, 300], [800, 428, 300], 13.5, 4],
  ["Granddaddy Purple", 7, 700, [560, 300, 210], [560, 300, 210], 9, 6],
];

function rateHistory(totalCount, hours, endMs) {
  if (hours <= 0 || totalCount <= 0) return null;
  const points = Math.max(2, Math.min(8, Math.round(hours)));
  return Array.from({ length: points }, (_, i) => {
    const share = (i + 1) / points;
    const count = Math.round(totalCount * share);
    const workedHours = hours * share;
    return { timestamp: iso(endMs - (points - 1 - i) * HOUR), rate: Math.round((count / workedHours) * 10) / 10, total_count: count };
  });
}

function rateMetrics(history) {
  if (!history) return null;
  const rates = history.map((p) => p.rate);
  const average = rates.reduce((a, b) => a + b, 0) / rates.length;
  return {
    current_rate: rates.at(-1),
    average_rate: Math.round(average * 10) / 10,
    peak_rate: Math.max(...rates),
    smoothed_rate: rates.at(-1),
    trend: "stable",
    confidence: Math.min(1, rates.length / 10),
    sample_count: rates.length,
  };
}

export function coreSeedSql(nowMs = Date.now()) {
  const out = [];
  STRAINS.forEach(([strain, stage, input, counts, planned, hours, daysInStage], index) => {
    const id = `demo-batch-${String(index + 1).padStart(2, "0")}`;
    const total = counts[0] + counts[1] + counts[2];
    const stageEntered = nowMs - daysInStage * 24 * HOUR - 2 * HOUR;
    const started = stage >= 2 ? stageEntered - hours * HOUR : null;
    const history = stage >= 2 ? rateHistory(total, hours, stage === 2 ? nowMs - HOUR : stageEntered) : null;
    const rate = history ? history.at(-1).rate : null;
    const sessions =
      stage >= 3 && started
        ? [{ start: iso(started), end: iso(started + hours * HOUR) }]
        : stage === 2 && hours > 2
          ? [{ start: iso(started), end: iso(started + 2 * HOUR) }]
          : [];
    const openSession = stage === 2 ? iso(nowMs - Math.max(0.5, hours - (sessions.length ? 2 : 0)) * HOUR) : null;
    const closedHours = sessions.reduce((sum, s) => sum + (Date.parse(s.end) - Date.parse(s.start)) / HOUR, 0);
    const cols = {
      id,
      strain,
      input_grams: input,
      target_grams_each: 0.5,
      grams_ground: stage >= 1 ? input : Math.round(input * 0.4),
      stage,
      display_order: index,
      counts_0_5: counts[0],
      counts_0_7: counts[1],
      counts_1_0: counts[2],
      _last_inventory_consumed_0_5: counts[0],
      _last_inventory_consumed_0_7: counts[1],
      _last_inventory_consumed_1_0: counts[2],
      planned_0_5: planned[0],
      planned_0_7: planned[1],
      planned_1_0: planned[2],
      harvest_date: iso(nowMs - (30 + index * 3) * 24 * HOUR).slice(0, 10),
      bay_number: `Bay ${1 + (index % 4)}`,
      grind_size: ["fine", "medium", "coarse"][index % 3],
      thc_percent: 18 + (index % 7),
      production_start_time: started ? iso(started) : null,
      production_end_time: stage >= 3 && started ? iso(started + hours * HOUR) : null,
      production_duration_hours: stage >= 3 ? hours : null,
      production_sessions: sessions.length ? JSON.stringify(sessions) : null,
      current_session_start: openSession,
      total_work_hours: stage >= 3 ? hours : closedHours,
      cached_production_rate: rate,
      rate_calculation_time: rate ? iso(nowMs - HOUR) : null,
      rate_history: history ? JSON.stringify(history) : null,
      rate_metrics: history ? JSON.stringify(rateMetrics(history)) : null,
      last_rate_update: history ? history.at(-1).timestamp : null,
      centrifuge_rpm: stage >= 2 ? 2000 + (index % 4) * 100 : null,
      centrifuge_time_seconds: stage >= 2 ? 15 : null,
      centrifuge_cycles: stage >= 2 ? 2 : null,
      centrifuge_fill_gauge_cycle1: stage >= 2 ? 8 : null,
      centrifuge_fill_gauge_cycle2: stage >= 2 ? 6 : null,
      centrifuge_machine: stage >= 2 ? (index % 2 ? "lab_geek" : "silver_bullet") : null,
      testing_status: stage === 4 ? "sample_sent" : stage >= 5 ? "test_passed" : "none",
      test_date: stage >= 4 ? iso(stageEntered).slice(0, 10) : null,
      testing_lab: stage >= 4 ? "Cascade Labs" : null,
      running_yield_0_5: stage >= 3 ? 95 + (index % 4) : 0,
      new_metrc_created: stage >= 6 ? 1 : 0,
      new_metrc_number: stage >= 6 ? `1A4060300000DEMO000000${String(index).padStart(2, "0")}` : null,
      packaged_singles: stage === 7 ? Math.round(total * 0.6) : 0,
      packaged_6_packs: stage === 7 ? Math.floor((total * 0.4) / 6) : 0,
      stage_entered_at: iso(stageEntered),
    };
    const names = Object.keys(cols);
    out.push(
      `INSERT OR IGNORE INTO batches (${names.join(", ")}) VALUES (${names.map((n) => (typeof cols[n] === "number" ? cols[n] : sqlText(cols[n]))).join(", ")});`,
    );
    out.push(
      `INSERT INTO audit_log (batch, strain, ts, field, old, new, actor) VALUES (${sqlText(id)}, ${sqlText(strain)}, '${iso(stageEntered)}', 'stage', ${stage > 0 ? `'${stage - 1}'` : "NULL"}, '${stage}', 'system');`,
    );
    if (total > 0) {
      // Count changes over the last few days feed "today" figures and production history.
      for (const [size, count] of [
        ["0_5", counts[0]],
        ["0_7", counts[1]],
        ["1_0", counts[2]],
      ]) {
        if (count === 0) continue;
        const half = Math.floor(count / 2);
        const firstTs = stage === 2 ? nowMs - HOUR * 3 : stageEntered - HOUR * 6;
        out.push(
          `INSERT INTO audit_log (batch, strain, ts, field, old, new, actor) VALUES (${sqlText(id)}, ${sqlText(strain)}, '${iso(firstTs)}', 'counts_${size}', '0', '${half}', 'api_key');`,
        );
        out.push(
          `INSERT INTO audit_log (batch, strain, ts, field, old, new, actor) VALUES (${sqlText(id)}, ${sqlText(strain)}, '${iso(firstTs + HOUR)}', 'counts_${size}', '${half}', '${count}', 'api_key');`,
        );
      }
    }
  });

  const packages = [
    ["1A4060300000DEMO00000010", "Northern Lights", 1015, 820, "demo-batch-11", 200, 100, 0],
    ["1A4060300000DEMO00000011", "Granddaddy Purple", 700, 655.5, "demo-batch-12", 0, 0, 44.5],
    ["1A4060300000DEMO00000009", "Pineapple Express", 950, 950, "demo-batch-10", 0, 0, 0],
    ["1A406030000B1E2000014149", "Blue Dream", 500, 350.2, null, 100, 80, 75],
    // Every strain the fake Apex's demo orders ask for has a package, so a new user can pack and scan at once.
    ["1A4060300000DEMO00000020", "Gelato", 800, 800, null, 0, 0, 0],
  ];
  for (const [metrc, strain, initial, current, source, ordered, packed, fulfilled] of packages) {
    out.push(
      `INSERT OR IGNORE INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date, notes, source_batch_id, grams_ordered, grams_packed, grams_packed_lifetime, grams_fulfilled, apex_auto_inventory) VALUES ('${metrc}', ${sqlText(strain)}, ${initial}, ${current}, 'active', '${iso(nowMs - 5 * 24 * HOUR)}', '${iso(nowMs - HOUR)}', 'Demo package', ${sqlText(source)}, ${ordered}, ${packed}, ${packed}, ${fulfilled}, 1);`,
      `INSERT INTO finished_goods_history (metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details) VALUES ('${metrc}', '${iso(nowMs - 5 * 24 * HOUR)}', 'created', ${initial}, 0, 0, 0, 'active', '{"reason":"initial package creation","source":"seed"}');`,
    );
  }

  out.push(
    `UPDATE inventory SET boxes = 12, individual_papers = 347, last_updated = '${iso(nowMs)}' WHERE size = '0_5';`,
    `UPDATE inventory SET boxes = 4, individual_papers = 120, last_updated = '${iso(nowMs)}' WHERE size = '0_7';`,
    `UPDATE inventory SET boxes = 9, individual_papers = 800, last_updated = '${iso(nowMs)}' WHERE size = '1_0';`,
  );
  for (let day = 1; day <= 14; day++) {
    const ts = iso(nowMs - day * 24 * HOUR);
    out.push(
      `INSERT INTO inventory_usage (size, timestamp, papers_used, batch_id) VALUES ('0_5', '${ts}', ${300 + day * 7}, NULL), ('0_7', '${ts}', ${150 + day * 3}, NULL), ('1_0', '${ts}', ${120 + day * 5}, NULL);`,
    );
  }
  return `${out.join("\n")}\n`;
}
