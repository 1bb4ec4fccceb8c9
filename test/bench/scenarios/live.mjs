// Live dashboards: fan-out from a write to N sockets beside the bare-DO floor. The
// measurement starts its own runtime (a bench-only entry with the floor Durable Object); see
// test/bench/live-bench.mjs, which also runs on its own with `npx node test/bench/live-bench.mjs`.
import { measureLive } from "../live-bench.mjs";

export async function run() {
  return measureLive();
}
