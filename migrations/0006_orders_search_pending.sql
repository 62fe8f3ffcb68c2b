CREATE TABLE `orders_search_pending` (
	`number` integer PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`body_lower` text NOT NULL
);
