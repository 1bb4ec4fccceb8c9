export * from "./batches";
export * from "./finished-goods";
export * from "./inventory-and-settings";
export * from "./auth";
export * from "./production-analytics";
export * from "./packing";
export * from "./jobs-and-backups";
