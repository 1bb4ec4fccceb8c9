export * from "./auth";
export * from "./batches";
export * from "./finished-goods";
export * from "./idempotency";
export * from "./inventory-and-settings";
export * from "./jobs-and-backups";
export * from "./packing";
export * from "./production-analytics";
