CREATE TABLE `contact_identities` (
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `kind`)
);
--> statement-breakpoint
CREATE INDEX `contact_identities_value` ON `contact_identities` (`kind`,`value`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `source` text;--> statement-breakpoint
ALTER TABLE `journeys` ADD `paused_entries` text;--> statement-breakpoint
ALTER TABLE `steps` ADD `detail` text;