/** Why an Apex call failed; `retryable` kinds were already retried before this was thrown. */
type ApexErrorKind =
  | "config"
  | "auth"
  | "forbidden"
  | "not_found"
  | "rejected"
  | "rate_limited"
  | "credits"
  | "server"
  | "timeout"
  | "network"
  | "bad_reply";

/** One error type for every Apex failure; `message` is written for the sync-status page. */
export class ApexError extends Error {
  constructor(
    readonly kind: ApexErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ApexError";
  }
}
