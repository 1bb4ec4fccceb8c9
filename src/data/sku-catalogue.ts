import { skuCatalogue } from "../db/schema";
import { catalogueFromRows, type Sku } from "../domain/skus";
import type { Db } from "../env";

/**
 * The default SKUs. The catalogue is seeded by migration and no endpoint changes it, so an isolate
 * keeps it for a minute instead of reading it on every request.
 */
const TTL_MS = 60_000;
let cached: { at: number; skus: Promise<Sku[]> } | null = null;

export function loadCatalogue(db: Db): Promise<Sku[]> {
  const now = Date.now();
  if (cached && now - cached.at < TTL_MS) return cached.skus;
  const skus = db
    .select()
    .from(skuCatalogue)
    .then((rows) => catalogueFromRows(rows));
  const entry = { at: now, skus };
  cached = entry;
  // A failed read must not be remembered.
  skus.catch(() => {
    if (cached === entry) cached = null;
  });
  return skus;
}
