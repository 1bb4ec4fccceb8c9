-- rules.md §12.1 names the packs "0.5g 6-Pack" and "0.5g 12-Pack"; gaps G-SKU-1 accepts every
-- spelling on input, so those names join each pack's aliases (holds, decrements, settings).
UPDATE sku_catalogue SET aliases = '["box_0_5g_6pk","6pack","6-Pack Magnetic Box","0.5g 6-Pack"]' WHERE sku_key = 'magnetic_box_6pk';
UPDATE sku_catalogue SET aliases = '["box_0_5g_12pk","12pack","12-Pack Magnetic Box","0.5g 12-Pack"]' WHERE sku_key = 'magnetic_box_12pk';
