// Shared by the bench scenarios that write their own wrk Lua (rising counts, per-request query
// strings): one wrk run, and the interleaved hello / floor / scenario rounds that give a row.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/local.mjs";

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
export const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "10").split(",").map(Number);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const headerLua = (headers) =>
  Object.entries(headers)
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join("\n");

/**
 * wrk Lua for the plan page's tap: POST a +1 count delta to demo-batch-04 with a fresh
 * Idempotency-Key per request (`prefix` keeps runs apart), sending `headers` as well.
 */
export const keyedDeltaLua = (headers, prefix) => `wrk.method = "POST"
${headerLua({ ...headers, "Content-Type": "application/json" })}
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
prefix = "${prefix}-" .. os.time() .. "-" .. math.random(1, 1000000000) .. "-"
n = 0
request = function()
  n = n + 1
  wrk.headers["Idempotency-Key"] = prefix .. n
  return wrk.format(nil, "/api/batch/demo-batch-04/count-deltas", nil, '{"size":"0_5","delta":1}')
end`;

/** One wrk run with a Lua script; `lua` may generate each request. */
export function wrkLua(url, lua, concurrency, seconds = SECONDS) {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const script = join(ROOT, ".tmp", `wrk-${process.pid}.lua`);
  writeFileSync(script, lua);
  const out = execFileSync("wrk", ["-t1", `-c${concurrency}`, `-d${seconds}s`, "--latency", "-s", script, url], { encoding: "utf8" });
  const ms = (p) => {
    const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : null;
  };
  return {
    rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0),
    p50: ms(50),
    p99: ms(99),
    non2xx: Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0),
  };
}

/**
 * Each scenario `{name, url, lua, floor, floorName, target}` at each concurrency: a warm-up, then
 * ROUNDS of hello, floor, scenario in turn; medians and the min–max of the floor ratio.
 */
export function measureInterleaved(scenarios, hello, extra = {}) {
  const out = [];
  for (const s of scenarios) {
    for (const c of CONCURRENCY) {
      wrkLua(s.url, s.lua, c, 1);
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) {
        const h = wrkLua(hello.url, hello.lua, c);
        const f = s.floor === hello ? h : wrkLua(s.floor.url, s.floor.lua, c);
        const x = wrkLua(s.url, s.lua, c);
        runs.push({ h, f, x });
      }
      const ratios = runs.map((r) => r.x.rps / r.f.rps);
      const row = {
        name: s.name,
        concurrency: c,
        rps: round(median(runs.map((r) => r.x.rps)), 1),
        p50_ms: median(runs.map((r) => r.x.p50)),
        p99_ms: median(runs.map((r) => r.x.p99)),
        ratio_to_hello: round(median(runs.map((r) => r.x.rps / r.h.rps))),
        floor: s.floorName,
        floor_rps: round(median(runs.map((r) => r.f.rps)), 1),
        ratio_to_floor: round(median(ratios)),
        ratio_min: round(Math.min(...ratios)),
        ratio_max: round(Math.max(...ratios)),
        non_2xx: runs.reduce((n, r) => n + r.x.non2xx, 0),
        target: s.target,
        ...extra,
      };
      row.met = row.target === null ? null : row.ratio_to_floor >= row.target && row.non_2xx === 0;
      out.push(row);
    }
  }
  return out;
}
