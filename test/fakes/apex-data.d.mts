// Types for apex-data.mjs.
import type { FakeApex, FakeOrder, FakeOrderSpec } from "./apex-core.mjs";

export function apexTime(ms: number): string;
export const DEAL_FLOWS: { id: number; name: string; order_statuses: { id: number; name: string }[] }[];
export function makeOrder(spec: FakeOrderSpec, atMs: number): FakeOrder;
export const DEMO_STRAINS: string[];
export const DEMO_SKUS: string[];
export function demoProductName(strain: string, sku: string): string;
export function seedDemo(fake: FakeApex, nowMs: number): void;
export function seedBulkOrders(fake: FakeApex, options: { orders: number; linesPerOrder?: number; firstId?: number }): void;
