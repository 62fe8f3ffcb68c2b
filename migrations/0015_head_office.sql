CREATE TABLE `head_office` (
	`id` integer PRIMARY KEY NOT NULL,
	`installation_id` text NOT NULL,
	`name` text NOT NULL,
	`attached_at` text NOT NULL,
	`catalogue_version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "head_office_one_row" CHECK("head_office"."id" = 1)
);
