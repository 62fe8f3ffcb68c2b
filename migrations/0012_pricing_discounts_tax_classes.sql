CREATE TABLE `tax_class_rates` (
	`class_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`rate_bp` integer NOT NULL,
	PRIMARY KEY(`class_id`, `effective_from`),
	FOREIGN KEY (`class_id`) REFERENCES `tax_classes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tax_classes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `credit_notes` ADD `price_basis` text DEFAULT 'net' NOT NULL;--> statement-breakpoint
ALTER TABLE `credit_notes` ADD `discount_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `price_basis` text DEFAULT 'net' NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `discount` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `discount_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `approved_by_name` text;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `list_price` integer;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `price_reason` text;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `tax_class_id` text;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `discount` text;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `line_discount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `order_discount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `price_basis` text DEFAULT 'net' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `approved_by` text;--> statement-breakpoint
ALTER TABLE `products` ADD `tax_class_id` text REFERENCES tax_classes(id);--> statement-breakpoint
ALTER TABLE `products` ADD `open_price` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `cost` integer;--> statement-breakpoint
ALTER TABLE `returned_lines` ADD `credited_discount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing products move to tax classes made from their current rates, in force since always.
INSERT INTO `tax_classes` (`id`, `name`, `archived`, `created_at`, `updated_at`)
  SELECT 'tax-class-' || `tax_rate_bp`, CASE WHEN `tax_rate_bp` = 0 THEN 'Zero' ELSE 'Tax ' || printf('%g', `tax_rate_bp` / 100.0) || ' %' END, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT DISTINCT `tax_rate_bp` FROM `products`);--> statement-breakpoint
INSERT INTO `tax_class_rates` (`class_id`, `effective_from`, `rate_bp`)
  SELECT 'tax-class-' || `tax_rate_bp`, '1970-01-01', `tax_rate_bp` FROM (SELECT DISTINCT `tax_rate_bp` FROM `products`);--> statement-breakpoint
UPDATE `products` SET `tax_class_id` = 'tax-class-' || `tax_rate_bp`;
