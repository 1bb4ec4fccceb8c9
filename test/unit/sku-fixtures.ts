import { type CatalogueRow, catalogueFromRows } from "../../src/domain/skus";

/** The rows migration 0002 seeds. */
export const CATALOGUE_ROWS: CatalogueRow[] = [
  {
    sku_key: "singles_0_5g",
    display_name: "0.5g Singles",
    unit_size_grams: 0.5,
    pack_size: 1,
    grams_per_unit: 0.5,
    aliases: '["0.5g","0_5"]',
    sort_order: 1,
  },
  {
    sku_key: "singles_1g",
    display_name: "1.0g Singles",
    unit_size_grams: 1,
    pack_size: 1,
    grams_per_unit: 1,
    aliases: '["singles_1_0g","1.0g","1g","1_0"]',
    sort_order: 2,
  },
  {
    sku_key: "magnetic_box_6pk",
    display_name: "0.5g 6-Pack (Magnetic Box)",
    unit_size_grams: 0.5,
    pack_size: 6,
    grams_per_unit: 3,
    aliases: '["box_0_5g_6pk","6pack","6-Pack Magnetic Box"]',
    sort_order: 3,
  },
  {
    sku_key: "magnetic_box_12pk",
    display_name: "0.5g 12-Pack (Magnetic Box)",
    unit_size_grams: 0.5,
    pack_size: 12,
    grams_per_unit: 6,
    aliases: '["box_0_5g_12pk","12pack","12-Pack Magnetic Box"]',
    sort_order: 4,
  },
];

export const CATALOGUE = catalogueFromRows(CATALOGUE_ROWS);
