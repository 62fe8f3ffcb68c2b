CREATE INDEX `products_name_key_idx` ON `products` (`name_key`,`id`);--> statement-breakpoint
CREATE INDEX `products_sku_nocase_idx` ON `products` ("sku" collate nocase);--> statement-breakpoint
CREATE INDEX `products_barcode_nocase_idx` ON `products` ("barcode" collate nocase);--> statement-breakpoint
-- Substring search over product names, by the product's rowid (nothing VACUUMs the store and
-- backups copy pages, so rowids stay). The body is name_key (already lower-cased, so the
-- tokenizer folds nothing more) and two char(1) pads, so that every character of a name starts
-- a trigram: a 1–2 character search finds its names through products_search_terms.
CREATE VIRTUAL TABLE `products_search` USING fts5(`body`, content='', contentless_delete=1, tokenize='trigram case_sensitive 1');--> statement-breakpoint
CREATE VIRTUAL TABLE `products_search_terms` USING fts5vocab(`products_search`, 'instance');--> statement-breakpoint
INSERT INTO `products_search` (rowid, body) SELECT rowid, name_key || char(1, 1) FROM `products`;--> statement-breakpoint
-- Triggers, so every writer (the services, imports, the bench seed) keeps the index in step.
CREATE TRIGGER `products_search_insert` AFTER INSERT ON `products` BEGIN
  INSERT INTO `products_search` (rowid, body) VALUES (new.rowid, new.name_key || char(1, 1));
END;--> statement-breakpoint
CREATE TRIGGER `products_search_update` AFTER UPDATE OF name_key ON `products` WHEN old.name_key IS NOT new.name_key BEGIN
  DELETE FROM `products_search` WHERE rowid = old.rowid;
  INSERT INTO `products_search` (rowid, body) VALUES (new.rowid, new.name_key || char(1, 1));
END;--> statement-breakpoint
CREATE TRIGGER `products_search_delete` AFTER DELETE ON `products` BEGIN
  DELETE FROM `products_search` WHERE rowid = old.rowid;
END;
