CREATE TABLE `audit_format` (
	`compact_from` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `voucher_entries_session_idx`;--> statement-breakpoint
DROP INDEX `events_entity_idx`;--> statement-breakpoint
DROP INDEX `events_type_idx`;--> statement-breakpoint
CREATE INDEX `events_record_idx` ON `events` (`entity_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_entity_idx` ON `events` (`entity`) WHERE entity NOT IN ('order', 'invoice', 'payment');--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`) WHERE type NOT IN ('order.created', 'order.processing', 'invoice.issued', 'payment.received', 'invoice.paid', 'order.fulfilled');--> statement-breakpoint
DROP INDEX `invoices_cash_session_idx`;--> statement-breakpoint
DROP INDEX `invoices_cancel_session_idx`;--> statement-breakpoint
CREATE INDEX `invoices_cash_session_idx` ON `invoices` (`cash_session_id`) WHERE cash_session_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `invoices_cancel_session_idx` ON `invoices` (`cancel_session_id`) WHERE cancel_session_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `order_lines_product_idx`;--> statement-breakpoint
CREATE INDEX `order_lines_product_idx` ON `order_lines` (`product_id`) WHERE product_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `orders_client_request_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_client_request_idx` ON `orders` (`client_request_id`) WHERE client_request_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `payments_idempotency_idx`;--> statement-breakpoint
DROP INDEX `payments_cash_session_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_idempotency_idx` ON `payments` (`idempotency_key`) WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `payments_cash_session_idx` ON `payments` (`cash_session_id`,`method`,`kind`) WHERE cash_session_id IS NOT NULL;--> statement-breakpoint
INSERT INTO `audit_format` (`compact_from`) SELECT coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'events'), 0) + 1;--> statement-breakpoint
CREATE TRIGGER `audit_format_no_update` BEFORE UPDATE ON `audit_format` BEGIN SELECT RAISE(ABORT, 'the audit format boundary is fixed'); END;--> statement-breakpoint
CREATE TRIGGER `audit_format_no_delete` BEFORE DELETE ON `audit_format` BEGIN SELECT RAISE(ABORT, 'the audit format boundary is fixed'); END;--> statement-breakpoint
CREATE TRIGGER `audit_format_one_row` BEFORE INSERT ON `audit_format` BEGIN SELECT RAISE(ABORT, 'the audit format boundary is fixed'); END;
