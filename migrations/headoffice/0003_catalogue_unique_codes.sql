-- A SKU or a barcode names one product across the head office, as it does in each till: two
-- tills adding the same SKU at once would otherwise make a version no till could apply.
CREATE UNIQUE INDEX catalogue_items_sku_idx ON catalogue_items ((data->>'sku')) WHERE kind = 'product';
--> statement-breakpoint
CREATE UNIQUE INDEX catalogue_items_barcode_idx ON catalogue_items ((data->>'barcode')) WHERE kind = 'product' AND data->>'barcode' IS NOT NULL;
