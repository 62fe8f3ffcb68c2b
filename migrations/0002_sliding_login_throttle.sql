ALTER TABLE `login_attempts` ADD `reset_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `login_attempts` DROP COLUMN `failures`;--> statement-breakpoint
ALTER TABLE `login_attempts` DROP COLUMN `window_start`;--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`,`entity_id`,`at`);