CREATE TABLE `backups` (
	`name` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`created_at` text NOT NULL,
	`bytes` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `backups_kind_idx` ON `backups` (`kind`,`created_at`);