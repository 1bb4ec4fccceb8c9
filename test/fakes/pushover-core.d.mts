// Types for pushover-core.mjs.
export type FakePushoverMessage = Record<string, string> & { request: string; received_at: string };
export type FakePushoverOptions = { token?: string | null; user?: string | null; limit?: number };
export type FakePushover = {
  handle(request: Request): Promise<Response>;
  readonly messages: FakePushoverMessage[];
  failNext(count?: number, status?: number): void;
  reset(): void;
};
export function createFakePushover(options?: FakePushoverOptions): FakePushover;
