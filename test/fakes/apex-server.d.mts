// Types for apex-server.mjs.
import type { FakeApex, FakeApexOptions } from "./apex-core.mjs";

export function startFakeApex(
  options?: FakeApexOptions & { port?: number; host?: string; demo?: boolean; quiet?: boolean },
): Promise<{ url: string; port: number; fake: FakeApex; close: () => Promise<void> }>;
