// Types for pushover-server.mjs.
import type { FakePushover, FakePushoverOptions } from "./pushover-core.mjs";

export function startFakePushover(
  options?: number | (FakePushoverOptions & { port?: number; host?: string; quiet?: boolean }),
): Promise<{ url: string; port: number; fake: FakePushover; close: () => Promise<void> }>;
