import { z } from "zod";

/** Response schemas of the finished-goods endpoints (api.md §4). */

/** One package with its figures. JSON columns come back parsed, as stored (null when empty or unreadable). */
export const PackageView = z.object({
  metrc_number: z.string(),
  strain: z.string(),
  initial_grams: z.number(),
  current_grams: z.number(),
  status: z.enum(["active", "depleted", "archived", "orphaned"]),
  created_date: z.string().nullable(),
  updated_date: z.string().nullable(),
  notes: z.string().nullable(),
  source_batch_id: z.string().nullable(),
  grams_ordered: z.number(),
  grams_packed: z.number(),
  grams_packed_lifetime: z.number(),
  grams_fulfilled: z.number(),
  sku_breakdown: z.unknown(),
  apex_auto_inventory: z.number(),
  apex_units: z.unknown(),
  apex_sku_settings: z.unknown(),
  custom_skus: z.unknown(),
  physical_grams_override: z.number().nullable(),
  effective_grams: z.number(),
  available_grams: z.number(),
  held_grams: z.number(),
  has_physical_override: z.boolean(),
  /** Held units per SKU display name. */
  wholesale_holds: z.record(z.string(), z.number()),
  /** Apex units per SKU display name. */
  apex_calculated_units: z.record(z.string(), z.number()),
});
export type PackageView = z.infer<typeof PackageView>;

export const FinishedGoodsSummary = z.object({
  total_packages: z.number(),
  active_packages: z.number(),
  depleted_packages: z.number(),
  archived_packages: z.number(),
  orphaned_packages: z.number(),
  total_grams: z.number(),
  total_available_grams: z.number(),
  total_strains: z.number(),
});
export type FinishedGoodsSummary = z.infer<typeof FinishedGoodsSummary>;

export const FinishedGoodsList = z.object({
  packages: z.array(PackageView),
  total: z.number(),
  summary: FinishedGoodsSummary,
  settings: z.object({
    warning_grams: z.number(),
    critical_grams: z.number(),
    skus: z.array(z.object({ sku_key: z.string(), display_name: z.string(), grams_per_unit: z.number(), pack_size: z.number() })),
  }),
});
export type FinishedGoodsList = z.infer<typeof FinishedGoodsList>;

const HistoryFigures = {
  timestamp: z.string(),
  change_type: z.string(),
  current_grams: z.number(),
  grams_ordered: z.number(),
  grams_packed: z.number(),
  grams_fulfilled: z.number(),
  status: z.string(),
  /** The change's details as stored (JSON text). */
  details: z.string().nullable(),
};
export const RecentChangesView = z.object({
  history: z.array(z.object({ metrc_number: z.string(), ...HistoryFigures })),
  total: z.number(),
});
export const PackageHistoryView = z.object({
  metrc_number: z.string(),
  strain: z.string(),
  history: z.array(
    z.object({ ...HistoryFigures, grams_changed: z.number().nullable(), reason: z.string().nullable(), source: z.string().nullable() }),
  ),
  total_changes: z.number(),
});
export const CalculatorView = z.object({
  input_grams: z.number(),
  primary_sizes: z.record(z.string(), z.number()),
  custom_sizes: z.record(z.string(), z.number()),
});
/** Per METRC tag of every Apex-ON live package. */
export const ApexUnitsByPackage = z.record(
  z.string(),
  z.object({
    strain: z.string(),
    available_grams: z.number(),
    units: z.object({ singles_0_5g: z.number(), singles_1g: z.number(), magnetic_box_6pk: z.number(), magnetic_box_12pk: z.number() }),
  }),
);

export const PackageCreated = z.object({ success: z.literal(true), message: z.string(), package: PackageView });
export const PackageUpdated = z.object({ success: z.literal(true), updated_fields: z.array(z.string()), package: PackageView });
/** Archived, orphaned, restored (with the new status) or deleted (with the holds released). */
export const PackageRemoved = z.object({
  success: z.literal(true),
  message: z.string(),
  status: z.string().optional(),
  holds_released: z.number().optional(),
});

const Changed = { success: z.literal(true), metrc_number: z.string() };
export const Deducted = z.object({ ...Changed, previous_grams: z.number(), current_grams: z.number(), deducted_grams: z.number() });
export const Added = z.object({ ...Changed, previous_grams: z.number(), current_grams: z.number(), added_grams: z.number() });
export const OverrideSet = z.object({
  success: z.literal(true),
  physical_grams_override: z.number().nullable(),
  effective_grams: z.number(),
  current_grams: z.number(),
  has_physical_override: z.boolean(),
});
export const Ordered = z.object({ ...Changed, grams_ordered: z.number(), current_grams: z.number() });
export const OrderedSet = z.object({ ...Changed, grams_ordered: z.number() });
export const PackedSet = z.object({ ...Changed, grams_packed: z.number() });
export const Synced = z.object({ ...Changed, grams_ordered: z.number(), grams_packed: z.number() });
export const OrderCompleted = z.object({
  ...Changed,
  previous_grams_ordered: z.number(),
  current_grams_ordered: z.number(),
  previous_grams_packed: z.number(),
  current_grams_packed: z.number(),
  previous_grams_fulfilled: z.number(),
  current_grams_fulfilled: z.number(),
  previous_grams: z.number(),
  current_grams: z.number(),
  order_id: z.string().optional(),
});
export const Packed = z.object({
  ...Changed,
  previous_grams: z.number(),
  current_grams: z.number(),
  /** What this call packed (api.md); the package's running total is current_grams_packed. */
  grams_packed: z.number(),
  previous_grams_packed: z.number(),
  current_grams_packed: z.number(),
  grams_ordered: z.number(),
});

const CalculatedUnits = z.object({
  units: z.number(),
  grams_used: z.number(),
  excluded: z.boolean(),
  manual: z.boolean(),
  held: z.number(),
  sku_key: z.string(),
});
const ApexCalculation = {
  available_grams: z.number(),
  /** Per SKU display name. */
  calculated_units: z.record(z.string(), CalculatedUnits),
  total_grams_allocated: z.number(),
  remaining_grams: z.number(),
};
export const SkusSet = z.object({
  ...Changed,
  skus: z.array(z.object({ product_name: z.string(), unit_size: z.string(), pack_size: z.number(), packs_ordered: z.number() })),
  total_grams: z.number(),
});
export const ApexAutoSet = z.object({ ...Changed, apex_auto_inventory: z.boolean() });
/** The unit counts that were set, by field. */
export const ApexUnitsSet = z.object({
  ...Changed,
  singles_0_5g: z.number().optional(),
  singles_1g: z.number().optional(),
  magnetic_box_6pk: z.number().optional(),
  magnetic_box_12pk: z.number().optional(),
});
const SkuSetting = z.object({ excluded: z.boolean().optional(), manual_units: z.number().nullable().optional() });
/** The stored settings, and the new calculation when `auto_calculate` was asked for. */
export const ApexSettingsSet = z.object({
  ...Changed,
  settings: z.record(z.string(), SkuSetting),
  available_grams: z.number().optional(),
  calculated_units: z.record(z.string(), CalculatedUnits).optional(),
  total_grams_allocated: z.number().optional(),
  remaining_grams: z.number().optional(),
});
export const ApexCalculateView = z.object({ ...Changed, ...ApexCalculation });
export const ApexDecremented = z.union([
  z.object({
    ...Changed,
    sku: z.string(),
    sku_key: z.string(),
    units_decremented: z.number(),
    previous_units: z.number(),
    current_units: z.number(),
    idempotency_key: z.string(),
  }),
  /** The same idempotency key again: nothing applied. */
  z.object({ success: z.literal(true), duplicate: z.literal(true), message: z.string(), idempotency_key: z.string() }),
]);

const CustomSku = z.object({
  unit_size: z.string().optional(),
  pack_size: z.number().optional(),
  display_name: z.string().optional(),
  name: z.string().optional(),
  grams_per_unit: z.number().optional(),
});
export const CustomSkusView = z.object({
  ...Changed,
  custom_skus: z.record(z.string(), CustomSku),
  effective_skus: z.record(
    z.string(),
    z.object({
      unit_size: z.string(),
      pack_size: z.number(),
      source: z.string(),
      grams_per_unit: z.number(),
      sku_key: z.string(),
      display_name: z.string(),
    }),
  ),
});
export const CustomSkusSet = z.object({ ...Changed, custom_skus: z.record(z.string(), CustomSku).nullable() });
export const CustomSkuSet = z.object({ ...Changed, sku_key: z.string(), sku_def: CustomSku });
export const CustomSkuDeleted = z.object({ ...Changed, deleted_sku: z.string() });
