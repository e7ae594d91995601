CREATE TABLE `oauth_flows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`provider` text NOT NULL,
	`kind` text NOT NULL,
	`state_hash` text NOT NULL,
	`secret_enc` text NOT NULL,
	`login_hint` text,
	`return_to` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`error_code` text,
	`account` text,
	`poll_interval` integer,
	`polled_at` integer,
	`expires_at` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_flows_state` ON `oauth_flows` (`state_hash`);--> statement-breakpoint
CREATE TABLE `oauth_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`provider` text NOT NULL,
	`account` text,
	`refresh_token_enc` text NOT NULL,
	`access_token_enc` text,
	`access_expires_at` integer,
	`scope` text,
	`public_client` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`refreshed_at` text NOT NULL,
	`generation` integer DEFAULT 1 NOT NULL,
	`refresh_holder` text,
	`refresh_lease_until` integer,
	`last_error_code` text,
	`alerts_sent` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_grants_company` ON `oauth_grants` (`company_id`);