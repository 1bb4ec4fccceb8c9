/** The wholesale API's answers (api.md §5) as the page reads them. */
type SkuFigure = { units: number; available: number; held: number; sku_key: string };
type WholesalePackage = {
  metrc_number: string;
  status: string;
  available_grams: number;
  held_grams: number;
  skus: Record<string, SkuFigure>;
};
type StrainGroup = { strain: string; packages: WholesalePackage[]; available_grams: number; skus: Record<string, SkuFigure> };
export type Inventory = { success: boolean; strains: StrainGroup[] };
export type Hold = {
  id: string;
  metrc_number: string;
  sku_name: string;
  sku_key: string | null;
  quantity: number;
  created_date: string;
  notes: string | null;
  strain: string | null;
};
export type Holds = { success: boolean; holds: Hold[] };
export type HoldTarget = { strain: string; metrc: string; sku: string; available: number };

export const INVENTORY_PATH = "/api/wholesale/inventory";
export const HOLDS_PATH = "/api/wholesale/holds";
export const TOPICS = ["wholesale", "finished-goods"] as const;

export const tail = (metrc: string) => `…${metrc.slice(-5)}`;

/** Grams of one unit from a SKU definition (`unit_size` "0.5g" × `pack_size`). */
export function gramsPerUnit(def: { unit_size?: string; pack_size?: number } | undefined): number | null {
  const size = def?.unit_size ? Number.parseFloat(def.unit_size) : Number.NaN;
  if (!Number.isFinite(size) || size <= 0) return null;
  return size * (def?.pack_size ?? 1);
}
