ALTER TABLE `mailboxes` ADD `last_success_at` text;--> statement-breakpoint
ALTER TABLE `mailboxes` ADD `failing_since` text;--> statement-breakpoint
ALTER TABLE `mailboxes` ADD `health_alert_at` text;