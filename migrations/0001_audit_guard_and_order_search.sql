-- The audit trail is append-only: no statement may change or remove an event.
CREATE TRIGGER `events_no_update` BEFORE UPDATE ON `events` BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events` BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
--> statement-breakpoint
-- Substring search over an order's customer name and line names; rowid is the order number.
CREATE VIRTUAL TABLE `orders_search` USING fts5(`body`, content='', contentless_delete=1, tokenize='trigram');
