CREATE TABLE `credit_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`invoice_id` text,
	`order_id` text,
	`currency` text NOT NULL,
	`lines` text NOT NULL,
	`tax_breakdown` text NOT NULL,
	`seller` text NOT NULL,
	`customer` text,
	`subtotal` integer NOT NULL,
	`tax` integer NOT NULL,
	`total` integer NOT NULL,
	`refunded` integer DEFAULT 0 NOT NULL,
	`issued_at` text NOT NULL,
	`issued_by` text NOT NULL,
	`approved_by` text,
	`cash_session_id` text,
	`exchange_invoice_id` text,
	`idempotency_key` text,
	`request_hash` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`exchange_invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_seq_idx` ON `credit_notes` (`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_number_idx` ON `credit_notes` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_idempotency_idx` ON `credit_notes` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `credit_notes_invoice_idx` ON `credit_notes` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `credit_notes_issued_idx` ON `credit_notes` (`issued_at`,`seq`,`total`,`tax`,`refunded`);--> statement-breakpoint
CREATE INDEX `credit_notes_cash_session_idx` ON `credit_notes` (`cash_session_id`);--> statement-breakpoint
CREATE TABLE `returned_lines` (
	`invoice_id` text NOT NULL,
	`line_index` integer NOT NULL,
	`sold` integer NOT NULL,
	`returned` integer NOT NULL,
	`credited_subtotal` integer NOT NULL,
	`credited_tax` integer NOT NULL,
	`restocked` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`invoice_id`, `line_index`),
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "returned_lines_within_sold" CHECK("returned_lines"."returned" >= 0 AND "returned_lines"."returned" <= "returned_lines"."sold" AND "returned_lines"."restocked" <= "returned_lines"."returned")
);
--> statement-breakpoint
CREATE TABLE `voucher_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`voucher_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`balance` integer NOT NULL,
	`payment_id` text,
	`cash_session_id` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`voucher_id`) REFERENCES `vouchers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `voucher_entries_voucher_idx` ON `voucher_entries` (`voucher_id`);--> statement-breakpoint
CREATE INDEX `voucher_entries_session_idx` ON `voucher_entries` (`cash_session_id`);--> statement-breakpoint
CREATE TABLE `vouchers` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`currency` text NOT NULL,
	`amount` integer NOT NULL,
	`balance` integer NOT NULL,
	`issued_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`issued_by` text NOT NULL,
	`credit_note_id` text,
	`invoice_id` text,
	`cash_session_id` text,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_note_id`) REFERENCES `credit_notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "vouchers_balance_in_range" CHECK("vouchers"."balance" >= 0 AND "vouchers"."balance" <= "vouchers"."amount")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_code_idx` ON `vouchers` (`code`);--> statement-breakpoint
CREATE INDEX `vouchers_credit_note_idx` ON `vouchers` (`credit_note_id`);--> statement-breakpoint
CREATE INDEX `vouchers_invoice_idx` ON `vouchers` (`invoice_id`) WHERE invoice_id IS NOT NULL;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text,
	`order_id` text,
	`method` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`tendered` integer,
	`change` integer,
	`reference` text,
	`refund_of` text,
	`idempotency_key` text,
	`request_hash` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`rounding` integer DEFAULT 0 NOT NULL,
	`cash_session_id` text,
	`credit_note_id` text,
	`voucher_code` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_payments`("id", "invoice_id", "order_id", "method", "kind", "amount", "tendered", "change", "reference", "refund_of", "idempotency_key", "request_hash", "created_by", "created_at", "rounding", "cash_session_id", "credit_note_id", "voucher_code") SELECT "id", "invoice_id", "order_id", "method", "kind", "amount", "tendered", "change", "reference", "refund_of", "idempotency_key", "request_hash", "created_by", "created_at", "rounding", "cash_session_id", NULL, NULL FROM `payments`;--> statement-breakpoint
DROP TABLE `payments`;--> statement-breakpoint
ALTER TABLE `__new_payments` RENAME TO `payments`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_idempotency_idx` ON `payments` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `payments_credit_note_idx` ON `payments` (`credit_note_id`) WHERE credit_note_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `payments_cash_session_idx` ON `payments` (`cash_session_id`,`method`,`kind`);--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_order_idx` ON `payments` (`order_id`);--> statement-breakpoint
CREATE INDEX `payments_created_idx` ON `payments` (`created_at`);--> statement-breakpoint
CREATE INDEX `payments_method_idx` ON `payments` (`method`,`created_at`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `credited` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TRIGGER `credit_notes_no_update` BEFORE UPDATE ON `credit_notes` BEGIN SELECT RAISE(ABORT, 'credit notes are never changed'); END;
--> statement-breakpoint
CREATE TRIGGER `credit_notes_no_delete` BEFORE DELETE ON `credit_notes` BEGIN SELECT RAISE(ABORT, 'credit notes are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `voucher_entries_no_update` BEFORE UPDATE ON `voucher_entries` BEGIN SELECT RAISE(ABORT, 'voucher entries are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `voucher_entries_no_delete` BEFORE DELETE ON `voucher_entries` BEGIN SELECT RAISE(ABORT, 'voucher entries are append-only'); END;
--> statement-breakpoint
CREATE INDEX `vouchers_cash_session_idx` ON `vouchers` (`cash_session_id`);--> statement-breakpoint
CREATE INDEX `vouchers_issued_idx` ON `vouchers` (`issued_at`);
--> statement-breakpoint
DROP INDEX `invoices_issued_idx`;--> statement-breakpoint
CREATE INDEX `invoices_issued_idx` ON `invoices` (`issued_at`,`status`,`total`,`amount_paid`,`credited`);
