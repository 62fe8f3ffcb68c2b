DROP INDEX `invoices_status_idx`;--> statement-breakpoint
CREATE INDEX `invoices_issued_seq_idx` ON `invoices` (`issued_at`,`seq`);--> statement-breakpoint
CREATE INDEX `invoices_status_idx` ON `invoices` (`status`,`issued_at`,`seq`);