CREATE TABLE `audit_format` (
	`compact_from` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `voucher_entries_session_idx`;--> statement-breakpoint
DROP INDEX `events_type_idx`;--> statement-breakpoint
CREATE INDEX `events_login_failed_idx` ON `events` (`entity_id`,`at`) WHERE type = 'auth.login_failed';--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`);--> statement-breakpoint
INSERT INTO `audit_format` (`compact_from`) SELECT coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'events'), 0) + 1;--> statement-breakpoint
CREATE TRIGGER `audit_format_no_update` BEFORE UPDATE ON `audit_format` BEGIN SELECT RAISE(ABORT, 'the audit format boundary is fixed'); END;--> statement-breakpoint
CREATE TRIGGER `audit_format_no_delete` BEFORE DELETE ON `audit_format` BEGIN SELECT RAISE(ABORT, 'the audit format boundary is fixed'); END;--> statement-breakpoint
CREATE TRIGGER `audit_format_one_row` BEFORE INSERT ON `audit_format` BEGIN SELECT RAISE(ABORT, 'the audit format boundary is fixed'); END;
