// `npm run bench -- delta-breakdown` (opt-in: the plain `npm run bench` skips it): where the keyed
// count delta's time goes. The same route and requests as `-- batches` (d), each against the write
// floor, with its D1 batch as it is, swapped for as many no-op statements, for one, and answered in
// memory (bench-entry.ts, header X-Bench-D1). The gaps between the rows are the statements' own SQL
// work, the cost of a D1 round trip, and the route's own work.
import { keyedDeltaLua, measureInterleaved } from "../interleaved.mjs";

const MODES = [
  ["its D1 batch", null],
  ["no-op statements in its place", "trivial"],
  ["one no-op statement in its place", "one"],
  ["no D1 batch (answered in memory)", "memory"],
];

export async function run({ db, base, apiKey }) {
  if (process.argv[2] !== "delta-breakdown") return [];
  await db.prepare("UPDATE inventory SET boxes = 100000").run();
  const writeFloor = { url: `${base}/__floor/write`, lua: 'wrk.method = "POST"' };
  const hello = { url: `${base}/__floor/hello`, lua: "" };
  const lua = (mode) => keyedDeltaLua({ "X-API-Key": apiKey, ...(mode ? { "X-Bench-D1": mode } : {}) }, "breakdown");
  const scenarios = MODES.map(([what, mode]) => ({
    name: `count-deltas +1, keyed: ${what}`,
    url: base,
    lua: lua(mode),
    floor: writeFloor,
    floorName: "write",
    target: null,
  }));
  return measureInterleaved(scenarios, hello);
}
