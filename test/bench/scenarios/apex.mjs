// Apex order sync: its own runtime against the fake Apex server; see test/bench/apex-sync-bench.mjs.
import { measureApexSync } from "../apex-sync-bench.mjs";

export async function run() {
  return measureApexSync();
}
