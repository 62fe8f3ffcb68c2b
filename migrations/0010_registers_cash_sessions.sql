CREATE TABLE `cash_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `cash_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cash_movements_session_idx` ON `cash_movements` (`session_id`);--> statement-breakpoint
CREATE TABLE `cash_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`register_id` text NOT NULL,
	`status` text NOT NULL,
	`opening_float` integer NOT NULL,
	`opening_count` text,
	`opened_by` text NOT NULL,
	`opened_at` text NOT NULL,
	`expected_cash` integer,
	`counted_cash` integer,
	`closing_count` text,
	`variance` integer,
	`note` text,
	`approved_by` text,
	`closed_by` text,
	`closed_at` text,
	FOREIGN KEY (`register_id`) REFERENCES `registers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cash_sessions_open_idx` ON `cash_sessions` (`register_id`) WHERE status = 'OPEN';--> statement-breakpoint
CREATE INDEX `cash_sessions_register_idx` ON `cash_sessions` (`register_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `cash_sessions_opened_idx` ON `cash_sessions` (`opened_at`);--> statement-breakpoint
CREATE TABLE `counter_voids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cash_session_id` text,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `counter_voids_session_idx` ON `counter_voids` (`cash_session_id`);--> statement-breakpoint
CREATE TABLE `registers` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`printer_host` text,
	`printer_port` integer,
	`grand_total` integer DEFAULT 0 NOT NULL,
	`z_seq` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registers_code_idx` ON `registers` (`code`);--> statement-breakpoint
CREATE TABLE `z_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`register_id` text NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`session_id` text NOT NULL,
	`body` text NOT NULL,
	`net_sales` integer NOT NULL,
	`grand_total` integer NOT NULL,
	`chain_head` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`register_id`) REFERENCES `registers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `cash_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `z_reports_register_seq_idx` ON `z_reports` (`register_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `z_reports_number_idx` ON `z_reports` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `z_reports_session_idx` ON `z_reports` (`session_id`);--> statement-breakpoint
CREATE INDEX `z_reports_created_idx` ON `z_reports` (`created_at`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `cash_rounding` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invoices` ADD `issued_by` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `cash_session_id` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `cancel_session_id` text;--> statement-breakpoint
CREATE INDEX `invoices_cash_session_idx` ON `invoices` (`cash_session_id`);--> statement-breakpoint
CREATE INDEX `invoices_cancel_session_idx` ON `invoices` (`cancel_session_id`);--> statement-breakpoint
CREATE INDEX `invoices_cancelled_idx` ON `invoices` (`cancelled_at`) WHERE cancelled_at IS NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `rounding` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `cash_session_id` text;--> statement-breakpoint
CREATE INDEX `payments_cash_session_idx` ON `payments` (`cash_session_id`,`method`,`kind`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `register_id` text;--> statement-breakpoint
-- Written by hand: a sealed Z report, a cash movement and a closed cash session never change.
CREATE TRIGGER `z_reports_no_update` BEFORE UPDATE ON `z_reports` BEGIN SELECT RAISE(ABORT, 'Z reports are sealed'); END;
--> statement-breakpoint
CREATE TRIGGER `z_reports_no_delete` BEFORE DELETE ON `z_reports` BEGIN SELECT RAISE(ABORT, 'Z reports are sealed'); END;
--> statement-breakpoint
CREATE TRIGGER `cash_movements_no_update` BEFORE UPDATE ON `cash_movements` BEGIN SELECT RAISE(ABORT, 'cash movements are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `cash_movements_no_delete` BEFORE DELETE ON `cash_movements` BEGIN SELECT RAISE(ABORT, 'cash movements are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `cash_sessions_closed_no_update` BEFORE UPDATE ON `cash_sessions` WHEN OLD.`status` = 'CLOSED' BEGIN SELECT RAISE(ABORT, 'a closed cash session is sealed'); END;
--> statement-breakpoint
CREATE TRIGGER `cash_sessions_no_delete` BEFORE DELETE ON `cash_sessions` BEGIN SELECT RAISE(ABORT, 'cash sessions are kept'); END;
--> statement-breakpoint
-- Every store starts with one register; a desktop install sells through it unless another is chosen.
INSERT INTO `registers` (`id`, `code`, `name`, `active`, `grand_total`, `z_seq`, `created_at`, `updated_at`)
VALUES ('register-1', 'R1', 'Register 1', 1, 0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
