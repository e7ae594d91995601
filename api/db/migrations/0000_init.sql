CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text,
	`nit` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`cufe` text NOT NULL,
	`kind` text NOT NULL,
	`type_code` text NOT NULL,
	`number` text NOT NULL,
	`prefix` text,
	`environment` text,
	`issue_date` text NOT NULL,
	`issue_time` text,
	`due_date` text,
	`supplier_nit` text NOT NULL,
	`supplier_name` text,
	`customer_nit` text NOT NULL,
	`customer_name` text,
	`currency` text NOT NULL,
	`payable_amount` text NOT NULL,
	`tax_inclusive_amount` text,
	`tax_amount` text,
	`details` text NOT NULL,
	`xml_blob` text NOT NULL,
	`attached_document_blob` text,
	`pdf_blob` text,
	`pdf_name` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_company_cufe` ON `documents` (`company_id`,`cufe`);--> statement-breakpoint
CREATE INDEX `documents_company_issue` ON `documents` (`company_id`,`issue_date`,`id`);--> statement-breakpoint
CREATE INDEX `documents_company_supplier` ON `documents` (`company_id`,`supplier_nit`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`code` text,
	`description` text,
	`document_cufe` text,
	`cude` text,
	`issue_date` text,
	`xml_blob` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_company` ON `events` (`company_id`,`id`);--> statement-breakpoint
CREATE TABLE `leases` (
	`mailbox_id` integer PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mailboxes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`server_type` text NOT NULL,
	`protocol` text NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`security` text NOT NULL,
	`username` text NOT NULL,
	`password_enc` text NOT NULL,
	`password_expires_on` text,
	`notification_email` text,
	`backup_email` text,
	`folder_inbox` text DEFAULT 'INBOX' NOT NULL,
	`folder_processed` text DEFAULT 'Procesados' NOT NULL,
	`folder_failed` text DEFAULT 'Fallidos' NOT NULL,
	`tls_ca` text,
	`state` text DEFAULT 'never' NOT NULL,
	`last_error_code` text,
	`last_error_message` text,
	`last_run_at` text,
	`expiry_alerts_sent` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mailboxes_company` ON `mailboxes` (`company_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`mailbox_id` integer NOT NULL,
	`source_key` text NOT NULL,
	`protocol` text NOT NULL,
	`uid_validity` text,
	`uid` integer,
	`uidl` text,
	`message_id_header` text,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`subject` text,
	`subject_hint` text,
	`sender` text,
	`received_at` text,
	`outcome` text NOT NULL,
	`reason_code` text,
	`reason_detail` text,
	`documents_found` integer DEFAULT 0 NOT NULL,
	`raw_blob` text,
	`files` text,
	`settle_state` text NOT NULL,
	`settled_to` text,
	`seen` integer DEFAULT false NOT NULL,
	`run_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`settled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_source` ON `messages` (`mailbox_id`,`source_key`);--> statement-breakpoint
CREATE INDEX `messages_company_outcome` ON `messages` (`company_id`,`outcome`,`id`);--> statement-breakpoint
CREATE INDEX `messages_settle` ON `messages` (`mailbox_id`,`settle_state`);--> statement-breakpoint
CREATE INDEX `messages_hash` ON `messages` (`company_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`mailbox_id` integer NOT NULL,
	`trigger` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`fetched` integer DEFAULT 0 NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`settled` integer DEFAULT 0 NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`ms` integer,
	`error_code` text,
	`error_message` text,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `runs_company` ON `runs` (`company_id`,`id`);